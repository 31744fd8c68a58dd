"""Coaches as authors: the `authors` plugin option and the `author:` story field, shown on
the story, on cards, in the feeds and the JSON-LD, with a page per author (real builds)."""
from __future__ import annotations

import io
import json
import re

import feedparser
import pytest
import yaml

from casebook.site import options as opts
from conftest import casebook, mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build

SITE_URL = "https://stories.example.org/"
COACH = "Dana Whitcombe"          # invented; a name the checker flags unless declared
BIO = "Executive coach working with directors in large organisations; former HR lead."
AUTHORS = {
    "dana": {"name": COACH, "bio": BIO, "photo": "coaches/portrait-1.png"},
    "sam": {"name": "Sam Okonjo-Reyes", "bio": "Team coach for leadership programmes."},
}

SIGNED = story_text(title='"Leading through a team"', author="dana", date="2025-05-02",
                    body=f"I am {COACH}, and I coached this director for a year.\n")
WITHHELD = story_text(title='"A story still in draft"', author="dana", date="2025-06-01",
                      draft="true")
UNSIGNED = story_text(title='"Learning to say no"', date="2025-04-01")
UNKNOWN = story_text(title='"Signed by nobody we know"', author="danna", date="2025-03-01")


def _png() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 90, 200)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("authors")
    write_stories(root, {"leading-through-a-team.md": SIGNED, "still-in-draft.md": WITHHELD,
                         "learning-to-say-no.md": UNSIGNED, "signed-by-nobody.md": UNKNOWN,
                         "coaches/portrait-1.png": _png()})
    cfg = site_config(root, authors=AUTHORS)
    cfg["site_url"] = SITE_URL
    build = mkdocs_build(root, config=cfg)
    assert build.returncode == 0, build.output
    return build


def test_story_page_shows_the_author(site):
    html = site.text("leading-through-a-team/index.html")
    # the byline in the header card, linked to the author page
    assert re.search(r'class="cb-byline">By <a href="../authors/dana/" rel="author">'
                     + COACH, html)
    box = html[html.index('<aside class="cb-author"'):]
    box = box[:box.index("</aside>")]
    assert COACH in box and BIO in box and 'href="../authors/dana/"' in box
    src = re.search(r'<img class="cb-author-photo" src="([^"]+)" alt=""', box).group(1)
    assert src == "../coaches/portrait-1.png"
    # the photo is published (a template uses it), re-saved as an image
    assert (site.site / "coaches/portrait-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unsigned_story_has_no_author(site):
    html = site.text("learning-to-say-no/index.html")
    assert "cb-byline" not in html and 'class="cb-author"' not in html


def test_cards_name_the_author(site):
    for page in ("client-stories/index.html", "index.html"):
        html = site.text(page)
        card = re.search(r'<article class="cb-card">(?:(?!</article>).)*Leading through a team'
                         r'(?:(?!</article>).)*</article>', html, re.S).group(0)
        assert f'<p class="cb-card-author">By {COACH}</p>' in card, page
        other = re.search(r'<article class="cb-card">(?:(?!</article>).)*Learning to say no'
                          r'(?:(?!</article>).)*</article>', html, re.S).group(0)
        assert "cb-card-author" not in other


def test_feeds_name_the_author(site):
    atom = feedparser.parse(site.text("feed.xml"))
    assert not atom.bozo, atom.get("bozo_exception")
    entries = {e.title: e for e in atom.entries}
    signed = entries["Leading through a team"]
    assert signed.author_detail.name == COACH
    assert signed.author_detail.href == SITE_URL + "authors/dana/"
    # an unsigned story keeps the feed's author (RFC 4287: the feed-level author)
    assert "authors" not in entries["Learning to say no"] or \
        entries["Learning to say no"].author != COACH
    rss = feedparser.parse(site.text("rss.xml"))
    assert not rss.bozo, rss.get("bozo_exception")
    assert {e.title: e.get("author") for e in rss.entries}["Leading through a team"] == COACH
    assert "<dc:creator>Dana Whitcombe</dc:creator>" in site.text("rss.xml")


def test_json_ld_names_the_author(site):
    html = site.text("leading-through-a-team/index.html")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                              re.S).group(1))
    assert ld["author"] == {"@type": "Person", "name": COACH, "description": BIO,
                            "url": SITE_URL + "authors/dana/"}


def test_author_page_lists_their_published_stories(site):
    html = site.text("authors/dana/index.html")
    assert f"<title>{COACH} - " in html and f"<h1>{COACH}</h1>" in html
    assert BIO in html and 'src="../../coaches/portrait-1.png"' in html
    assert "Leading through a team" in html
    # not another coach's (or nobody's) story, and never a withheld one
    assert "Learning to say no" not in html
    assert "A story still in draft" not in html
    assert not site.grep("A story still in draft")
    # a declared author with nothing published yet has a page that says so
    sam = site.text("authors/sam/index.html")
    assert "No published stories here yet." in sam


def test_authors_index(site):
    html = site.text("authors/index.html")
    assert '<a href="dana/">Dana Whitcombe</a>' in html
    assert '<a href="sam/">Sam Okonjo-Reyes</a>' in html
    assert re.search(r"Dana Whitcombe</a>.*?1 story</p>", html, re.S)
    assert re.search(r"Sam Okonjo-Reyes</a>.*?0 stories</p>", html, re.S)


def test_unknown_author_key_is_a_problem(site):
    assert not (site.site / "signed-by-nobody").exists()
    assert re.search(r"stories/signed-by-nobody\.md:\d+: 'author' is 'danna', which is not one "
                     r"of the site's authors \(dana, sam\) \(did you mean 'dana'\?\)",
                     site.output), site.output


def test_declared_author_name_is_not_flagged(site):
    # the signed story names its coach in the body and is published
    assert COACH in site.text("leading-through-a-team/index.html")
    assert "withheld stories/leading-through-a-team.md" not in site.output


def _project(root, authors, stories):
    write_stories(root, stories)
    cfg = site_config(root, **({"authors": authors} if authors is not None else {}))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")


def test_name_is_flagged_without_the_authors_option(tmp_path):
    """The control: the same story on a site that declares no author is withheld for the
    name, and its author key is a problem."""
    _project(tmp_path, {}, {"leading-through-a-team.md": SIGNED})
    proc = casebook("check", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f'PERSON "{COACH}"' in proc.stdout
    assert "the site declares no authors" in proc.stderr


def test_bio_is_checked_like_the_disclosure(tmp_path):
    authors = {"dana": {"name": COACH, "bio": "Coached the board of Halvorsen Marine Ltd "
                                             "and its chair, Priyanka Osei."}}
    _project(tmp_path, authors, {"learning-to-say-no.md": UNSIGNED})
    proc = casebook("check", "--site", cwd=tmp_path)   # what the build would do: stop
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "'plugins.casebook.authors.dana.bio' in mkdocs.yml could identify someone" \
        in proc.stderr
    assert "Halvorsen Marine Ltd" in proc.stderr
    build = mkdocs_build(tmp_path, config=yaml.safe_load((tmp_path / "mkdocs.yml").read_text()))
    assert build.returncode != 0
    assert "plugins.casebook.authors.dana.bio" in build.output
    assert "Traceback" not in build.output


def test_missing_photo_is_one_clear_error(tmp_path):
    _project(tmp_path, {"dana": {"name": COACH, "bio": BIO, "photo": "coaches/none.jpg"}},
             {"learning-to-say-no.md": UNSIGNED})
    proc = casebook("check", cwd=tmp_path)
    assert proc.returncode == 2
    assert "plugins.casebook.authors: 'dana': 'photo' 'coaches/none.jpg' is not a file in " \
           "docs_dir" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("value, message", [
    ("Dana", "must be a mapping of author keys"),
    ({"Dana W": {"name": "x", "bio": "y"}}, "'Dana W': is not a usable key"),
    ({"dana": "Dana"}, "'dana': must be a mapping with 'name' and 'bio'"),
    ({"dana": {"bio": "y"}}, "'dana': 'name' is missing"),
    ({"dana": {"name": "x"}}, "'dana': 'bio' is missing"),
    ({"dana": {"name": 5, "bio": "y"}}, "'dana': 'name' must be text"),
    ({"dana": {"name": "x", "bio": "y" * 301}}, "'bio' is 301 characters long"),
    ({"dana": {"name": "x", "bio": "y", "phot": "a.jpg"}},
     "'phot' is not an author field (name, bio, photo) (did you mean 'photo'?)"),
    ({"dana": {"name": "x", "bio": "y", "photo": "../me.jpg"}}, "must be a path inside docs_dir"),
    ({"dana": {"name": "x", "bio": "y", "photo": "https://example.org/me.jpg"}},
     "must be a path inside docs_dir"),
    ({"dana": {"name": "x", "bio": "y", "photo": "me.pdf"}}, "must be an image"),
])
def test_authors_option_validation(value, message):
    options, errors = opts.validate({"authors": value})
    assert [k for k, _ in errors] == ["authors"]
    assert message in errors[0][1], errors
    assert options.authors == ()


def test_every_bad_entry_is_reported_at_once():
    _, errors = opts.validate({"authors": {"a": {"bio": "y"}, "b": {"name": "x"}}})
    assert "'a': 'name' is missing" in errors[0][1] and "'b': 'bio' is missing" in errors[0][1]


def test_authors_option_valid():
    options, errors = opts.validate({"authors": AUTHORS})
    assert not errors
    assert [a.key for a in options.authors] == ["dana", "sam"]
    assert options.authors[0] == opts.Author("dana", COACH, BIO, "coaches/portrait-1.png")
