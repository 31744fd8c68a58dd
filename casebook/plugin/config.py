"""The casebook plugin's options, declared MkDocs-style so that a bad option fails with
MkDocs' own config error naming the key ("plugins.casebook.allow: Expected a list ...")."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..schema import CONSENT_VALUES


class CasebookConfig(base.Config):
    enabled = c.Type(bool, default=True)

    # Pages in docs_dir that are not stories (the home page, an about page). Every other
    # Markdown file is a story and must pass the gate: an unlisted page is never published
    # unchecked, which is what "fail closed" means for content.
    pages = c.ListOfItems(c.Type(str), default=["index.md"])

    # The gate.
    consent = c.ListOfItems(c.Choice(CONSENT_VALUES), default=["written", "verbal"])
    allow = c.ListOfItems(c.Type(str), default=[])  # public figures, frameworks, the byline

    # Controlled vocabularies for the explorer's facets. A story whose sector, role level (the
    # part of `role` before the first comma) or theme is not listed fails validation with a
    # did-you-mean. Empty: not enforced.
    vocabulary_sectors = c.ListOfItems(c.Type(str), default=[])
    vocabulary_role_levels = c.ListOfItems(c.Type(str), default=[])
    vocabulary_themes = c.ListOfItems(c.Type(str), default=[])

    # Shown on every story page.
    disclosure = c.Type(str, default="Names and identifying details have been changed. "
                                     "Published with the client's consent.")

    # Related stories at the foot of each story (shared themes first, then same sector).
    related_count = c.Type(int, default=3)

    # Atom and RSS feeds of published stories (feed.xml, rss.xml).
    feed_enabled = c.Type(bool, default=True)
    feed_limit = c.Type(int, default=50)

    # The story explorer page (explorer/) and its data file (explorer/stories.json).
    explorer_enabled = c.Type(bool, default=True)

    # Where checker results are cached between builds (outside docs_dir: MkDocs would
    # publish anything inside it). Relative to mkdocs.yml; empty disables the disk cache.
    cache_dir = c.Type(str, default=".casebook-cache")
