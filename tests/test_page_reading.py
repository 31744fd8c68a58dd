"""How the publish audit reads a built page: each reading alone, as (markup, expected) tables.

These readings were made faster (a look-ahead on the attribute name, digests by json's C
encoder, the page's field lines remembered); what they return must not change.
"""
from __future__ import annotations

import hashlib
import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from casebook.site import publish, safety


@pytest.mark.parametrize("markup, expected", [
    ('<img src="a.png" alt="Jane at her desk">', ["Jane at her desk"]),
    # a browser reads attribute names in any case
    ('<span TITLE="Jane Roe">x</span>', ["Jane Roe"]),
    ('<abbr Title="Acme Holdings">AH</abbr>', ["Acme Holdings"]),
    ('<a ARIA-LABEL="Call Jane" href="#top">x</a>', ["Call Jane"]),
    ("<input value='Jane Roe' placeholder=\"Your name\">", ["Jane Roe", "Your name"]),
    ('<meta content="Led by Jane Roe">', ["Led by Jane Roe"]),
    # attributes that hold no prose are not read; an attribute only ends a name
    ('<div class="Jane Roe" style="x" data-title="Jane">t</div>', []),
    ('<div xtitle="Jane Roe">t</div>', []),
    # addresses outside the site are read (percent-decoded), the site's own paths are not
    ('<a href="https://example.org/Jane%20Roe">x</a>', ["https://example.org/Jane Roe"]),
    ('<a href="../jane-roe/">x</a>', []),
    ('<a href="mailto:jane@example.org?subject=Hello%20Jane">x</a>',
     ["jane@example.org", "Hello Jane"]),
    ("<!-- Jane's notes -->", ["Jane's notes"]),
    ('<script type="application/ld+json">{"@type": "Person", "name": "Jane Roe"}</script>',
     ["Jane Roe"]),
])
def test_what_a_page_carries(markup, expected):
    assert safety.carried_text(markup) == expected


@pytest.mark.parametrize("text, expected", [
    ("Met **Jane** at [the office](https://x.org/a) and `code`.",
     "Met Jane at the office and code."),
    ("![a photo](p.png) of *the team*", "a photo of the team"),
    ("a * b, snake_case_word and 2 * 3", "a * b, snakecaseword and 2 * 3"),
    ("", ""),
])
def test_the_plain_form_of_a_story(text, expected):
    assert publish._PLAIN.sub(r"\1", text) == expected


@pytest.mark.parametrize("value", [
    [], "x", ["a", ["b", "c\u00e9\n"], 1, None, {"k": [1, 2]}], [[]], ["\ud800"],
])
def test_a_text_digest_is_the_digest_of_its_json(value):
    expected = hashlib.sha256(json.dumps(value, ensure_ascii=False)
                              .encode("utf-8", "surrogatepass")).hexdigest()
    assert safety.text_digest(value) == expected


def test_a_line_made_of_published_fields_is_explained_and_remembered():
    known = publish._KnownFields({"Head of Operations", "Finance"})
    assert known.explain("Head of Operations")
    assert known.explain("Role: Head of Operations")
    assert known.explain("Finance → Head of Operations")
    assert known.explain("— 2025 —")              # no letter
    assert not known.explain("Jane Roe")
    assert not known.explain("Role: Jane Roe")
    assert "Finance" in known and "Jane Roe" not in known
    assert known.explain("Jane Roe") is False     # asked again: the same answer


def test_an_audit_reads_each_file_once(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>x</p>")
    (tmp_path / "b.xml").write_text("<x/>")
    read = []
    original = safety.file_digest
    monkeypatch.setattr(safety, "file_digest", lambda p: read.append(p) or original(p))
    digests = safety.Digests(tmp_path)
    assert digests.rels == ["a/index.html", "b.xml"]
    first = digests("a/index.html")
    assert digests("a/index.html") == first == original(tmp_path / "a" / "index.html")
    assert read == [tmp_path / "a" / "index.html"]


NEEDLES = frozenset({"Jane Roe", "Ann", "Acme Ltd", "a@b.io", "+44 20 7946 0000", "Roe"})
FRAGMENTS = ["Jane Roe", "Ann", "Anna", "xAnn", "Acme Ltd", "a@b.io", "+44 20 7946 0000",
             ">\n", ">", "\n", " ", "<p>", "</p>", "Roe", "_", "é", "Jane", " Roe"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=25), min_size=1, max_size=6))
def test_the_needle_search_of_many_pages_finds_what_a_whole_search_finds(pages):
    # Pages one after the other, as the audit reads them: lines found clean on one page
    # are skipped on the next; the answer is always the whole page's.
    search = safety._NeedleSearch(NEEDLES)
    whole = safety.needle_regex(NEEDLES)
    for fragments in pages:
        text = "".join(fragments)
        assert search(text) == sorted(set(whole.findall(text)))


def test_needles_with_a_cut_in_them_are_searched_whole():
    needles = frozenset({"a>\nb", "Jane"})
    search = safety._NeedleSearch(needles)
    assert search("x a>\nb y") == ["a>\nb"]
    assert search("<p>Jane</p>>\n<p>a>\nb</p>") == ["Jane", "a>\nb"]


def test_a_json_file_s_strings_are_searched_with_their_escapes_decoded(tmp_path):
    needles = frozenset({"Lucía Ferrer", "Tom & Jerry Ltd", "Zoë 😀 Roe", 'Ann "Q" Lee'})
    value = 'Met Luc\u00eda Ferrer, Zo\u00eb \U0001F600 Roe, Ann "Q" Lee, Tom &amp; Jerry Ltd'
    path = tmp_path / "index.json"
    path.write_text(json.dumps({"docs": [{"text": value, "n": 79461954}, "x\\u00eda"]}))
    assert b"\\u00ed" in path.read_bytes()       # escaped, as the search index writes it
    assert safety._needles_in(path, needles) == sorted(needles)
    # an escaped backslash before "u00ed" is a backslash, then the letters: no "í"
    path.write_text('["Luc\\\\u00eda Ferrer"]')
    assert safety._needles_in(path, needles) == []


# The JSON strings that hold an escape, as plainly defined: a quote, runs of plain
# characters and escapes, at least one escape, a quote (the audit's pattern takes each run
# whole, which must find the same strings).
_PLAIN_ESCAPED_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)+"', re.S)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet='"\\ab:,\n{}', max_size=40))
def test_json_strings_with_an_escape_are_found_as_plainly_defined(text):
    assert [m.span() for m in safety._JSON_STRING_WITH_ESCAPE.finditer(text)] == \
        [m.span() for m in _PLAIN_ESCAPED_STRING.finditer(text)]


TAGS = ["<a>", "<a href='x'>", "</a>", "<abbr title=y>", "<b>", "</B>", "<bdi>", "<br>",
        "<s>", "<samp>", "<sup>", "</sub>", "<summary>", "<span class=z>", "<small>",
        "<strong>", "<time>", "<tt>", "<u>", "<ul>", "<var>", "<wbr>", "<i>", "<img src=q>",
        "<a-b>", "<code>", "<col>", "Ann", " ", "\n", "<", ">", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TAGS), max_size=30))
def test_inline_tags_are_the_names_listed_in_the_data_file(fragments):
    from casebook.checker.normalise import _table
    listed = re.compile(r"</?(?:" + "|".join(_table()["inline_tags"]) + r")\b[^<>]*>", re.I)
    markup = "".join(fragments)
    assert safety._inline_tag().sub("", markup) == listed.sub("", markup)


@pytest.mark.parametrize("rel, content", [
    ("search/search_index.json",
     json.dumps({"docs": [{"text": "<p>Met Luc\u00eda Ferrer in Leeds</p>"}]})),
    ("explorer/stories.json", json.dumps([{"title": "Luc\u00eda Ferrer"}])),
    ("feed.xml", "<feed><title>Tom &amp; Jerry Ltd and Luc&#237;a Ferrer</title></feed>"),
    ("a/index.html", '<p title="Luc&iacute;a Ferrer">x</p>\n<p>Tom &amp; Jerry Ltd</p>'),
])
def test_the_audit_finds_a_needle_however_the_file_encodes_it(tmp_path, rel, content):
    (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / rel).write_text(content, encoding="utf-8")
    hits = {text for _, text in safety.audit(tmp_path, {"Lucía Ferrer", "Tom & Jerry Ltd"},
                                             set())}
    expected = {"Lucía Ferrer"} if "Luc" in content else set()
    expected |= {"Tom & Jerry Ltd"} if "Jerry" in content else set()
    assert hits == expected


def test_a_needle_behind_a_character_reference_is_found_on_a_later_page_too():
    search = safety._NeedleSearch(frozenset({"John Roe"}))
    chrome = "<nav>\n<a href='/'>Home</a>>\n"
    assert search(chrome + "<p>Nothing here</p>") == []
    assert search(chrome + "<p>J&#111;hn Roe</p>") == ["John Roe"]
