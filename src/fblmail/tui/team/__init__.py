"""The team's work in the app (issue 11): who handles what, who is writing, the patient."""
