"""The one exception the core raises for bad input.

Its message is a single sentence meant for the person at the keyboard: the
command line prints it as it is, with no traceback.
"""


class InputError(Exception):
    """Input newsread cannot use (a missing file, binary data, a bad database...)."""


class AnalysisUnavailable(InputError):
    """No usable spaCy pipeline: the text can be read but not analysed."""
