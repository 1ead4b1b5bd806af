"""The duty nurse's round in the app (issue 11): the check, its lines, signing, history."""
