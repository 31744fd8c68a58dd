"""The plugin on real `mkdocs build`s in temporary folders: the gate, listings, templates."""
from __future__ import annotations

import json

import pytest

from conftest import mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build

# Lowercase marker words: distinctive enough to grep for in every output byte, and not
# anything the anonymisation checker would take for a name.
GOOD = story_text(
    title='"Learning to delegate"',
    outcomes='\n  - "Promoted after a marmalade-outcome review"\n  - "Team retention rose"',
    body="## Starting out\n\nThe client carried every task alone, a true pumpernickel-body "
         "habit.\n\n<!-- note to self: check the ledger-comment-marker -->\n\nThen it changed.\n")
DRAFT = story_text(title='"A story still in draft"', draft="true",
                   body="Unfinished text with quokka-draft-marker inside.\n")
NO_CONSENT = story_text(title='"A story without consent"', consent="none",
                        summary='"Summary with wombat-consent-marker."',
                        body="Body with wombat-consent-marker too.\n")
# MkDocs alone would swallow this YAML error and publish the front-matter as text,
# losing `draft: true` on the way.
BROKEN = ('---\ntitle: "Broken yaml\ndraft: true\nkind: client-story\n---\n'
          "Body with narwhal-broken-marker.\n")
WITHHELD_MARKERS = ["quokka-draft-marker", "wombat-consent-marker", "narwhal-broken-marker",
                    "A story still in draft", "A story without consent"]


@pytest.fixture(scope="module")
def gate_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("gate")
    write_stories(root, {"learning-to-delegate.md": GOOD, "in-draft.md": DRAFT,
                         "no-consent.md": NO_CONSENT, "broken-yaml.md": BROKEN})
    build = mkdocs_build(root)
    assert build.returncode == 0, build.output
    return build


def test_withheld_stories_are_in_no_output_file(gate_site):
    files = gate_site.files()
    assert "sitemap.xml" in files and "sitemap.xml.gz" in files
    assert "search/search_index.json" in files
    for marker in WITHHELD_MARKERS:
        assert gate_site.grep(marker) == [], marker
    for slug in ("in-draft", "no-consent", "broken-yaml"):
        assert not (gate_site.site / slug).exists()
        assert gate_site.grep(f"/{slug}/") == [], slug


def test_published_story_is_everywhere_it_should_be(gate_site):
    page = gate_site.text("learning-to-delegate/index.html")
    assert "pumpernickel-body" in page
    assert "learning-to-delegate/" in gate_site.text("sitemap.xml")
    assert "Learning to delegate" in gate_site.text("client-stories/index.html")
    assert "Learning to delegate" in gate_site.text("themes/delegation/index.html")
    themes = gate_site.text("themes/index.html")
    assert "leadership" in themes and "delegation" in themes


def test_html_comments_never_reach_the_page(gate_site):
    assert gate_site.grep("ledger-comment-marker") == []


def test_build_reports_published_and_withheld(gate_site):
    out = gate_site.output
    assert "casebook: published 1, withheld 3" in out
    assert "withheld stories/in-draft.md (draft)" in out
    assert "marked draft: true" in out
    assert "consent is 'none'" in out
    assert "stories/broken-yaml.md:2: front-matter is not valid YAML" in out


def test_search_index_holds_the_header_fields(gate_site):
    index = json.loads(gate_site.text("search/search_index.json"))
    text = " ".join(d["text"] + " " + d["title"] for d in index["docs"]
                    if d["location"].startswith("learning-to-delegate/"))
    for needle in ("Director, support function", "International organisation",
                   "marmalade-outcome", "Hand work to others", "Lead a team of specialists",
                   "A specialist director learned to lead through a team."):
        assert needle in text, needle


def test_story_page_renders_every_field(gate_site):
    page = gate_site.text("learning-to-delegate/index.html")
    for needle in ("Learning to delegate", "A specialist director learned to lead through a "
                   "team.", "Director, support function", "International organisation",
                   "12 months", "Hand work to others", "Lead a team of specialists",
                   "Promoted after a marmalade-outcome review", "Team retention rose"):
        assert needle in page, needle
    # themes link to their theme pages
    assert 'href="../themes/delegation/"' in page
    assert 'href="../themes/leadership/"' in page
    # story pages stay out of the navigation: not listed in the home page's nav (the home
    # page's own sections do list stories: featured and latest)
    home = gate_site.text("index.html")
    nav = home[home.index('<nav class="md-nav md-nav--primary'):home.index("</nav>", home.index(
        '<nav class="md-nav md-nav--primary'))]
    tabs = home[home.index('<nav class="md-tabs"'):home.index("</nav>", home.index(
        '<nav class="md-tabs"'))]
    assert "learning-to-delegate" not in nav and "learning-to-delegate" not in tabs


def test_listing_cards_show_role_summary_goal_and_first_outcome(gate_site):
    listing = gate_site.text("client-stories/index.html")
    for needle in ('href="../learning-to-delegate/"', "Director, support function",
                   "A specialist director learned", "Hand work to others",
                   "Lead a team of specialists", "Promoted after a marmalade-outcome review"):
        assert needle in listing, needle
    assert "Team retention rose" not in listing  # only the headline outcome on a card


def test_strict_build_fails_on_a_withheld_story(tmp_path):
    # Drafts are reported and skipped (issue 14); a story without consent fails --strict.
    write_stories(tmp_path, {"ok.md": GOOD, "in-draft.md": DRAFT,
                             "no-consent.md": story_text(title='"Not agreed yet"',
                                                         consent="none")})
    build = mkdocs_build(tmp_path, strict=True)
    assert build.returncode != 0
    assert "no-consent.md" in build.output and "in-draft.md" in build.output


def test_strict_build_passes_when_everything_publishes(tmp_path):
    write_stories(tmp_path, {"ok.md": GOOD})
    build = mkdocs_build(tmp_path, strict=True)
    assert build.returncode == 0, build.output


def test_accepted_consent_is_a_plugin_option(tmp_path):
    verbal = story_text(consent="verbal", body="Body with verbal-consent-marker.\n")
    write_stories(tmp_path, {"verbal.md": verbal})
    build = mkdocs_build(tmp_path, config=site_config(tmp_path, consent=["written"]))
    assert build.returncode == 0, build.output
    assert build.grep("verbal-consent-marker") == []
    assert "consent is 'verbal'; publishing needs one of written" in build.output


HOSTILE = "<script>alert('x')</script>"


def test_html_in_front_matter_is_escaped_on_every_page(tmp_path):
    text = story_text(
        title=json.dumps(f"Title {HOSTILE}"), summary=json.dumps(f"Summary {HOSTILE}"),
        role=json.dumps(f"Role {HOSTILE}"), sector=json.dumps("Sector <b>bold</b>"),
        outcomes="\n  - " + json.dumps(f"Outcome {HOSTILE}"),
        themes=json.dumps(["leadership", f"x {HOSTILE}"]),
        body="Body text {{ config.site_name }} and {% if true %}tag{% endif %}.\n")
    write_stories(tmp_path, {"hostile.md": text})
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    pages = {name: data.decode("utf-8") for name, data in build.files().items()
             if name.endswith(".html")}
    assert "hostile/index.html" in pages
    for name, html in pages.items():
        assert "<script>alert" not in html, name
        assert "<b>bold</b>" not in html, name
    page = pages["hostile/index.html"]
    assert "&lt;script&gt;alert" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    # Jinja syntax in a story is text, never executed.
    assert "{{ config.site_name }}" in page
    assert "{% if true %}tag{% endif %}" in page


def test_a_page_in_docs_dir_that_is_not_listed_is_treated_as_a_story(tmp_path):
    # fail closed: an unlisted Markdown page must validate like a story or stay out
    write_stories(tmp_path, {"about.md": "# About\n\nfree-text-unlisted-marker\n"})
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    assert build.grep("free-text-unlisted-marker") == []
    assert "stories/about.md:1: has no front-matter" in build.output


def test_vocabulary_failures_withhold_the_story_with_did_you_mean(tmp_path):
    write_stories(tmp_path, {"off-vocab.md": story_text(sector='"Internatonal organisation"',
                                                        body="vocab-marker text.\n")})
    build = mkdocs_build(tmp_path, config=site_config(
        tmp_path, vocabulary_strict=True,
        vocabulary_sectors=["International organisation", "Public sector"]))
    assert build.returncode == 0, build.output
    assert build.grep("vocab-marker") == []
    assert "did you mean 'International organisation'?" in build.output


def test_explorer_data_holds_only_published_stories(gate_site):
    data = json.loads(gate_site.text("explorer/stories.json"))
    assert [s["title"] for s in data["stories"]] == ["Learning to delegate"]
    story = data["stories"][0]
    assert story["url"] == "learning-to-delegate/"
    assert story["themes"] == ["leadership", "delegation"]
    assert story["role_level"] == "Director" and story["duration"] == "6–12 months"
    assert (gate_site.site / "explorer/index.html").exists()


def test_feed_lists_published_stories_only(gate_site):
    import xml.etree.ElementTree as ET
    ns = {"a": "http://www.w3.org/2005/Atom"}
    atom = ET.fromstring(gate_site.text("feed.xml"))
    titles = [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)]
    assert titles == ["Learning to delegate"]
    rss = ET.fromstring(gate_site.text("rss.xml"))
    assert [i.findtext("title") for i in rss.iter("item")] == ["Learning to delegate"]
    assert 'type="application/atom+xml"' in gate_site.text("index.html")


def test_disclosure_and_related_stories(tmp_path):
    a = story_text(title='"Story one"', themes="[leadership, delegation]")
    b = story_text(title='"Story two"', themes="[leadership, delegation]", sector='"Health"')
    c = story_text(title='"Story three"', themes="[influence]", sector='"Retail"')
    d = story_text(title='"Story four"', themes="[feedback]", sector='"Health"')
    write_stories(tmp_path, {"one.md": a, "two.md": b, "three.md": c, "four.md": d})
    build = mkdocs_build(tmp_path, config=site_config(tmp_path, disclosure="Custom-disclosure."))
    assert build.returncode == 0, build.output
    one = build.text("one/index.html")
    assert "Custom-disclosure." in one
    related = one[one.index("cb-related"):]
    assert "Story two" in related and "Story three" not in related
    two = build.text("two/index.html")
    rel = two[two.index("cb-related"):]
    assert rel.index("Story one") < rel.index("Story four")  # shared themes before sector
    assert "cb-related" not in build.text("three/index.html")


def test_bad_input_files_are_withheld_with_one_message_each_never_a_crash(tmp_path):
    big = story_text(title='"Huge"', body="word " * 1_100_000)
    files = {
        "ok.md": GOOD,
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "latin1.md": story_text(title='"Caf\xe9"').encode("latin-1"),
        "empty.md": b"",
        "huge.md": big,
        "not-a-mapping.md": "---\n- just\n- a list\n---\nBody\n",
        "wrong-types.md": story_text(title='"Types"', outcomes='"one string"', themes="7"),
        "Odd Name (1).md": story_text(title='"Odd name"'),
    }
    write_stories(tmp_path, files)
    before = {p.name: p.read_bytes() for p in (tmp_path / "stories").iterdir()}
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    assert "casebook: published 1, withheld 7" in build.output
    for expected in ("stories/binary.md: is a binary file",
                     "stories/latin1.md:2: is not valid UTF-8",
                     "stories/empty.md:1: is empty",
                     "stories/huge.md: is 5.5 MB; a story must be under 1 MB",
                     "stories/not-a-mapping.md:2: front-matter must be a set",
                     "stories/wrong-types.md:10: 'outcomes' must be a list",
                     "has a file name that is not a clean slug; rename it to 'odd-name-1.md'"):
        assert expected in build.output, expected
    # the coaches' files are untouched
    assert {p.name: p.read_bytes() for p in (tmp_path / "stories").iterdir()} == before


def test_an_edited_theme_template_shows_in_the_next_build_with_a_warm_cache(tmp_path):
    """Builds keep compiled templates in the cache folder; Jinja checks each template's
    source, so an edit to the theme is never served from an old compilation."""
    import shutil
    from conftest import REPO
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    write_stories(tmp_path, {"learning.md": story_text(title='"Learning to delegate"')})
    cfg = site_config(tmp_path, cache_dir=str(tmp_path / ".cache"))
    cfg["theme"]["custom_dir"] = str(theme)
    first = mkdocs_build(tmp_path, config=cfg)
    assert first.returncode == 0, first.output
    assert any((tmp_path / ".cache" / "templates").iterdir())
    story = theme / "story.html"
    story.write_text(story.read_text(encoding="utf-8").replace(
        '<article class="cb-story">', '<article class="cb-story" data-edited="yes">'),
        encoding="utf-8")
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode == 0, build.output
    assert 'data-edited="yes"' in (build.site / "learning" / "index.html").read_text()


def test_compiled_templates_are_kept_in_the_user_store_for_a_fresh_clone(tmp_path,
                                                                        monkeypatch):
    """A fresh clone (or an emptied cache folder) reads the theme's compiled templates from
    the per-user store, as it reads the gazetteers there: nothing is compiled again."""
    import shutil
    store = tmp_path / "user"
    monkeypatch.setenv("CASEBOOK_CACHE_HOME", str(store))
    write_stories(tmp_path, {"learning.md": story_text(title='"Learning to delegate"')})
    cfg = site_config(tmp_path, cache_dir=str(tmp_path / ".cache"))
    first = mkdocs_build(tmp_path, config=cfg)
    assert first.returncode == 0, first.output
    page = (first.site / "learning" / "index.html").read_bytes()
    def compiled(folder):
        return {p.relative_to(folder): p.stat().st_mtime_ns for p in folder.rglob("*")
                if p.is_file()}
    kept = compiled(store / "templates")
    assert kept
    shutil.rmtree(tmp_path / ".cache")
    second = mkdocs_build(tmp_path, config=cfg)
    assert second.returncode == 0, second.output
    assert compiled(store / "templates") == kept
    assert not compiled(tmp_path / ".cache" / "templates")
    assert (second.site / "learning" / "index.html").read_bytes() == page


def test_a_user_store_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "home-is-a-file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("CASEBOOK_CACHE_HOME", str(not_a_folder))
    write_stories(tmp_path, {"learning.md": story_text(title='"Learning to delegate"')})
    build = mkdocs_build(tmp_path, config=site_config(tmp_path, cache_dir=""))
    assert build.returncode == 0, build.output
    assert "Learning to delegate" in (build.site / "learning" / "index.html").read_text()


def test_a_site_of_two_thousand_stories_builds_and_prints_counts_no_reader_takes_for_years(
        tmp_path):
    """A listing of a big site says "Stories 1,957–1,968 of 2,000": without the separators
    the range reads as years, and the audit (rightly) would not publish it."""
    stories = {f"story-{i:04d}.md": story_text(title=f'"Story number {i:,}"',
                                               body="The client learned to delegate.\n")
               for i in range(2000)}
    write_stories(tmp_path, stories)
    build = mkdocs_build(tmp_path, config=site_config(tmp_path, explorer_enabled=True))
    assert build.returncode == 0, build.output[-3000:]
    last = sorted((build.site / "client-stories" / "page").iterdir(),
                  key=lambda p: int(p.name))[-1]
    page = (last / "index.html").read_text(encoding="utf-8")
    assert "of 2,000, newest first" in page and "Stories 1,9" in page
    home = (build.site / "index.html").read_text(encoding="utf-8")
    assert "2,000" in home
