"""Messages: sending, replying and forwarding (R2–R13), handling a question, printing and
the patient view. Add a use case about one message or thread here."""
