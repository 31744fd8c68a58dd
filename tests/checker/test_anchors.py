"""`anchors.split`: every line a pattern matches holds one of its anchors or a match of the
rest. Patterns are made at random from the syntax the reader knows (and some it refuses);
`Document.lines_with` must then name exactly the lines each line alone matches."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.checker import anchors
from casebook.checker.document import build

from .conftest import story_of

ATOMS = ["abc", "cab", "b", "ba", "a", r"\d", r"\b", r"\w", r"\s", ".", "[ab]", "[^a]", r"\.",
         ",", " ", "^", "$", "bca", "aaa", "ccc"]


def _pattern(draw, depth=0, ahead=True):
    n = draw(st.integers(1, 4))
    seq = []
    for _ in range(n):
        kind = draw(st.integers(0, 9 if depth < 2 else 5))
        if kind <= 5:
            atom = draw(st.sampled_from(ATOMS if ahead else [a for a in ATOMS if a != "$"]))
        else:
            inner = "|".join(_pattern(draw, depth + 1, ahead)
                             for _ in range(draw(st.integers(1, 3))))
            atom = draw(st.sampled_from(["(?:{})", "({})", "(?={})", "(?!{})", "(?<=a)",
                                         "(?<!b)"] if ahead else
                                        ["(?:{})", "({})", "(?<=a)", "(?<!b)"])).format(inner)
        q = draw(st.sampled_from(["", "", "", "?", "*", "+", "{2}", "{1,2}", "{0,3}", "*?"]))
        if atom in ("^", "$", r"\b") or atom.startswith("(?<"):
            q = ""
        elif kind > 5 and q not in ("", "?", "{2}"):
            q = "?"            # no nested repetition: it can take exponential time
        seq.append(atom + q)
    return "".join(seq)


@st.composite
def patterns(draw, ahead=True):
    """Random patterns; `ahead=False`: none that looks past a match's end (`$`, look-aheads),
    as pre-filters never do (`lines_with` searches the whole text for those without
    anchors)."""
    return "|".join(_pattern(draw, 0, ahead) for _ in range(draw(st.integers(1, 4))))


TEXT = st.lists(st.sampled_from(["a", "b", "c", "abc", "cab", "bca", "aaa", "ccc", "1", ",",
                                 ".", " ", "\n", "\n\n", "ba"]), max_size=40).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), TEXT)
def test_every_matching_line_holds_an_anchor_or_the_rest(pattern, text):
    try:
        rx = re.compile(pattern)
    except re.error:
        return
    parts = anchors.split(pattern)
    if parts is None:
        return
    literals, rest = parts
    assert all(len(a) >= anchors.MIN_ANCHOR for a in literals)
    for line in text.split("\n"):
        if rx.search(line):
            assert any(a in line for a in literals) or (rest is not None and rest.search(line))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(ahead=False), TEXT)
def test_lines_with_random_patterns_are_each_lines_own(pattern, text):
    try:
        re.compile(pattern)
    except re.error:
        return
    doc = build(story_of(text))
    assert doc.lines_with(pattern) == doc._lines_with_each(pattern)


def test_unknown_syntax_is_refused():
    for p in [r"(?i)abc", r"(?P<x>abc)", r"\x41bc", r"(abc)\1", r"\u0041bc", r"(?#c)abc"]:
        assert anchors.split(p) is None, p
