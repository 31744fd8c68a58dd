"""What marketing shares: feeds a reader accepts, link previews, search by a header fact,
valid markup. Real `mkdocs build`s in temporary folders, read back with real parsers."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import feedparser
import pytest

from conftest import mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build

SITE_URL = "https://stories.example.org/coaching/"
# Characters a coach may type that must never become markup: quotes, an ampersand, a tag
# and a closing </script> (which would end a JSON-LD block early if printed raw).
TRICKY_TITLE = 'Less "busy" & more <b>focus</b> </script> for a director'
TRICKY = story_text(title=json.dumps(TRICKY_TITLE),
                    summary='"A director swapped <i>busy</i> for focus & calm."',
                    sector='"Healthcare"', duration='"9 months"', date="2025-03-14",
                    themes="[delegation, leadership]")
PLAIN = story_text(title='"Learning to delegate"', sector='"Education"', date="2024-11-02",
                   themes="[delegation]")


def _build(root, **config):
    write_stories(root, {"less-busy.md": TRICKY, "learning-to-delegate.md": PLAIN})
    cfg = site_config(root)
    cfg["site_url"] = SITE_URL
    cfg.update(config)
    build = mkdocs_build(root, config=cfg)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("sharing"))


class _Head(HTMLParser):
    """Meta tags, links, JSON-LD blocks, and every element's tag and attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content"))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        if tag in ("script", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "jsonld":
            self.jsonld[-1] += data
        elif self._in == "title":
            self.title += data


def _parse(html: str) -> _Head:
    p = _Head()
    p.feed(html)
    return p


# ---------------------------------------------------------------- feeds
def test_atom_feed_is_valid_with_an_author_and_its_own_links(site):
    d = feedparser.parse(site.text("feed.xml"))
    assert not d.bozo, d.get("bozo_exception")
    assert d.version == "atom10"
    # RFC 4287: a feed without an author needs one on every entry; the site name stands in.
    assert d.feed.author == "casebook"
    links = {l.rel: l.href for l in d.feed.links}
    assert links == {"self": SITE_URL + "feed.xml", "alternate": SITE_URL}
    assert [e.link for e in d.entries] == [SITE_URL + "less-busy/",
                                           SITE_URL + "learning-to-delegate/"]
    assert d.entries[0].title == TRICKY_TITLE


def test_rss_feed_links_to_the_site_and_to_itself(site):
    d = feedparser.parse(site.text("rss.xml"))
    assert not d.bozo, d.get("bozo_exception")
    assert d.version == "rss20"
    assert d.feed.link == SITE_URL   # the channel's <link> is the site, not the Atom file
    selves = [l.href for l in d.feed.links if l.rel == "self"]
    assert selves == [SITE_URL + "rss.xml"]
    assert len(d.entries) == 2 and d.entries[0].title == TRICKY_TITLE


def test_feed_author_comes_from_site_author(tmp_path):
    build = _build(tmp_path, site_author="The coaching practice")
    d = feedparser.parse(build.text("feed.xml"))
    assert not d.bozo and d.feed.author == "The coaching practice"
    ld = json.loads(_parse(build.text("less-busy/index.html")).jsonld[0])
    assert ld["author"] == {"@type": "Person", "name": "The coaching practice"}


# ---------------------------------------------------------------- link previews
def test_story_page_carries_open_graph_twitter_and_article_metadata(site):
    html = site.text("less-busy/index.html")
    head = _parse(html)
    url = SITE_URL + "less-busy/"
    summary = "A director swapped <i>busy</i> for focus & calm."
    assert head.meta["og:title"] == [TRICKY_TITLE]
    assert head.meta["og:description"] == [summary]
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:url"] == [url]
    assert head.meta["twitter:card"] == ["summary"]
    assert [l["href"] for l in head.links if l.get("rel") == "canonical"] == [url]
    assert head.title == f"{TRICKY_TITLE} - casebook"
    assert len(head.jsonld) == 1
    ld = json.loads(head.jsonld[0])
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "Article"
    assert ld["headline"] == TRICKY_TITLE
    assert ld["description"] == summary
    assert ld["datePublished"] == "2025-03-14"
    assert ld["url"] == url
    # Escaped, never raw: the coach's tags are text everywhere in the page.
    assert "<b>focus</b>" not in html and "<i>busy</i>" not in html
    assert "</script> for a director" not in html


def test_story_page_shows_its_publication_date(site):
    html = site.text("less-busy/index.html")
    assert re.search(r'<time datetime="2025-03-14">14 March 2025</time>', html)


def test_listing_pages_are_shared_as_websites(site):
    head = _parse(site.text("client-stories/index.html"))
    assert head.meta["og:type"] == ["website"]
    assert head.meta["og:title"] == ["Client stories"]
    assert head.meta["og:url"] == [SITE_URL + "client-stories/"]
    assert head.jsonld == []


def test_theme_pages_are_titled_with_a_capital(site):
    html = site.text("themes/delegation/index.html")
    head = _parse(html)
    assert head.title == "Delegation - casebook"
    assert "<h1>Delegation</h1>" in html
    assert head.meta["og:title"] == ["Delegation"]


# ---------------------------------------------------------------- search and markup
def test_search_index_separates_header_labels_from_values(site):
    docs = json.loads(site.text("search/search_index.json"))["docs"]
    text = next(d["text"] for d in docs if d["location"] == "less-busy/")
    assert re.search(r"Sector\W+Healthcare\b", text), text[:600]
    assert re.search(r"Duration\W+9 months", text), text[:600]
    assert "SectorHealthcare" not in text and "Healthcare" + "Duration" not in text


def test_no_aria_label_on_elements_without_a_role(site):
    # aria-label names only elements that have a role: on a bare <span> or <div> it is
    # invalid (and most screen readers ignore it).
    bad = []
    for rel, data in site.files().items():
        if not rel.endswith(".html"):
            continue
        for tag, attrs in _parse(data.decode("utf-8")).elements:
            if tag in ("span", "div", "p") and "aria-label" in attrs and "role" not in attrs:
                bad.append((rel, tag, attrs.get("class")))
    assert bad == []

