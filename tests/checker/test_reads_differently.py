"""`_reads_differently` is the checker's fast test of whether the second reading (the text as
a reader sees it, `normalise`) can differ from the source. Outside ASCII, when it says no,
the reading must be the source itself: the second reading is skipped on its word. In ASCII
it is the test it always was."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import casebook.checker as checker
from casebook.checker.normalise import normalise

# Characters outside ASCII that are kept, dropped, composed or folded; markup, references,
# look-alike digits (inside a word, at its start, in a number) and look-alike names.
PIECES = st.sampled_from([
    " ", "\n", "a", "Ok", "ana", "ksana", "0", "10", "2020", "0ksana", "Ok0ana", "lwona",
    "lreland", "°", "é", "í", "—", "“", "”", "’", "€", "Ø", "ß", "e\u0301", "\u0301", "\u00ad",
    "\u200b", "\u200d", "\ufeff", "\u0085", "ﬁ", "Ｏ", "＠", "①", "½", "™", "\u2028", "&amp;",
    "&#79;", "&", "%41", "%", "<b>", "<!-- x -->", "*", "_", "**", "`", "=", "~", "^", "+",
    "\\", "\\u0041", "\t", "\x07", "\x7f", "Иван", "山田", "ǅ", "İ", "ı", "ſ", "K"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=30).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["°", "é", "—", "’"]))
@example("Ok0ana", "°")
@example("O\u00adksana", "é")
@example("Luci\u0301a", "—")
@example("ﬁnance", "’")
def test_a_text_outside_ascii_that_reads_the_same_is_its_own_reading(text, plain):
    # (An ASCII text is judged as it always was: see the next test.)
    for t in (text + plain, plain + text):
        if not checker._reads_differently(t):
            assert checker._fold_lookalike_names(normalise(t).text) == t


def _reads_differently_in_ascii(text: str) -> bool:
    """The test as it was first written, for ASCII (outside it, every text was read again)."""
    if not text.isascii() or checker._TRIGGER.search(text):
        return True
    names = checker._l_names()
    return any(w in names for w in checker._L_WORD.findall(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "0", "Ok0ana", "0ksana", "lwona", "&", "*", "_",
                                 "x", "\n", "<", "%", "\\", "\x07", "lreland"]),
                max_size=20).map("".join))
def test_ascii_texts_are_judged_as_before(text):
    assert checker._reads_differently(text) == _reads_differently_in_ascii(text)


def test_plain_text_outside_ascii_is_not_read_again():
    assert not checker._reads_differently("A 360° review with Lucía — “twice”.")
    assert checker._reads_differently("A 360° review with Luci\u0301a.")   # decomposed
    assert checker._reads_differently("A review with Ok0ana — twice.")      # a zero inside
    assert checker._reads_differently("A review with O\u00adksana — twice.")  # soft hyphen
    assert checker._reads_differently("A review with Ｏksana.")               # fullwidth


_L_WORD_AS_WRITTEN = re.compile(r"(?<![\w@./-])l[a-z]{2,}\b")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "1", "0", "0ab", "x0yz", " ", "_", "*", "**", "~",
                                 "^", "+", "=", "`", "&", "%", "<", "\\", "\x07", "\x7f", "\n",
                                 "l", "lwona", "lab", "@lab", ".lab", "-lab", "labs", "ﬁ", "ß"]),
                max_size=25).map("".join))
def test_the_fast_searches_are_the_patterns_as_written(text):
    assert any(t.search(text) for t in checker._TRIGGERS) == bool(checker._TRIGGER.search(text))
    assert checker._L_WORD.findall(text) == _L_WORD_AS_WRITTEN.findall(text)
    assert [m.span() for m in checker._L_WORD.finditer(text)] == \
        [m.span() for m in _L_WORD_AS_WRITTEN.finditer(text)]
