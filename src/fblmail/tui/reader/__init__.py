"""The reader: one thread from top to bottom, with paging and find."""
