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
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    if not digits:
        return phone
    keep_head = 3 if len(digits) >= 11 else 0
    keep_tail = 4 if len(digits) > 4 else 0
    hide = set(digits[keep_head:len(digits) - keep_tail]) if keep_tail else set(digits)
    return "".join("*" if i in hide else ch for i, ch in enumerate(phone))
