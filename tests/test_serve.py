"""`mkdocs serve` as a coach uses it: drafts and blocked stories are previewed, marked as not
publishable, with each finding highlighted in place and listed in a banner."""
from __future__ import annotations


import pytest
import yaml

from conftest import get_page, mkdocs_serve, serve_until, site_config, story_text, write_stories

pytestmark = pytest.mark.build


@pytest.fixture()
def serve(tmp_path):
    leaky = story_text(title='"Blocked story"',
                       summary='"How Oksana Quellmark found her voice."',
                       body="I met Priya Raghunathan in the first week.\n\n"
                            "Her number was `EMP-448213`.\n\n"
                            "![Priya Raghunathan at the launch](launch.png)\n")
    draft = story_text(title='"Draft story"', draft="true", body="Still writing this one.\n")
    write_stories(tmp_path, {"blocked.md": leaky, "drafted.md": draft,
                             "fine.md": story_text(title='"Fine story"')})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(site_config(tmp_path)),
                                         encoding="utf-8")
    proc, base = mkdocs_serve(tmp_path, "--no-livereload")
    serve_until(base, lambda page: True, proc, "the first build")
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def _get(url: str) -> str:
    page = get_page(url)
    assert page is not None, url
    return page


def test_serve_previews_blocked_story_with_banner_and_highlights(serve):
    page = _get(serve + "blocked/")
    assert "Not publishable (identifying details)" in page
    assert '<mark class="cb-finding" title="PERSON: ' in page
    assert ">Priya Raghunathan</mark>" in page
    # inside a code span the finding is not wrapped (it would break the code), but listed
    assert "<code>EMP-448213</code>" in page
    banner = page[page.index("cb-withheld"):page.index("cb-story-header")]
    assert "Priya Raghunathan" in banner and "EMP-448213" in banner


def test_serve_previews_drafts_marked_as_not_publishable(serve):
    page = _get(serve + "drafted/")
    assert "Not publishable (draft)" in page
    assert "Still writing this one." in page
    fine = _get(serve + "fine/")
    assert "Not publishable" not in fine


def test_serve_marks_findings_in_the_header_card_and_leaves_alt_text_alone(serve):
    page = _get(serve + "blocked/")
    card = page[page.index('class="cb-story-header"'):]
    card = card[:card.index("</header>")]
    assert '<mark class="cb-finding">Oksana Quellmark</mark>' in card
    # an image's alt text is an attribute: a <mark> there would show as text
    assert 'alt="Priya Raghunathan at the launch"' in page
    assert "&lt;mark" not in page


def test_serve_marks_drafts_only_as_drafts(serve):
    blocked = _get(serve + "blocked/")
    drafted = _get(serve + "drafted/")
    assert "mkdocs-draft-marker" not in blocked        # not a draft: its banner says why
    assert "mkdocs-draft-marker" in drafted
    assert "<title>[Not published] Blocked story" in blocked


def test_serve_lists_every_withheld_story_on_one_page_linked_from_every_page(serve):
    home = _get(serve)
    assert "2 stories are not yet published" in home and 'href="not-published/"' in home
    listing = _get(serve + "not-published/")
    assert "Blocked story" in listing and "Draft story" in listing
    assert "identifying details" in listing and "marked draft: true" in listing
    assert "Fine story" not in listing
    assert 'href="../blocked/"' in listing


def test_serve_search_marks_withheld_previews(serve):
    import json
    index = json.loads(_get(serve + "search/search_index.json"))
    titles = {d["title"] for d in index["docs"] if d["location"].rstrip("/") in
              ("blocked", "drafted", "fine")}
    assert "[Not published] Blocked story" in titles
    assert "[Not published] Draft story" in titles and "Fine story" in titles
