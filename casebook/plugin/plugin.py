"""The casebook MkDocs plugin: loads and validates every story, runs the publishing gate,
hands templates the parsed story and generates the listing and theme pages.

Withheld stories (invalid, draft, no consent, or with checker findings) are removed from the
build's file list in `on_files`, before MkDocs reads them: they never reach a page, a listing,
the search index or the sitemap. `mkdocs serve` keeps them as previews, marked as not
publishable, so a coach can see what blocks a story.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from ..checker import CheckConfig, check_text
from ..gate import Verdict, report_lines, review_files, review_pages, summary
from ..vocab import Vocabulary
from . import explorer, feed
from .config import CasebookConfig
from .listings import LISTINGS, listing_pages, theme_slug
from . import safety

log = logging.getLogger("mkdocs.plugins.casebook")

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


@dataclass
class Entry:
    """A story as the site knows it: the verdict plus where its page lives."""

    verdict: Verdict
    file: File

    @property
    def story(self):
        return self.verdict.story

    @property
    def url(self) -> str:
        return self.file.url


class CasebookPlugin(BasePlugin[CasebookConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.entries: dict[str, Entry] = {}      # src_uri -> entry, stories only
        self.verdicts: list[Verdict] = []
        self.pages: set[str] = set()             # docs_dir pages that are not stories
        self.left_out: list[str] = []            # docs_dir files no published page uses
        self.listings: dict[str, dict] = {}      # src_uri -> listing spec
        self.env: jinja2.Environment | None = None
        self.withheld: dict[str, Verdict] = {}   # src_uri -> verdict, removed from the build
        self.docs_assets: list[File] = []        # non-Markdown files from docs_dir
        self.theme_files: set[str] = set()       # dest paths of theme assets (hold no stories)
        self.referenced: set[str] = set()        # site paths the built pages refer to
        self.theme_pages: set[str] = set()       # slugs of the generated theme pages
        self.by_theme: dict[str, list[str]] = {}  # casefolded theme -> published src_uris
        self.by_sector: dict[str, list[str]] = {}

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, so the
    # checker's in-memory cache survives and an unchanged story is not re-checked.
    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        if not self.config.enabled:
            return
        cache_dir = self.config.cache_dir
        if cache_dir:
            base = Path(config.config_file_path or ".").parent
            cache_dir = str((base / cache_dir).resolve())
            docs = Path(config.docs_dir).resolve()
            if Path(cache_dir) == docs or docs in Path(cache_dir).parents:
                raise PluginError(f"casebook: 'cache_dir' ({self.config.cache_dir}) is inside "
                                  f"docs_dir; MkDocs would publish the cache. Move it out.")
        self.check_config = CheckConfig(allow=tuple(self.config.allow),
                                        cache_dir=cache_dir or None)
        # The disclosure is printed on every story page: it must pass the checker too.
        found = check_text(self.config.disclosure, "mkdocs.yml", self.check_config)
        if found:
            raise PluginError("casebook: 'disclosure' in mkdocs.yml could identify someone: "
                              + "; ".join(f'{f.category} "{f.text}"' for f in found)
                              + " (reword it, or add the text to the plugin's 'allow')")
        self.vocabulary = Vocabulary(sectors=tuple(self.config.vocabulary_sectors),
                                     role_levels=tuple(self.config.vocabulary_role_levels),
                                     themes=tuple(self.config.vocabulary_themes))
        # Our own environment for story partials, autoescape on: every front-matter value is
        # the coach's text, and HTML in it must show as text, never run.
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(config.theme.dirs),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True)

    # ---------------------------------------------------------------- files: the gate
    @event_priority(100)  # before other plugins see (and possibly index) withheld pages
    def on_files(self, files: Files, *, config):
        if not self.config.enabled:
            return files
        docs_dir = Path(config.docs_dir)
        self.pages = pages = {p.strip("/") for p in self.config.pages}
        candidates = [f for f in files.documentation_pages(inclusion=InclusionLevel.all)
                      if f.src_uri not in pages and not f.generated_by]
        # Check every story up front, the misses on both cores. In serve, one process:
        # rebuilds re-check only what changed anyway, and forking a process that runs the
        # live-reload server's threads is not safe.
        verdicts = review_files([f.abs_src_path for f in candidates],
                                [_display_path(docs_dir, f) for f in candidates],
                                self.check_config, self.config.consent, self.vocabulary,
                                jobs=1 if self.serving else None)
        self.entries, self.withheld, self.referenced = {}, {}, set()
        for f, v in zip(candidates, verdicts):
            if v.publish:
                f.inclusion = InclusionLevel.NOT_IN_NAV
            elif self.serving:
                f.inclusion = InclusionLevel.DRAFT   # previewed in serve, never built
            else:
                # Out of the build itself, not hidden afterwards: no later step (search,
                # sitemap, another plugin) can see a file that is no longer in the list.
                files.remove(f)
                self.withheld[f.src_uri] = v
                continue
            self.entries[f.src_uri] = Entry(v, f)
        page_files = [f for f in files.documentation_pages(inclusion=InclusionLevel.all)
                      if f.src_uri in pages and not f.generated_by]
        page_verdicts = review_pages([f.abs_src_path for f in page_files],
                                     [_display_path(docs_dir, f) for f in page_files],
                                     self.check_config)
        for f, v in zip(page_files, page_verdicts):
            if v.publish:
                continue
            verdicts.append(v)
            if self.serving:
                f.inclusion = InclusionLevel.DRAFT
            else:
                files.remove(f)
                self.withheld[f.src_uri] = v
        self.verdicts, self.left_out = verdicts, []
        docs = os.path.abspath(config.docs_dir)
        self.docs_assets = [f for f in files if not f.is_documentation_page()
                            and not f.generated_by and f.abs_src_path
                            and os.path.abspath(f.abs_src_path).startswith(docs + os.sep)]
        assets = set(map(id, self.docs_assets))
        self.theme_files = {f.dest_uri for f in files if not f.generated_by
                            and not f.is_documentation_page() and id(f) not in assets}

        self.listings = {}
        published = [e for e in self.entries.values() if e.verdict.publish]
        for src_uri, spec, markdown in listing_pages(published):
            if files.get_file_from_path(src_uri):
                raise PluginError(f"casebook: {src_uri} exists in docs_dir but the plugin "
                                  "generates that page; remove or rename the file")
            files.append(File.generated(config, src_uri, content=markdown,
                                        inclusion=InclusionLevel.NOT_IN_NAV
                                        if spec["kind"] == "theme" else InclusionLevel.UNDEFINED))
            self.listings[src_uri] = spec
        self.theme_pages = {spec["url"].split("/")[1] for spec in self.listings.values()
                            if spec["kind"] == "theme"}
        self.by_theme, self.by_sector = defaultdict(list), defaultdict(list)
        for e in published:
            for theme in {t.casefold() for t in e.story.themes}:
                self.by_theme[theme].append(e.file.src_uri)
            if e.story.sector:
                self.by_sector[e.story.sector].append(e.file.src_uri)
        if self.config.explorer_enabled:
            for src_uri, content in explorer.files(published):
                files.append(File.generated(config, src_uri, content=content))
        return files

    def _report(self) -> None:
        """The build's last words: what was published, what was withheld and why."""
        verdicts = self.verdicts
        withheld = [v for v in verdicts if not v.publish]
        if self.left_out:
            log.info("casebook: left out %d file(s) that no published page uses: %s",
                     len(self.left_out), ", ".join(self.left_out))
        log.info(summary(verdicts))
        for v in withheld:
            # A warning, so that `mkdocs build --strict` fails on any withheld story.
            log.warning("\n".join(report_lines(v)))

    # ---------------------------------------------------------------- pages
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return markdown
        markdown = safety.unlink_withheld(markdown, page.file.src_uri, set(self.withheld))
        entry = self.entries.get(page.file.src_uri)
        if entry:
            s = entry.story
            # Our strict parse replaces MkDocs' lenient one: MkDocs would have rendered a
            # broken front-matter block as text.
            page.meta = {"title": _text(s.title or s.slug), "template": "story.html",
                         "description": _text(s.summary or "")}
            body = s.body
            if self.serving and entry.verdict.findings:
                body = safety.highlight(s.text, s.body_offset, entry.verdict.findings)
            body = safety.unlink_withheld(body, page.file.src_uri, set(self.withheld))
            # A coach's HTML comment is a note to self: never copy it into the page.
            return _HTML_COMMENT.sub("", body)
        spec = self.listings.get(page.file.src_uri)
        if spec:
            page.meta = {"title": _text(spec["title"]), "template": "listing.html",
                         "search": {"exclude": True}}
        elif page.file.src_uri == explorer.PAGE:
            page.meta = {"title": "Story explorer", "template": "explorer.html",
                         "search": {"exclude": True}, "hide": ["navigation", "toc"]}
        return markdown

    def on_page_content(self, html, *, page, config, files):
        if not self.config.enabled:
            return html
        html = safety.plain_withheld_links(html)
        self.referenced |= safety.referenced_paths(html, page.url)
        entry = self.entries.get(page.file.src_uri)
        if not entry:
            return html
        # The header card goes into the page content, not only the template, so that the
        # search index holds the role, sector, summary, goal and outcomes too.
        header = self.env.get_template("partials/casebook/story-header.html").render(
            story=entry.story, verdict=entry.verdict, serving=self.serving,
            theme_links=self._theme_links(page, entry.story),
            listing_link=self._listing_link(entry.story.kind, page))
        return header + html

    # on_env runs after every page is rendered and before static files are copied: the one
    # moment at which we know which assets published pages use.
    def on_env(self, env, *, config, files):
        if not self.config.enabled or self.serving:
            return env
        keep = set(self.referenced) | {u.lstrip("/") for u in
                                       list(config.extra_css) + [str(j) for j in
                                                                 config.extra_javascript]}
        left_out = []
        for f in self.docs_assets:
            if f.dest_uri not in keep:
                files.remove(f)
                left_out.append(f.src_uri)
            elif os.path.splitext(f.src_uri)[1].lower() in safety.IMAGE_SUFFIXES:
                files.remove(f)
                try:
                    clean = safety.strip_image_metadata(Path(f.abs_src_path).read_bytes())
                except Exception as e:  # a corrupt image is left out, never copied as is
                    left_out.append(f"{f.src_uri} (unreadable image: {e})")
                    continue
                files.append(File.generated(config, f.src_uri, content=clean))
        self.left_out = left_out
        return env

    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        if not self.serving:
            self._publish_checks(config)
        self._report()

    def _publish_checks(self, config) -> None:
        """Feeds, then the audit of everything in site/ (so the audit reads the feeds too)."""
        published = [e for e in self.entries.values() if e.verdict.publish]
        if self.config.feed_enabled:
            if config.site_url:
                feed.write(Path(config.site_dir), published, config, self.config.feed_limit)
            else:
                log.info("casebook: no site_url in mkdocs.yml, so no feed was written")
        # Defence in depth: whatever the steps above missed, no withheld text may be in site/.
        texts = {f.text for v in self.withheld.values() for f in v.findings}
        # Story titles too (a listing would show one); not a page's title, like "Home",
        # which the nav of every page repeats.
        texts |= {v.story.title for uri, v in self.withheld.items()
                  if v.story.title and uri not in self.pages}
        needles = safety.audit_needles(texts, [e.story.text for e in published])
        site = Path(config.site_dir)
        hits = safety.audit(site, needles, self.theme_files)
        # ... and anything the checker flags in what the site adds around the stories.
        story_pages = {e.file.dest_uri for e in published}
        generated = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*"))
                     if p.suffix == ".html" and p.is_file()]
        # (Feeds hold URLs and dates as metadata, and text only from checked stories.)
        generated = [r for r in generated if r not in story_pages and r not in self.theme_files]
        allow = set(self.config.allow) | set(safety.SITE_CHROME)
        for e in published:
            allow |= set(e.story.pseudonyms) | set(e.story.allow)
        site_check = CheckConfig(allow=tuple(sorted(allow)))
        flagged = safety.audit_generated(
            site, generated, lambda text: check_text(text, "site", site_check))
        hits = [(rel, repr(text)) for rel, text in hits]
        hits += [(rel, f"{f.category} {f.text!r}") for rel, f in flagged]
        if hits:
            # Fail closed: the same text may sit in pages the audit did not read (a footer on
            # every story page), so no part of this site may be published.
            for child in site.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() \
                    else child.unlink()
            listed = "; ".join(f"{rel}: {text}" for rel, text in hits[:20])
            raise PluginError("casebook: the post-build audit found identifying text in the "
                              f"site, so site/ was emptied: {listed}")

    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return context
        entry = self.entries.get(page.file.src_uri)
        if entry:
            context["story"] = entry.story
            context["verdict"] = entry.verdict
            context["disclosure"] = self.config.disclosure
            context["related"] = [self._card(e, page) for e in self._related(entry)]
        spec = self.listings.get(page.file.src_uri)
        if spec:
            context["listing"] = spec
            context["cards"] = [self._card(self.entries[u], page) for u in spec["stories"]]
            context["theme_index"] = [
                dict(t, href=get_relative_url(t["url"], page.url))
                for t in spec.get("themes", [])]
        return context

    def _related(self, entry: Entry) -> list[Entry]:
        """Other published stories, most shared themes first, then the same sector.

        Uses the inverted indexes built in on_files: comparing every story with every other
        made related stories quadratic, the slowest part of a 1,000-story build.
        """
        shared: dict[str, int] = defaultdict(int)
        for theme in {t.casefold() for t in entry.story.themes}:
            for uri in self.by_theme.get(theme, ()):
                shared[uri] += 1
        same_sector = set(self.by_sector.get(entry.story.sector, ())) if entry.story.sector \
            else set()
        candidates = (set(shared) | same_sector) - {entry.file.src_uri}
        ranked = sorted(candidates, key=lambda u: (-shared.get(u, 0), -(u in same_sector),
                                                   self.entries[u].story.title or "", u))
        return [self.entries[u] for u in ranked[:self.config.related_count]]

    def _card(self, entry: Entry, page) -> dict:
        return {"story": entry.story, "href": get_relative_url(entry.url, page.url)}

    def _theme_links(self, page, story) -> dict[str, str]:
        """Links for this story's themes that have a theme page (published stories only)."""
        return {t: get_relative_url(f"themes/{theme_slug(t)}/", page.url)
                for t in story.themes if theme_slug(t) in self.theme_pages}

    def _listing_link(self, kind, page) -> dict | None:
        for spec in LISTINGS:
            if spec["story_kind"] == kind:
                return {"title": spec["title"], "href": get_relative_url(spec["url"], page.url)}
        return None


def _text(value: str) -> str:
    """Escape text that mkdocs-material's templates print without autoescape (page titles)."""
    return str(markupsafe.escape(value))


def _display_path(docs_dir: Path, f: File) -> str:
    """The path a coach recognises: relative to the working directory when possible."""
    try:
        return os.path.relpath(f.abs_src_path)
    except ValueError:  # another drive on Windows
        return str(docs_dir / f.src_uri)
