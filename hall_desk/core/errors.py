"""Errors the rules raise. Each carries an i18n key and parameters, never a bare sentence,
so every layer can show it in the user's language (``str(err)`` uses the current one)."""

from __future__ import annotations

from hall_desk.core import i18n


class HallError(Exception):
    """Base of every error a person may be shown."""

    key = "error"

    def __init__(self, key: str | None = None, /, **params: object) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(self.key)

    def message(self, lang: str | None = None) -> str:
        params = {k: (i18n.text(v, lang) if isinstance(v, str) and i18n.has(v)
                      else v.text(lang) if isinstance(v, i18n.Phrase) else v)
                  for k, v in self.params.items()}
        return i18n.text(self.key, lang, **params)

    def __str__(self) -> str:
        return self.message()


class ValidationError(HallError):
    """One or more fields are wrong. ``errors`` maps a field key to its HallError."""

    def __init__(self, errors: dict[str, HallError]) -> None:
        self.errors = dict(errors)
        super().__init__("error.validation")

    def message(self, lang: str | None = None) -> str:
        return "; ".join(e.message(lang) for e in self.errors.values())

    @property
    def fields(self) -> list[str]:
        return list(self.errors)


class FieldError(HallError):
    """A single field's problem; ``field`` is the field's key (e.g. ``phone``)."""

    def __init__(self, field: str, key: str, /, **params: object) -> None:
        self.field = field
        params.setdefault("field", f"field.{field}")
        super().__init__(key, **params)


class PermissionDenied(HallError):
    key = "error.permission"


class NotFound(HallError):
    key = "error.not_found"


class StaleVersion(HallError):
    """A save against an old version: someone else changed the record meanwhile."""

    key = "error.stale"


class IllegalTransition(HallError):
    key = "error.illegal_transition"


class AuthError(HallError):
    key = "error.login_failed"


class SetupError(HallError):
    key = "error.not_initialised"


class StoreError(HallError):
    key = "error.db_open"
