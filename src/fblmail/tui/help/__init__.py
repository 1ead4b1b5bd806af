"""The help screen: every key of every screen and the routine in short."""
