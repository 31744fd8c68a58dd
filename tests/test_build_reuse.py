"""A build gives back the pages that did not change since the last one (plugin/reuse.py,
`DiskPages`): each test makes real `mkdocs build` runs with a cache folder and compares what
a build that reused pages wrote with what a build from an empty cache writes, byte for byte
(search index, sitemap and feeds included)."""
from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from conftest import REPO, mkdocs_build, site_config, story_text, three_stories

pytestmark = pytest.mark.build

REUSED = re.compile(r"casebook: (\d[\d,]*) unchanged page\(s\) given back from the last build")


def reused(build) -> int:
    m = REUSED.search(build.output)
    return int(m.group(1).replace(",", "")) if m else 0


@pytest.fixture()
def site(tmp_path):
    three_stories(tmp_path)
    return tmp_path


def config(root: Path, **changes) -> dict:
    cfg = site_config(root, cache_dir=str(root / ".cache"))
    cfg["site_url"] = "https://stories.example.org/"     # feeds are written too
    cfg.update(changes)
    return cfg


def build(root: Path, cfg: dict | None = None):
    result = mkdocs_build(root, config=cfg or config(root))
    assert result.returncode == 0, result.output
    return result


def cold(root: Path, cfg: dict | None = None) -> dict[str, bytes]:
    """What a build from an empty cache writes for the same files (in another folder)."""
    cfg = dict(cfg or config(root))
    fresh = root / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    plugins = []
    for p in cfg["plugins"]:
        if isinstance(p, dict) and "casebook" in p:
            p = {"casebook": {**p["casebook"], "cache_dir": str(fresh / ".cache")}}
        plugins.append(p)
    result = mkdocs_build(root, config={**cfg, "plugins": plugins,
                                        "site_dir": str(fresh / "site")})
    assert result.returncode == 0, result.output
    assert reused(result) == 0
    return result.files()


def edit(root: Path, name: str, **fields) -> None:
    (root / "stories" / name).write_text(story_text(**fields), encoding="utf-8")


def test_a_second_build_reuses_every_page_and_writes_the_same_bytes(site):
    first = build(site)
    assert reused(first) == 0
    before = first.files()
    second = build(site)
    # Three stories and the listings and theme pages that show them.
    assert reused(second) >= 3
    assert second.files() == before


def test_a_body_edit_rebuilds_that_page_only(site):
    build(site)
    edit(site, "first-story.md", title='"First story"', body="The first story, edited.\n")
    second = build(site)
    assert reused(second) >= 2
    out = second.files()
    assert b"The first story, edited." in out["first-story/index.html"]
    assert b"The first story, edited." in out["search/search_index.json"]
    assert out == cold(site)


def test_a_field_edit_rebuilds_every_page(site):
    build(site)
    edit(site, "second-story.md", title='"Second story, renamed"', body="The second body.\n")
    second = build(site)
    assert reused(second) == 0
    assert "Second story, renamed" in second.text("first-story/index.html")
    assert second.files() == cold(site)


def test_a_story_that_becomes_withheld_leaves_every_page(site):
    first = build(site)
    assert "Second story" in first.text("first-story/index.html")
    # Only the body changes, yet the story is withheld now: every page is built afresh.
    edit(site, "second-story.md", title='"Second story"',
         body="I met Priya Raghunathan there.\n")
    second = build(site)
    assert reused(second) == 0
    assert not (second.site / "second-story").exists()
    assert second.grep("Raghunathan") == [] and second.grep("Second story") == []
    assert 'href="../second-story/"' not in second.text("third-story/index.html")
    assert second.files() == cold(site)


def test_a_configuration_change_rebuilds_every_page(site):
    build(site)
    second = build(site, config(site, site_name="Renamed practice"))
    assert reused(second) == 0
    assert "Renamed practice" in second.text("first-story/index.html")


def test_an_environment_variable_in_mkdocs_yml_is_part_of_the_signature(site, monkeypatch):
    # MkDocs resolves !ENV when it loads the file: the text of mkdocs.yml does not change.
    cfg = config(site)
    text = yaml.safe_dump(cfg, sort_keys=False).replace(
        "site_url: https://stories.example.org/", "site_url: !ENV [CB_TEST_URL, 'x']")
    assert "!ENV" in text

    def build_with(url: str):
        monkeypatch.setenv("CB_TEST_URL", url)
        (site / "mkdocs.yml").write_text(text, encoding="utf-8")
        import subprocess
        import sys
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f",
                               str(site / "mkdocs.yml")], cwd=site, capture_output=True,
                              text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout + proc.stderr

    build_with("https://one.example.org/")
    output = build_with("https://two.example.org/")
    assert not REUSED.search(output)
    page = (site / "site" / "first-story" / "index.html").read_text(encoding="utf-8")
    assert "https://two.example.org/first-story/" in page
    assert "one.example.org" not in page


def test_a_template_edit_rebuilds_every_page(site):
    theme = site / "theme"
    shutil.copytree(REPO / "theme", theme)
    cfg = config(site)
    cfg["theme"] = {**cfg["theme"], "custom_dir": str(theme)}
    build(site, cfg)
    story = theme / "story.html"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<p>Template marker</p>", 1),
        encoding="utf-8")
    second = build(site, cfg)
    assert reused(second) == 0
    assert "Template marker" in second.text("first-story/index.html")


def test_another_plugin_or_a_file_pulling_extension_turns_reuse_off(site):
    cfg = config(site)
    cfg["plugins"] = cfg["plugins"] + ["tags"]
    build(site, cfg)
    assert reused(build(site, cfg)) == 0
    cfg = config(site, markdown_extensions=[
        {"pymdownx.snippets": {"base_path": [str(site / "stories")]}}])
    build(site, cfg)
    assert reused(build(site, cfg)) == 0


def test_an_edited_asset_rebuilds_every_page(site):
    docs = site / "stories"
    (docs / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    edit(site, "first-story.md", title='"First story"', body="![A chart](chart.svg)\n")
    build(site)
    (docs / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>',
                                    "utf-8")
    assert reused(build(site)) == 0


def test_links_to_missing_anchors_are_still_reported_for_reused_pages(site):
    edit(site, "third-story.md", title='"Third story"',
         body="See [the second](second-story.md#no-such-part).\n")
    cfg = config(site, validation={"anchors": "warn"})
    first = build(site, cfg)
    assert "no-such-part" in first.output
    second = build(site, cfg)
    assert reused(second) >= 3
    assert "no-such-part" in second.output


def test_a_damaged_store_is_started_afresh(site):
    before = build(site).files()
    (site / ".cache" / "pages.sqlite").write_bytes(b"not a database at all" * 100)
    second = build(site)
    assert reused(second) == 0
    assert second.files() == before
    assert reused(build(site)) >= 3


def test_a_store_row_for_another_key_is_not_given_back(site):
    build(site)
    db = sqlite3.connect(site / ".cache" / "pages.sqlite")
    db.execute("UPDATE pages SET key = 'edited' WHERE uri = 'first-story.md'")
    db.commit()
    db.close()
    second = build(site)
    assert 0 < reused(second)
    assert second.files() == cold(site)


@pytest.mark.parametrize("ends_well", [True, False])
def test_only_a_build_that_ends_well_is_kept(tmp_path, ends_well):
    from casebook.plugin import reuse
    path = tmp_path / "pages.sqlite"
    key = reuse._digest(["key"])
    pages = reuse.PageReuse()
    assert pages.begin(["signature"], {"a.md": ["key"]}, reuse.DiskPages(path)) is True
    pages.store.put("a.md", reuse.Saved(key, {}, None, [], [], None, [], [], b"x"))
    pages.pause()                      # the pages are written; the audit runs now
    if ends_well:
        pages.finish()
    else:
        pages.abandon()                # the audit failed
    pages = reuse.PageReuse()
    changed = pages.begin(["signature"], {"a.md": ["key"]}, reuse.DiskPages(path))
    assert changed is not ends_well
    assert (pages.take("a.md") is not None) is ends_well


def test_a_store_another_build_holds_is_left_alone(tmp_path):
    from casebook.plugin import reuse
    path = tmp_path / "pages.sqlite"
    other = reuse.DiskPages(path)
    other.open("signature")                  # another build, its write transaction open
    other.put("a.md", reuse.Saved("k", {}, None, [], [], None, [], [], b"x"))
    mine = reuse.PageReuse()
    store = reuse.DiskPages(path)
    store._open = lambda signature: (_ for _ in ()).throw(sqlite3.OperationalError("locked"))
    assert mine.begin(["signature"], {"a.md": ["k"]}, store) is True
    assert mine.take("a.md") is None
    mine.finish()                            # keeps nothing, deletes nothing
    assert path.exists()
    other.pause()
    other.finish({"a.md"})
    again = reuse.DiskPages(path)
    assert again.open("signature") is False and again.get("a.md") is not None


def test_compiled_templates_are_kept_apart_for_each_kind_of_environment(tmp_path):
    # Jinja keys a compiled template by name and source alone; compiled with autoescape off,
    # it must not be what an environment with autoescape on runs.
    import jinja2
    from casebook.plugin.reuse import FolderBytecodeCache, environment_signature
    folders = [tmp_path / "project", tmp_path / "user"]
    loader = jinja2.DictLoader({"card.html": "<p>{{ value }}</p>"})

    def render(**options):
        env = jinja2.Environment(loader=loader, bytecode_cache=FolderBytecodeCache(folders),
                                 **options)
        return env.get_template("card.html").render(value="<b>Ann</b>")

    assert render() == "<p><b>Ann</b></p>"
    assert render(autoescape=True) == "<p>&lt;b&gt;Ann&lt;/b&gt;</p>"
    assert render() == "<p><b>Ann</b></p>"
    assert len(list((tmp_path / "user").iterdir())) == 2
    assert environment_signature(jinja2.Environment()) == \
        environment_signature(jinja2.Environment())
    assert environment_signature(jinja2.Environment()) != \
        environment_signature(jinja2.Environment(extensions=["jinja2.ext.loopcontrols"]))
    html, xml = (jinja2.Environment(autoescape=jinja2.select_autoescape(suffixes))
                 for suffixes in (["html"], ["xml"]))
    assert environment_signature(html) != environment_signature(xml)
    # what was kept is read back: a fresh cache finds each compiled template
    env = jinja2.Environment(loader=loader, bytecode_cache=FolderBytecodeCache(folders[1:]))
    bucket = env.bytecode_cache.get_bucket(env, "card.html", None, "<p>{{ value }}</p>")
    assert bucket.code is not None
