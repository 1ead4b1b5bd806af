"""Widgets of the fblmail Textual app."""
