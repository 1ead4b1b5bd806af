"""The Textual app (`fblmail` with no sub-command). Only this package imports Textual."""
