"""Mailboxes: folders (read, move, delete, restore), drafts and the directory of FBLs.
Add a use case about what a mailbox holds here."""
