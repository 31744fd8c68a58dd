"""Patterns rewritten so that the regex engine can skip to the character they start with
(a look-behind moved after that character) find exactly what they found as first written."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.checker.detectors import citing, handle
from casebook.checker.detectors import propernoun as pn

TEXT = st.lists(st.sampled_from([
    "a", "A", "Priya", "Priya's", "Anna-Lena", "@", "@priya", "@@x", "x@y", "#", "#Tag", "##x",
    "&#x", "/#x", "/", ".", "-", "'", "’", "\\", " ", "\n", "_", "1", "é", "É", "Ø", "Goleman",
    "Dweck", "Carol Dweck", "G.", "e.g.", "#BrightPath2024", "@firm.team", "ex-", "Mary Ann",
    "Ann", "Annie", "ANN", "x.Ann", "Ann.b", "Ann-", "Ann@"]), max_size=25).map("".join)


def _spans(rx, text):
    return [m.span() for m in rx.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_handles_and_hashtags_as_written(text):
    handle_as_written = re.compile(r"(?<![\w@./&])@[A-Za-z0-9_](?:[\w.]*[A-Za-z0-9_])?")
    hashtag_as_written = re.compile(r"(?<![\w&#/])#[A-Za-z][A-Za-z0-9_]+")
    assert _spans(handle._HANDLE, text) == _spans(handle_as_written, text)
    assert _spans(handle._HASHTAG, text) == _spans(hashtag_as_written, text)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.sampled_from(["Ann", "Mary Ann", "Priya", "A.", "Anna-Lena", "Ø", "C++"]))
def test_name_occurrences_as_written(text, name):
    as_written = re.compile(r"(?<![\w@#/.-])" + re.escape(name) + r"(?![\w@-]|\.\w)")
    assert _spans(pn._occurrences(name), text) == _spans(as_written, text)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.sampled_from(["ACDGP", "G", "É", "Ø"]))
def test_cited_name_words_as_written(text, letters):
    initials = frozenset(letters)
    ls = "".join(re.escape(c) for c in sorted(initials))
    as_written = re.compile(r"(?<![\w@#/.-])[" + ls + r"][\w-]*(?:\.(?=\s))?")
    assert _spans(citing._word_pattern(initials), text) == _spans(as_written, text)


LINES = st.lists(st.sampled_from([
    "a", "A", "x", "X", "e", "E", "ex", "Ex", "eX", "x-", "-", ".", "a.b", "a.B", "-.", ".a",
    "_.", "é.", "1.", "//", "/", " ", "\n", "\n.", "\nx-A", "ex-A", "Ex-", "-based", "Acme",
    "Acme-based", "-owned", "headq", "é"]), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_prefilters_written_to_skip_name_the_lines_as_written(text):
    """The URL and glued-form pre-filters open with a literal (a test behind it): the lines
    they name are those of the pre-filters as first written."""
    from casebook.checker.detectors import url
    from casebook.checker.document import build
    from casebook.story import parse
    doc = build(parse(text, "stories/x.md"))
    for fast, as_written in ((url._PREFILTER, r"[\w-]\.[A-Za-z]|//"),
                             (pn.HYPHEN_PREFILTER,
                              r"[Ee]x-[A-Z]|[A-Z]\w*-(?:based|headq|owned|listed)")):
        assert doc.lines_with(fast) == doc._lines_with_each(as_written), (fast, text)
        assert doc._lines_with_each(fast) == doc._lines_with_each(as_written)


def _names_as_written(scan, by_first, surnames):
    """`citing._names` as first written: the space after a word tested before the look-up."""
    fulls, surs, skip_to = [], [], -1
    for m in citing._word_pattern(citing._initials(by_first, surnames)).finditer(scan):
        s, w = m.start(), m.group()
        if s < skip_to or not w[:1].isupper():
            continue
        for n in by_first.get(w, ()) if " " in scan[m.end():m.end() + 1] else ():
            if scan.startswith(n, s) and citing._END.match(scan, s + len(n)):
                fulls.append((s, s + len(n), n))
                skip_to = s + len(n)
                break
        else:
            if w in surnames:
                surs.append((s, m.end(), w))
    return fulls, surs


CITED = st.lists(st.sampled_from([
    " ", "  ", "\n", ".", ",", "'s", "-", "(", "1995", "Amy", "Edmondson", "Carol", "Dweck",
    "Daniel", "Goleman", "Daniel Goleman", "Carol Dweck", "Amy Edmondson", "Kim", "Scott",
    "Kim Scott", "Brené Brown", "Brown", "Peter", "Hawkins", "Priya", "x", "Ann"]),
    max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(CITED)
def test_cited_names_are_found_as_written(text):
    by_first, _, surnames, _ = citing._authors()
    assert citing._names(text, by_first, surnames) == _names_as_written(text, by_first, surnames)


@settings(max_examples=600, deadline=None)
@given(st.one_of(TEXT, st.text(max_size=30),
                 st.lists(st.sampled_from(["Ann", "²", "½", "ǅ", "\u0301", "_", ".", ".x",
                                           ". ", "Ann.", "@", "-", "x", "Ⅷ"]),
                          max_size=12).map("".join)),
       st.sampled_from(["Ann", "Mary Ann", "Priya", "A.", "Anna-Lena", "Ø", "C++", "ǅ"]))
def test_name_occurrences_found_with_find_are_the_regex_s(text, name):
    """`propernoun.occurrences` (str.find and the characters either side) gives the spans of
    the regex it replaced in propagation."""
    as_written = re.compile(r"(?<![\w@#/.-])" + re.escape(name) + r"(?![\w@-]|\.\w)")
    assert pn.occurrences(text, name) == _spans(as_written, text)
