"""Property-based tests of the checker and the gate: no input raises, and a leak the checker
finds is never dropped by a later stage."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook import story as model
from casebook.checker import CheckConfig, check_story
from casebook.gate import review
from conftest import story_text

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
_words = st.lists(st.sampled_from(
    ["the", "client", "Will", "Grace", "team", "board", "360°", "KPIs", "March", "2021",
     "Director", "@", "#", "[at]", "http://", "<!--", "-->", "`", "|", "![x](y.png)", "\n",
     "##", "Ms", "Dr", "Ltd", "'s", ".", ",", "\t", "\r\n", "é", "–", "{{", "%}"]),
    max_size=60).map(" ".join)
LEAK = "ana.kowalczyk@example-firm.co.uk"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_text, _words))
def test_checker_never_raises_on_any_body(body):
    s = model.parse(story_text(body=body).encode("utf-8", "surrogatepass"), "stories/f.md")
    findings = check_story(s, CheckConfig())
    for f in findings:
        assert 0 <= f.start < f.end <= len(s.text)
        assert s.text[f.start:f.end] == f.text
        assert f.line >= 1 and f.column >= 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_checker_never_raises_on_any_bytes(data):
    s = model.parse(data, "stories/f.md")
    check_story(s, CheckConfig())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_words, _words, st.booleans())
def test_a_found_leak_is_never_dropped_by_the_gate(before, after, broken_front_matter):
    text = story_text(body=f"{before} {LEAK} {after}\n")
    if broken_front_matter:
        text = text.replace('title: "', 'title: [', 1)   # invalid YAML: still checked
    s = model.parse(text.encode("utf-8"), "stories/f.md")
    findings = check_story(s, CheckConfig())
    assert any(LEAK in f.text or f.text in LEAK for f in findings), findings
    [verdict] = review([s], lambda st_: check_story(st_, CheckConfig()))
    assert not verdict.publish
    assert verdict.findings
