"""New thread and message ids: the one function that makes them.

A random UUID (version 4) for now; switching to time-ordered ids later changes only this.
"""

from __future__ import annotations

import uuid

__all__ = ["new_id"]


def new_id() -> str:
    """A new thread or message id, as the text the store keeps."""
    return str(uuid.uuid4())
