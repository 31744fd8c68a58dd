"""The gate judges what readers see, not only what the coach typed (issue 11).

Each story hides an invented name with one trick (markup, character references, invisible
characters, YAML escapes, file names, copied files...). One real build holds them all; every
one must be withheld with a message that says how the name was hidden, and no form of any
name may be readable in any byte of site/: files are gunzipped, entities, JSON and URL
escapes decoded, Unicode normalised, tags and Markdown marks dropped before searching.
"""
from __future__ import annotations

import gzip
import html
import json
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import casebook, mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build


def reader_text(data: bytes) -> str:
    """Everything a file could show a reader, decoded and normalised, casefolded."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="ignore")
    for _ in range(2):
        text = html.unescape(unquote(text))
        text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc", "Mn")
                   or c in "\n\t")
    text = re.sub(r"<!--.*?-->|<[^<>]*>|[*_=`~^]", "", text, flags=re.S)
    return text.casefold()


def leaks(site: Path, names) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            text = reader_text(p.read_bytes())
            squeezed = re.sub(r"\s+", "", text)
            for name in names:
                n = name.casefold()
                if n in text or n in squeezed:
                    out.setdefault(name, []).append(str(p.relative_to(site)))
    return out


# (file name, surname the site must never show, story text)
def _story(title: str, body: str, **fields) -> str:
    return story_text(title=f'"{title}"', body=body + "\n", **fields)


BODY_TRICKS = {
    "comment-split": ("Wierzbicka", "We met O<!-- -->ksana W<!-- x -->ierzbicka in spring."),
    "decimal-reference": ("Quellmarkova", "We met &#79;ksana Quellmarkova in spring."),
    "hex-reference": ("Brandtova", "We met &#x4F;ksana Brandtova in spring."),
    "email-references": ("dagmarquill", "Write to dagmarquill&#64;firmlane&#46;io soon."),
    "heading-reference": ("Ostrava", "## How &#83;vetlana Ostrava found her voice\n\nText."),
    "link-title": ("Zelinska", 'Read [the plan](https://example.org "by &#75;rystyna Zelinska").'),
    "admonition-title": ("Kowalczyk", '!!! note "&#69;welina Kowalczyk"\n    A note.'),
    "footnote": ("Nowakowska", "A claim.[^1]\n\n[^1]: Told by &#74;adwiga Nowakowska."),
    "emphasis-inside": ("Okonkwo", "Then T*haddeus* O*konkwo* said yes."),
    "tag-inside": ("Valtonenova", "Then O<b>ctavia</b> V<i>altonenova</i> said yes."),
    "span-split": ("Lindqvist", "Then <span>A</span>urelia <span>L</span>indqvist agreed."),
    "code-split": ("Marchetti", "Then `L`eopold `M`archetti agreed."),
    "mark-split": ("Fairbrook", "Then ==H==enrietta ==F==airbrook agreed."),
    "percent-mailto": ("ludmilaq", "Write to [her](mailto:ludmilaq%40firmlane%2Eio)."),
    "protocol-relative": ("firmlane-team", "See [the team](//firmlane-team.xyz/people)."),
    "zero-width": ("Grabowska", "Then Zu\u200bzanna Grab\u200bowska agreed."),
    "joiners": ("Wisniewska", "Then Mar\u200dzena Wis\u200cniewska\u2060 agreed."),
    "soft-hyphen": ("Pietrzak", "Then Gra\u00adzyna Piet\u00adrzak agreed."),
    "bom-inside": ("Zawadzka", "Then Krys\ufefftyna Zawadzka agreed."),
    "variation-selector": ("Sobieska", "Then Wilhel\ufe0fmina Sobieska agreed."),
    "tag-characters": ("Dabrowska", "Then Gene\U000e0041vieve Dabrowska agreed."),
    "rtl-override": ("Kaminska", "Then Anas\u202etasia Kaminska agreed."),
    "decomposed-accent": ("Ruzicka", "Then Bogdan Ru\u017eicka-Mare\u0301k agreed."),
    "fullwidth-email": ("corneliusq", "Write to corneliusq\uff20firmlane\uff0eio soon."),
    "zero-for-o": ("Okafor", "Then 0ksana Okafor agreed."),
    "lower-l-for-i": ("Mazurek", "Then lwona Mazurek agreed."),
    "css-content": ("Sokolova", '<style>.x::before{content:"\\4F ksana Sokolova"}</style>Text.'),
    "script": ("Jankowska", "<script>document.write('Evangeline Jankowska')</script>Text."),
}

FRONT_TRICKS = {
    # a \u escape in a quoted value: YAML (and so the page title) reads "Leeds"
    "yaml-escape": ("Wrexham", {"summary": '"A new head of finance in \\u0057rexham."'}),
    # a quoted value that continues on a line looking like a metadata field
    "yaml-continuation": ("Halvorsen", {"summary": '"A promotion for Thaddeus\n  draft: Halvorsen"'}),
}


@pytest.fixture(scope="module")
def tricked(tmp_path_factory):
    root = tmp_path_factory.mktemp("tricks")
    stories = {"clean-story.md": _story("A steady story", "The client led the team well.")}
    for i, (name, (_, body)) in enumerate(BODY_TRICKS.items()):
        stories[f"{name}.md"] = _story(f"Trick {i}", body)
    for i, (name, (_, fields)) in enumerate(FRONT_TRICKS.items()):
        stories[f"{name}.md"] = _story(f"Front trick {i}", "A plain body.", **fields)
    # paths: a client's name in a folder, a story saved as .MD
    stories["henrietta-fairweather/notes.md"] = _story("Folder trick", "A plain body.")
    stories["upper-case-suffix.MD"] = _story("Suffix trick", "Met Ignatius Quarrington.")
    write_stories(root, stories)
    build = mkdocs_build(root)
    return root, build


def test_every_trick_is_withheld_and_named(tricked):
    root, build = tricked
    assert build.returncode == 0, build.output
    assert (build.site / "clean-story" / "index.html").is_file()
    for name in [*BODY_TRICKS, *FRONT_TRICKS]:
        assert f"withheld stories/{name}.md" in build.output, name
        assert not (build.site / name).exists(), name
    assert "withheld stories/henrietta-fairweather/notes.md" in build.output
    assert "folder name containing the name 'henrietta'" in build.output
    # MkDocs copies a .MD file rather than building it: no page links it, so it is left out
    assert "upper-case-suffix.MD" in build.output and "left out" in build.output
    # the report says how the name was hidden
    assert "HTML character references" in build.output
    assert "markup inside a word" in build.output
    assert "invisible characters" in build.output
    assert "YAML escapes" in build.output
    assert "has a <script> element" in build.output and "has a <style> element" in build.output


def test_no_form_of_any_hidden_name_reaches_site(tricked):
    _, build = tricked
    surnames = [s for s, _ in BODY_TRICKS.values()] + [s for s, _ in FRONT_TRICKS.values()]
    surnames += ["Fairweather", "Quarrington", "henrietta-fairweather"]
    assert leaks(build.site, surnames) == {}


def test_check_reports_the_same_tricks_with_how_they_were_hidden(tricked):
    root, _ = tricked
    proc = casebook("check", "--format", "json", "stories/decimal-reference.md",
                    "stories/zero-width.md", "stories/yaml-escape.md", cwd=root)
    data = json.loads(proc.stdout)
    by_file = {}
    for f in data["findings"]:
        by_file.setdefault(Path(f["path"]).name, []).append(f)
    assert "readers see \"Oksana" in by_file["decimal-reference.md"][0]["message"]
    assert by_file["decimal-reference.md"][0]["text"] == "&#79;ksana Quellmarkova"
    assert any("invisible characters" in f["message"] for f in by_file["zero-width.md"])
    assert any("YAML escapes" in f["message"] for f in by_file["yaml-escape.md"])
    assert proc.returncode == 1


# ---------------------------------------------------------------------------- files and state
def test_copied_files_are_judged_by_content(tmp_path):
    from PIL import Image
    docs = write_stories(tmp_path, {"files.md": _story(
        "Files", "See [notes](notes.txt), ![a team](team.jfif), ![chart](chart.svg), "
                 "[data](data.json), [the report](report.pdf) and [link](outside.txt).")})
    (docs / "notes.txt").write_text("Notes from Radoslawa Pelczynska's session.\n", "utf-8")
    (docs / "data.json").write_text('{"client": "Wilhelmina Thornbury"}', "utf-8")
    (docs / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><metadata>Octavia Bramwell</metadata>'
        '<text x="1" y="1">Q3</text></svg>', "utf-8")
    (docs / "report.pdf").write_bytes(b"%PDF-1.4 Evangeline Marchbank\x00\x01")
    outside = tmp_path / "private.txt"
    outside.write_text("Aurelia Winterbourne\n", "utf-8")
    os.symlink(outside, docs / "outside.txt")
    img = Image.new("RGB", (8, 8), "white")
    exif = Image.Exif()
    exif[0x013B] = "Cornelius Hathersage"          # Artist
    img.save(docs / "team.jfif", "JPEG", exif=exif)
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    assert leaks(build.site, ["Pelczynska", "Thornbury", "Bramwell", "Marchbank",
                              "Winterbourne", "Hathersage"]) == {}
    assert (build.site / "team.jfif").is_file()            # the image, without its EXIF
    for name in ("notes.txt", "data.json", "chart.svg", "report.pdf", "outside.txt"):
        assert f"left out {name}" in build.output, name
    assert "outside docs_dir" in build.output
    strict = mkdocs_build(tmp_path, strict=True)
    assert strict.returncode != 0                          # a page links what was left out


def test_links_to_a_withheld_story_are_unlinked_however_written(tmp_path):
    write_stories(tmp_path, {
        "withheld-story.md": _story("Withheld", "A plain body.", consent="none"),
        "linker.md": _story("Linker", "See [a](../withheld-story/), [b](/withheld-story/), "
                            "[c](withheld-story/) and <a href=\"../withheld-story/index.html\">"
                            "d</a>."),
    })
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    page = build.text("linker/index.html")
    assert "withheld-story" not in page
    assert page.count("cb-unpublished-link") == 4


def test_dirty_build_removes_a_story_whose_consent_was_withdrawn(tmp_path):
    docs = write_stories(tmp_path, {"later-withdrawn.md": _story(
        "Consent later withdrawn", "The client led the team well.")})
    assert mkdocs_build(tmp_path).returncode == 0
    assert (tmp_path / "site" / "later-withdrawn" / "index.html").is_file()
    (docs / "later-withdrawn.md").write_text(_story(
        "Consent later withdrawn", "The client led the team well.", consent="none"), "utf-8")
    cfg = site_config(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), "utf-8")
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-f",
                           str(tmp_path / "mkdocs.yml")], capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "site" / "later-withdrawn" / "index.html").exists()


def test_pages_obey_draft_and_consent_and_lose_their_comments(tmp_path):
    docs = write_stories(tmp_path, {"ok.md": _story("Fine", "A plain body.")}, home=False)
    (docs / "index.md").write_text("---\ntitle: Home\n---\nWelcome.<!-- ask Ludmila "
                                   "Harrowgate -->\n", "utf-8")
    (docs / "about.md").write_text("---\ntitle: About\ndraft: true\n---\nAbout us.\n", "utf-8")
    cfg = site_config(tmp_path, pages=["index.md", "about.md"])
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode == 0, build.output
    assert leaks(build.site, ["Harrowgate"]) == {}
    assert not (build.site / "about").exists()
    assert "withheld stories/about.md" in build.output


def test_snippets_outside_docs_are_refused_and_inside_are_checked_in_the_output(tmp_path):
    docs = write_stories(tmp_path, {"uses-snippet.md": _story(
        "Snippet", 'Intro.\n\n--8<-- "part.txt"\n')})
    (docs / "part.txt").write_text("Then Evangeline Thistlewood agreed.\n", "utf-8")
    cfg = site_config(tmp_path)
    cfg["markdown_extensions"] = ["pymdownx.snippets"]
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode != 0 and "outside docs_dir" in build.output
    cfg["markdown_extensions"] = [{"pymdownx.snippets": {"base_path": [str(docs)]}}]
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode != 0
    assert "checker bug" in build.output and "Thistlewood" in build.output
    assert leaks(build.site, ["Thistlewood"]) == {}        # site/ emptied


def test_values_yaml_cannot_convert_are_one_problem_each_never_a_crash(tmp_path):
    write_stories(tmp_path, {
        "bad-date.md": _story("Bad date", "A body.", date="2026-02-30"),
        "bad-tag.md": _story("Bad tag", "A body.", duration="!!int abc"),
        "huge-number.md": _story("Huge", "A body.", duration="1" * 5000),
        "leaky.md": _story("Leaky", "Write to zofia.quell@firmlane.io."),
    })
    build = mkdocs_build(tmp_path)
    check = casebook("check", "--format", "json", cwd=tmp_path)
    for out in (build.output, check.stderr):
        assert "Traceback" not in out and "internal error" not in out
    assert "bad-date.md:" in check.stderr and "cannot read" in check.stderr
    assert "bad-tag.md:" in check.stderr and "huge-number.md:" in check.stderr
    data = json.loads(check.stdout)
    assert any(f["category"] == "EMAIL" and "leaky.md" in f["path"] for f in data["findings"])
    for name in ("bad-date", "bad-tag", "huge-number", "leaky"):
        assert f"withheld stories/{name}.md" in build.output


def test_serve_on_a_network_address_does_not_preview_withheld_stories(tmp_path):
    from conftest import get_page, mkdocs_serve, serve_until
    write_stories(tmp_path, {"ok.md": _story("Fine", "A plain body."),
                             "leaky.md": _story("Leaky", "Write to zofia.quell@firmlane.io.")})
    cfg = site_config(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), "utf-8")
    proc, base = mkdocs_serve(tmp_path, "--no-livereload", host="0.0.0.0")
    try:
        serve_until(base + "ok/", lambda page: True, proc, "the first build")
        body = get_page(base + "leaky/")
        assert body is None or "firmlane" not in body
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0]
    assert "not previewed" in out


# ---------------------------------------------------------------------------- property
TRICKS = [
    lambda w: w[0] + "<!-- -->" + w[1:],
    lambda w: f"&#{ord(w[0])};" + w[1:],
    lambda w: f"&#x{ord(w[0]):X};" + w[1:],
    lambda w: w[:2] + "\u200b" + w[2:],
    lambda w: w[:1] + "\u00ad" + w[1:],
    lambda w: w[0] + "*" + w[1:] + "*",
    lambda w: "<b>" + w[0] + "</b>" + w[1:],
    lambda w: w[:3] + "\u2060" + w[3:],
    lambda w: unicodedata.normalize("NFD", w),
]
FIRST = ["Oksana", "Iwona", "Priyanka", "Ludmila", "Svetlana", "Krystyna", "Henrietta",
         "Wilhelmina", "Genevieve", "Anastasia", "Dagmar", "Zuzanna", "Ewelina", "Jadwiga"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIRST), st.lists(st.sampled_from(range(len(TRICKS))), min_size=1,
                                        max_size=3), st.sampled_from(["body", "summary"]))
def test_no_obfuscated_name_passes_the_checker(first, tricks, where):
    from casebook.checker import check_text
    word = first
    for t in tricks:
        word = TRICKS[t](word)
    fields = {}
    body = "The client led the team well.\n"
    if where == "body":
        body = f"Then {word} Quarrington agreed to lead.\n"
    else:
        fields["summary"] = json.dumps(f"A new role for {word} Quarrington.")
    text = story_text(body=body, **fields)
    found = check_text(text, "stories/x.md")
    assert any(first.casefold() in reader_text(f.text.encode()) or
               "quarrington" in f.text.casefold() for f in found), (word, found)


# What a file name can hide: invisible characters, decomposed accents, a zero for an O.
NAME_TRICKS = [
    lambda w: w,
    lambda w: w[:2] + "\u200b" + w[2:],
    lambda w: unicodedata.normalize("NFD", w),
    lambda w: ("0" + w[1:]) if w[0] in "oO" else w,
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIRST), st.sampled_from(range(len(NAME_TRICKS))),
       st.sampled_from(["file", "folder"]))
def test_no_obfuscated_name_in_a_path_is_published(first, trick, where):
    import tempfile

    from casebook import site
    part = NAME_TRICKS[trick](first.lower()) + "-story"
    with tempfile.TemporaryDirectory() as d:
        docs = Path(d) / "stories"
        rel = f"{part}.md" if where == "file" else f"{part}/notes.md"
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(story_text(title='"A plain title"'), encoding="utf-8")
        [verdict] = site.review(site.settings.build(None, docs, None, {})).verdicts
    assert not verdict.publish, (part, verdict.reasons)
