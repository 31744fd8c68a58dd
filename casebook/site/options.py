"""The casebook plugin's options: one small typed class per option, in the style of MkDocs'
`config_options`, but with no MkDocs import.

This is the one schema. The MkDocs plugin wraps each option (`casebook.plugin.config`), and
`casebook check` validates `mkdocs.yml` with the same classes, so a bad option fails with the
same words whichever of them reads it. Every error is collected with its key, never only the
first one.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Iterable, Mapping

from ..schema import CONSENT_VALUES, DEFAULT_CONSENT


class OptionError(Exception):
    """A value that does not fit its option."""


class Option:
    """One option: a default and a `validate(value) -> value` that raises OptionError."""

    def __init__(self, default: Any, help: str = ""):
        self.default = default
        self.help = help

    def validate(self, value: Any) -> Any:  # pragma: no cover - overridden
        return value


class Bool(Option):
    def validate(self, value):
        if not isinstance(value, bool):
            raise OptionError(f"must be true or false; got {_show(value)}")
        return value


class Int(Option):
    def __init__(self, default: int, *, minimum: int = 0, **kw):
        super().__init__(default, **kw)
        self.minimum = minimum

    def validate(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(f"must be a whole number; got {_show(value)}")
        if value < self.minimum:
            raise OptionError(f"must be {self.minimum} or more; got {value}")
        return value


class Text(Option):
    def __init__(self, default: str, *, empty: bool = True, **kw):
        super().__init__(default, **kw)
        self.empty = empty

    def validate(self, value):
        if value is None and self.empty:
            return ""
        if not isinstance(value, str):
            raise OptionError(f"must be text; got {_show(value)} (put it in quotes)")
        if not self.empty and not value.strip():
            raise OptionError("must not be empty")
        return value


class Choice(Option):
    """One of a few texts."""

    def __init__(self, default: str, choices: Iterable[str], **kw):
        super().__init__(default, **kw)
        self.choices = tuple(choices)

    def validate(self, value):
        if value not in self.choices:
            shown = repr(value) if isinstance(value, str) else _show(value)
            raise OptionError(f"must be one of {', '.join(self.choices)}; got {shown}"
                              + (_did_you_mean(value, self.choices)
                                 if isinstance(value, str) else ""))
        return value


class TextList(Option):
    """A list of texts; `choices` restricts the items. Returned as a tuple."""

    def __init__(self, default: Iterable[str] = (), *, choices: Iterable[str] = (), **kw):
        super().__init__(tuple(default), **kw)
        self.choices = tuple(choices)

    def validate(self, value):
        if value is None:
            return ()
        if not isinstance(value, (list, tuple)):
            example = f'["{value}"]' if isinstance(value, str) else "[first, second]"
            raise OptionError(f"must be a list of texts; got {_show(value)} (write it as "
                              f"{example})")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise OptionError(f"item {i + 1} must be text; got {_show(item)}")
            if self.choices and item not in self.choices:
                raise OptionError(f"item {i + 1} must be one of {', '.join(self.choices)}; got "
                                  f"{item!r}{_did_you_mean(item, self.choices)}")
            out.append(item)
        return tuple(out)


@dataclass(frozen=True)
class Author:
    """A coach who signs stories: `author: <key>` in a story names one."""

    key: str                  # the story field's value, and the author page's URL part
    name: str                 # published as it is: the checker accepts it in every story
    bio: str                  # printed on the story and the author page: checked like prose
    photo: str = ""           # a path inside docs_dir, or empty


class Authors(Option):
    """The site's authors: a mapping key -> {name, bio, photo}. Returned as a tuple of
    Author, in the order written. Every problem of every entry is reported at once."""

    KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    FIELDS = ("name", "bio", "photo")
    IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
    NAME_MAX, BIO_MAX = 80, 300

    def validate(self, value):
        if value is None:
            return ()
        if isinstance(value, tuple) and all(isinstance(a, Author) for a in value):
            return value            # validated already (MkDocs' config, then the settings)
        if not isinstance(value, Mapping):
            raise OptionError(f"must be a mapping of author keys to {{name, bio, photo}}; got "
                              f"{_show(value)} (write it as 'morgan: {{name: ..., bio: ...}}')")
        out, errors = [], []
        for key, entry in value.items():
            key_errors = self._entry_errors(key, entry)
            if key_errors:
                errors += [f"'{key}': {e}" for e in key_errors]
            else:
                photo = (entry.get("photo") or "").strip().replace("\\", "/")
                out.append(Author(key, entry["name"].strip(), entry["bio"].strip(),
                                  PurePosixPath(photo).as_posix() if photo else ""))
        if errors:
            raise OptionError("; ".join(errors))
        return tuple(out)

    def _entry_errors(self, key, entry) -> list[str]:
        if not isinstance(key, str) or not self.KEY.match(key):
            return ["is not a usable key: keys are lowercase letters, digits and hyphens "
                    "(the author page's address, authors/<key>/)"]
        if not isinstance(entry, Mapping):
            return [f"must be a mapping with 'name' and 'bio' (and an optional 'photo'); got "
                    f"{_show(entry)}"]
        errors = []
        for field in sorted(set(map(str, entry)) - set(self.FIELDS)):
            errors.append(f"'{field}' is not an author field (name, bio, photo)"
                          + _did_you_mean(field, self.FIELDS))
        for field, limit, what in (("name", self.NAME_MAX, "the coach's name as published"),
                                   ("bio", self.BIO_MAX, "one or two sentences about the "
                                                         "coach")):
            text = entry.get(field)
            if field not in entry or text is None or (isinstance(text, str)
                                                      and not text.strip()):
                errors.append(f"'{field}' is missing ({what})")
            elif not isinstance(text, str):
                errors.append(f"'{field}' must be text; got {_show(text)} (put it in quotes)")
            elif len(text.strip()) > limit:
                errors.append(f"'{field}' is {len(text.strip())} characters long; keep it "
                              f"under {limit}")
        photo = entry.get("photo")
        if photo is not None:
            problem = self._photo_problem(photo)
            if problem:
                errors.append(f"'photo' {problem}")
        return errors

    def _photo_problem(self, photo) -> str:
        if not isinstance(photo, str):
            return f"must be text (a path inside docs_dir); got {_show(photo)}"
        path = photo.strip()
        if not path:
            return ""
        if re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith(("/", "\\")) \
                or ".." in PurePosixPath(path.replace("\\", "/")).parts:
            return (f"must be a path inside docs_dir, like 'coaches/morgan.jpg'; got "
                    f"{path!r} (the site publishes only its own files)")
        if PurePosixPath(path).suffix.lower() not in self.IMAGE_SUFFIXES:
            return (f"must be an image ({', '.join(self.IMAGE_SUFFIXES)}); got {path!r}")
        return ""


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    kind = {str: "text", bool: "true/false", int: "a number", float: "a number",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)
    text = repr(value) if isinstance(value, str) else str(value)
    return f"{kind} {text if len(text) <= 60 else text[:57] + '...'}"


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# The options, grouped by prefix as mkdocs-material's plugins group theirs.
OPTIONS: dict[str, Option] = {
    "enabled": Bool(True),
    # Pages in docs_dir that are not stories (the home page, an about page). Every other
    # Markdown file is a story and must pass the gate: an unlisted page is never published
    # unchecked, which is what "fail closed" means for content.
    "pages": TextList(["index.md"]),
    # The gate.
    "consent": TextList(DEFAULT_CONSENT, choices=CONSENT_VALUES),
    "allow": TextList([], help="public figures, frameworks, the byline"),
    # The explorer's facets. By default they guide: role levels and sectors are derived from
    # the free text (casebook/facets.py), themes are free, and what the tables cannot place
    # or looks like a variant of another theme is a warning. `vocabulary_strict: true`
    # withholds any story outside the lists below instead (an empty list: not enforced).
    "vocabulary_strict": Bool(False),
    "vocabulary_sectors": TextList([]),
    "vocabulary_role_levels": TextList([]),
    "vocabulary_themes": TextList([]),
    # Drafts are work in progress: the build reports them at INFO and skips them, so
    # `mkdocs build --strict` does not fail on a draft. `true` makes them warnings again.
    "drafts_fail": Bool(False),
    # Shown on every story page, so it is checked like a story.
    "disclosure": Text("Names and identifying details have been changed. Published with the "
                       "client's consent."),
    # Related stories at the foot of each story (shared themes first, then same sector).
    "related_count": Int(3),
    # Atom and RSS feeds of published stories (feed.xml, rss.xml).
    "feed_enabled": Bool(True),
    "feed_limit": Int(50, minimum=1),
    # The story explorer page (explorer/) and its data file (explorer/stories.json).
    "explorer_enabled": Bool(True),
    # File types (suffixes) beside the stories that may be published as they are when a
    # page links them; casebook cannot read inside them (a PDF, a Word document).
    "asset_types": TextList([]),
    # `mkdocs serve` on an address other than this machine's previews withheld stories
    # only when this is true.
    "preview_on_network": Bool(False),
    # How `mkdocs serve` notices a saved story: `native` (the operating system reports
    # each change at once; polls when it cannot) or `polling` (MkDocs' own half-second
    # poll, for folders on network drives or in containers). See casebook.plugin.watch.
    "serve_watcher": Choice("native", ("native", "polling")),
    # How many processes render a build's pages: from 2, forked processes render a share
    # of those outside the nav beside MkDocs (at most one process per core; only from 100
    # pages to render, and only with the plugins casebook knows). See casebook.plugin.forked.
    "render_jobs": Int(2, minimum=1),
    # Listings (client stories, programmes, insights, theme pages) show this many cards a
    # page, then links to the next pages (0: one page however long).
    "listing_page_size": Int(12),
    # The home page: stories to feature, by slug, in this order (stories with
    # `featured: true` follow), and how many of the latest stories it lists.
    "featured": TextList([]),
    "home_latest": Int(6),
    # A call to action at the foot of every story (both or neither), e.g. "Talk to a coach"
    # and a contact page. Printed on every story page, so it is checked like a story.
    "cta_text": Text(""),
    "cta_link": Text(""),
    # Coaches who sign stories: key -> {name, bio (short), photo (optional, a path inside
    # docs_dir)}. A story names one with `author: <key>`; each author gets a page
    # (authors/<key>/) listing their published stories. A declared name is accepted by the
    # checker in every story (a coach's own name is theirs to publish); the bio is printed,
    # so it is checked like a story.
    "authors": Authors(()),
    # Where checker results are cached between runs, relative to mkdocs.yml; never inside
    # docs_dir (MkDocs would publish it). Empty disables the disk cache.
    "cache_dir": Text(".casebook-cache"),
}


@dataclass(frozen=True)
class Options:
    """The plugin's options, validated. Field names are the option names."""

    enabled: bool
    pages: tuple[str, ...]
    consent: tuple[str, ...]
    allow: tuple[str, ...]
    vocabulary_strict: bool
    vocabulary_sectors: tuple[str, ...]
    vocabulary_role_levels: tuple[str, ...]
    vocabulary_themes: tuple[str, ...]
    drafts_fail: bool
    disclosure: str
    related_count: int
    feed_enabled: bool
    feed_limit: int
    explorer_enabled: bool
    asset_types: tuple[str, ...]
    preview_on_network: bool
    serve_watcher: str
    render_jobs: int
    listing_page_size: int
    featured: tuple[str, ...]
    home_latest: int
    cta_text: str
    cta_link: str
    authors: tuple[Author, ...]
    cache_dir: str


def validate(raw: Mapping[str, Any] | None) -> tuple[Options, list[tuple[str, str]]]:
    """Options from a mapping (`plugins: - casebook: {...}`), and every (key, message) error.

    Invalid or unknown keys fall back to their defaults in the returned Options, so a caller
    that reports the errors and stops never sees a half-typed value."""
    raw = dict(raw or {})
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for key, option in OPTIONS.items():
        value = option.default
        if key in raw:
            try:
                value = option.validate(raw[key])
            except OptionError as e:
                errors.append((key, str(e)))
        values[key] = value
    for key in raw:
        if key not in OPTIONS:
            errors.append((str(key), "is not a casebook option"
                           + _did_you_mean(str(key), OPTIONS)))
    return Options(**values), errors


DEFAULTS = validate({})[0]
