"""Administration for the support unit and managers: accounts and memberships, access
requests (R19), creating and closing FBLs (R1, R15) and store care (backup, doctor)."""
