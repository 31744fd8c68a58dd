"""The casebook MkDocs plugin: a thin adapter from MkDocs' events to the site pipeline.

Policy lives in `casebook.site` (settings, discovery, review, listings, the publish audit);
this module only maps it onto MkDocs' files, pages and templates. Each event is a short list
of named steps.

Withheld stories (invalid, draft, no consent, or with checker findings) are removed from the
build's file list in `on_files`, before MkDocs reads them: they never reach a page, a listing,
the search index or the sitemap. `mkdocs serve` keeps them as previews, marked as not
publishable, so a coach can see what blocks a story.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import jinja2
import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from .. import site
from ..checker import ResultCache
from ..site import discovery, listings, publish, safety
from ..site.listings import Entry, ListingSpec
from . import explorer, feed
from .config import CasebookConfig

log = logging.getLogger("mkdocs.plugins.casebook")

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


class CasebookPlugin(BasePlugin[CasebookConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.settings: site.Settings | None = None
        self.cache: ResultCache | None = None       # kept across `mkdocs serve` rebuilds
        self.env: jinja2.Environment | None = None
        self.dirty = False                           # `mkdocs serve --dirty`
        self.shown: dict[str, tuple] | None = None   # what other pages show of each story
        self._reset()

    def _reset(self) -> None:
        self.review: site.Review | None = None
        self.entries: dict[str, Entry] = {}          # src_uri -> published (or previewed) story
        self.withheld: dict[str, site.Verdict] = {}  # src_uri -> verdict, out of the build
        self.listings: dict[str, ListingSpec] = {}   # src_uri -> generated page
        self.related: listings.Related | None = None
        self.theme_pages: set[str] = set()           # slugs of the generated theme pages
        self.docs_assets: list[File] = []            # non-Markdown files from docs_dir
        self.theme_files: set[str] = set()           # dest paths of theme assets
        self.referenced: set[str] = set()            # site paths the built pages refer to
        self.left_out: list[str] = []                # docs_dir files no published page uses

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, so the
    # result cache survives and an unchanged story is not re-checked.
    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.dirty = dirty

    # ---------------------------------------------------------------- config
    def on_config(self, config):
        if not self.config.enabled:
            return
        self._resolve_settings(config)
        self._resolve_cache()
        self._check_disclosure()
        self._make_template_env(config)

    def _resolve_settings(self, config) -> None:
        config_file = Path(config.config_file_path).resolve() if config.config_file_path \
            else None
        try:
            self.settings = site.settings.build(config_file, config.docs_dir, config.site_dir,
                                                dict(self.config))
        except site.SettingsError as e:
            raise PluginError(f"casebook: {e}") from None

    def _resolve_cache(self) -> None:
        directory = self.settings.cache_dir
        if self.cache is None or self.cache.directory != directory:
            self.cache = ResultCache(directory)

    def _check_disclosure(self) -> None:
        try:
            site.check_disclosure(self.settings, self.cache)
        except site.SettingsError as e:
            raise PluginError(f"casebook: {e}") from None

    def _make_template_env(self, config) -> None:
        # Our own environment for story partials, autoescape on: every front-matter value is
        # the coach's text, and HTML in it must show as text, never run.
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(config.theme.dirs),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True)

    # ---------------------------------------------------------------- files: the gate
    @event_priority(100)  # before other plugins see (and possibly index) withheld pages
    def on_files(self, files: Files, *, config):
        if not self.config.enabled:
            return files
        self._reset()
        markdown = self._resolve_sources(files)
        self._review(markdown)
        self._gate(files, markdown)
        self._resolve_assets(files, config)
        self._generate_listings(files, config)
        self._generate_explorer(files, config)
        self._dirty_reload(files, config)
        return files

    def _resolve_sources(self, files: Files) -> dict[str, File]:
        return {f.src_uri: f for f in files.documentation_pages(inclusion=InclusionLevel.all)
                if not f.generated_by}

    def _review(self, markdown: dict[str, File]) -> None:
        sources = [discovery.Source(Path(f.abs_src_path), uri,
                                    discovery.classify(uri, self.settings),
                                    discovery.display_path(f.abs_src_path))
                   for uri, f in markdown.items()]
        # In serve, one process: rebuilds re-check only what changed anyway, and forking a
        # process that runs the live-reload server's threads is not safe.
        self.review = site.review(self.settings, sources=sources, cache=self.cache,
                                  jobs=1 if self.serving else None)

    def _gate(self, files: Files, markdown: dict[str, File]) -> None:
        for v in self.review.verdicts:
            f = markdown[v.source.rel]
            if v.publish:
                if not v.is_page:
                    f.inclusion = InclusionLevel.NOT_IN_NAV
            elif self.serving:
                f.inclusion = InclusionLevel.DRAFT   # previewed in serve, never built
            else:
                # Out of the build itself, not hidden afterwards: no later step (search,
                # sitemap, another plugin) can see a file that is no longer in the list.
                files.remove(f)
                self.withheld[f.src_uri] = v
                continue
            if not v.is_page:
                self.entries[f.src_uri] = Entry(v, f.src_uri, f.url)

    def _resolve_assets(self, files: Files, config) -> None:
        docs = os.path.abspath(config.docs_dir)
        self.docs_assets = [f for f in files if not f.is_documentation_page()
                            and not f.generated_by and f.abs_src_path
                            and os.path.abspath(f.abs_src_path).startswith(docs + os.sep)]
        assets = set(map(id, self.docs_assets))
        self.theme_files = {f.dest_uri for f in files if not f.generated_by
                            and not f.is_documentation_page() and id(f) not in assets}

    def _published(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.verdict.publish]

    def _generate_listings(self, files: Files, config) -> None:
        published = self._published()
        for spec in listings.listing_pages(published):
            if files.get_file_from_path(spec.src_uri):
                raise PluginError(f"casebook: {spec.src_uri} exists in docs_dir but the "
                                  "plugin generates that page; remove or rename the file")
            inclusion = InclusionLevel.NOT_IN_NAV if spec.kind == "theme" \
                else InclusionLevel.UNDEFINED
            files.append(File.generated(config, spec.src_uri, content=listings.EMPTY_PAGE,
                                        inclusion=inclusion))
            self.listings[spec.src_uri] = spec
        self.theme_pages = {spec.url.split("/")[1] for spec in self.listings.values()
                            if spec.kind == "theme"}
        self.related = listings.Related(published)

    def _generate_explorer(self, files: Files, config) -> None:
        if self.config.explorer_enabled:
            for src_uri, content in explorer.files(
                    self._published(), strict=self.settings.options.vocabulary_strict):
                files.append(File.generated(config, src_uri, content=content))

    def _dirty_reload(self, files: Files, config) -> None:
        """`mkdocs serve --dirty` rebuilds only pages whose source changed (and the generated
        listings, theme pages and explorer, always). When what other pages show of a story
        changed (whether it is published, its card, its themes, its URL), every page is
        rebuilt, so that a story that becomes withheld leaves every page at once; the page
        of a story that is gone is removed."""
        if not (self.serving and self.dirty):
            return
        shown = {uri: _shown(e) for uri, e in self.entries.items()}
        shown[""] = (repr(self.settings.options), config.config_file_path and
                     os.path.getmtime(config.config_file_path))   # mkdocs.yml edited
        before, self.shown = self.shown, shown
        if before is None or shown == before:
            return
        outputs = [f.abs_dest_path for f in files.documentation_pages(
            inclusion=InclusionLevel.all)]
        outputs += [os.path.join(config.site_dir, _dest_of(before[uri][1]))
                    for uri in before if uri and uri not in shown]
        for path in outputs:
            if os.path.isfile(path):
                os.remove(path)   # no output: MkDocs sees the page as modified

    # ---------------------------------------------------------------- pages
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return markdown
        uri = page.file.src_uri
        entry = self.entries.get(uri)
        if entry:
            return self._render_story_markdown(page, entry)
        spec = self.listings.get(uri)
        if spec:
            page.meta = {"title": _text(spec.title), "template": "listing.html",
                         "search": {"exclude": True}}
        elif uri == explorer.PAGE:
            page.meta = {"title": "Story explorer", "template": "explorer.html",
                         "search": {"exclude": True}, "hide": ["navigation", "toc"]}
        return _HTML_COMMENT.sub("", safety.unlink_withheld(markdown, uri, set(self.withheld)))

    def _render_story_markdown(self, page, entry: Entry) -> str:
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

    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return context
        entry = self.entries.get(page.file.src_uri)
        if entry:
            context["story"] = entry.story
            context["verdict"] = entry.verdict
            context["disclosure"] = self.settings.options.disclosure
            context["related"] = [self._card(e, page) for e in
                                  self.related.of(entry, self.settings.options.related_count)]
        spec = self.listings.get(page.file.src_uri)
        if spec:
            context["listing"] = spec
            context["cards"] = [self._card(self.entries[u], page) for u in spec.stories]
            context["theme_index"] = [
                {"name": t.name, "slug": t.slug, "count": t.count,
                 "href": get_relative_url(t.url, page.url)} for t in spec.themes]
        return context

    def _card(self, entry: Entry, page) -> dict:
        return {"story": entry.story, "href": get_relative_url(entry.url, page.url)}

    def _theme_links(self, page, story) -> dict[str, str]:
        """Links for this story's themes that have a theme page (published stories only)."""
        return {t: get_relative_url(f"themes/{listings.theme_slug(t)}/", page.url)
                for t in story.themes if listings.theme_slug(t) in self.theme_pages}

    def _listing_link(self, kind, page) -> dict | None:
        spec = listings.listing_for_kind(kind)
        return {"title": spec.title, "href": get_relative_url(spec.url, page.url)} \
            if spec else None

    # ---------------------------------------------------------------- assets
    # on_env runs after every page is rendered and before static files are copied: the one
    # moment at which we know which assets published pages use.
    def on_env(self, env, *, config, files):
        if not self.config.enabled or self.serving:
            return env
        keep = set(self.referenced) | {u.lstrip("/") for u in
                                       list(config.extra_css) + [str(j) for j in
                                                                 config.extra_javascript]}
        for f in self.docs_assets:
            if f.dest_uri not in keep:
                files.remove(f)
                self.left_out.append(f.src_uri)
            elif os.path.splitext(f.src_uri)[1].lower() in safety.IMAGE_SUFFIXES:
                self._republish_image(files, config, f)
        return env

    def _republish_image(self, files: Files, config, f: File) -> None:
        files.remove(f)
        try:
            clean = safety.strip_image_metadata(Path(f.abs_src_path).read_bytes())
        except Exception as e:  # a corrupt image is left out, never copied as is
            self.left_out.append(f"{f.src_uri} (unreadable image: {e})")
            return
        files.append(File.generated(config, f.src_uri, content=clean))

    # ---------------------------------------------------------------- after the build
    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        if not self.serving:
            self._write_feeds(config)
            self._audit_site(config)
        self._report()

    def _write_feeds(self, config) -> None:
        if not self.config.feed_enabled:
            return
        if config.site_url:
            feed.write(Path(config.site_dir), self._published(), config, self.config.feed_limit)
        else:
            log.info("casebook: no site_url in mkdocs.yml, so no feed was written")

    def _audit_site(self, config) -> None:
        """Defence in depth, after the feeds so that the audit reads them too."""
        site_dir = Path(config.site_dir)
        story_pages = {self._dest(e) for e in self._published()}
        hits = publish.audit_site(self.settings, site_dir, list(self.withheld.values()),
                                  self._published(), story_pages, self.theme_files)
        if hits:
            publish.empty_site(site_dir)
            listed = "; ".join(str(h) for h in hits[:20])
            raise PluginError("casebook: the post-build audit found identifying text in the "
                              f"site, so site/ was emptied: {listed}")

    def _dest(self, entry: Entry) -> str:
        url = entry.url
        return url + "index.html" if url.endswith("/") or not url else url

    def _report(self) -> None:
        """The build's last words: what was published, what was withheld and why."""
        if self.left_out:
            log.info("casebook: left out %d file(s) that no published page uses: %s",
                     len(self.left_out), ", ".join(self.left_out))
        log.info(self.review.summary())
        for v in self.review.verdicts:
            # INFO, not WARNING: guidance must not fail `mkdocs build --strict`.
            for w in v.warnings:
                log.info("casebook: warning: %s", w)
        for v in self.review.withheld:
            # A warning, so that `mkdocs build --strict` fails on any withheld story.
            log.warning("\n".join(site.report_lines(v)))


def _dest_of(url: str) -> str:
    return url + "index.html" if url.endswith("/") or not url else url


def _shown(entry: Entry) -> tuple:
    """What pages other than its own show of a story: listing and related cards, theme
    pages, links to it."""
    s = entry.story
    return (entry.verdict.publish, entry.url, s.kind, s.title, s.who, s.summary, s.headline,
            tuple(s.themes), s.sector, str(s.date))


def _text(value: str) -> str:
    """Escape text that mkdocs-material's templates print without autoescape (page titles)."""
    return str(markupsafe.escape(value))
