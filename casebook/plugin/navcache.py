"""mkdocs-material's navigation, rendered once for the pages outside the nav.

Every page carries the site's navigation sidebar (`partials/nav.html`), and a quarter of a
story page's template time went to it. casebook's nav is short (`nav: [index.md]`) and
stories, listings and theme pages are not in it: for such a page, nothing in the nav is
active and no nav item is the page, so the sidebar differs from one page to another only by
its relative links (MkDocs' `url` filter). Those are the same for pages whose links start
from the same folder, so the sidebar is rendered once per such folder and given back to the
others. A page in the nav is always rendered afresh (its item is active).

`theme/partials/nav.html` shadows mkdocs-material's partial and calls `cb_nav()`; the theme's
own partial is still reachable as `cb-theme/partials/nav.html` (the theme folders after
casebook's), which is what is rendered, in the page's own context, on a miss.
"""
from __future__ import annotations

import posixpath
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

PREFIX = "cb-theme"
PARTIAL = "partials/nav.html"
# casebook's own partial says so, and is skipped when the theme's partial is looked for.
MARKER = "cb_nav()"


def theme_loader(theme_dirs: list[str]) -> jinja2.BaseLoader:
    """A loader of the theme's own templates under `cb-theme/`: the theme folders after the
    first whose `partials/nav.html` is casebook's (custom_dir comes first in MkDocs)."""
    dirs = list(theme_dirs)
    for i, d in enumerate(dirs):
        p = Path(d) / PARTIAL
        if p.is_file() and MARKER in p.read_text(encoding="utf-8"):
            dirs = dirs[i + 1:]
            break
    return jinja2.PrefixLoader({PREFIX: jinja2.FileSystemLoader(dirs)})


def _parts(path: str) -> tuple[str, ...]:
    """A path's folders as MkDocs compares them (`utils._norm_parts`): normalised, and no
    higher than the root."""
    path = posixpath.normpath("/" + path)[1:]
    return tuple(path.split("/")) if path else ()


def _base(url: str) -> tuple[tuple[str, ...], bool]:
    """The folder MkDocs makes a page's relative links from (`get_relative_url`: the last
    part is dropped if it has a dot), and whether that folder is the page's own."""
    head, _, last = url.rpartition("/")
    if "." in last:
        return _parts(head), False
    return _parts(url), True


def _targets(nav: Navigation, config) -> list[str]:
    """What the nav partial links to: every nav item, the home page and the logo."""
    out: list[str] = []
    stack = list(nav.items)
    while stack:
        item = stack.pop()
        if isinstance(item, Section):
            stack.extend(item.children)
        elif isinstance(item, (Page, Link)) and item.url:
            out.append(item.url)
    if nav.homepage is not None:
        out.append(nav.homepage.url)
    for extra in (config.extra.get("homepage"), config.theme.get("logo")):
        if isinstance(extra, str):
            out.append(extra)
    return out


class NavCache:
    """The `cb_nav()` template global: the theme's nav partial, rendered once per link
    folder for pages outside the nav (see the module's docstring). One per build."""

    def __init__(self, env: jinja2.Environment, config, nav: Navigation | None) -> None:
        self.env = env
        self.nav = nav
        self.in_nav = {id(p) for p in nav.pages} if nav is not None else set()
        self.targets = [_parts(t) for t in _targets(nav, config)] if nav is not None else []
        self.rendered: dict[tuple, Markup] = {}

    def key(self, page) -> tuple | None:
        """The cache key of a page's sidebar, or None to render it afresh."""
        if not isinstance(page, Page) or self.nav is None or id(page) in self.in_nav:
            return None
        base, own = _base(page.url)
        if not own:
            return (False, base)
        # The page's own folder: its siblings' links match only if no target lies under it.
        if not base or any(t[:len(base)] == base for t in self.targets):
            return None
        return (True, base[:-1])

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context) -> Markup:
        key = self.key(context.get("page"))
        html = self.rendered.get(key) if key is not None else None
        if html is None:
            template = self.env.get_template(posixpath.join(PREFIX, PARTIAL))
            # As `{% include %}` renders it: the including page's whole context.
            html = Markup(template.render(context.get_all()))
            if key is not None:
                self.rendered[key] = html
        return html
