"""Hash chains over evidence rows (ticket events, duty log, signatures).

Each row's hash is SHA-256 over the previous hash and the row's content as canonical JSON,
so changing, deleting or reordering a row breaks every link after it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def canonical_json(content: Any) -> str:
    """One text for one content: sorted keys, no spaces, non-ASCII kept, dates ISO."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_default)


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def link_hash(prev_hash: str, content: Any) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical_json(content)).encode("utf-8")).hexdigest()
