"""The publish audit: after a build, the built site itself is the final judge.

Whatever the gate missed, no withheld text may be in site/: every finding of every withheld
story, and withheld titles, are searched for in every generated file (compressed ones
decompressed). And what the site adds around the stories (home, listings, theme pages,
explorer, 404, with the chrome) is read by the checker. A hit empties site/: the same text
could sit in pages the audit did not read.
"""
from __future__ import annotations

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
               published: Sequence[Entry], story_pages: set[str],
               theme_files: set[str]) -> list[Hit]:
    """Every trace of withheld text, or checker finding outside story pages, in site/."""
    texts = {f.text for v in withheld for f in v.findings}
    # Story titles too (a listing would show one); not a page's title, like "Home",
    # which the nav of every page repeats.
    texts |= {v.story.title for v in withheld if v.story.title and not v.is_page}
    needles = safety.audit_needles(texts, [e.story.text for e in published])
    hits = [Hit(rel, repr(text)) for rel, text in safety.audit(site_dir, needles, theme_files)]
    # Story pages were checked at their source; feeds hold URLs and dates as metadata, and
    # text only from checked stories.
    generated = [p.relative_to(site_dir).as_posix() for p in sorted(site_dir.rglob("*"))
                 if p.suffix == ".html" and p.is_file()]
    generated = [r for r in generated if r not in story_pages and r not in theme_files]
    allow = set(settings.options.allow) | set(safety.SITE_CHROME)
    for e in published:
        allow |= set(e.story.pseudonyms) | set(e.story.allow)
    config = CheckConfig(allow=tuple(sorted(allow)))
    # The site's result cache: an unchanged site's generated text is not checked again.
    cache = open_cache(settings) if settings.cache_dir else None
    flagged = safety.audit_generated(
        site_dir, generated, lambda text: check(parse(text, "site"), config, cache).findings)
    hits += [Hit(rel, f"{f.category} {f.text!r}") for rel, f in flagged]
    return hits


def empty_site(site_dir: Path) -> None:
    """Fail closed: remove everything in site/ (the folder itself stays)."""
    for child in site_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
