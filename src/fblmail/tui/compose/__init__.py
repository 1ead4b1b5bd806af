"""Writing: compose and reply (one form), forward, drafts kept while typing, confirming."""
