"""Atom and RSS feeds of published stories, with feedgen (XML built properly, escaped)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

ATOM, RSS = "feed.xml", "rss.xml"


def write(site_dir: Path, published, config, limit: int, *, authors=None) -> None:
    """`authors` maps an author key to the declared author: a signed story's entry names
    its coach (Atom <author>, RSS <author>/<dc:creator>)."""
    authors = authors or {}
    base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    fg = FeedGenerator()
    fg.id(base)
    fg.title(config.site_name)
    fg.subtitle(config.site_description or config.site_name)
    # RFC 4287 requires an author on the feed (or on every entry): the site's author, or the
    # site itself when mkdocs.yml names none.
    fg.author(name=config.site_author or config.site_name)
    fg.language("en")
    # RSS's own <author> must be an email address: a coach is named with Dublin Core's
    # <dc:creator> there (Atom has <author><name>).
    fg.load_extension("dc", atom=False, rss=True)
    entries = sorted(published, key=lambda e: (e.story.date or dt.date.min, e.story.title),
                     reverse=True)[:limit]
    # feedgen prepends each added entry; add oldest first so the newest leads the feed.
    for e in reversed(entries):
        s = e.story
        url = urljoin(base, e.url)
        fe = fg.add_entry()
        fe.id(url)
        fe.title(s.title)
        fe.link(href=url)
        fe.summary(s.summary)
        author = authors.get(s.author) if s.author else None
        if author is not None:
            fe.author(name=author.name, uri=urljoin(base, f"authors/{author.key}/"))
            fe.dc.dc_creator(author.name)
        when = dt.datetime.combine(s.date or dt.date.today(), dt.time(), dt.timezone.utc)
        fe.published(when)
        fe.updated(when)
        for theme in s.themes:
            fe.category(term=theme)
    newest = max((e.story.date for e in entries if e.story.date), default=dt.date.today())
    fg.updated(dt.datetime.combine(newest, dt.time(), dt.timezone.utc))
    # feedgen keeps one list of links for both formats, and RSS takes its channel <link>
    # from the last one added and its atom:link from the self one: each file is written
    # with its own self link, the site (alternate) last.
    for name, kind in ((ATOM, "atom"), (RSS, "rss")):
        fg.link(href=urljoin(base, name), rel="self", type=f"application/{kind}+xml",
                replace=True)
        fg.link(href=base, rel="alternate", type="text/html")
        if kind == "atom":
            fg.atom_file(str(site_dir / name), pretty=True)
        else:
            fg.rss_file(str(site_dir / name), pretty=True)
