"""X4-masked copies of documents: every unmasked ID and phone number loses four digits, in place.

``mask_document`` (``masking.engine``) takes a document's bytes and returns its masked copy, checked
by reading it again before anyone gets it; ``mask_isolated`` runs it in a killable, memory-capped
child process (for anything from the web or an upload). ``x4watch mask`` and the coordinators'
portal both call them.
"""

from __future__ import annotations

from masking.engine import CLEAN, FAILED, MASKED, MaskOutcome, mask_document
from masking.isolated import mask_isolated

__all__ = ["CLEAN", "FAILED", "MASKED", "MaskOutcome", "mask_document", "mask_isolated"]
