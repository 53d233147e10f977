"""The reader's screens: `reader.ReaderScreen` and the `?` screen, `help.HelpScreen`.

Nothing is imported here, so that the reader does not load the help screen
before its first paint.
"""
