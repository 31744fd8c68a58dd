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

import functools
import logging
import os
import re
from pathlib import Path

import jinja2
import markupsafe
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import facets, site
from ..checker import ResultCache, gazetteers, workers
from ..site import assets, discovery, listings, publish, safety
from ..site.listings import Entry, ListingSpec
from . import explorer, feed, forked, navcache, reuse, watch
from .config import CasebookConfig

log = logging.getLogger("mkdocs.plugins.casebook")

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


class CasebookPlugin(BasePlugin[CasebookConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.dirty = False
        self.previewing = False                      # serve shows withheld stories
        self.settings: site.Settings | None = None
        self.cache: ResultCache | None = None       # kept across `mkdocs serve` rebuilds
        self.env: jinja2.Environment | None = None
        self.dirty = False                           # `mkdocs serve --dirty`
        # Kept across `mkdocs serve` rebuilds: pages an edit did not change, compiled
        # templates, and each story's output file (to remove it once it is gone).
        self.reuse = reuse.PageReuse()
        self.serve_pages = reuse.MemoryPages()
        self.bytecode = reuse.MemoryBytecodeCache()
        self.outputs: dict[str, str] = {}
        self._explorer: tuple | None = None          # (its inputs, files, view)
        self._sources: dict[tuple, discovery.Source] = {}
        self._quiet: logging.Filter | None = None    # MkDocs' "Page skipped", filtered
        self._reset()

    def _reset(self) -> None:
        self.review: site.Review | None = None
        self.entries: dict[str, Entry] = {}          # src_uri -> published (or previewed) story
        self.withheld: dict[str, site.Verdict] = {}  # src_uri -> verdict, out of the build
        self.withheld_urls: set[str] = set()         # their URLs (unlinked, old output removed)
        self.unpublished_count = 0                   # in a preview: stories not published
        self.listings: dict[str, ListingSpec] = {}   # src_uri -> generated page
        self.related: listings.Related | None = None
        self.theme_pages: set[str] = set()           # slugs of the generated theme pages
        self.docs_assets: list[File] = []            # non-Markdown files from docs_dir
        self.theme_files: set[str] = set()           # dest paths of theme assets
        self.theme_sources: dict[str, str] = {}      # their dest path -> the file copied
        self.referenced: set[str] = set()            # site paths the built pages refer to
        self.left_out: list[str] = []                # docs_dir files no published page uses
        self.withheld_assets: list[str] = []         # used, but left out, and why
        self.built: set[str] = set()                 # dest paths this build writes
        self.home: listings.Home | None = None       # the home page's sections
        self.explorer_view: dict | None = None       # the explorer page, rendered at build
        self.search_index: list | None = None        # the search plugin's entries
        self.prereader: publish.Prereader | None = None   # the audit's reading, begun early
        self.releasing = 0          # pages this build writes, when each may be released (0:
                                    # none may; see _release)
        self.released = 0
        self.handovers: list[forked.Handover] = []   # processes rendering pages (on_nav)
        self.nav = None                              # the build's nav (on_nav)
        self.rendered_beside = 0    # pages they render

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, so the
    # result cache survives and an unchanged story is not re-checked.
    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.dirty = dirty
        # A page put back from the last build, or written by the process that rendered it
        # (casebook.plugin.forked), is not written by MkDocs: it is not "skipped".
        self._quiet = reuse.QuietSkips(self.reuse)
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet)

    def on_shutdown(self):
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)

    # MkDocs polls for changes every half second; on a coach's own disk the operating
    # system can say at once that a story was saved (casebook.plugin.watch).
    def on_serve(self, server, *, config, builder):
        if not self.config.enabled:
            return server
        return watch.serve_with(server, self.config.serve_watcher)

    # A preview moves the last build's output aside before MkDocs empties site_dir, so that
    # pages an edit did not change are put back rather than written again (reuse.Kept).
    def on_pre_build(self, *, config):
        if self.config.enabled and self.serving and not self.dirty and self.outputs \
                and os.path.isdir(config.site_dir):
            self.reuse.kept = reuse.Kept(config.site_dir)

    def on_build_error(self, *, error):
        for handover in self.handovers:
            handover.abandon()
        if self.prereader is not None:
            self.prereader.abandon()
        self.reuse.abandon()
        self._discard_kept()

    def _discard_kept(self) -> None:
        if self.reuse.kept is not None:
            self.reuse.kept.discard()
            self.reuse.kept = None

    # ---------------------------------------------------------------- config
    def on_config(self, config):
        if not self.config.enabled:
            return
        self._resolve_settings(config)
        self._resolve_cache()
        self._check_disclosure()
        self._check_preprocessors(config)
        self._resolve_preview(config)
        self._make_template_env(config)

    def _check_preprocessors(self, config) -> None:
        """pymdownx.snippets pulls files into a page after the gate read its source: the
        output check reads what it pulls in, and it may pull only from inside docs_dir
        (never mkdocs.yml, the backup folder, a draft outside the site)."""
        snippets = (config.mdx_configs or {}).get("pymdownx.snippets")
        if snippets is None and "pymdownx.snippets" not in (config.markdown_extensions or []):
            return
        bases = (snippets or {}).get("base_path", ["."])
        bases = [bases] if isinstance(bases, str) else list(bases)
        root = Path(config.config_file_path or ".").resolve().parent
        docs = self.settings.docs_dir
        for base in bases:
            path = (root / base).resolve()
            if path != docs and docs not in path.parents:
                raise PluginError(f"casebook: pymdownx.snippets' base_path '{base}' is "
                                  "outside docs_dir; snippets could pull unchecked files "
                                  "(mkdocs.yml, backups, drafts) into published pages. Set "
                                  "base_path to a folder inside docs_dir.")

    def _resolve_preview(self, config) -> None:
        """`mkdocs serve` previews withheld stories only on this machine: on any other
        address (a colleague's laptop, a phone on the Wi-Fi) they are left out, as in a
        build, unless the coach asks for previews there explicitly."""
        self.previewing = self.serving
        host = str(getattr(config.dev_addr, "host", "127.0.0.1"))
        if self.serving and host not in ("127.0.0.1", "localhost", "::1") \
                and not self.settings.options.preview_on_network:
            self.previewing = False
            log.warning("casebook: mkdocs serve listens on %s, not only on this machine, so "
                        "withheld stories are not previewed (set the plugin option "
                        "'preview_on_network: true' to preview them there)", host)

    def _resolve_settings(self, config) -> None:
        config_file = Path(config.config_file_path).resolve() if config.config_file_path \
            else None
        try:
            self.settings = site.settings.build(config_file, config.docs_dir, config.site_dir,
                                                dict(self.config),
                                                site_url=config.site_url or "",
                                                site_texts=site.settings.site_texts(config))
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
        # the coach's text, and HTML in it must show as text, never run. Kept across
        # `mkdocs serve` rebuilds while the theme's folders are the same: Jinja reloads a
        # template whose file changed, and compiles the others once.
        dirs = list(config.theme.dirs)
        if self.env is not None and self.env.loader.searchpath == dirs:
            return
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(dirs),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["cb_mark"] = safety.mark_text
        self.env.filters["cb_count"] = safety.count_text

    # ---------------------------------------------------------------- files: the gate
    @event_priority(100)  # before other plugins see (and possibly index) withheld pages
    def on_files(self, files: Files, *, config):
        if not self.config.enabled:
            return files
        self._reset()
        markdown = self._resolve_sources(files)
        self._force_rebuild(markdown)
        self._review(markdown)
        self._gate(files, markdown)
        self._resolve_assets(files, config)
        self._generate_listings(files, config)
        self._generate_explorer(files, config)
        self._generate_home(files, config)
        self._generate_unpublished(files, config)
        self._resolve_reuse(files, config)
        self._skip_source_reads(markdown)
        self.releasing = self._pages_to_release(config, files)
        return files

    def _resolve_sources(self, files: Files) -> dict[str, File]:
        return {f.src_uri: f for f in files.documentation_pages(inclusion=InclusionLevel.all)
                if not f.generated_by}

    def _force_rebuild(self, markdown: dict[str, File]) -> None:
        """`--dirty` rebuilds only pages whose source changed, but every page shows other
        stories (the home page's latest, a story's related cards): an old page could show a
        story withheld since. So every page is rebuilt; only static files are skipped."""
        if not self.dirty or self.serving:
            return
        for f in markdown.values():
            dest = Path(f.abs_dest_path)
            if dest.is_file():
                dest.unlink()

    def _review(self, markdown: dict[str, File]) -> None:
        context = (os.getcwd(), self.settings.pages)
        if len(self._sources) > 4 * len(markdown) + 1000:
            self._sources.clear()
        sources = [self._source(uri, f.abs_src_path, context) for uri, f in markdown.items()]
        # A serve rebuild checks in one process: it re-checks only what changed anyway, and
        # forking a process that runs the live-reload server's threads is not safe. Its
        # first build runs before the server starts any thread, so it may use every core.
        rebuild = self.serving and bool(self.outputs)
        self.review = site.review(self.settings, sources=sources, cache=self.cache,
                                  jobs=1 if rebuild else None)

    def _source(self, uri: str, path: str, context: tuple) -> discovery.Source:
        # Kept across `mkdocs serve` rebuilds: a thousand paths made relative to the working
        # folder cost a rebuild a tenth of a second. The folder and `pages:` decide too.
        key = (uri, path, context)
        src = self._sources.get(key)
        if src is None:
            src = self._sources[key] = discovery.Source(
                Path(path), uri, discovery.classify(uri, self.settings),
                discovery.display_path(path))
        return src

    def _gate(self, files: Files, markdown: dict[str, File]) -> None:
        for v in self.review.verdicts:
            f = markdown[v.source.rel]
            if v.publish:
                if not v.is_page:
                    f.inclusion = InclusionLevel.NOT_IN_NAV
            elif self.previewing:
                f.inclusion = InclusionLevel.DRAFT   # previewed in serve, never built
            else:
                # Out of the build itself, not hidden afterwards: no later step (search,
                # sitemap, another plugin) can see a file that is no longer in the list.
                files.remove(f)
                self.withheld[f.src_uri] = v
                self.withheld_urls.add(f.url)
                continue
            if not v.is_page:
                self.entries[f.src_uri] = Entry(v, f.src_uri, f.url)

    def _resolve_assets(self, files: Files, config) -> None:
        docs = os.path.abspath(config.docs_dir)
        self.docs_assets = [f for f in files if not f.is_documentation_page()
                            and not f.generated_by and f.abs_src_path
                            and os.path.abspath(f.abs_src_path).startswith(docs + os.sep)]
        assets = set(map(id, self.docs_assets))
        theme = [f for f in files if not f.generated_by and not f.is_documentation_page()
                 and id(f) not in assets]
        self.theme_files = {f.dest_uri for f in theme}
        self.theme_sources = {f.dest_uri: f.abs_src_path for f in theme if f.abs_src_path}

    def _published(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.verdict.publish]

    def _generate_listings(self, files: Files, config) -> None:
        published = self._published()
        size = self.settings.options.listing_page_size
        specs = listings.listing_pages(published, size) + \
            listings.author_pages(published, self.settings.options.authors, size)
        for spec in specs:
            if files.get_file_from_path(spec.src_uri):
                raise PluginError(f"casebook: {spec.src_uri} exists in docs_dir but the "
                                  "plugin generates that page; remove or rename the file")
            inclusion = InclusionLevel.NOT_IN_NAV if spec.kind in ("theme", "author",
                                                                   "authors") \
                else InclusionLevel.UNDEFINED
            files.append(File.generated(config, spec.src_uri, content=listings.EMPTY_PAGE,
                                        inclusion=inclusion))
            self.listings[spec.src_uri] = spec
        self.theme_pages = {spec.url.split("/")[1] for spec in self.listings.values()
                            if spec.kind == "theme"}
        self.related = listings.Related(published)
        # The authors' photos are shown by templates, not page content: they are used.
        self.referenced |= {a.photo
                            for a in self.settings.options.authors if a.photo}

    def _generate_explorer(self, files: Files, config) -> None:
        if self.config.explorer_enabled:
            published = self._published()
            strict = self.settings.options.vocabulary_strict
            # The explorer shows the published stories' fields only: a serve rebuild after
            # an edit to a story's text finds it as it was.
            key = (strict, [(e.url, e.story.text[:e.story.body_offset]) for e in published])
            if self._explorer is None or self._explorer[0] != key:
                recs = explorer.records(published, strict=strict)
                self._explorer = (key, explorer.files(recs), explorer.view(recs))
            for src_uri, content in self._explorer[1]:
                files.append(File.generated(config, src_uri, content=content))
            self.explorer_view = self._explorer[2]

    def _generate_home(self, files: Files, config) -> None:
        """The home page's sections (featured, outcomes, counts, latest): data for home.html."""
        options = self.settings.options
        strict = options.vocabulary_strict
        self.home = listings.home(
            self._published(), featured=options.featured, latest=options.home_latest,
            sector_of=(lambda s: s.sector) if strict else (lambda s: facets.sector_facet(s.sector)),
            explorer_url="explorer/" if self.config.explorer_enabled else None)
        if self.home.unknown_featured:
            log.info("casebook: 'featured' names no published story: %s",
                     ", ".join(self.home.unknown_featured))

    UNPUBLISHED = "not-published/index.md"

    def _generate_unpublished(self, files: Files, config) -> None:
        """In a preview, one page lists every story that would not be published and why,
        linked from the banner of every page: a coach need not guess a URL."""
        if not self.previewing:
            return
        held = [v for v in self.review.verdicts if not v.publish]
        rows = []
        for v in held:
            entry = self.entries.get(v.source.rel)
            href = get_relative_url(entry.url, "not-published/") if entry else None
            name = markupsafe.escape(v.story.title or v.path)
            link = f'<a href="{markupsafe.escape(href)}">{name}</a>' if href else str(name)
            reasons = "".join(f"<li>{markupsafe.escape(r)}</li>" for r in v.reasons)
            rows.append(f'<li class="cb-unpublished-item">{link} '
                        f'<span class="cb-status">({markupsafe.escape(v.status)})</span>'
                        f"<ul>{reasons}</ul></li>")
        body = (f"<ul class=\"cb-unpublished\">{''.join(rows)}</ul>\n" if rows else
                "<p>Every story would be published.</p>\n")
        files.append(File.generated(config, self.UNPUBLISHED, content=body,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
        self.unpublished_count = len(held)

    def _resolve_reuse(self, files: Files, config) -> None:
        """Rebuild only what changed (see reuse.py): the site's signature is what several
        pages show, each page's key what only it shows. A preview keeps its last build in
        memory, a build in the cache folder. With `mkdocs serve --dirty`, MkDocs itself
        skips pages whose file did not change; when the signature changed, their old
        output is removed so that MkDocs rebuilds every page, and a story that becomes
        withheld (or is deleted) leaves every page at once."""
        changed = self.reuse.begin(self._signature(files, config), self._page_keys(files),
                                   self._page_store(config))
        if not self.serving:
            return
        outputs = {f.src_uri: f.abs_dest_path for f in files.documentation_pages(
            inclusion=InclusionLevel.all)}
        before, self.outputs = self.outputs, outputs
        if self.dirty and changed and before:
            for path in list(outputs.values()) + [p for u, p in before.items()
                                                  if u not in outputs]:
                if os.path.isfile(path):
                    os.remove(path)   # no output: MkDocs sees the page as modified

    def _page_store(self, config):
        """Where the last build's pages are kept: None when no page may be reused (another
        plugin or a Markdown extension that may show more than the page's own source, a
        search plugin shaped unlike the two we know; a build with `--dirty`, which keeps
        old files of its own, or without a cache folder)."""
        if not _known_rendering(config):
            return None
        if self.serving:
            return self.serve_pages
        if self.dirty or not self.settings.cache_dir:
            return None
        return reuse.DiskPages(Path(self.settings.cache_dir) / "pages.sqlite")

    def _signature(self, files: Files, config):
        """What more than one page shows: every story's URL, fields and verdict (cards,
        listings, theme pages, home, explorer), which stories are withheld (links to them
        are unlinked everywhere), the preview banner, the options, mkdocs.yml, the theme's
        own templates, every other page's source (its title may be in the nav), the set
        of files and the size and time of each file from docs_dir; for a build also what
        renders a page (reuse.environment: the resolved configuration, the packages'
        versions, casebook's code)."""
        yield repr(self.settings.options), self.previewing, self.unpublished_count
        yield sorted(self.withheld)
        for uri, e in sorted(self.entries.items()):
            yield uri, e.url, e.verdict.publish, e.story.text[:e.story.body_offset]
        yield sorted((f.src_uri, f.dest_uri) for f in files)
        for f in self.docs_assets:
            yield f.src_uri, _stat(f.abs_src_path)
        for f in files.documentation_pages(inclusion=InclusionLevel.all):
            if f.src_uri not in self.entries and f.abs_src_path and not f.generated_by:
                yield f.src_uri, _read_bytes(f.abs_src_path)
        if config.config_file_path:
            yield _read_bytes(config.config_file_path)
        if not self.serving:
            yield from reuse.environment(config)
        custom = getattr(config.theme, "custom_dir", None)
        if custom and os.path.isdir(custom):
            for root, _, names in sorted(os.walk(custom)):
                for name in sorted(names):
                    path = os.path.join(root, name)
                    yield path, os.stat(path).st_mtime_ns

    def _page_keys(self, files: Files) -> dict[str, tuple]:
        """What only one page shows: a story's whole source and its verdict (a preview marks
        its findings), a listing's spec, a generated page's content. Every other page (the
        home page, an about page, the explorer) shows only what the signature holds (its
        source, every published story's fields, the options), so it is rebuilt when that
        changes and not after an edit to a story's text."""
        keys: dict[str, tuple] = {}
        for uri, e in self.entries.items():
            v = e.verdict
            keys[uri] = (e.story.text, v.status, tuple(v.reasons),
                         tuple((f.start, f.end, f.category, f.text) for f in v.findings))
        for uri, spec in self.listings.items():
            keys[uri] = (repr(spec),)
        for f in files.documentation_pages(inclusion=InclusionLevel.all):
            if f.src_uri not in keys:
                keys[f.src_uri] = ("page", f.content_string if f.generated_by else None)
        return keys

    def _skip_source_reads(self, markdown: dict[str, File]) -> None:
        """A story's page is rendered from the review's parse (on_page_markdown), so MkDocs
        need not read and parse its file again. Not with `--dirty`: MkDocs would then take
        every story as modified."""
        if self.dirty:
            return
        for uri in self.entries:
            markdown[uri].content_string = ""

    # ---------------------------------------------------------------- rendering beside
    # After every other plugin's on_nav: the files, the nav, every verdict and listing are
    # final, and no page has been read yet (see casebook.plugin.forked for why a page
    # rendered in another process is the page this one would have rendered).
    @event_priority(-100)
    def on_nav(self, nav, *, config, files):
        self.nav = nav
        if self.config.enabled:
            self._start_rendering_beside(nav, config, files)
        return nav

    def _start_rendering_beside(self, nav, config, files: Files) -> None:
        jobs = forked.jobs_for(self.settings.options.render_jobs)
        if self.serving or self.dirty or jobs < 2 or not _known_rendering(config):
            return
        # A page in the nav shows its title on every page: rendered here, as are pages
        # given back from the last build.
        in_nav = {p.file.src_uri for p in nav.pages}
        uris = [f.src_uri for f in files.documentation_pages()
                if f.src_uri not in in_nav and not self.reuse.would_reuse(f.src_uri)]
        if len(uris) < forked.THRESHOLD:
            return
        # Every child is forked before any page is promised: none inherits a promise.
        render = functools.partial(self._render_beside, config, files, nav)
        handovers = [h for h in (forked.start(render, share, {
            u: files.get_file_from_path(u).abs_dest_path for u in share})
            for share in forked.shares(uris, jobs)) if h is not None]
        self.handovers = handovers
        for handover in handovers:
            self.reuse.promise(handover.uris, handover, files)
            self.rendered_beside += len(handover.uris)

    def _render_beside(self, config, files: Files, nav, send, uris: list[str]) -> None:
        """In the forked process: MkDocs' own page steps for `uris`, each page's file written
        to site_dir, then the page handed over as the page store keeps it."""
        logs = forked.collect_logs()
        # The parent's page store stays referenced, never used: its database connection
        # belongs to the parent, and closing it here would roll back the parent's writes.
        self._parents_store = self.reuse.store
        self.handovers = []
        outbox = self.reuse.store = reuse.Outbox()
        uri = "(the nav's pages)"
        try:
            for page in nav.pages:          # their titles show in every page's nav
                mkdocs_build._populate_page(page, config, files)
            logs.take()                     # this process logs them, not the child
            pages = []
            for uri in uris:
                f = files.get_file_from_path(uri)
                page = f.page or Page(None, f, config)
                mkdocs_build._populate_page(page, config, files)
                pages.append(page)
            send(("referenced", sorted(self.referenced), logs.take()))
            uri = "(the templates)"
            env = config.theme.get_env()
            self._prepare_env(env, config)
            # Each page's file is written here, by MkDocs, as the parent would write it:
            # creating a folder and a file costs the parent more than taking the record.
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            for page in pages:
                uri = page.file.src_uri
                mkdocs_build._build_page(page, config, doc_files, nav, env)
                saved = outbox.take(uri)
                if saved is None:
                    raise RuntimeError("no output was kept")
                send(("page", (uri, saved), logs.take()))
                # Handed over with the page: this process never writes the search index.
                if self.search_index is not None:
                    self.search_index.clear()
        except Exception as e:                  # noqa: BLE001 (handed over as the error)
            send(("error", f"{uri}: {e}", logs.take()))

    # ---------------------------------------------------------------- pages
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return markdown
        uri = page.file.src_uri
        if self.reuse.promised(uri):
            return self.reuse.await_page(page)
        saved = self.reuse.take(uri)
        if saved:
            return self.reuse.read_meta(page, saved)
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
        elif uri == self.UNPUBLISHED and self.previewing:
            page.meta = {"title": "Not yet published", "search": {"exclude": True}}
            return markdown
        return _HTML_COMMENT.sub("", safety.unlink_withheld(markdown, uri, set(self.withheld)))

    def _render_story_markdown(self, page, entry: Entry) -> str:
        s = entry.story
        # Our strict parse replaces MkDocs' lenient one: MkDocs would have rendered a
        # broken front-matter block as text.
        title = s.title or s.slug
        if not entry.verdict.publish:
            # A preview: its search result and its tab say it is not published.
            title = f"[Not published] {title}"
        # A story's title weighs more in search than a word of its text (material's boost).
        page.meta = {"title": _text(title), "template": "story.html",
                     "description": _text(s.summary or ""), "search": {"boost": 2}}
        body = s.body
        if self.serving and entry.verdict.findings:
            body = safety.highlight(s.text, s.body_offset, entry.verdict.findings)
        body = safety.unlink_withheld(body, page.file.src_uri, set(self.withheld))
        # A coach's HTML comment is a note to self: never copy it into the page.
        return _HTML_COMMENT.sub("", body)

    def on_page_content(self, html, *, page, config, files):
        if not self.config.enabled:
            return html
        if self.reuse.promised(page.file.src_uri):
            return ""                 # rendered beside (see on_nav)
        saved = self.reuse.reused(page.file.src_uri)
        if saved:
            self.referenced |= self.reuse.referenced(page.file.src_uri)
            return self.reuse.content(page, saved)
        if self.releasing:
            page.markdown = None      # rendered: no later step reads it (see _release)
        html = safety.plain_withheld_links(html)
        html = safety.unlink_urls(html, page.url, self.withheld_urls,
                                  self.settings.site_url)
        referenced = safety.referenced_paths(html, page.url)
        self.reuse.note_referenced(page.file.src_uri, referenced)
        self.referenced |= referenced
        entry = self.entries.get(page.file.src_uri)
        if not entry:
            return html
        # The header card goes into the page content, not only the template, so that the
        # search index holds the role, sector, summary, goal and outcomes too.
        # In a preview, what the checker found in the fields is marked in the card too.
        marks = sorted({f.text for f in entry.verdict.findings
                        if f.start < entry.story.body_offset}, key=len, reverse=True) \
            if self.serving else []
        header = self.env.get_template("partials/casebook/story-header.html").render(
            story=entry.story, verdict=entry.verdict, serving=self.serving, marks=marks,
            theme_links=self._theme_links(page, entry.story),
            author=self._author(entry.story.author, page),
            listing_link=self._listing_link(entry.story.kind, page))
        return header + html

    @event_priority(50)  # before the search plugin indexes the page (see reuse.py)
    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return context
        self.reuse.before_context(page, self.search_index)   # a page rendered beside, too
        if self.reuse.reused(page.file.src_uri):
            return context
        if self.previewing and self.unpublished_count:
            context["cb_unpublished"] = {
                "count": self.unpublished_count,
                "href": get_relative_url("not-published/", page.url)}
        entry = self.entries.get(page.file.src_uri)
        if entry:
            context["story"] = entry.story
            context["verdict"] = entry.verdict
            context["disclosure"] = self.settings.options.disclosure
            context["cb_author"] = self._author(entry.story.author, page)
            context["related"] = [self._card(e, page) for e in
                                  self.related.of(entry, self.settings.options.related_count)]
            options = self.settings.options
            if options.cta_text.strip():
                context["cta"] = {"text": options.cta_text, "href": _link(options.cta_link,
                                                                          page)}
        spec = self.listings.get(page.file.src_uri)
        if spec:
            context["listing"] = spec
            if spec.author:
                context["cb_author"] = self._author(spec.author, page)
            context["author_index"] = [
                {"name": a.name, "count": a.count, "href": get_relative_url(a.url, page.url),
                 "author": self._author(a.slug, page)} for a in spec.authors]
            context["cards"] = [self._card(self.entries[u], page) for u in spec.stories]
            context["theme_index"] = [
                {"name": t.name, "slug": t.slug, "count": t.count,
                 "href": get_relative_url(t.url, page.url)} for t in spec.themes]
            context["pager"] = [{"n": n, "href": get_relative_url(url, page.url),
                                 "current": n == spec.page}
                                for n, url in enumerate(spec.pages, start=1)]
            first = (spec.page - 1) * self.settings.options.listing_page_size + 1
            context["shown"] = (first, first + len(spec.stories) - 1)
        if page.is_homepage and self.home:
            context["cb_home"] = self._home_context(page)
        if page.file.src_uri == explorer.PAGE and self.explorer_view:
            view = self.explorer_view
            context["explorer"] = {**view, "cards": [
                {**c, "href": get_relative_url(c["url"], page.url)} for c in view["cards"]]}
        return context

    def _home_context(self, page) -> dict:
        h = self.home

        def rel(url: str) -> str:
            path, sep, query = url.partition("?")
            return get_relative_url(path, page.url) + sep + query if url else ""
        return {"featured": [self._card(e, page) for e in h.featured],
                "outcomes": [self._card(e, page) for e in h.outcomes],
                "latest": [self._card(e, page) for e in h.latest],
                "themes": [{"name": c.name, "count": c.count, "href": rel(c.url)}
                           for c in h.themes],
                "sectors": [{"name": c.name, "count": c.count, "href": rel(c.url)}
                            for c in h.sectors],
                "kinds": [{"name": c.name, "count": c.count, "href": rel(c.url)}
                          for c in h.kinds],
                "total": h.total, "theme_total": h.theme_total, "themes_href": rel("themes/"),
                "explorer_href": rel("explorer/") if self.config.explorer_enabled else "",
                "more_href": rel(h.kinds[0].url) if h.kinds else ""}

    def _card(self, entry: Entry, page) -> dict:
        return {"story": entry.story, "href": get_relative_url(entry.url, page.url),
                "author": self._author(entry.story.author, page)}

    def _author(self, key: str | None, page) -> dict | None:
        """A declared author as templates show them: name, bio, their page and photo
        (relative to the page), and their page's full address (structured data)."""
        author = self.settings.authors.get(key) if key else None
        if author is None:
            return None
        url = f"authors/{author.key}/"
        photo = author.photo
        site_url = self.settings.site_url
        return {"key": author.key, "name": author.name, "bio": author.bio,
                "href": get_relative_url(url, page.url),
                "photo": get_relative_url(photo, page.url) if photo else "",
                "url": (site_url.rstrip("/") + "/" + url) if site_url else ""}

    def _theme_links(self, page, story) -> dict[str, str]:
        """Links for this story's themes that have a theme page (published stories only)."""
        return {t: get_relative_url(f"themes/{listings.theme_slug(t)}/", page.url)
                for t in story.themes if listings.theme_slug(t) in self.theme_pages}

    def _listing_link(self, kind, page) -> dict | None:
        spec = listings.listing_for_kind(kind)
        return {"title": spec.title, "href": get_relative_url(spec.url, page.url)} \
            if spec else None

    _DRAFT_MARKER = re.compile(r'<div class="mkdocs-draft-marker"[^>]*>DRAFT</div>')

    @event_priority(-100)  # after every other plugin: what is kept is what is written
    def on_post_page(self, output, *, page, config):
        """MkDocs marks every page left out of the build "DRAFT"; a withheld story that is
        not a draft is marked by its own banner instead (it is not a draft)."""
        if not self.config.enabled:
            return output
        reused = self.reuse.reused(page.file.src_uri) is not None
        from_last_build = self.reuse.from_last_build(page.file.src_uri)
        if self.serving and not reused:
            entry = self.entries.get(page.file.src_uri)
            if entry and not entry.verdict.publish and not entry.story.draft:
                output = self._DRAFT_MARKER.sub("", output, count=1)
        output = self.reuse.output(page, output, self.search_index)
        # A page given back from the last build was read by its audit: nothing to begin.
        if self.prereader is not None and not from_last_build and (
                output.strip() or self.reuse.written_beside(page.file.src_uri)):
            self.prereader.page(page.file.dest_uri)
        self._release(page)
        return output

    def _release(self, page) -> None:
        """A build's page is rendered: MkDocs writes `output` and needs no more of it than
        its links and anchors (validated after the last page). Its Markdown, HTML and table
        of contents would otherwise stay to the end of the build: at 10,000 stories, a
        hundred MB. Only in a build (a preview keeps its pages) and only with plugins that
        read no page after it is written (`self.releasing`, see on_env); freed memory is
        given back to the system now and then (`workers.trim`), before the search plugin
        writes its index."""
        if not self.releasing:
            return
        page.markdown, page.content = None, None
        page.toc = reuse.EMPTY_TOC
        self.released += 1
        if self.released % 1000 == 0 or self.released == self.releasing:
            workers.trim()

    # ---------------------------------------------------------------- assets
    # on_env runs after every page is rendered and before static files are copied: the one
    # moment at which we know which assets published pages use.
    def on_env(self, env, *, config, files):
        if not self.config.enabled:
            self._resolve_nav(env, config)      # casebook's nav partial calls it regardless
            return env
        self._prepare_env(env, config)
        if self.serving:
            return env
        # What the pages rendered beside refer to: known once their Markdown is converted.
        for handover in self.handovers:
            self.referenced |= handover.referenced()
        self.built = {f.dest_uri for f in files}
        if self.releasing:
            self.releasing = self._pages_to_release(config, files)
        self._start_prereading(config)
        keep = set(self.referenced) | {u.lstrip("/") for u in
                                       list(config.extra_css) + [str(j) for j in
                                                                 config.extra_javascript]}
        check_config = self._asset_check_config()
        for f in self.docs_assets:
            if f.dest_uri not in keep:
                files.remove(f)
                self.left_out.append(f.src_uri)
                continue
            self._publish_asset(files, config, f, check_config)
        return env

    def _prepare_env(self, env, config) -> None:
        self._resolve_templates(env)
        self._resolve_nav(env, config)
        # Counts and page numbers the templates print: "1,957", which no reader (and no
        # audit) takes for a year, as "Stories 1957–1968" would be.
        env.filters["cb_count"] = safety.count_text
        self.search_index = reuse.search_entries(config.plugins)

    def _pages_to_release(self, config, files) -> int:
        """How many pages this build renders, when each may be released once written (0:
        none may). Not with a plugin casebook does not know: it might read pages after they
        are written (a blog, a feed, a PDF export). The search plugin reads a page in
        on_page_context; casebook's on_post_build reads site/ and the stories, never pages."""
        if self.serving or not set(config.plugins) <= reuse.KNOWN_PLUGINS:
            return 0
        return max(1, len(files.documentation_pages()))

    def _start_prereading(self, config) -> None:
        """A build renders its pages on one core: the audit's reading of each page starts on
        the other as soon as the page is written (publish.Prereader)."""
        self.prereader = publish.Prereader(self.settings, Path(config.site_dir),
                                           list(self.withheld.values()),
                                           self._published(), self._story_pages(),
                                           self.theme_files)

    def _story_pages(self) -> dict[str, Entry]:
        return {self._dest(e): e for e in self._published()}

    def _resolve_templates(self, env) -> None:
        """MkDocs makes a new Jinja environment for every build, which compiles every
        template again: compiled templates are kept (in memory across `mkdocs serve`
        rebuilds; for builds, in the cache folder and in the per-user store, where a fresh
        clone or an emptied cache finds them too: compiling the theme's templates cost a
        cold build about 0.7 CPU s, in each process that renders pages). Jinja checks each
        template's source, so an edited template is compiled afresh. Reused pages (whose
        output is kept) are rendered with an empty template."""
        env.loader = reuse.loader(env)
        if self.serving:
            env.bytecode_cache = self.bytecode
            return
        folders = [Path(self.settings.cache_dir) / "templates"] if self.settings.cache_dir \
            else []
        folders += [f for f in [gazetteers.user_folder("templates")] if f is not None]
        if folders:
            env.bytecode_cache = reuse.FolderBytecodeCache(folders)

    def _resolve_nav(self, env, config) -> None:
        """The nav sidebar, rendered once per link folder for pages outside the nav (see
        casebook.plugin.navcache): the theme's own partial under `cb-theme/`, and the
        `cb_nav()` that casebook's partial calls."""
        env.loader = jinja2.ChoiceLoader([env.loader,
                                          navcache.theme_loader(config.theme.dirs)])
        env.globals["cb_nav"] = navcache.NavCache(env, config, self.nav)

    def _asset_check_config(self):
        allow = set(self.settings.options.allow)
        for e in self._published():
            allow |= set(e.story.pseudonyms) | set(e.story.allow)
        return self.settings.check_config(allow=tuple(sorted(allow)))

    def _publish_asset(self, files: Files, config, f: File, check_config) -> None:
        verdict = assets.judge(Path(f.abs_src_path), f.src_uri, self.settings, check_config)
        if not verdict.copy:
            files.remove(f)
            self.withheld_assets.append(f"{f.src_uri}: it {verdict.reason}")
        elif verdict.data is not None:      # an image, re-saved without its metadata
            files.remove(f)
            files.append(File.generated(config, f.src_uri, content=verdict.data))

    # ---------------------------------------------------------------- after the build
    # After every other plugin's on_post_build, even one that asks to be last: the audit
    # judges site/ as it will be published, with what they write there at the end (the
    # search index, redirect pages, a hook's files); run before them, it would not see it.
    @event_priority(-1000)
    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        for handover in self.handovers:
            handover.finish()
        self.reuse.pause()
        if not self.serving:
            self._remove_stale_output(config)
            self._write_feeds(config)
            self._audit_site(config)
        # Only now: a build whose audit failed keeps nothing for the next one.
        self.reuse.finish()
        self._discard_kept()
        self._report()

    def _remove_stale_output(self, config) -> None:
        """`mkdocs build --dirty` keeps old files: a story withheld since the last build
        (consent withdrawn) must not stay in site/ under its old URL."""
        site_dir = Path(config.site_dir).resolve()
        # Pages of an earlier build that this one did not write (a theme page whose only
        # story was withheld since) are stale: they may show what is withheld now. Only a
        # `--dirty` build keeps them: otherwise MkDocs emptied site/ first, and a page
        # this build did not write is another plugin's (a redirect), audited as any page.
        if self.dirty:
            for rel in safety.site_files(site_dir):
                if rel.endswith(".html") and rel not in self.built:
                    (site_dir / rel).unlink()
        for url in self.withheld_urls:
            # the page file only: a folder URL may hold other, published pages
            target = (site_dir / (url + "index.html" if url.endswith("/") or not url
                                  else url)).resolve()
            if site_dir in target.parents and target.is_file():
                target.unlink()

    def _write_feeds(self, config) -> None:
        if not self.config.feed_enabled:
            return
        if config.site_url:
            feed.write(Path(config.site_dir), self._published(), config, self.config.feed_limit,
                       authors=self.settings.authors)
        else:
            log.info("casebook: no site_url in mkdocs.yml, so no feed was written")

    def _audit_site(self, config) -> None:
        """Defence in depth, after the feeds so that the audit reads them too."""
        site_dir = Path(config.site_dir)
        prereader, self.prereader = self.prereader, None
        # A theme asset holds no story text, so it is not read: only while it is the very
        # file the theme has (a plugin may have rewritten it since MkDocs copied it).
        theme = safety.unchanged_copies(site_dir, self.theme_sources)
        hits = publish.audit_site(self.settings, site_dir, list(self.withheld.values()),
                                  self._published(), self._story_pages(), theme,
                                  prereader=prereader)
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
        if self.rendered_beside:
            log.info("casebook: %s page(s) rendered beside this process",
                     safety.count_text(self.rendered_beside))
        if self.reuse.reused_count and not self.serving:
            log.info("casebook: %s unchanged page(s) given back from the last build",
                     safety.count_text(self.reuse.reused_count))
        for line in self.withheld_assets:
            # A warning: a page links a file that could not be published (strict fails).
            log.warning("casebook: left out %s", line)
        for v in self.review.verdicts:
            # INFO, not WARNING: guidance must not fail `mkdocs build --strict`.
            for w in v.warnings:
                log.info("casebook: warning: %s", w)
        for v in self.review.withheld:
            # A warning, so that `mkdocs build --strict` fails on any withheld story; a
            # draft is work in progress, reported at INFO unless `drafts_fail` is set.
            if v.draft_only and not self.config.drafts_fail:
                log.info("\n".join(site.report_lines(v)))
            else:
                log.warning("\n".join(site.report_lines(v)))


def _known_rendering(config) -> bool:
    """Whether every plugin and Markdown extension is one whose output for a page depends
    only on that page and on what the site's signature holds (see reuse.py), with a search
    plugin shaped as one of the two we know."""
    return set(config.plugins) <= reuse.KNOWN_PLUGINS and all(
        isinstance(e, str) and e in reuse.KNOWN_EXTENSIONS
        for e in config.markdown_extensions or []) and (
        reuse.search_entries(config.plugins) is not None
        or not {"search", "material/search"} & set(config.plugins))


def _link(target: str, page) -> str:
    """A link from an option: a site path ('contact/') made relative to the page; an address
    with a scheme (https:, mailto:) or an anchor as written."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target, re.I):
        return target
    return get_relative_url(target.lstrip("/"), page.url)


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return st.st_size, st.st_mtime_ns


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def _text(value: str) -> str:
    """Escape text that mkdocs-material's templates print without autoescape (page titles)."""
    return str(markupsafe.escape(value))
