"""`anchors.plan`: every line a pattern matches holds a branch that is a plain string, or the
anchors of a branch that matches there, or a match of the rest. Patterns are made at
random from the syntax the reader knows (and some it refuses), case-insensitive groups
among them; `Document.lines_with` must then name exactly the lines each line alone
matches, searched as it is or lower-cased."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casebook.checker import anchors
from casebook.checker.document import _folded_pattern, build

from .conftest import story_of

ATOMS = ["abc", "cab", "b", "ba", "a", r"\d", r"\b", r"\w", r"\s", ".", "[ab]", "[^a]", r"\.",
         ",", " ", "^", "$", "bca", "aaa", "ccc", "Abc", "ABC", "[A-C]", "CaB", r"\W"]


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
            atom = draw(st.sampled_from(["(?:{})", "({})", "(?i:{})", "(?={})", "(?!{})",
                                         "(?<=a)", "(?<!b)"] if ahead else
                                        ["(?:{})", "({})", "(?i:{})", "(?<=a)", "(?<!b)"])
                        ).format(inner)
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
    p = "|".join(_pattern(draw, 0, ahead) for _ in range(draw(st.integers(1, 4))))
    return draw(st.sampled_from(["", "", "", "(?i)"])) + p


TEXT = st.lists(st.sampled_from(["a", "b", "c", "abc", "cab", "bca", "aaa", "ccc", "1", ",",
                                 ".", " ", "\n", "\n\n", "ba", "A", "ABC", "Abc", "CAB", "cAb",
                                 "BcA"]), max_size=40).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), TEXT, st.booleans())
@example("ABC|b\\d", "abc\nxABCx", True)
@example("(?i:Abc)|CaB", "cab\nCAB\ncAB", True)
@example("abc\\d|cab\\w", "cabx\nabc1", False)
@example("(?!abc)^|abc", "ABC", True)
def test_every_matching_line_is_found_by_the_plan(pattern, text, fold):
    try:
        rx = re.compile(pattern)
    except re.error:
        return
    plan = anchors.plan(pattern, _folded_pattern if fold else None)
    if plan is None:
        return
    for found, _ in plan.anchored:
        assert all(len(a) >= anchors.MIN_ANCHOR for a in found)
    for line in text.split("\n"):
        low = line.lower() if fold else line
        proven = any(a in line for a in plan.proven) or \
            any(a in low for a in plan.proven_folded)
        if proven:
            assert rx.search(line), (pattern, line)      # a plain-string branch: a match
        elif rx.search(line):
            assert any(any(a in low for a in found) and branch.search(line)
                       for found, branch in plan.anchored) or \
                (plan.rest is not None and plan.rest.search(line)), (pattern, line)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(ahead=False), TEXT)
@example("ABC|b\\d", "abc\nxABCx")
@example("(?i:Abc)|CaB", "cab\nCAB\ncAB")
@example("abc\\d|cab\\w", "cabx\nabc1")
def test_lines_with_random_patterns_are_each_lines_own(pattern, text):
    try:
        re.compile(pattern)
    except re.error:
        return
    doc = build(story_of(text))
    assert doc.lines_with(pattern) == doc._lines_with_each(pattern)
    folded = build(story_of(text))
    assert folded.lines_with(pattern, fold=True) == doc._lines_with_each(pattern)


def test_unknown_syntax_is_refused():
    for p in [r"(?m)abc", r"(?P<x>a)(?P=x)bcd", r"\x41bc", r"(abc)\1", r"\u0041bc",
              r"(?#c)abc"]:
        assert anchors.plan(p) is None and anchors.plan(p, _folded_pattern) is None, p
    # A case-insensitive group inside a branch is read only lower-cased (then it is plain).
    assert anchors.plan(r"abc(?i:x)") is None and anchors.plan(r"abc(?i:x)", _folded_pattern)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), TEXT, st.booleans())
@example("abc(?i:cab)", "abcCAB", False)
@example("(?P<x>Abc)|bca", "ABC", True)
def test_every_match_holds_an_anchor_of_the_hint(pattern, text, insensitive):
    try:
        rx = re.compile(pattern, re.I if insensitive else 0)
    except re.error:
        return
    hint = anchors.hint(rx.pattern, rx.flags)
    if hint is None:
        return
    found, lower = hint
    assert lower or not (insensitive or "(?i" in pattern)
    for m in rx.finditer(text):
        got = m.group().lower() if lower else m.group()
        assert any(a in got for a in found), (pattern, m.group())


def test_the_dates_detector_s_patterns_have_hints():
    from casebook.checker.detectors import dates
    hints = {rule: anchors.hint(rx.pattern, rx.flags) for rule, rx, _ in dates.PATTERNS}
    assert "may" in hints["month-year"][0] and hints["month-year"][1]
    assert hints["numeric"] is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), st.sampled_from([r"\d", "a|b", "(?i:abc)|cab", r"\w", "."]), TEXT,
       st.booleans())
@example("abc", r"\w", "ABC", True)
@example("(?i:cab)a", ".", "CABa", False)
def test_finditer_skips_only_stretches_without_a_match(pattern, prefilter, text, insensitive):
    try:
        rx = re.compile(pattern, re.I if insensitive else 0)
    except re.error:
        return
    doc = build(story_of(text))
    every = [m.span() for a, b in doc.lines_with(prefilter, fold=True)
             for m in rx.finditer(doc.scan, a, b)]
    assert [m.span() for m in doc.finditer(rx, prefilter, fold=True)] == every


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), TEXT, st.booleans())
@example(r"\b(?:abc|ca)b", "xabcb cab", False)
@example(r"(?:ab)?ca", "ABCA ca", True)
@example(r"(?<=a)bc|ab+", "abc abbb", False)
def test_every_match_starts_with_one_of_the_starts(pattern, text, insensitive):
    try:
        rx = re.compile(pattern, re.I if insensitive else 0)
    except re.error:
        return
    got = anchors.starts(rx.pattern, rx.flags)
    if got is None:
        return
    literals, lower = got
    assert lower or not (insensitive or "(?i" in pattern)
    assert all(len(s) >= anchors.MIN_START for s in literals)
    for m in rx.finditer(text):
        head = m.group().lower() if lower else m.group()
        assert any(head.startswith(s) for s in literals), (pattern, m.group(), literals)


def test_the_cued_detectors_have_starts():
    """The patterns that made `Document.finditer` try their words at every position of a line:
    the ID detector's cues, the quasi detector's superlatives."""
    from casebook.checker.detectors import ids, quasi
    cued = anchors.starts(ids._CUED.pattern, ids._CUED.flags)
    assert cued is not None and "staff" in cued[0] and cued[1]
    assert all(anchors.starts(rx.pattern, rx.flags) is not None
               for rule, rx, *_ in quasi.PATTERNS if rule.startswith("superlative"))
    assert anchors.starts(r"\d+abc", 0) is None and anchors.starts(r"a?bc", 0) is None


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), TEXT)
@example(r"(?<!a)[AB]c|\d", "Ac 1 aBc")
@example(r"\b(?:A?1)C", "1C A1C")
def test_every_match_starts_with_one_of_the_first_characters(pattern, text):
    try:
        rx = re.compile(pattern)
    except re.error:
        return
    got = anchors.first_chars(rx.pattern, rx.flags)
    if got is None:
        return
    first = re.compile(got)
    assert not first.search("a "), got       # never most of a story's characters
    for m in rx.finditer(text):
        assert m.group() and first.match(m.group()), (pattern, m.group(), got)


def test_the_identifier_detectors_have_first_characters():
    """Patterns opening with a look-behind or `\\b`, tried at every position before."""
    from casebook.checker.detectors import dates, ids, postcode
    assert anchors.first_chars(ids._SHAPED.pattern) == r"[A-Z]|\#"
    assert anchors.first_chars(postcode._UK.pattern, postcode._UK.flags) is not None
    assert {rule for rule, rx, _ in dates.PATTERNS
            if anchors.first_chars(rx.pattern, rx.flags)} >= {"numeric", "quarter-year"}
    assert anchors.first_chars(r"(?i)abc") is None and anchors.first_chars(r"a|B") is None
