"""The reader's screens."""

from .help import HelpScreen
from .reader import ReaderScreen

__all__ = ["HelpScreen", "ReaderScreen"]
