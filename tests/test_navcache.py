"""The nav sidebar rendered once per link folder (casebook.plugin.navcache).

Unit tables for the cache key (which pages may share a sidebar), the cache itself on a small
Jinja environment (one render per key, a page in the nav always afresh), the loader that
reaches the theme's own partial past casebook's, and real mkdocs builds: the site written
with casebook's partial is the site mkdocs-material's own partial writes, byte for byte,
with a nested nav, pages at several depths, a page whose own folder holds nav pages, and
file-style URLs."""
from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from casebook.plugin import navcache
from conftest import REPO, mkdocs_build, site_config, story_text, write_stories


def _page(src: str, *, directory_urls: bool = True) -> Page:
    return Page(None, File(src, "/docs", "/site", directory_urls), {})


def _cache(nav_pages: list[Page], *, sections: dict[str, list[Page]] | None = None,
           extra: dict | None = None, theme: dict | None = None,
           env: jinja2.Environment | None = None) -> navcache.NavCache:
    items: list = list(nav_pages)
    pages = list(nav_pages)
    for title, children in (sections or {}).items():
        items.append(Section(title, list(children)))
        pages.extend(children)
    nav = Navigation(items, pages)
    nav.homepage = nav_pages[0] if nav_pages else None
    config = SimpleNamespace(extra=extra or {}, theme=theme or {})
    return navcache.NavCache(env or jinja2.Environment(), config, nav)


# ------------------------------------------------------------------- which pages share
HOME = _page("index.md")
INTRO = _page("guide/intro.md")                 # guide/intro/, in a nav section
CACHE = _cache([HOME], sections={"Guide": [INTRO]})


@pytest.mark.parametrize("src, key", [
    # Directory URLs: links start from the page's own folder, so siblings share a sidebar
    # when no nav target lies under that folder.
    ("story-a.md", (True, ())),
    ("story-b.md", (True, ())),
    ("team/story-c.md", (True, ("team",))),
    ("team/deeper/story-d.md", (True, ("team", "deeper"))),
    ("guide/other.md", (True, ("guide",))),     # beside guide/intro/, not above it
    # guide/ holds guide/intro/: its link is "intro/" from guide/, "../guide/intro/" from a
    # sibling folder, so the page renders its own.
    ("guide.md", None),
    ("guide/index.md", None),                   # guide/ again
])
def test_key_of_a_directory_url_page(src, key):
    assert CACHE.key(_page(src)) == key


@pytest.mark.parametrize("src, key", [
    ("story-a.md", (False, ())),
    ("team/story-c.md", (False, ("team",))),
    ("team/deeper/story-d.md", (False, ("team", "deeper"))),
    ("guide.md", (False, ())),                  # guide.html: links start from the root
])
def test_key_of_a_file_url_page(src, key):
    assert CACHE.key(_page(src, directory_urls=False)) == key


def test_a_page_in_the_nav_is_rendered_afresh():
    # Its item is marked active and holds its table of contents.
    assert CACHE.key(HOME) is None
    assert CACHE.key(INTRO) is None


def test_no_nav_or_no_page_renders_afresh():
    assert CACHE.key(None) is None
    assert CACHE.key("story-a/") is None
    no_nav = navcache.NavCache(jinja2.Environment(), SimpleNamespace(extra={}, theme={}), None)
    assert no_nav.key(_page("story-a.md")) is None


@pytest.mark.parametrize("target", ["team/", "team/logo.png", "./team/x/", "a/../team/"])
def test_links_the_nav_partial_makes_outside_the_nav_are_targets_too(target):
    # The home link (extra.homepage) and the logo are links of the partial as well.
    for cache in (_cache([HOME], extra={"homepage": target}),
                  _cache([HOME], theme={"logo": target})):
        assert cache.key(_page("team.md")) is None
        assert cache.key(_page("elsewhere.md")) == (True, ())


def test_a_link_item_is_a_target():
    cache = _cache([HOME])
    cache.targets.append(navcache._parts("team/page/"))
    assert cache.key(_page("team.md")) is None
    nav = Navigation([HOME, Link("Team", "team/")], [HOME])
    nav.homepage = HOME
    linked = navcache.NavCache(jinja2.Environment(), SimpleNamespace(extra={}, theme={}), nav)
    assert linked.key(_page("team.md")) is None


# ------------------------------------------------------------------- the cache itself
def _env(counter: list) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "cb-theme/partials/nav.html": "[{{ page.url }} {{ tick() }}]",
        "page.html": "<nav>{{ cb_nav() }}</nav>",
    }), autoescape=True)
    env.globals["tick"] = lambda: counter.append(1) or len(counter)
    return env


def test_one_render_per_key_and_the_same_markup_for_the_pages_sharing_it():
    counter: list = []
    env = _env(counter)
    env.globals["cb_nav"] = _cache([HOME], env=env)
    page = env.get_template("page.html")
    out = [page.render(page=_page(src)) for src in
           ("story-a.md", "story-b.md", "team/story-c.md", "team/story-e.md", "story-f.md")]
    assert out == ["<nav>[story-a/ 1]</nav>"] * 2 + ["<nav>[team/story-c/ 2]</nav>"] * 2 \
        + ["<nav>[story-a/ 1]</nav>"]
    assert len(counter) == 2


def test_a_page_in_the_nav_is_rendered_every_time():
    counter: list = []
    env = _env(counter)
    env.globals["cb_nav"] = _cache([HOME], env=env)
    page = env.get_template("page.html")
    assert page.render(page=HOME) == "<nav>[ 1]</nav>"
    assert page.render(page=HOME) == "<nav>[ 2]</nav>"


def test_the_theme_loader_skips_casebooks_partial():
    import material
    theme = Path(material.__file__).parent / "templates"
    loader = navcache.theme_loader([str(REPO / "theme"), str(theme)])
    source, filename, _ = loader.get_source(jinja2.Environment(), "cb-theme/partials/nav.html")
    assert navcache.MARKER not in source
    assert Path(filename) == theme / "partials" / "nav.html"
    assert navcache.MARKER in (REPO / "theme" / "partials" / "nav.html").read_text()


# ------------------------------------------------------------------- real builds
def _site(root: Path) -> None:
    write_stories(root, {
        "story-a.md": story_text(title='"Story at the top"'),
        "story-b.md": story_text(title='"Another at the top"', themes="[resilience]"),
        "team/story-c.md": story_text(title='"Story one folder down"'),
        "team/deeper/story-d.md": story_text(title='"Story two folders down"'),
        # In the nav, in a section and a section within it.
        "guide/intro.md": story_text(title='"A story in the nav"', themes="[feedback]"),
        "guide/deep/more.md": story_text(title='"A story deeper in the nav"',
                                         body="## Further\n\nIt went well.\n"),
        # Out of the nav: the folder of one holds nav pages, the other is beside them.
        "guide.md": story_text(title='"A story above the nav section"'),
        "guide/aside.md": story_text(title='"A story beside the nav section"'),
    })


def _config(root: Path, name: str, theme: Path, **cfg) -> dict:
    c = site_config(root)
    c["site_dir"] = str(root / f"site-{name}")
    c["theme"]["custom_dir"] = str(theme)
    c["nav"] = ["index.md", {"Guide": ["guide/intro.md", {"Deeper": ["guide/deep/more.md"]}]}]
    c["not_in_nav"] = "/*.md\n/team/\n/guide.md\n/guide/aside.md\n"
    c.update(cfg)
    return c


@pytest.mark.build
@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_site_is_the_one_the_themes_own_partial_writes(tmp_path, directory_urls):
    _site(tmp_path)
    plain = tmp_path / "theme-without-casebooks-nav"
    shutil.copytree(REPO / "theme", plain)
    (plain / "partials" / "nav.html").unlink()
    builds = {}
    for name, theme in (("cached", REPO / "theme"), ("plain", plain)):
        b = mkdocs_build(tmp_path, config=_config(tmp_path, name, theme,
                                                  use_directory_urls=directory_urls))
        assert b.returncode == 0, b.output
        builds[name] = b
    cached, plain_files = builds["cached"].files(), builds["plain"].files()
    assert sorted(cached) == sorted(plain_files)
    pages = [n for n in cached if n.endswith(".html")]
    assert len(pages) > 10
    for name in cached:
        assert cached[name] == plain_files[name], name
    # The sidebar is there, with the nav section's links relative to each page.
    deep = "team/deeper/story-d/index.html" if directory_urls else "team/deeper/story-d.html"
    html = builds["cached"].text(deep)
    assert 'class="md-nav md-nav--primary' in html
    assert ('href="../../../guide/intro/"' if directory_urls
            else 'href="../../guide/intro.html"') in html


@pytest.mark.build
def test_a_site_with_the_plugin_disabled_still_has_its_nav(tmp_path):
    # casebook's partial is in the theme whether or not the plugin runs.
    _site(tmp_path)
    c = site_config(tmp_path, enabled=False)
    c["nav"] = ["index.md", {"Guide": ["guide/intro.md"]}]
    b = mkdocs_build(tmp_path, config=c)
    assert b.returncode == 0, b.output
    html = b.text("story-a/index.html")
    assert 'class="md-nav md-nav--primary' in html and 'href="../guide/intro/"' in html
