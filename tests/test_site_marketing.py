"""The site marketing shares: the home page, paginated listings, the explorer rendered at
build time, and the story page's pull quote, call to action and share button (real builds)."""
from __future__ import annotations

import re

import pytest

from casebook.vocab import DURATION_BANDS
from conftest import mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build


def _stories(n: int, extra: dict[int, dict]) -> dict[str, str]:
    """n client stories, one a day, so that 'newest first' has one answer."""
    return {f"story-{i:02d}.md": story_text(title=f'"Story number {i:02d}"',
                                            date=f"2025-01-{i:02d}",
                                            **extra.get(i, {}))  # noqa: E131
            for i in range(1, n + 1)}


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("marketing")
    stories = _stories(14, {
        3: {"featured": "true", "quote": '"I stopped doing everything myself."'},
        5: {"duration": '"2 months"', "sector": '"Retail banking"'},
        6: {"duration": '"18 months"', "themes": "[influence, leadership]"},
        7: {"duration": '"4 months"'},
    })
    write_stories(root, stories)
    cfg = site_config(root, featured=["story-09", "no-such-story"], cta_text="Talk to a coach",
                      cta_link="https://example.org/contact/")
    build = mkdocs_build(root, config=cfg)
    assert build.returncode == 0, build.output
    return build


def _section(html: str, marker: str) -> str:
    start = html.index(marker)
    end = html.find("</section>", start)
    return html[start:end]


def test_home_is_headed_and_titled_by_the_site_name(big_site):
    home = big_site.text("index.html")
    assert "<title>casebook</title>" in home
    assert re.search(r"<h1>casebook</h1>", home)
    assert "<h1>Home</h1>" not in home and home.count("<h1") == 1


def test_home_features_the_option_first_then_flagged_stories(big_site):
    featured = _section(big_site.text("index.html"), 'id="cb-featured"')
    assert featured.index("Story number 09") < featured.index("Story number 03")
    assert "I stopped doing everything myself." in featured   # the pull quote on its card
    assert "'featured' names no published story: no-such-story" in big_site.output


def test_home_shows_outcomes_counts_and_the_latest_stories(big_site):
    home = big_site.text("index.html")
    assert "Promoted to Managing Director within a year" in _section(home, 'id="cb-results"')
    browse = _section(home, 'id="cb-browse"')
    assert re.search(r'href="themes/leadership/">leadership</a> <span class="cb-count">14<', browse)
    assert 'href="explorer/?sector=' in browse
    latest = _section(home, 'id="cb-latest"')
    assert latest.index("Story number 14") < latest.index("Story number 13")
    assert "Story number 09" not in latest               # featured above, not repeated
    assert latest.count('class="cb-card"') == 6          # home_latest's default
    assert 'href="client-stories/"' in latest            # and a "more" link
    assert "<strong>14</strong> client stories" in home


def test_listings_are_paginated_with_links_between_pages(big_site):
    first = big_site.text("client-stories/index.html")
    second = big_site.text("client-stories/page/2/index.html")
    assert first.count('class="cb-card"') == 12 and second.count('class="cb-card"') == 2
    assert first.index("Story number 14") < first.index("Story number 03")
    assert "Story number 02" in second and "Story number 02" not in first
    assert 'href="page/2/" rel="next"' in first
    assert 'href="../../" rel="prev"' in second
    assert "Stories 13–14 of 14" in second
    assert "<title>Client stories (page 2 of 2) - casebook</title>" in second
    # theme pages too, with an intro that counts them
    theme = big_site.text("themes/leadership/index.html")
    assert theme.count('class="cb-card"') == 12
    assert "14 client stories on leadership, newest first." in theme
    assert (big_site.site / "themes/leadership/page/2/index.html").exists()
    assert not (big_site.site / "themes/influence/page/2/index.html").exists()


def test_explorer_is_rendered_at_build_time_with_bands_in_order(big_site):
    page = big_site.text("explorer/index.html")
    assert page.count('class="cb-card"') == 14          # every story, no script needed
    assert "14 of 14 stories" in page
    assert "Loading" not in page
    duration = page[page.index('data-facet="duration"'):]
    duration = duration[:duration.index("</fieldset>")]
    shown = re.findall(r'value="([^"]+)"', duration)
    assert shown == [b for b in DURATION_BANDS if b in shown] and len(shown) == 4
    # a checkbox's label has a space between the name and its count, and names the count
    assert re.search(r'<span class="cb-facet-name">Client story</span> <span class="cb-count">'
                     r'<span class="cb-n">14</span><span class="cb-visually-hidden"> stories', page)


def test_story_page_has_quote_cta_share_and_folds_its_details(big_site):
    page = big_site.text("story-03/index.html")
    assert '<figure class="cb-quote">' in page and "I stopped doing everything myself." in page
    assert '<a class="md-button md-button--primary" href="https://example.org/contact/">' \
           "Talk to a coach</a>" in page
    assert 'class="md-button cb-share-copy"' in page
    assert 'data-url="https://stories.example.com/story-03/"' in page
    start = page.index('<header class="cb-story-header">')
    header = page[start:page.index("</header>", start)]
    assert header.count("Promoted to Managing Director within a year") == 1   # headline once
    assert '<details class="cb-details">' in header
    assert "Hand work to others" in header[header.index("<details"):]


def test_a_story_without_quote_or_cta_shows_neither(tmp_path):
    write_stories(tmp_path, {"plain.md": story_text()})
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    page = build.text("plain/index.html")
    assert '<figure class="cb-quote">' not in page
    assert 'class="cb-cta"' not in page
    assert 'class="md-button cb-share-copy"' in page


def test_the_pull_quote_is_checked_like_every_field(tmp_path):
    leaky = story_text(title='"Quoted too much"',
                       quote='"Email me at someone.real@example.com any time"')
    write_stories(tmp_path, {"quoted.md": leaky})
    build = mkdocs_build(tmp_path)
    assert "withheld stories/quoted.md" in build.output, build.output
    assert not build.grep("someone.real@example.com")


def test_call_to_action_needs_text_and_link_and_is_checked(tmp_path):
    write_stories(tmp_path, {"plain.md": story_text()})
    half = mkdocs_build(tmp_path, config=site_config(tmp_path, cta_text="Talk to a coach"))
    assert half.returncode != 0
    assert "'cta_text' and 'cta_link' go together" in half.output
    leaky = mkdocs_build(tmp_path, config=site_config(
        tmp_path, cta_text="Write to someone.real@example.com", cta_link="contact/"))
    assert leaky.returncode != 0
    assert "'cta_text' in mkdocs.yml could identify someone" in leaky.output


def test_bad_marketing_options_fail_with_the_key(tmp_path):
    write_stories(tmp_path, {"plain.md": story_text()})
    for key, value in (("listing_page_size", "ten"), ("featured", "story-01"),
                       ("cta_link", 3)):
        build = mkdocs_build(tmp_path, config=site_config(tmp_path, **{key: value}))
        assert build.returncode != 0
        assert f"option '{key}'" in build.output, build.output
