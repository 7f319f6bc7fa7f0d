"""Masking of personal data for lists, prints and exports (张* / 138****5678)."""

from __future__ import annotations


def mask_name(name: str | None) -> str:
    """Keep the first character (the family name), star the rest: 张三丰 -> 张**."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str | None) -> str:
    """Keep the first three and last four digits of an 11-digit mobile; for other numbers keep
    the last four and star the rest, leaving separators as they are."""
    phone = (phone or "").strip()
    count = sum(ch.isdigit() for ch in phone)
    if not count:
        return phone
    keep_head = 3 if count >= 11 else 0
    hide_to = count - 4 if count > 4 else count     # digits before this index are hidden ...
    out, seen = [], 0
    for ch in phone:
        if ch.isdigit():
            out.append("*" if keep_head <= seen < hide_to else ch)   # ... after the head
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def sealed_digest(salt: str, name: str, phone: str, address: str) -> str:
    """What a ticket's history records of an anonymous customer instead of the identity: a
    SHA-256 keyed by the sealed row's salt, so that it proves the sealed data unchanged but
    cannot be matched against a guessed name or phone number."""
    import hashlib
    import json

    text = json.dumps([salt, name, phone, address], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
