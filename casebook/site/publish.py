"""The publish audit: after a build, the built site itself is the final judge.

Whatever the gate missed, no withheld text may be in site/: every finding of every withheld
story, and withheld titles, are searched for in every generated file (compressed ones
decompressed). And what the site adds around the stories (home, listings, theme pages,
explorer, 404, with the chrome) is read by the checker. A hit empties site/: the same text
could sit in pages the audit did not read.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..checker import CheckConfig, check
from ..story import parse
from . import safety
from .listings import Entry
from .review import Verdict, open_cache
from .settings import Settings


@dataclass(frozen=True)
class Hit:
    """One piece of identifying text found in a built file."""

    file: str        # relative to site_dir
    what: str        # the text, or "CATEGORY 'text'" for a checker finding

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


def audit_site(settings: Settings, site_dir: Path, withheld: Sequence[Verdict],
               published: Sequence[Entry], story_pages: dict[str, Entry] | set[str],
               theme_files: set[str]) -> list[Hit]:
    """Every trace of withheld text, or checker finding in what the built pages show and
    carry, in site/. `story_pages` maps each published story's output file to its entry."""
    texts = {f.text for v in withheld for f in v.findings}
    # Story titles too (a listing would show one); not a page's title, like "Home",
    # which the nav of every page repeats.
    texts |= {v.story.title for v in withheld if v.story.title and not v.is_page}
    needles = safety.audit_needles(texts, [e.story.text for e in published])
    hits = [Hit(rel, repr(text)) for rel, text in safety.audit(site_dir, needles, theme_files)]
    generated = [p.relative_to(site_dir).as_posix() for p in sorted(site_dir.rglob("*"))
                 if p.suffix == ".html" and p.is_file()]
    others = [r for r in generated if r not in story_pages and r not in theme_files]
    allow = set(settings.check_config().allow) | set(safety.SITE_CHROME)
    for e in published:
        allow |= set(e.story.pseudonyms) | set(e.story.allow)
    config = CheckConfig(allow=tuple(sorted(allow)))
    # The site's result cache: an unchanged site's generated text is not checked again.
    cache = open_cache(settings) if settings.cache_dir else None

    def check_lines(text: str):
        return check(parse(text, "site"), config, cache).findings

    # What the site adds around the stories: home, listings, theme pages, explorer, 404.
    chrome: set[str] = {" ".join(t.split()) for _, t in settings.site_texts}
    chrome |= {" ".join(t.split()) for t in (settings.options.disclosure,
                                             settings.options.cta_text) if t}
    # The authors' names (accepted) and bios (checked with the disclosure).
    chrome |= {" ".join(t.split()) for a in settings.options.authors for t in (a.name, a.bio)}
    flagged = safety.audit_generated(site_dir, others, check_lines, seen=chrome)
    hits += [Hit(rel, f"{f.category} {f.text!r}") for rel, f in flagged]
    if isinstance(story_pages, dict):
        # The site's own address and what mkdocs.yml links (the call to action) are the
        # site's, not the story's.
        own = tuple(u for u in (settings.site_url, settings.site_url.split("://", 1)[-1],
                                settings.options.cta_link) if u and "/" in u)
        hits += _audit_story_pages(site_dir, story_pages, chrome, check_lines, own)
    return hits


def _audit_story_pages(site_dir: Path, story_pages: dict[str, Entry], chrome: set[str],
                       check_lines, own_urls: tuple[str, ...]) -> list[Hit]:
    """The rendered story pages, read as a browser decodes them: visible text, attribute
    values, structured data. A line that appears in the story's own source (whitespace
    aside) was checked there, in context; a line of the site's chrome was checked above.
    Whatever else a page shows was never checked: markup, character references or a
    preprocessor produced it, so it is read now, and a finding there is a checker bug."""
    where: dict[str, set[str]] = {}
    # Every published story's fields were checked at their source: a card of another story
    # (related stories) shows them, often after a label the template prints ("Goal after: ").
    known = set().union(*(_field_texts(e) for e in story_pages.values())) if story_pages \
        else set()
    for rel, entry in story_pages.items():
        path = site_dir / rel
        if not path.is_file():
            continue
        markup = safety.read_output(path)
        source = " ".join(entry.story.text.split())
        plain = " ".join(_PLAIN.sub(r"\1", entry.story.text).replace("**", "").split())
        dates = _date_texts(entry)
        # The chrome's attributes (nav, header, footer) were read with the other pages: a
        # story page's own are in its <head> (sharing metadata) and its <article>.
        carried = safety.carried_text(_head_and_article(markup), own_urls)
        for line in [*safety.visible_text(markup).splitlines(), *carried]:
            if line in chrome or line in known or line in source or line in plain:
                continue
            # The publication date is metadata the site prints, not a date in the story.
            for d in dates:
                line = line.replace(d, "")
            line = " ".join(line.split())
            if not any(c.isalpha() for c in line) or line in chrome or _known(line, known):
                continue
            where.setdefault(line, set()).add(rel)
    return [Hit(rel, f"{f.category} {f.text!r}, which the source check of "
                     f"{story_pages[rel].verdict.path} did not find: a checker bug, please "
                     "report it") for rel, f in safety.check_lines(where, check_lines)]


# Markdown a reader never sees: link syntax (its text stays), emphasis and code marks.
_PLAIN = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)|[*_`]+(?=\w)|(?<=\w)[*_`]+")
# A label the templates print before a field ("Goal before: ", "Outcome: "), and the
# separators between fields on one line ("→").
_LABELLED = re.compile(r"^(?:[A-Z][a-z]+(?: [a-z]+)?:\s*)?(.*?)[\s.]*$")
_SEPARATORS = re.compile(r"\s*→\.?\s*|\.\s+(?=[A-Z][a-z]+(?: [a-z]+)?:)")


def _head_and_article(markup: str) -> str:
    head = markup[:markup.find("</head>") + 1] if "</head>" in markup else ""
    a, b = markup.find("<article"), markup.rfind("</article>")
    return head + (markup[a:b] if a >= 0 and b > a else markup)


def _known(line: str, known: set[str]) -> bool:
    """A line made only of published fields (each perhaps after a template's label)."""
    parts = [p for p in _SEPARATORS.split(line) if p.strip()]
    return bool(parts) and all(_LABELLED.match(p.strip()).group(1) in known or
                               p.strip() in known for p in parts)


def _date_texts(entry: Entry) -> list[str]:
    d = entry.story.date
    if d is None:
        return []
    return [d.isoformat(), f"{d.day} {d:%B %Y}", f"{d:%B} {d.day}, {d.year}",
            f"{d:%b} {d.day}, {d.year}", f"{d.day} {d:%b %Y}"]


def _field_texts(entry: Entry) -> set[str]:
    s = entry.story
    values = [s.title, s.summary, s.role, s.sector, s.organisation, s.participants,
              s.duration, *(s.goal or {}).values(), *s.outcomes, *s.themes]
    return {" ".join(str(v).split()) for v in values if v}
def empty_site(site_dir: Path) -> None:
    """Fail closed: remove everything in site/ (the folder itself stays)."""
    for child in site_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
