"""The newsread terminal app and command line."""
