"""Property-based tests across stages: raw bytes through loader and checker never raise, and
a leak the checker finds is never dropped by the gate. (Checker-only properties live in
tests/checker/test_fuzz_checker.py.)"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook import story as model
from casebook.checker import CheckConfig, check_story
import tempfile
from pathlib import Path

from casebook import site
from conftest import story_text

_words = st.lists(st.sampled_from(
    ["the", "client", "Will", "Grace", "team", "board", "360°", "KPIs", "March", "2021",
     "Director", "@", "#", "[at]", "http://", "<!--", "-->", "`", "|", "![x](y.png)", "\n",
     "##", "Ms", "Dr", "Ltd", "'s", ".", ",", "\t", "\r\n", "é", "–", "{{", "%}"]),
    max_size=60).map(" ".join)
LEAK = "ana.kowalczyk@example-firm.co.uk"


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
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "stories").mkdir()
        (Path(d) / "stories" / "f.md").write_text(text, encoding="utf-8")
        settings = site.settings.build(None, Path(d) / "stories", None, {})
        [verdict] = site.review(settings).verdicts
    assert not verdict.publish
    assert verdict.findings
