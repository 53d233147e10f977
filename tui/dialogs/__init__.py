"""Modal dialogs of the annotating session: tag prompt, note editor, annotation list, tier prompt, verdict list,
quit prompt."""

from .annotation_list import AnnotationList, ListedAnnotation
from .note_editor import ConfirmDiscard, NoteEditor
from .open_pair import OpenPair
from .quit_prompt import QuitPrompt
from .sentence_list import SentenceList
from .tag_prompt import TagPrompt, TagSuggester
from .tier_prompt import TierPrompt
from .verdict_list import VerdictList

__all__ = ["AnnotationList", "ConfirmDiscard", "ListedAnnotation", "NoteEditor", "OpenPair",
           "QuitPrompt", "SentenceList", "TagPrompt", "TagSuggester", "TierPrompt", "VerdictList"]
