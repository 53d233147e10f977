"""newsread's headless core: loading, analysis, claim matching, the store, exports.

It never imports Textual: the reader in `tui/` is one client of it, the
command line another.
"""
