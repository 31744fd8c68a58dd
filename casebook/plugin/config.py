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

    # Where checker results are cached between builds (outside docs_dir: MkDocs would
    # publish anything inside it). Relative to mkdocs.yml; empty disables the disk cache.
    cache_dir = c.Type(str, default=".casebook-cache")
