"""`Document.lines_with` finds the lines a pre-filter matches with one search over the text;
it must name exactly the lines that testing each line on its own names."""
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

PIECES = ["at", "(at)", "( at\n)", "dot", " dot ", "2019", "7", "ex-Acme", "Acme-based",
          "Olympic", "won", "x@y.io", "\n", "\n\n", " ", "- ", "# ", "nineteen-eighty",
          "twenty twenty", "[", "]", "Award", "1,200", "é", "\t", "WON", "Won", "OBE",
          "obe", "AWARDED", "\u017fole", "ran\u212aed", "\u0130", "FIRST", "Ärzte"]


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
