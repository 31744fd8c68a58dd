"""The site pipeline: settings, discovery, review and the publish audit, with no MkDocs.

Layers, each importing only those below it:
story model (`casebook.story`, `casebook.schema`) → checker (`casebook.checker`) → site
pipeline (this package) → shells (`casebook.plugin`, `casebook.cli`, `casebook.commands`).
Every shell asks `review(settings, paths)`, so a story's verdict never depends on who asks.
"""
from __future__ import annotations

from .discovery import Source, discover, display_path, expand
from .review import (RESERVED_SLUGS, Review, Verdict, check_disclosure, corpus_problems,
                     open_cache, report_lines, review, summary)
from .settings import Settings, SettingsError, find_config, load as load_settings

__all__ = ["Settings", "SettingsError", "find_config", "load_settings", "Source", "discover",
           "display_path", "expand", "RESERVED_SLUGS", "Review", "Verdict", "review",
           "corpus_problems", "check_disclosure", "open_cache", "report_lines", "summary"]
