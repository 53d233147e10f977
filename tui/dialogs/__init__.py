"""Modal dialogs of the annotating session: tag prompt, note editor, annotation list, tier prompt, verdict list."""

from .annotation_list import AnnotationList, ListedAnnotation
from .note_editor import ConfirmDiscard, NoteEditor
from .open_pair import OpenPair
from .sentence_list import SentenceList
from .tag_prompt import TagPrompt, TagSuggester
from .tier_prompt import TierPrompt
from .verdict_list import VerdictList

__all__ = ["AnnotationList", "ConfirmDiscard", "ListedAnnotation", "NoteEditor", "OpenPair",
           "SentenceList", "TagPrompt", "TagSuggester", "TierPrompt", "VerdictList"]
