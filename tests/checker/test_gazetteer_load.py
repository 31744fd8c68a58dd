"""The gazetteers' fast paths give what their plain definitions give.

`first_names` parses nam_dict in a few shortcuts (one regex for "a frequency of 3 or more",
one set of parts for a name without '+'); `is_word` and `is_common_word` try only the
suffix rules a word can end with. Each is compared here with the definition written out.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.checker import gazetteers as gz
from casebook.checker import lexicon


def _first_names_by_definition() -> frozenset[str]:
    import gender_guesser
    path = os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")
    names, anglo, common = set(), set(), set()
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line or line[0] == "#" or len(line) < 30:
                continue
            raw = line[3:29].strip()
            if not raw or not raw[0].isalpha():
                continue
            used_here = line[30:33].strip() != ""
            freq = max((int(c, 16) for c in line[30:86] if c in "123456789ABCDabcd"),
                       default=0)
            if freq >= 3:
                common.add(gz.fold(raw.replace("+", "")))
            for variant in (raw.replace("+", " "), raw.replace("+", "-"), raw.replace("+", "")):
                for part in variant.split():
                    if len(part) > 1:
                        names.add(gz.fold(part))
                        if used_here:
                            anglo.add(gz.fold(part))
    drop = {gz.fold(w) for w in lexicon.STOP_CAPS} | set(lexicon.HONORIFICS) | \
        {w.capitalize() for w in lexicon.SEASONS}
    return frozenset(n for n in names if n not in drop and n[0].isupper() and
                     (n in anglo or n in common or not _is_word_by_definition(n)))


def _is_word_by_definition(token: str) -> bool:
    low = token.lower().replace("’", "'")
    if low in gz._FUNCTION_WORDS:
        return True
    if "'" in low:
        low = low.split("'")[0]
        if low in gz._FUNCTION_WORDS:
            return True
    words = gz.english_words()
    if low in words:
        return True
    if "-" in low:
        return all(p in words or p in gz._FUNCTION_WORDS or _is_word_by_definition(p)
                   for p in low.split("-") if p)
    for suf, rep in gz._SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            stem = low[: -len(suf)] + rep
            if stem in words:
                return True
            if suf in ("ing", "ed", "er", "est") and len(stem) > 2 and stem[-1] == stem[-2] \
                    and stem[:-1] in words:
                return True
    return False


def _is_common_word_by_definition(token: str) -> bool:
    gz.english_words()
    low = token.lower()
    if low in gz._FUNCTION_WORDS or low in gz._NOT_ONLY_NOUN:
        return True
    for suf, rep in gz._VERB_SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            stem = low[: -len(suf)] + rep
            if stem in gz._NOT_ONLY_NOUN or (len(stem) > 3 and stem[-1] == stem[-2] and
                                             stem[:-1] in gz._NOT_ONLY_NOUN):
                return True
    return False


def test_first_names_are_the_definitions():
    pytest.importorskip("gender_guesser")
    assert gz.first_names() == _first_names_by_definition()


# Words that reach the suffix rules: inflected and derived English words, names, shapes.
_SAMPLE = sorted(gz.first_names())[::7] + sorted(gz.english_words())[::11] + [
    "delegating", "stopped", "running", "happiest", "carefully", "Hope", "Reading", "Will",
    "Way", "Fatima", "Priya", "ex-colleague", "well-being", "O'Neill", "women’s", "", "a", "s",
    "ing", "abed", "Rosses", "marketers", "organisations", "harmonised", "homewards"]


def test_is_word_is_its_definition_on_a_sample():
    bad = [w for w in _SAMPLE if gz.is_word(w) != _is_word_by_definition(w)]
    assert not bad


def test_is_common_word_is_its_definition_on_a_sample():
    bad = [w for w in _SAMPLE if gz.is_common_word(w) != _is_common_word_by_definition(w)]
    assert not bad


_ENDINGS = sorted({suf for suf, _ in (*gz._SUFFIXES, *gz._VERB_SUFFIXES)})


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(gz.english_words())[::13]), st.sampled_from(["", *_ENDINGS]),
       st.sampled_from(["", "-", "'s", "’s"]))
def test_word_tests_are_their_definitions(stem, ending, tail):
    for w in (stem + ending + tail, (stem + ending).capitalize(), stem[:-1] + ending):
        assert gz.is_word(w) == _is_word_by_definition(w), w
        assert gz.is_common_word(w) == _is_common_word_by_definition(w), w


def test_an_empty_suffix_is_refused():
    with pytest.raises(ValueError):
        gz._by_last_letter([("", "x")])
