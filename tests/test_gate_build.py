"""The gate's defences against MkDocs' own leaks, on real builds in temporary folders."""
from __future__ import annotations

import shutil
from pathlib import Path

import io

import pytest
from PIL import Image

from casebook.site import safety
from conftest import mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build


def _jpeg_with_exif() -> bytes:
    img = Image.new("RGB", (40, 30), (200, 120, 40))
    exif = Image.Exif()
    exif[0x013B] = "camera-owner-marker"      # Artist
    exif[0x010F] = "maker-marker"             # Make
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, comment=b"jpeg-comment-marker")
    return out.getvalue()


@pytest.fixture(scope="module")
def asset_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("assets")
    published = story_text(
        title='"Published with a picture"',
        body="![A workshop flipchart](images/flipchart.jpg)\n\n"
             "See also [the other story](held-back.md) and [again][other].\n\n"
             "[other]: held-back.md#start\n")
    held = story_text(title='"Held back for now"', draft="true",
                      body="![Diagram](images/held-only.png)\n\nsecret-held-marker\n")
    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, "PNG")
    write_stories(root, {
        "published.md": published, "held-back.md": held,
        "images/flipchart.jpg": _jpeg_with_exif(),
        "images/held-only.png": png.getvalue(),
        "notes.txt": "interview notes: transcript-marker\n",
        "draft.docx": b"PK\x03\x04 docx-marker",
        "published.md.bak": "backup-marker\n",
    })
    build = mkdocs_build(root, strict=False)
    assert build.returncode == 0, build.output
    return build


def test_only_referenced_assets_are_published(asset_site):
    files = asset_site.files()
    assert "images/flipchart.jpg" in files
    for name in ("notes.txt", "draft.docx", "published.md.bak", "images/held-only.png"):
        assert name not in files, name
    for marker in ("transcript-marker", "docx-marker", "backup-marker", "secret-held-marker"):
        assert asset_site.grep(marker) == [], marker
    report = asset_site.output
    assert "left out" in report
    for name in ("notes.txt", "draft.docx", "published.md.bak", "images/held-only.png"):
        assert name in report, name


def test_published_images_lose_their_metadata(asset_site):
    data = (asset_site.site / "images/flipchart.jpg").read_bytes()
    for marker in (b"camera-owner-marker", b"maker-marker", b"jpeg-comment-marker", b"Exif"):
        assert marker not in data, marker
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (40, 30)
        assert not img.getexif()


def test_links_to_a_withheld_story_become_plain_text(asset_site):
    page = asset_site.text("published/index.html")
    assert "the other story" in page and "again" in page
    assert "held-back" not in page
    assert safety.WITHHELD_SCHEME not in page
    assert 'class="cb-unpublished-link">the other story</span>' in page
    assert "Doc file" not in asset_site.output  # MkDocs did not warn about a missing page


def test_audit_finds_withheld_text_in_any_output_file(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("<p>hello Zorbin</p><!-- Quillam -->", encoding="utf-8")
    (site / "theme.js").write_text("Zorbin", encoding="utf-8")
    import gzip
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>Quillam</loc>"))
    hits = safety.audit(site, {"Zorbin", "Quillam", "Zorb"}, skip={"theme.js"})
    assert sorted(hits) == [("a/index.html", "Quillam"), ("a/index.html", "Zorbin"),
                            ("sitemap.xml.gz", "Quillam")]


def test_unlink_withheld_keeps_other_links():
    md = ("[a](x.md) [b](../y.md#z) ![c](x.md) [d](https://e.org/x.md)\n"
          "[r]: x.md\n[s]: ok.md\n")
    out = safety.unlink_withheld(md, "sub/page.md", {"sub/x.md", "y.md"})
    assert out == (f"[a]({safety.WITHHELD_SCHEME}) [b]({safety.WITHHELD_SCHEME}) ![c](x.md) "
                   f"[d](https://e.org/x.md)\n[r]: {safety.WITHHELD_SCHEME}\n[s]: ok.md\n")


def test_a_page_that_is_not_a_story_is_checked_too(tmp_path):
    write_stories(tmp_path, {"ok.md": story_text()}, home=False)
    (tmp_path / "stories" / "index.md").write_text(
        "---\ntitle: Home\n---\nThanks to Priya Raghunathan for her help.\n", encoding="utf-8")
    build = mkdocs_build(tmp_path)
    assert build.grep("Raghunathan") == []
    assert "withheld stories/index.md" in build.output
    assert "on a page that is not a story" in build.output


def test_the_report_ends_the_build(asset_site):
    lines = [line for line in asset_site.output.splitlines() if line.strip()]
    report = [i for i, line in enumerate(lines) if "casebook: published" in line]
    assert report, asset_site.output
    # after the summary come only the withheld stories' details and MkDocs' closing line
    tail = lines[report[0] + 1:]
    assert all("casebook" in line or line.startswith("  ") or "Documentation built" in line
               for line in tail), tail
    assert "casebook: left out" in lines[report[0] - 1]


def test_audit_needles_keep_what_can_show_a_leak():
    published = ["Alex met the board in 2021.", "Thanks to Hope, the work went on."]
    needles = safety.audit_needles({"2021", "Priya", "Hope", "March 2021", "12345"}, published)
    # a bare year proves nothing; Hope passed the gate in a published story; the rest stay
    assert needles == {"Priya", "March 2021", "12345"}


def test_audit_does_not_fail_a_build_on_a_withheld_bare_year(tmp_path):
    # the withheld story's only finding is a year; the site's sitemap and pages carry years
    write_stories(tmp_path, {"ok.md": story_text(title='"Fine"'),
                             "held.md": story_text(title='"Held"',
                                                   body="We met in 2025 for the first time.\n")})
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    assert "withheld stories/held.md (identifying details)" in build.output


def test_audit_flags_identifying_text_the_site_adds_around_stories(tmp_path):
    write_stories(tmp_path, {"ok.md": story_text()})
    cfg = site_config(tmp_path)
    cfg["copyright"] = "Story notes kept by Priya Raghunathan"
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode != 0
    # mkdocs.yml's printed texts are checked when the configuration loads
    assert "'copyright' in mkdocs.yml could identify someone" in build.output
    assert 'PERSON "Priya Raghunathan"' in build.output
    assert build.files() == {}   # nothing of this site is published
    # ... and what a theme override adds is caught by the post-build audit
    theme = tmp_path / "theme"
    shutil.copytree(Path(cfg["theme"]["custom_dir"]), theme)
    (theme / "partials").mkdir(exist_ok=True)
    (theme / "partials" / "copyright.html").write_text(
        "<div>Story notes kept by Priya Raghunathan</div>", encoding="utf-8")
    cfg = site_config(tmp_path)
    cfg["theme"]["custom_dir"] = str(theme)
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode != 0
    assert "post-build audit found identifying text" in build.output
    assert "PERSON 'Priya Raghunathan'" in build.output
    assert build.files() == {}   # fail closed: nothing of this site is left to publish
    # the project allow-list is how a site accepts its own byline
    cfg = site_config(tmp_path, allow=["Priya Raghunathan"])
    cfg["copyright"] = "Story notes kept by Priya Raghunathan"
    assert mkdocs_build(tmp_path, config=cfg).returncode == 0


def test_a_disclosure_that_names_someone_fails_the_build(tmp_path):
    write_stories(tmp_path, {"ok.md": story_text()})
    build = mkdocs_build(tmp_path, config=site_config(
        tmp_path, disclosure="Published with thanks to Priya Raghunathan."))
    assert build.returncode != 0
    assert "'disclosure' in mkdocs.yml could identify someone" in build.output
    assert "Traceback" not in build.output


# A hook that writes into site/ at the end of the build, as plugins do (the search index,
# redirect pages, an export): at MkDocs' default priority, or asking to be last.
_LATE_WRITER = '''
from pathlib import Path
from mkdocs.plugins import event_priority

@event_priority({priority})
def on_post_build(config):
    out = Path(config.site_dir) / {rel!r}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text({content!r}, encoding="utf-8")
'''


def _late_writer_site(tmp_path, priority: int, rel: str, content: str):
    write_stories(tmp_path, {
        "ok.md": story_text(),
        "leak.md": story_text(title='"Another story"',
                              body="I coached Margaret Thornbury through the move.\n")})
    hook = tmp_path / "late_writer.py"
    hook.write_text(_LATE_WRITER.format(priority=priority, rel=rel, content=content),
                    encoding="utf-8")
    cfg = site_config(tmp_path)
    cfg["hooks"] = [str(hook)]
    return mkdocs_build(tmp_path, config=cfg)


@pytest.mark.parametrize("priority", [0, -100])
def test_the_audit_judges_what_other_plugins_write_at_the_end_of_the_build(tmp_path,
                                                                           priority):
    build = _late_writer_site(tmp_path, priority, "extra/data.json",
                              '{"note": "Margaret Thornbury"}')
    assert build.returncode != 0
    assert "extra/data.json: 'Margaret Thornbury'" in build.output
    assert not any(build.site.iterdir())


def test_a_page_another_plugin_writes_at_the_end_is_kept_and_audited(tmp_path):
    # A redirect page, as mkdocs-redirects writes them: not a page of this build, not stale.
    build = _late_writer_site(tmp_path, 0, "old-url/index.html",
                              '<!doctype html><meta http-equiv="refresh" content="0; '
                              'url=../ok/"><title>Redirecting</title>')
    assert build.returncode == 0, build.output
    assert (build.site / "old-url" / "index.html").is_file()


def test_a_theme_asset_rewritten_at_the_end_of_the_build_is_audited(tmp_path):
    # Theme assets hold no story text and are not read, but only while each is the file
    # the theme has: one a plugin rewrote after MkDocs copied it is read like any other.
    write_stories(tmp_path, {
        "ok.md": story_text(),
        "leak.md": story_text(title='"Another story"',
                              body="I coached Margaret Thornbury through the move.\n")})
    hook = tmp_path / "rewriter.py"
    hook.write_text('''
from pathlib import Path

def on_post_build(config):
    css = sorted((Path(config.site_dir) / "assets" / "stylesheets").glob("*.css"))[0]
    css.write_text(css.read_text(encoding="utf-8") + "/* Margaret Thornbury */",
                   encoding="utf-8")
''', encoding="utf-8")
    cfg = site_config(tmp_path)
    cfg["hooks"] = [str(hook)]
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode != 0
    assert ".css: 'Margaret Thornbury'" in build.output
    assert not any(build.site.iterdir())


def test_unchanged_copies_are_the_files_still_as_copied(tmp_path):
    (tmp_path / "theme").mkdir()
    (tmp_path / "site").mkdir()
    for name, theme, site in [("same.js", "x = 1", "x = 1"), ("edited.js", "x = 1", "x = 2"),
                              ("longer.js", "x = 1", "x = 1;"), ("gone.js", "x = 1", None)]:
        (tmp_path / "theme" / name).write_text(theme)
        if site is not None:
            (tmp_path / "site" / name).write_text(site)
    sources = {n: str(tmp_path / "theme" / n)
               for n in ("same.js", "edited.js", "longer.js", "gone.js")}
    sources["no-source.js"] = str(tmp_path / "theme" / "missing.js")
    (tmp_path / "site" / "no-source.js").write_text("x")
    assert safety.unchanged_copies(tmp_path / "site", sources) == {"same.js"}
