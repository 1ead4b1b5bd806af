"""The duty round: the morning and afternoon check (R4), signing shifts, resolving late
questions (R10), the local routine and purging (R17). Add a use case the duty nurse or the
nightly schedule runs here."""
