"""`document.build`'s faster parts give what they gave as first written: the Title Case lines
(`_LONG_WORDS` for the long words of `_WORDS`) and the spans of allowed texts (a pattern
that starts with the text itself)."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.checker import document
from casebook.checker.document import build
from casebook.story import parse


def _title_case_lines_as_written(doc):
    out = set()
    text = doc.scan
    for i, ls in enumerate(doc.line_starts):
        le = doc.line_starts[i + 1] - 1 if i + 1 < len(doc.line_starts) else len(text)
        line = text[ls:le]
        stripped = line.lstrip()
        if not stripped:
            continue
        if stripped.startswith("#") and re.match(r"#{1,6}\s", stripped):
            words = [w for w in document._WORDS.findall(stripped) if len(w) > 3]
            caps = sum(w[0].isupper() for w in words)
            if words and caps / len(words) >= 0.5:
                out.add(i)
            continue
        words = [w for w in document._WORDS.findall(line) if len(w) > 3]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.75:
            out.add(i)
        elif doc.in_front_matter(ls) and re.match(r"\s*title\s*:", doc.text[ls:le]):
            if words and sum(w[0].isupper() for w in words) / len(words) >= 0.6:
                out.add(i)
    return out


PIECES = st.sampled_from([
    " ", "\n", "# ", "## ", "#x ", "---\n", "title: ", "Title: ", "Abcd", "abcd", "Ab", "ab",
    "A1bcd", "1Abcd", "a-Bcde", "O'Neill", "Zoë", "Émile", "ÉTÉ", "x'", "’s", "_Abcd", "--",
    "Leading", "Through", "Others", "and", "the", "Ωmega", "ǅemal", "12", "Priya", "Priya's",
    "@Priya", ".Priya", "x.Priya", "Priya’s", "Priyanka", "Mary Ann", "Ann", "(Ann)"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_title_case_lines_are_the_definitions(text):
    doc = build(parse(text, "stories/x.md"))
    assert doc.weak_lines == _title_case_lines_as_written(doc)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["Priya", "Mary Ann", "Ann", "A.", "Zoë", "C++", "x"]))
def test_allowed_spans_are_the_definitions(text, allowed):
    as_written = re.compile(r"(?<![\w@.])" + re.escape(allowed) + r"(?:['’]s)?(?!\w)")
    assert [m.span() for m in document._allowed(allowed).finditer(text)] == \
        [m.span() for m in as_written.finditer(text)]
