"""The access log (R18): querying it, sampling it for review, verifying the hash chain."""
