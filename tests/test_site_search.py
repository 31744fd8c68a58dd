"""Search by a header-card fact, in the browser: marketing types a sector and finds the
story. The sector appears nowhere but in the header card, so only the card can match."""
from __future__ import annotations

import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from conftest import _QuietHandler, mkdocs_build, story_text, write_stories

pytestmark = [pytest.mark.browser, pytest.mark.build]

TITLE = "Learning to let go"
STORY = story_text(title=f'"{TITLE}"', sector='"Healthcare"', duration='"9 months"',
                   role='"Director, clinical services"',
                   body="The client wanted to lead rather than do everything alone.\n")


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    write_stories(root, {"learning-to-let-go.md": STORY})
    build = mkdocs_build(root)
    assert build.returncode == 0, build.output
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(_QuietHandler, directory=str(build.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_search_finds_a_story_by_its_sector(page, search_site):
    query = "Healthcare"
    page.goto(search_site)
    page.wait_for_load_state("networkidle")   # the search worker has its index
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query, delay=20)
    page.locator(".md-search-result__meta").filter(has_text="matching").wait_for(timeout=15000)
    assert TITLE in page.locator(".md-search-result").inner_text()
