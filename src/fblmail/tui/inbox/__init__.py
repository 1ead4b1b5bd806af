"""The inbox: mailboxes, the message list, the preview, search, tags (issue 9: by feature)."""
