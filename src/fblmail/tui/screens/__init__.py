"""Screens of the fblmail Textual app."""
