"""The built site as marketing meets it: headless Chromium (Debian's) driven by Playwright."""
from __future__ import annotations

import re

import pytest

from casebook import story as model
from conftest import REPO

pytestmark = pytest.mark.browser


def _published_client_story():
    """A client story from stories/ (the committed content) to look for in the browser."""
    for path in sorted((REPO / "stories").glob("*.md")):
        s = model.load(path)
        if s.kind == "client-story" and s.valid and not s.draft:
            return s
    pytest.fail("stories/ has no valid client story")


def test_home_theme_story_journey(page, served):
    s = _published_client_story()
    page.goto(served)
    assert page.title()
    # the home page leads to the listings
    page.get_by_role("link", name="Themes").first.click()
    page.wait_for_url(re.compile(r"/themes/$"))
    theme = s.themes[0]
    page.locator(".cb-theme-index a", has_text=theme).first.click()
    page.wait_for_url(re.compile(r"/themes/[a-z0-9-]+/$"))
    page.locator(".cb-card-title a", has_text=s.title).click()
    page.wait_for_url(re.compile(rf"/{s.slug}/$"))
    header = page.locator(".cb-story-header")
    assert header.locator(".cb-role").inner_text() == s.role
    assert s.goal["before"] in header.inner_text()
    assert s.goal["after"] in header.inner_text()
    for outcome in s.outcomes:
        assert outcome in header.locator(".cb-outcomes").inner_text()
    # themes are links to their theme pages
    header.locator("a.cb-theme", has_text=s.themes[-1]).click()
    page.wait_for_url(re.compile(r"/themes/[a-z0-9-]+/$"))
    assert page.locator(".cb-card-title a", has_text=s.title).count() == 1


def test_search_finds_a_story_by_a_word_from_its_outcomes(page, served):
    s = _published_client_story()
    words = [w for w in re.findall(r"[A-Za-z]{6,}", " ".join(s.outcomes))]
    assert words, s.outcomes
    word = words[0]
    page.goto(served)
    page.wait_for_load_state("networkidle")   # the search worker has its index
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(word, delay=20)  # typed, as a reader would
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert s.title in page.locator(".md-search-result").inner_text()


@pytest.mark.parametrize("width, height, name", [(390, 844, "narrow"), (1280, 900, "wide")])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_story_page_screenshots(browser, served, artifacts, width, height, name, scheme):
    s = _published_client_story()
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{served}{s.slug}/")
    header = page.locator(".cb-story-header")
    header.wait_for()
    box = header.bounding_box()
    # the header card fits the viewport: nothing forces horizontal scrolling on a phone
    assert box["width"] <= width
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"page scrolls sideways at {width}px: {scroll_width}"
    path = artifacts / f"story-{name}-{scheme}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    context.close()


def test_listing_cards_on_a_phone(browser, served, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{served}client-stories/")
    cards = page.locator(".cb-card")
    assert cards.count() >= 2
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert second["y"] > first["y"]  # one column on a phone
    page.screenshot(path=str(artifacts / "listing-narrow.png"), full_page=True)
    context.close()


def test_explorer_filters_combine_count_and_live_in_the_url(page, served):
    page.goto(f"{served}explorer/")
    count = page.locator(".cb-result-count")
    count.filter(has_text="of").wait_for()
    total = page.locator("#cb-explorer .cb-card").count()
    assert total >= 5
    assert count.inner_text() == f"{total} of {total} stories"
    # one theme
    theme = page.locator('[data-facet="themes"] label', has_text="360 feedback")
    expected = int(theme.locator(".cb-count").inner_text())
    theme.locator("input").check()
    assert page.locator("#cb-explorer .cb-card").count() == expected
    assert "themes=360+feedback" in page.url
    # combined with a kind: both must hold
    kind = page.locator('[data-facet="kind"] label', has_text="Client story")
    kind_count = int(kind.locator(".cb-count").inner_text())  # counted under the theme filter
    kind.locator("input").check()
    cards = page.locator("#cb-explorer .cb-card")
    assert cards.count() == kind_count
    for i in range(cards.count()):
        text = cards.nth(i).inner_text()
        assert "Client story".upper() in text.upper() and "360 feedback" in text
    shared = page.url
    assert "kind=Client+story" in shared
    # the link restores the same view
    fresh = page.context.new_page()
    fresh.goto(shared)
    fresh.locator(".cb-result-count").filter(has_text="of").wait_for()
    assert fresh.locator("#cb-explorer .cb-card").count() == kind_count
    assert fresh.locator('[data-facet="kind"] input[value="Client story"]').is_checked()
    # clearing shows everything again
    page.get_by_role("button", name="Clear filters").click()
    assert page.locator("#cb-explorer .cb-card").count() == total
    assert "?" not in page.url


def test_related_stories_lead_to_other_stories(page, served):
    s = _published_client_story()
    page.goto(f"{served}{s.slug}/")
    related = page.locator(".cb-related .cb-card-title a")
    assert related.count() >= 1
    title = related.first.inner_text()
    related.first.click()
    page.wait_for_load_state()
    assert page.locator(".cb-story-header h1").inner_text() == title
    assert page.locator(".cb-disclosure").inner_text()


def test_feed_is_linked_and_parses(page, served):
    page.goto(served)
    href = page.locator('link[type="application/atom+xml"]').get_attribute("href")
    response = page.request.get(served + href.lstrip("./"))
    assert response.ok
    assert "<entry>" in response.text()
