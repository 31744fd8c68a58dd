"""What the site shows around the stories: listing pages, the theme index, theme pages and
related stories. Structure only (small frozen dataclasses); the plugin renders them.

Only published stories are passed in, so a withheld story cannot appear on any listing. No
story text goes into a listing's Markdown: the plugin sets the title (escaped) and the
template renders the rest with autoescape on.
"""
from __future__ import annotations

import heapq
import itertools
import re
import unicodedata
from urllib.parse import quote
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

    kind: str                         # "kind", "themes", "theme", "authors" or "author"
    src_uri: str
    url: str
    title: str
    intro: str
    story_kind: str | None = None     # for kind listings
    theme: str | None = None          # for theme pages
    author: str | None = None         # for author pages: the author's key
    stories: tuple[str, ...] = ()     # src_uris, newest first (this page's only)
    themes: tuple[ThemeCount, ...] = ()
    authors: tuple[ThemeCount, ...] = ()   # for the authors index: each author's page
    page: int = 1                     # a long listing is split into pages of `page_size`
    pages: tuple[str, ...] = ()       # the URL of every page of this listing, first first
    total: int = 0                    # stories on all its pages

    @property
    def page_count(self) -> int:
        return max(1, len(self.pages))


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
AUTHOR_INDEX = ListingSpec("authors", "authors/index.md", "authors/", "Our coaches",
                           "The coaches who wrote these stories, with the stories each of "
                           "them signed.")
EMPTY_PAGE = "\n"


def theme_slug(theme: str) -> str:
    text = unicodedata.normalize("NFKD", theme).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "theme"


def _title(name: str) -> str:
    return name[:1].upper() + name[1:]


def _order(entries: Sequence[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.story.date is None, e.story.date), reverse=True)


def _paged(spec: ListingSpec, entries: Sequence[Entry], size: int) -> list[ListingSpec]:
    """A listing split into pages of `size` stories: the first at the listing's own URL,
    the others at `<url>page/<n>/`, each knowing every page's URL (for its page links)."""
    uris = tuple(e.src_uri for e in entries)
    chunks = [uris[i:i + size] for i in range(0, len(uris), size)] or [()]
    urls = tuple(spec.url if n == 1 else f"{spec.url}page/{n}/"
                 for n in range(1, len(chunks) + 1))
    return [replace(spec, src_uri=spec.src_uri if n == 1 else f"{url}index.md", url=url,
                    stories=chunk, page=n, pages=urls, total=len(uris))
            for n, (url, chunk) in enumerate(zip(urls, chunks), start=1)]


def listing_pages(published: Sequence[Entry], page_size: int = 12) -> list[ListingSpec]:
    """Every listing page over the published entries; kind listings and theme pages are
    split into pages of `page_size` cards (0: one page however long)."""
    size = page_size or max(1, len(published))
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    by_theme: dict[str, list[Entry]] = defaultdict(list)
    names: dict[str, str] = {}
    for e in published:
        by_kind[e.story.kind].append(e)
        for t in e.story.themes:
            by_theme[theme_slug(t)].append(e)
            names.setdefault(theme_slug(t), t)
    out = [page for spec in KIND_LISTINGS
           for page in _paged(spec, _order(by_kind[spec.story_kind]), size)]
    themes = tuple(ThemeCount(names[slug], slug, f"themes/{slug}/", len(by_theme[slug]))
                   for slug in sorted(by_theme, key=lambda s: (-len(by_theme[s]), s)))
    out.append(replace(THEME_INDEX, themes=themes))
    for t in themes:
        spec = ListingSpec("theme", f"themes/{t.slug}/index.md", t.url, _title(t.name),
                           _theme_intro(t.name, by_theme[t.slug]), theme=t.name)
        out.extend(_paged(spec, _order(by_theme[t.slug]), size))
    return out


def author_pages(published: Sequence[Entry], authors: Sequence, page_size: int = 12
                 ) -> list[ListingSpec]:
    """The authors index (authors/) and one page per declared author (authors/<key>/),
    listing their published stories, newest first (split like the other listings). An author
    with no published story yet still has a page: it says so. Nothing when no author is
    declared. `authors` are the plugin's Author entries (key, name, bio, photo)."""
    if not authors:
        return []
    size = page_size or max(1, len(published))
    by_author: dict[str, list[Entry]] = defaultdict(list)
    for e in published:
        if e.story.author:
            by_author[e.story.author].append(e)
    index = replace(AUTHOR_INDEX, authors=tuple(
        ThemeCount(a.name, a.key, f"authors/{a.key}/", len(by_author[a.key])) for a in authors))
    out = [index]
    for a in authors:
        spec = ListingSpec("author", f"authors/{a.key}/index.md", f"authors/{a.key}/", a.name,
                           a.bio, author=a.key)
        out.extend(_paged(spec, _order(by_author[a.key]), size))
    return out


def _theme_intro(name: str, entries: Sequence[Entry]) -> str:
    kinds = defaultdict(int)
    for e in entries:
        kinds[e.story.kind] += 1
    parts = [_plural(kinds[k], word) for k, word in (("client-story", "client story"),
                                                      ("programme", "programme case study"),
                                                      ("insight", "insight")) if kinds[k]]
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"{listed} on {name}, newest first."


def _plural(n: int, word: str) -> str:
    # "1,950 client stories": a count no reader (and no audit) takes for a year.
    return f"{n:,} {_noun(n, word)}"


def _noun(n: int, word: str) -> str:
    if n == 1:
        return word
    return {"client story": "client stories", "programme case study":
            "programme case studies"}.get(word, word + "s")


# ---------------------------------------------------------------------------- the home page
@dataclass(frozen=True)
class Count:
    name: str
    count: int
    url: str = ""         # a theme page, or the explorer filtered on this value


@dataclass(frozen=True)
class Home:
    """What the home page shows: featured stories, headline outcomes, counts by theme and
    sector, and the latest stories. Entries are published ones only."""

    featured: tuple[Entry, ...]
    outcomes: tuple[Entry, ...]       # stories whose headline outcome the page quotes
    latest: tuple[Entry, ...]
    themes: tuple[Count, ...]
    sectors: tuple[Count, ...]
    kinds: tuple[Count, ...]          # client stories, programmes, insights (non-zero)
    total: int
    theme_total: int
    unknown_featured: tuple[str, ...] = ()   # slugs in the option that name no published story


def home(published: Sequence[Entry], *, featured: Sequence[str] = (), latest: int = 6,
         sector_of=lambda story: story.sector, explorer_url: str | None = None,
         top: int = 8) -> Home:
    """The home page's sections. Featured: the slugs in the plugin's `featured` option in
    their order, then stories with `featured: true`, newest first; when nothing is featured,
    the newest client stories and programmes (so a new site still leads with its stories).
    `sector_of` maps a story to its sector facet (the explorer's coarse one)."""
    ordered = _order(published)
    by_slug = {e.story.slug: e for e in ordered}
    chosen = [by_slug[s] for s in dict.fromkeys(featured) if s in by_slug]
    chosen += [e for e in ordered if getattr(e.story, "featured", False) and e not in chosen]
    if not chosen:
        chosen = [e for e in ordered if e.story.kind != "insight"]
    chosen = chosen[:3]
    outcomes = [e for e in ordered if e.story.headline and e not in chosen][:4] or \
        [e for e in chosen if e.story.headline]
    shown = set(map(id, chosen))
    rest = [e for e in ordered if id(e) not in shown][:latest]
    theme_counts = next(s for s in listing_pages(published, 0) if s.kind == "themes").themes
    sectors: dict[str, int] = defaultdict(int)
    for e in published:
        sector = sector_of(e.story) if e.story.kind == "client-story" else None
        if sector:
            sectors[sector] += 1
    sector_counts = tuple(
        Count(name, n, f"{explorer_url}?sector={quote(name)}" if explorer_url else "")
        for name, n in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0])))
    kinds = tuple(Count(_noun(n, word), n, spec.url)
                  for spec, word in zip(KIND_LISTINGS, ("client story", "programme case study",
                                                         "insight"))
                  if (n := sum(e.story.kind == spec.story_kind for e in published)))
    return Home(tuple(chosen), tuple(outcomes), tuple(rest),
                tuple(Count(t.name, t.count, t.url) for t in theme_counts[:top]),
                sector_counts[:top], kinds, len(published), len(theme_counts),
                tuple(s for s in featured if s not in by_slug))


def listing_for_kind(kind: str | None) -> ListingSpec | None:
    return next((s for s in KIND_LISTINGS if s.story_kind == kind), None)


class Related:
    """Related stories: most shared themes first, then the same sector, then by title.

    Every story sharing a theme with every other was counted for each page: quadratic, a
    tenth of a cold build at 10,000 stories. Stories sharing m of a story's themes are the
    union of the intersections of m of its themes' sets; working down from all of them, the
    first few groups nearly always fill the list. Set operations run in C, and a story's
    place in title order is worked out once."""

    # Beyond this many themes, the subsets of a story's themes outnumber the stories.
    SUBSETS_MAX = 8

    def __init__(self, published: Sequence[Entry]):
        self.entries = {e.src_uri: e for e in published}
        ordered = sorted(published, key=lambda e: (e.story.title or "", e.src_uri))
        self.rank = {e.src_uri: i for i, e in enumerate(ordered)}
        by_theme: dict[str, set[str]] = defaultdict(set)
        by_sector: dict[str, set[str]] = defaultdict(set)
        for e in published:
            for theme in _theme_keys(e):
                by_theme[theme].add(e.src_uri)
            if e.story.sector:
                by_sector[e.story.sector].add(e.src_uri)
        self.by_theme = {t: frozenset(u) for t, u in by_theme.items()}
        self.by_sector = {s: frozenset(u) for s, u in by_sector.items()}

    def of(self, entry: Entry, count: int) -> list[Entry]:
        themes = sorted(_theme_keys(entry))
        sector = self.by_sector.get(entry.story.sector, frozenset()) \
            if entry.story.sector else frozenset()
        ranked: list[str] = []
        more: set[str] = {entry.src_uri}      # the story itself, and those ranked above
        for m in range(len(themes), -1, -1):
            if len(ranked) >= count:
                break
            group = self._sharing(themes, m) if m else set(sector)
            group -= more
            more |= group
            # The same sector first, then title order: each part only as far as needed.
            for part in (group & sector, group - sector):
                if len(ranked) < count:
                    ranked += heapq.nsmallest(count - len(ranked), part,
                                              key=self.rank.__getitem__)
        return [self.entries[u] for u in ranked]

    def _sharing(self, themes: list[str], m: int) -> set[str]:
        """The stories that share at least m of `themes` (m ≥ 1)."""
        sets = [self.by_theme.get(t, frozenset()) for t in themes]
        if len(themes) > self.SUBSETS_MAX:
            counts: dict[str, int] = defaultdict(int)
            for uris in sets:
                for u in uris:
                    counts[u] += 1
            return {u for u, c in counts.items() if c >= m}
        out: set[str] = set()
        for combo in itertools.combinations(sets, m):
            out |= frozenset.intersection(*combo)
        return out


def _theme_keys(entry: Entry) -> set[str]:
    return {t.casefold() for t in entry.story.themes}
