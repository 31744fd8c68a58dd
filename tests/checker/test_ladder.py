"""The evidence ladder, one table per rule: each rule called alone on its evidence.

A row is (body, the run or group to judge, expected) where expected is None (the rule has no
opinion: the next rule looks), [] (decided: no name), "ask" (decided: spaCy's NER labels it),
or the (text, category, rule) of the hits it makes. Every name here is invented.
"""
import pytest

from casebook.checker import gazetteers as gz
from casebook.checker.detectors import evidence as ev
from casebook.checker.detectors.propernoun import _runs
from casebook.checker.document import build

from .conftest import story_of


def run_evidence(body, run_text):
    doc = build(story_of(body))
    for run in _runs(doc):
        if doc.text[run[0].start:run[-1].end] == run_text:
            return ev.RunEvidence(doc, run, gz.first_names(), gz.cities())
    raise AssertionError(f"no run {run_text!r}: " + ", ".join(
        repr(doc.text[r[0].start:r[-1].end]) for r in _runs(doc)))


def group_evidence(body, group_text):
    for run_text in _candidate_runs(body):
        r = run_evidence(body, run_text)
        for g in ev.name_groups(r):
            if r.doc.text[g[0].start:g[-1].end] == group_text:
                return ev.GroupEvidence(r, g)
    raise AssertionError(f"no group {group_text!r}")


def _candidate_runs(body):
    doc = build(story_of(body))
    return [doc.text[r[0].start:r[-1].end] for r in _runs(doc)]


def decided(out, doc):
    if out is None or out == []:
        return out
    if isinstance(out, ev.RunEvidence):
        return ("narrowed", " ".join(out.words))
    if all(isinstance(x, ev.Ask) for x in out):
        return "ask"
    return [(doc.text[h.start:h.end], h.category, h.rule) for h in out]


RUN_RULES = [
    (ev.honorific, "We met Ms Varga early on.", "Ms Varga",
     [("Ms Varga", "PERSON", "honorific")]),
    (ev.honorific, "We met Dr Kallio and Dr Board.", "Dr Kallio", [("Dr Kallio", "PERSON",
                                                                     "honorific")]),
    (ev.honorific, "She spoke to Brimble Partners.", "Brimble Partners", None),
    (ev.org_suffix, "She joined Brimble Partners in spring.", "Brimble Partners",
     [("Brimble Partners", "ORG", "suffix")]),
    (ev.org_suffix, "She worked with the Quorvane Group for years.", "Quorvane Group",
     [("Quorvane Group", "ORG", "suffix")]),
    (ev.org_suffix, "She met Ms Varga.", "Ms Varga", None),
    (ev.org_head_of, "She moved to the Ministry of Fenwold Affairs.",
     "Ministry of Fenwold Affairs", [("Ministry of Fenwold Affairs", "ORG", "org-head-of")]),
    (ev.org_head_of, "She joined the Institute for Brask Studies.", "Institute for Brask Studies",
     [("Institute for Brask Studies", "ORG", "org-head-of")]),
    (ev.org_head_of, "She met Quorvane Vale at lunch.", "Quorvane Vale", None),
    (ev.street_or_building, "The office was on Brimble Street then.", "Brimble Street",
     [("Brimble Street", "LOCATION", "street-or-building")]),
    (ev.street_or_building, "They met in Quillan House every week.", "Quillan House",
     [("Quillan House", "LOCATION", "street-or-building")]),
    (ev.street_or_building, "She joined Brimble Partners.", "Brimble Partners", None),
    (ev.instrument, "We used the Thomas-Kilmann Instrument with her team.",
     "Thomas-Kilmann Instrument", []),
    (ev.instrument, "She joined Brimble Partners.", "Brimble Partners", None),
    (ev.place_head, "We walked in the New Forest that spring.", "New Forest",
     [("New Forest", "LOCATION", "place-head")]),
    (ev.place_head, "The Lake District was wet.", "The Lake District",
     [("Lake District", "LOCATION", "place-head")]),
    (ev.place_head, "She moved to the East Coast.", "East Coast", None),
    (ev.place_head, "She moved to the Health District.", "Health District", None),
    (ev.city_run, "Her team moved to Cape Town.", "Cape Town",
     [("Cape Town", "LOCATION", "city")]),
    (ev.city_run, "She joined Brimble Partners.", "Brimble Partners", None),
    # well-known employers (stock-index lists): a multiword name anywhere
    (ev.employer_run, "Then Anglo American offered her a role.", "Then Anglo American",
     [("Anglo American", "ORG", "employer")]),
    (ev.employer_run, "Home Depot recruited her.", "Home Depot",
     [("Home Depot", "ORG", "employer")]),
    (ev.employer_run, "She joined Next as a buyer.", "Next", [("Next", "ORG", "employer")]),
    (ev.employer_run, "Next, we looked at the budget.", "Next", None),
    (ev.employer_run, "She joined Brimble Partners.", "Brimble Partners", None),
]


@pytest.mark.parametrize("rule,body,run_text,expected", RUN_RULES,
                         ids=[f"{r[0].__name__}-{i}" for i, r in enumerate(RUN_RULES)])
def test_run_rule(rule, body, run_text, expected):
    r = run_evidence(body, run_text)
    assert decided(rule(r), r.doc) == expected


def test_fixed_phrase_leaves_the_rest():
    r = run_evidence("She kept notes in Google Docs every day.", "Google Docs")
    assert ev.fixed_phrase(r) == []
    r = run_evidence("She kept notes in Google Docs for Varga.", "Google Docs for Varga")
    assert decided(ev.fixed_phrase(r), r.doc) == ("narrowed", "Varga")
    assert ev.fixed_phrase(run_evidence("She met Brimble Partners.", "Brimble Partners")) is None


def test_ordinary_word_before_a_name_is_cut_off():
    r = run_evidence("It showed Congratulations Oyelaran on a card.", "Congratulations Oyelaran")
    assert [[w.text for w in g] for g in ev.name_groups(r)] == [["Oyelaran"]]


GROUP_RULES = [
    (ev.city, "She moved to Leeds after the merger.", "Leeds",
     [("Leeds", "LOCATION", "city")]),
    (ev.city, "She met Quorvane at lunch.", "Quorvane", None),
    (ev.site, "She ran the Brask office for two years.", "Brask",
     [("Brask", "LOCATION", "site")]),
    (ev.site, "She went to the Careers office.", "Careers", None),
    (ev.employer, "Experian hired her in the autumn.", "Experian",
     [("Experian", "ORG", "employer")]),
    (ev.employer, "She left Apple's design team.", "Apple", [("Apple", "ORG", "employer")]),
    (ev.employer, "Apple was the only choice.", "Apple", None),
    (ev.employer, "She met Quorvane at lunch.", "Quorvane", None),
    (ev.first_name, "I first met Priya at a workshop.", "Priya",
     [("Priya", "PERSON", "first-name")]),
    (ev.first_name, "She said Will would try.", "Will", [("Will", "PERSON", "first-name")]),
    (ev.first_name, "Will said he would try.", "Will", []),
    (ev.sentence_start_first_name, "Will said he would try.", "Will",
     [("Will", "PERSON", "sentence-start-first-name")]),
    (ev.sentence_start_first_name, "Mark from estates rang.", "Mark",
     [("Mark", "PERSON", "sentence-start-first-name")]),
    (ev.sentence_start_first_name, "Will this work at all?", "Will", None),
    (ev.sentence_start_first_name, "I first met Priya at a workshop.", "Priya", None),
    (ev.first_name, "Hope is not a strategy, she said.", "Hope", []),
    (ev.first_name, "She met Quorvane at lunch.", "Quorvane", None),
    (ev.acronym_rule, "She had led the data team at QVX for years.", "QVX",
     [("QVX", "ORG", "acronym")]),
    (ev.acronym_rule, "Most clients were SMEs.", "SMEs", []),
    (ev.acronym_rule, "Our client JB asked for more.", "JB", [("JB", "PERSON", "initials")]),
    (ev.org_cue, "She had joined Bramble Fold the year before.", "Bramble Fold",
     [("Bramble Fold", "ORG", "cue")]),
    (ev.org_cue, "She met Quorvane at lunch.", "Quorvane", None),
    (ev.non_word_name, "## Tembeka Mvula\n\nShe led well.", "Tembeka Mvula", "ask"),
    (ev.non_word_name, "She met Quorvane at lunch.", "Quorvane", None),
    (ev.sentence_start_name, "Oyelaran said yes at once.", "Oyelaran",
     [("Oyelaran", "PERSON", "sentence-start-name")]),
    (ev.sentence_start_name, "## Oyelaran\n\nShe led well.", "Oyelaran", []),
    (ev.sentence_start_name, "She met Oyelaran at lunch.", "Oyelaran", None),
    (ev.non_word_cue, "She later moved to work at Quorvane for a while.", "Quorvane",
     [("Quorvane", "ORG", "cue")]),
    (ev.non_word_cue, "She met Oyelaran at lunch.", "Oyelaran", None),
    (ev.name_verb, "Her manager Oyelaran agreed to it.", "Oyelaran",
     [("Oyelaran", "PERSON", "name-verb")]),
    (ev.name_verb, "She met Oyelaran at lunch.", "Oyelaran", None),
    (ev.unknown_name, "She met Oyelaran at lunch.", "Oyelaran", "ask"),
    (ev.unknown_name, "She met Ms Varga.", "Varga", "ask"),
    (ev.lone_noun, "The project stalled behind Harrowells that year.", "Harrowells", "ask"),
    (ev.lone_noun, "She spoke of Bread with love.", "Bread", None),
    (ev.capitalised_phrase, "She kept a Decision Journal every week.", "Decision Journal",
     "ask"),
    (ev.capitalised_phrase, "She read *Brave Tables* twice.", "Brave Tables", []),
]


@pytest.mark.parametrize("rule,body,group_text,expected", GROUP_RULES,
                         ids=[f"{r[0].__name__}-{i}" for i, r in enumerate(GROUP_RULES)])
def test_group_rule(rule, body, group_text, expected):
    g = group_evidence(body, group_text)
    assert decided(rule(g), g.doc) == expected


def test_script_of_reads_the_unicode_name():
    from casebook.checker.detectors.propernoun import script_of
    assert [script_of(c) for c in "Иα山ヤ가ก्"] == [
        "Cyrillic", "Greek", "Chinese (CJK)", "Japanese (Katakana)", "Korean (Hangul)",
        "Thai", "Devanagari"]
    assert [script_of(c) for c in "aéµ😀 1"] == [None] * 6


def test_every_ladder_rule_has_a_table():
    tested = {r[0] for r in RUN_RULES} | {r[0] for r in GROUP_RULES} | {ev.fixed_phrase}
    assert set(ev.RUN_LADDER) | set(ev.GROUP_LADDER) <= tested
