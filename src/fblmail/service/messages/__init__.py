"""Messages: sending, replying and forwarding (R2–R13), handling a question, printing and
the patient view. Add a use case about one message or thread here.

A new way of creating a message: its rules in a module beside send.py, reply.py and
forward.py, storing through `posting.Posting`, and a method on `messaging.Messaging`.
"""
