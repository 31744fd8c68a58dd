"""`Document.lines_with` finds the lines a pre-filter matches with one pass over the text (a
search, or `str.find` of the pre-filter's literal anchors, `anchors.split`); it must name
exactly the lines that testing each line on its own names."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from casebook.checker import lexicon
from casebook.checker.document import build
from casebook.checker.detectors import dates

from .conftest import story_of

# Every pre-filter the detectors use, plus shapes that can run past a line's end.
PREFILTERS = sorted({p for _, _, p in dates.PATTERNS}
                    | {lexicon.table("patterns/quasi")["prefilter"], "@", r"\d", r"\d\d",
                       r"(?i:[\[({<]\s*at\s*[\])}>])", r"(?i:\bdot\b)",
                       r"[Ee]x-[A-Z]|[A-Z]\w*-(?:based|headq|owned|listed)", r"\s+at\s+"})

# Shapes the anchors reader must get right: quantified literals and groups, look-arounds,
# classes, escapes, an empty alternative, inline flags (not read: the regex alone).
SHAPES = [r"ab?cde|x{2}yzw", r"(?:abc|def)ghi|jk*lmn", r"(?:abc|de)?fgh", r"(?<=ab)cde",
          r"[abc]def|\bobe\b", r"a\.bcd|q\-rs", r"abc|", r"(?i)award|prize", r"(abc)+|won",
          r"wo(?:n|rld)\b", r"\d,\d{3}|first", r"(?i:obe)|Nobel", r"x\{2\}yz|mbe\b",
          r"(?=abc)abcd|\Wdef", r"ab{1,2}cde|f.ghi", r"^won|chief$"]
PREFILTERS += SHAPES

PIECES = ["at", "(at)", "( at\n)", "dot", " dot ", "2019", "7", "ex-Acme", "Acme-based",
          "Olympic", "won", "x@y.io", "\n", "\n\n", " ", "- ", "# ", "nineteen-eighty",
          "twenty twenty", "[", "]", "Award", "1,200", "é", "\t", "WON", "Won", "OBE",
          "obe", "AWARDED", "\u017fole", "ran\u212aed", "\u0130", "FIRST", "Ärzte", "Nobel",
          "nobel", "abcde", "acde", "xxyzw", "defghi", "jklmn", "jlmn", "fgh", "abcdef",
          "a.bcd", "q-rs", "world", "wonder", "chief", "x{2}yz", "abbcde", ",", "1", "2,000",
          "ab", "cde", "Prize", "PRIZE", "won\n", "year-old", "front page", "two thousand"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_lines_with_names_the_lines_each_line_alone_matches(pieces):
    doc = build(story_of("".join(pieces)))
    for prefilter in PREFILTERS:
        assert doc.lines_with(prefilter) == doc._lines_with_each(prefilter), prefilter
    # Searched first in the lower-cased text: the same lines.
    folded = build(story_of("".join(pieces)))
    for prefilter in PREFILTERS:
        assert folded.lines_with(prefilter, fold=True) == doc._lines_with_each(prefilter), \
            prefilter


def test_adjacent_matching_lines_merge_and_others_do_not():
    doc = build(story_of("one 1\ntwo 2\nnone\nthree 3\n"))
    spans = [doc.scan[a:b] for a, b in doc.lines_with(r"\d")]
    assert [s for s in spans if "one" in s or "three" in s] == ["one 1\ntwo 2", "three 3"]


def test_a_pre_filter_is_planned_as_written():
    from casebook.checker import anchors
    from casebook.checker.document import _folded_pattern
    plan = anchors.plan(r"(?i:first|awarded|award|year[- ]old)|Nobel|OBE|\d,\d{3}",
                        _folded_pattern)
    assert plan.proven_folded == ("first", "award") and plan.proven == ("Nobel", "OBE")
    assert [(a, b.pattern) for a, b in plan.anchored] == [(("year",), "(?i:year[- ]old)")]
    assert plan.rest.pattern == r"\d,\d{3}"
    assert anchors.plan(r"\d|@") is not None and anchors.plan(r"\d|\s") is None
    assert anchors.plan(r"(?i:award|prize)") is None     # case-insensitive, not lower-cased
    assert anchors.plan(r"(?P<x>award)|prize").anchored[0][0] == ("award",)  # named group
    assert anchors.plan(r"(?P<x>a)(?P=x)ward|prize") is None   # a reference: not read
    assert anchors.plan(r"ab?cde").anchored[0][0] == ("cde",)   # 'b' is optional
    assert anchors.plan(r"-(?:based|owned)").anchored[0][0] == ("based", "owned")
    assert anchors.plan(r"(?:based|ow)?nedx").anchored[0][0] == ("nedx",)  # optional group
    assert anchors.plan(r"(?:based|ow)n") is None        # anchors too short: the regex alone
