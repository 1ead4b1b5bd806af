"""Printing a message as working material (R14, R16)."""
