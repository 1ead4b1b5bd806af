"""Printouts (R14, R16): a message and its thread as PDF or plain text, every page marked.

`render` holds the pure renderers; the service layer (`service.printing`) records and logs
each printout. Nothing here imports textual, and fpdf2 is imported only when a PDF is made.
"""

from fblmail.printing.document import MARK, REMINDER_EN, REMINDER_SV, PrintDocument, PrintedMessage

__all__ = ["MARK", "REMINDER_EN", "REMINDER_SV", "PrintDocument", "PrintedMessage"]
