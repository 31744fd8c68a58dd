"""normalise copies plain stretches in runs: the offsets stay those of every character."""
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.checker.normalise import normalise


def test_plain_text_is_itself_with_identity_offsets():
    text = "Plain prose, with no markup at all.\nA second line."
    n = normalise(text)
    assert n.text == text and n.src == tuple(range(len(text) + 1))
    assert n.ends == tuple(range(1, len(text) + 1)) and not n.tricks


def test_an_accent_after_a_copied_run_composes_with_its_last_letter():
    n = normalise("Met Oksane\u0301 today")
    assert n.text == "Met Oksané today"
    assert n.to_source(4, 10) == (4, 11)
    assert "decomposed accents" in n.tricks


def test_markup_and_references_between_runs_keep_offsets():
    src = "Dear O<!-- -->ksana and &#79;lek."
    n = normalise(src)
    assert n.text == "Dear Oksana and Olek."
    a, b = n.to_source(n.text.index("Oksana"), n.text.index("Oksana") + 6)
    assert src[a:b] == "O<!-- -->ksana"
    a, b = n.to_source(n.text.index("Olek"), n.text.index("Olek") + 4)
    assert src[a:b] == "&#79;lek"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab O0k<!-->*_&#;%41\u200be\u0301\uff20\n")),
               max_size=80))
def test_offsets_are_complete_and_in_order(text):
    n = normalise(text)
    assert len(n.src) == len(n.text) + 1 and len(n.ends) == len(n.text)
    assert list(n.src) == sorted(n.src) and n.src[-1] == len(text)
    assert all(s < e <= len(text) for s, e in zip(n.src, n.ends))
