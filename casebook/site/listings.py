"""What the site shows around the stories: listing pages, the theme index, theme pages and
related stories. Structure only (small frozen dataclasses); the plugin renders them.

Only published stories are passed in, so a withheld story cannot appear on any listing. No
story text goes into a listing's Markdown: the plugin sets the title (escaped) and the
template renders the rest with autoescape on.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Sequence

from .review import Verdict


@dataclass(frozen=True)
class Entry:
    """A published story as the site knows it: its verdict and where its page lives."""

    verdict: Verdict
    src_uri: str          # docs_dir-relative source path, as MkDocs names it
    url: str              # the page's URL relative to the site root

    @property
    def story(self):
        return self.verdict.story


@dataclass(frozen=True)
class ThemeCount:
    name: str
    slug: str
    url: str
    count: int


@dataclass(frozen=True)
class ListingSpec:
    """One generated page: a kind listing, the theme index or a theme page."""

    kind: str                         # "kind", "themes" or "theme"
    src_uri: str
    url: str
    title: str
    intro: str
    story_kind: str | None = None     # for kind listings
    theme: str | None = None          # for theme pages
    stories: tuple[str, ...] = ()     # src_uris, newest first
    themes: tuple[ThemeCount, ...] = ()


KIND_LISTINGS = (
    ListingSpec("kind", "client-stories/index.md", "client-stories/", "Client stories",
                "How individual leaders changed the way they work, told with their consent "
                "and with names and identifying details changed.", story_kind="client-story"),
    ListingSpec("kind", "programmes/index.md", "programmes/", "Programme case studies",
                "Coaching and leadership programmes for teams and whole organisations.",
                story_kind="programme"),
    ListingSpec("kind", "insights/index.md", "insights/", "Insights",
                "Articles on coaching practice.", story_kind="insight"),
)
THEME_INDEX = ListingSpec("themes", "themes/index.md", "themes/", "Themes",
                          "Every theme, with the number of stories on it.")
EMPTY_PAGE = "\n"


def theme_slug(theme: str) -> str:
    text = unicodedata.normalize("NFKD", theme).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "theme"


def _title(name: str) -> str:
    return name[:1].upper() + name[1:]


def _order(entries: Sequence[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.story.date is None, e.story.date), reverse=True)


def listing_pages(published: Sequence[Entry]) -> list[ListingSpec]:
    """Every listing page over the published entries."""
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    by_theme: dict[str, list[Entry]] = defaultdict(list)
    names: dict[str, str] = {}
    for e in published:
        by_kind[e.story.kind].append(e)
        for t in e.story.themes:
            by_theme[theme_slug(t)].append(e)
            names.setdefault(theme_slug(t), t)
    out = [replace(spec, stories=tuple(e.src_uri for e in _order(by_kind[spec.story_kind])))
           for spec in KIND_LISTINGS]
    themes = tuple(ThemeCount(names[slug], slug, f"themes/{slug}/", len(by_theme[slug]))
                   for slug in sorted(by_theme, key=lambda s: (-len(by_theme[s]), s)))
    out.append(replace(THEME_INDEX, themes=themes))
    for t in themes:
        out.append(ListingSpec("theme", f"themes/{t.slug}/index.md", t.url, _title(t.name),
                               f"Stories on {t.name}.", theme=t.name,
                               stories=tuple(e.src_uri for e in _order(by_theme[t.slug]))))
    return out


def listing_for_kind(kind: str | None) -> ListingSpec | None:
    return next((s for s in KIND_LISTINGS if s.story_kind == kind), None)


class Related:
    """Related stories: most shared themes first, then the same sector.

    Inverted indexes built once: comparing every story with every other made related
    stories quadratic, the slowest part of a 1,000-story build."""

    def __init__(self, published: Sequence[Entry]):
        self.entries = {e.src_uri: e for e in published}
        self.by_theme: dict[str, list[str]] = defaultdict(list)
        self.by_sector: dict[str, list[str]] = defaultdict(list)
        for e in published:
            for theme in {t.casefold() for t in e.story.themes}:
                self.by_theme[theme].append(e.src_uri)
            if e.story.sector:
                self.by_sector[e.story.sector].append(e.src_uri)

    def of(self, entry: Entry, count: int) -> list[Entry]:
        shared: dict[str, int] = defaultdict(int)
        for theme in {t.casefold() for t in entry.story.themes}:
            for uri in self.by_theme.get(theme, ()):
                shared[uri] += 1
        sector = entry.story.sector
        same_sector = set(self.by_sector.get(sector, ())) if sector else set()
        candidates = (set(shared) | same_sector) - {entry.src_uri}
        ranked = sorted(candidates, key=lambda u: (-shared.get(u, 0), -(u in same_sector),
                                                   self.entries[u].story.title or "", u))
        return [self.entries[u] for u in ranked[:count]]
