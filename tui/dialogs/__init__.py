"""Modal dialogs of the annotating session: tag prompt, note editor, annotation list, tier prompt."""

from .annotation_list import AnnotationList, ListedAnnotation
from .note_editor import ConfirmDiscard, NoteEditor
from .tag_prompt import TagPrompt, TagSuggester
from .tier_prompt import TierPrompt

__all__ = ["AnnotationList", "ConfirmDiscard", "ListedAnnotation", "NoteEditor", "TagPrompt", "TagSuggester",
           "TierPrompt"]
