"""fblmail: a keyboard-driven terminal client for Värmland's functional mailboxes (FBL)."""

__version__ = "0.1.0"
