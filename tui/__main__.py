"""`python -m tui` runs the newsread command line."""

from tui.cli import cli

cli(prog_name="newsread")
