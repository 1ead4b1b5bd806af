"""Message commands (reply, forward, print, delete, move…) shared by the list and the reader."""
