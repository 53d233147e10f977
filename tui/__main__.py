"""`python -m tui` runs the newsread command line."""

from tui.cli import cli

# Guarded: `newsread batch` starts worker processes by spawning, which
# imports the main module again in each of them.
if __name__ == "__main__":
    cli(prog_name="newsread")
