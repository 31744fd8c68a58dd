"""Property-based: no input makes the checker raise, and a planted leak is always found."""
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from casebook.checker import CheckConfig, check_story
from casebook.story import parse

PIECES = st.sampled_from([
    "---\n", "title: \"x\"\n", "pseudonyms: [", "]\n", "# ", "## Heading\n", "![", "](", ")",
    "<!-- ", " -->", "<!-- casebook: allow \"", "\" reason=\"", "|", "`", "*", "_", "@", "#",
    "[at]", "[dot]", ".com/", "http://", "2022", "March", " ", "\n", "\n\n", "'s", "Ms ",
    "Grace", "Will", "Partners", "Ltd", "the first woman to", "07700 900123", "\ufeff", "\r\n",
    "\t", "é", "—", "“", "”",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_never_raises_and_spans_are_consistent(text):
    s = parse(text, "stories/fuzz.md")
    findings = check_story(s, CheckConfig())
    starts = [f.start for f in findings]
    assert starts == sorted(starts)
    lines = s.text.split("\n")
    for f in findings:
        assert 0 <= f.start < f.end <= len(s.text)
        assert s.text[f.start:f.end] == f.text
        if f.line == f.end_line:
            assert lines[f.line - 1][f.column - 1:f.end_column - 1] == f.text


@SETTINGS
@given(TEXT, TEXT)
def test_a_planted_leak_is_never_dropped(before, after):
    leak = "mira.osei@quillan-advisory.com"
    assume("casebook:" not in before)     # an explicit suppression is the one way to drop it
    text = f"{before}\n\nWrite to {leak} today.\n\n{after}"
    s = parse(text, "stories/fuzz.md")
    i = s.text.find(leak)
    assert i >= 0
    findings = check_story(s, CheckConfig())
    assert any(f.start <= i and i + len(leak) <= f.end or f.start < i + len(leak) and i < f.end
               for f in findings)
