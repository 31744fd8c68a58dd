"""Front-matter schema: each field is a small option class, like MkDocs' config_options.

Every field validates its own value and raises `FieldError`; the loader collects every
error of a story and reports them together, each under its key path (``goal.before``,
``outcomes[2]``) with the line it sits on.
"""
from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass
from typing import Any, Iterable

KINDS = ("client-story", "programme", "insight")
CONSENT_VALUES = ("written", "verbal", "none")


class FieldError(Exception):
    """A value that does not fit its field. `subpath` refines the key path (``[2]``)."""

    def __init__(self, message: str, subpath: str = "", more: Iterable["FieldError"] = ()):
        super().__init__(message)
        self.message = message
        self.subpath = subpath
        self.more = list(more)      # further errors in the same value (every item at once)

    def all(self) -> list["FieldError"]:
        """This error and the others found in the same value, in order."""
        return [FieldError(self.message, self.subpath)] + [
            e for m in self.more for e in m.all()]

    @classmethod
    def collect(cls, errors: list["FieldError"]) -> "FieldError":
        return cls(errors[0].message, errors[0].subpath, errors[1:])


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {str: "text", bool: "true/false", int: "a number", float: "a number",
            list: "a list", dict: "a mapping", _dt.date: "a date",
            _dt.datetime: "a date and time"}.get(type(value), type(value).__name__)


def _describe(value: Any) -> str:
    """'a number 5', 'text 'x'', or 'nothing' for an empty value."""
    return "nothing" if value is None else f"{_type_name(value)} {_show(value)}"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Field:
    """One front-matter key. `required` names the kinds that must have it."""

    def __init__(self, *, required: Iterable[str] = (), help: str = "", metadata: bool = False):
        self.required = frozenset(required)
        self.help = help
        # Metadata is never published as prose (a date, a consent value, the pseudonyms):
        # the checker does not read its values.
        self.metadata = metadata

    def validate(self, value: Any) -> Any:  # pragma: no cover - overridden
        return value


class Text(Field):
    """A single line or paragraph of text. Numbers are not silently turned into text."""

    def __init__(self, *, max_length: int = 400, **kw):
        super().__init__(**kw)
        self.max_length = max_length

    def validate(self, value: Any) -> str:
        if not isinstance(value, str):
            raise FieldError(f"must be text; got {_describe(value)}"
                             " (put it in quotes)")
        value = value.strip()
        if not value:
            raise FieldError("must not be empty")
        if len(value) > self.max_length:
            raise FieldError(f"is {len(value)} characters long; keep it under "
                             f"{self.max_length}")
        return value


class Choice(Field):
    def __init__(self, choices: Iterable[str], **kw):
        super().__init__(**kw)
        self.choices = tuple(choices)

    def validate(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.choices:
            hint = ""
            if isinstance(value, str):
                close = difflib.get_close_matches(value, self.choices, n=1, cutoff=0.5)
                if close:
                    hint = f" (did you mean '{close[0]}'?)"
            raise FieldError(f"must be one of {', '.join(self.choices)}; got "
                             f"{_show(value) if isinstance(value, str) else _type_name(value)}"
                             f"{hint}")
        return value


class TextList(Field):
    """A YAML list of texts. A lone string is an error: `outcomes: "x"` is a typo for a list."""

    def __init__(self, *, min_items: int = 0, max_length: int = 400, **kw):
        super().__init__(**kw)
        self.min_items = min_items
        self.item = Text(max_length=max_length)

    def validate(self, value: Any) -> list[str]:
        if value is None and not self.min_items:
            return []
        if not isinstance(value, list):
            example = f'["{value}"]' if isinstance(value, str) else "[first, second]"
            raise FieldError(f"must be a list; got {_describe(value)} "
                             f"(write it as {example} or one '- item' per line)")
        if len(value) < self.min_items:
            raise FieldError(f"needs at least {self.min_items} item(s); got none")
        out, errors = [], []
        for i, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)  # themes: [360 feedback, 2024] - numbers read as text here
            try:
                out.append(self.item.validate(item))
            except FieldError as e:
                errors.append(FieldError(e.message, f"[{i}]"))
        if errors:
            raise FieldError.collect(errors)
        return out


class Goal(Field):
    def validate(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise FieldError("must be a mapping with 'before' and 'after'; got "
                             f"{_describe(value)}")
        out, errors = {}, []
        for key in ("before", "after"):
            if key not in value:
                errors.append(FieldError(f"is missing '{key}' (what the client wanted "
                                         f"{'at the start' if key == 'before' else 'by the end'})"))
                continue
            try:
                out[key] = Text().validate(value[key])
            except FieldError as e:
                errors.append(FieldError(e.message, f".{key}"))
        for key in sorted(set(value) - {"before", "after"}, key=str):
            errors.append(FieldError(f"has unknown key '{key}'; only 'before' and 'after' "
                                     "are allowed", f".{key}"))
        if errors:
            raise FieldError.collect(errors)
        return out


class Date(Field):
    def validate(self, value: Any) -> _dt.date:
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise FieldError(f"must be a date written YYYY-MM-DD; got {_show(value)}")


class Flag(Field):
    def validate(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise FieldError(f"must be true or false; got {_show(value)}")
        return value


@dataclass(frozen=True)
class Problem:
    """One validation problem, formatted like a compiler error."""

    path: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.key:
            return f"{where}: '{self.key}' {self.message}"
        return f"{where}: {self.message}"


CLIENT = ("client-story",)
PROGRAMME = ("programme",)
ALL = KINDS

SCHEMA: dict[str, Field] = {
    "title": Text(required=ALL, max_length=120, help="the story's headline"),
    "kind": Choice(KINDS, required=ALL, metadata=True),
    "summary": Text(required=ALL, max_length=300),
    "role": Text(required=CLIENT, max_length=120),
    "sector": Text(required=CLIENT, max_length=120),
    "organisation": Text(required=PROGRAMME, max_length=120),
    "participants": Text(required=PROGRAMME, max_length=120),
    "goal": Goal(required=CLIENT + PROGRAMME),
    "outcomes": TextList(required=CLIENT + PROGRAMME, min_items=1),
    "themes": TextList(required=ALL, min_items=1, max_length=40),
    "duration": Text(max_length=40),
    "consent": Choice(CONSENT_VALUES, required=CLIENT + PROGRAMME, metadata=True),
    "pseudonyms": TextList(max_length=60, metadata=True),
    "allow": TextList(max_length=120, metadata=True),
    "date": Date(required=ALL, metadata=True),
    # Optional marketing fields: a pull quote (published prose, so the checker reads it) and
    # a flag that puts the story on the home page's featured row.
    "quote": Text(max_length=300),
    "featured": Flag(metadata=True),
    # The coach who signs the story: a key of the plugin's `authors` option (metadata: the
    # key is never printed; the author's declared name is).
    "author": Text(max_length=60, metadata=True),
    "draft": Flag(metadata=True),
}

# Front-matter fields whose values are metadata, never published prose.
METADATA_KEYS = frozenset(k for k, f in SCHEMA.items() if f.metadata)
# Consent values that allow publishing when a site says nothing (the plugin's default).
DEFAULT_CONSENT = ("written", "verbal")

# Fields that make no sense for an article with no client: an insight that names a role or
# outcomes is probably a client story with the wrong kind.
NOT_FOR = {"insight": ("role", "sector", "organisation", "participants", "goal", "outcomes")}


def did_you_mean(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
