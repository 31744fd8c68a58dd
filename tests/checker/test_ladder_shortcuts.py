"""The proper-noun detector's shortcuts give what their definitions give.

- `_runs` meets only the words that start with a capital (`_capitalised`), not every word
  of the story (`_CAP`, then a test of the first letter);
- a run that `explained` accepts is skipped: the ladder decides nothing for it, nor for any
  run made of some of its words (what `_unexplained` may leave of it): `classify` gives [];
- `Word` tells a possessive by the word's end, as `_POSS` defines it.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.checker import gazetteers as gz
from casebook.checker import lexicon
from casebook.checker.detectors import evidence as ev
from casebook.checker.detectors import propernoun as pn
from casebook.checker.document import build
from casebook.story import parse

from .conftest import story_of

ROOT = Path(__file__).resolve().parents[2]


def _runs_by_definition(doc):
    """`_runs` as first written: every word `_CAP` finds, those in lower case skipped."""
    runs, cur, last_end = [], [], -1
    for m in pn._CAP.finditer(doc.scan):
        t = m.group()
        if not t[0].isupper():
            continue
        w = ev.Word(t, m.start(), m.end())
        if not w.text:
            continue
        gap = doc.scan[last_end:m.start()] if cur else None
        joined = cur and not cur[-1].poss and gap is not None and (
            gap == " " or (gap.startswith(" ") and gap.endswith(" ") and
                           gap.strip() in lexicon.INNER_CONNECTORS and len(gap) <= 6))
        if joined:
            w.after_connector = gap != " "
            cur.append(w)
        else:
            if cur:
                runs.append(cur)
            cur = [w]
        last_end = m.end()
    if cur:
        runs.append(cur)
    return runs


def _shape(runs):
    return [[(w.text, w.start, w.end, w.poss, w.after_connector) for w in r] for r in runs]


# Capitals and near-capitals outside ASCII: letters, a circled letter (no letter), a Roman
# numeral (a letter number), title case, the dotted I, the Kelvin sign, marks, apostrophes.
PIECES = st.sampled_from([
    " ", "  ", "\n", ". ", ", ", "-", "'", "’", "'s", "’s", ".", "@", "#", "/", "\\", "_", "1",
    "of", "and", "the", "de", "van", "&", "Priya", "Ørsted", "Émile", "Łódź", "İstanbul", "ǅ",
    "Ⓐ", "Ⅷ", "K", "\u212a", "Ω", "Ωmega", "Ιωάννης", "Иван", "ß", "ﬁ", "é", "e\u0301",
    "ＡＢＣ", "abc", "Abc", "ABC", "Mc", "O'Neill", "x.Y", "Halvorsen", "Institute"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_runs_are_the_definitions(text):
    doc = build(parse(text, "stories/x.md"))
    assert _shape(pn._runs(doc)) == _shape(_runs_by_definition(doc))


def _stories():
    folders = [ROOT / "tests" / "heldout", ROOT / "stories",
               ROOT.parent / "shared" / "eval" / "devset", ROOT.parent / "shared" / "eval" / "realdev"]
    return [p for f in folders if f.is_dir() for p in sorted(f.glob("*.md"))]


def test_runs_of_real_stories_are_the_definitions():
    stories = _stories()
    if not stories:
        pytest.skip("no stories")
    for p in stories:
        doc = build(parse(p.read_text(encoding="utf-8"), str(p)))
        assert _shape(pn._runs(doc)) == _shape(_runs_by_definition(doc)), p


def _subruns(run):
    """The run and every run made of some of its words, in order (what `_unexplained` may
    leave of it)."""
    n = len(run)
    return [[run[i] for i in range(n) if mask >> i & 1] for mask in range(1, 2 ** n)]


def _assert_explained_decide_nothing(doc, where):
    first, cities = gz.first_names(), gz.cities()
    seen = 0
    for run in pn._runs(doc):
        if len(run) <= 6 and ev.explained(run, doc):
            seen += 1
            for sub in _subruns(run):
                assert ev.classify(doc, sub, first, cities) == [], \
                    (where, " ".join(w.text for w in sub))
    return seen


def test_explained_runs_are_classified_as_nothing_in_real_stories():
    seen = 0
    for p in _stories():
        seen += _assert_explained_decide_nothing(
            build(parse(p.read_text(encoding="utf-8"), str(p))), p)
    assert seen or not _stories()


# Words that are explained away, in every position and context a rule reads: a cue
# before ("joined", "at", "in"), an instrument or site word after, a possessive, a
# heading, a sentence start, italics; and runs of them, with the words that make a city,
# an employer's name or a place ("Salt Lake City", "Anglo American", "Lake District").
EXPLAINED = sorted(lexicon.STOP_CAPS)[::5] + sorted(gz.NATIONALITIES)[::5] + \
    list(lexicon.HONORIFICS) + ["UK", "HR", "B2", "X", "Board", "Next", "Group", "Bank",
                                "The", "Salt", "Lake", "City", "Town", "Cape", "Anglo",
                                "American", "District", "New", "Forest", "Her", "KPIs",
                                "Winter", "Springs", "Key", "West", "State", "College", "Peak",
                                "Highlands", "Autumn", "Agile", "Big", "Spring"]
CONTEXT = st.sampled_from(["", "joined ", "at ", "in ", "the ", "## ", "*", "moved to ",
                           "retailer ", "client "])
AFTER = st.sampled_from(["", " model", " office", "'s board", "'s husband", " said", ", her",
                         " from HR", "*", ".", " (QDS)", " Partners", " campus"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(EXPLAINED), min_size=1, max_size=4), CONTEXT, AFTER,
       st.booleans())
def test_explained_runs_are_classified_as_nothing(words, before, after, start):
    name = " ".join(words)
    body = f"{before}{name}{after} was there." if start else \
        f"We talked {before}{name}{after} today."
    _assert_explained_decide_nothing(build(story_of(body)), body)


def test_runs_of_explained_words_that_make_names_are_not_explained():
    # Cities and a place made only of explained words; an employer's last word: the ladder
    # makes names of them, so the shortcut must leave them to it.
    first, cities = gz.first_names(), gz.cities()
    for body, name in [("We flew to Winter Springs today.", "Winter Springs"),
                       ("She joined Next in spring.", "Next"),
                       ("We walked in the Autumn Highlands.", "Autumn Highlands"),
                       ("He left Key West.", "Key West"),
                       ("We met near The Peak, twice.", "The Peak")]:
        doc = build(story_of(body))
        [run] = [r for r in pn._runs(doc) if " ".join(w.text for w in r) == name]
        assert ev.classify(doc, run, first, cities), body
        assert not ev.explained(run, doc), body


@given(st.text(alphabet="ab'’sS.", max_size=6))
def test_possessives_are_the_definition(text):
    w = ev.Word(text, 0, len(text))
    m = ev._POSS.search(text)
    poss = bool(m) and len(text) > 2
    assert (w.poss, w.text) == (poss, text[:m.start()] if poss else text)


class _WordByDefinition:
    """`Word` as first written: the possessive cut found with `endswith`."""

    def __init__(self, text, start, end):
        cut = 2 if text.endswith(("'s", "’s")) else 1 if text.endswith(("'", "’")) else 0
        self.poss = cut > 0 and len(text) > 2
        self.text = text[:-cut] if self.poss else text
        self.start, self.end = start, start + len(self.text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["s", "'", "’", "'s", "’s", "A", "Ab", "x", "ss", "é"]),
                max_size=5).map("".join), st.integers(0, 50))
def test_words_are_the_definition(text, start):
    w, d = ev.Word(text, start, start + len(text)), _WordByDefinition(text, start, 0)
    assert (w.text, w.start, w.end, w.poss, w.after_connector) == \
        (d.text, d.start, d.end, d.poss, False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_a_one_word_run_is_explained_by_its_word_alone(text):
    """`find` asks `explained` once per word of its one-word runs: the answer must not
    depend on where the word stands."""
    doc = build(parse(text, "stories/x.md"))
    seen: dict[str, bool] = {}
    for run in pn._runs(doc):
        if len(run) == 1:
            got = ev.explained(run, doc)
            assert seen.setdefault(run[0].text, got) == got
