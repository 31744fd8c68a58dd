from casebook.checker import check_story, clear_cache
from casebook.story import parse

from .conftest import FRONT, texts


def test_suppression_on_the_same_line():
    body = 'Each week Hope came prepared. <!-- casebook: allow "Hope" reason="a pseudonym" -->\n'
    assert "Hope" not in texts(body)


def test_suppression_alone_applies_to_the_next_non_blank_line():
    body = ('<!-- casebook: allow "Hope" reason="the word, not a name" -->\n\n'
            'We kept Hope in mind.\n\nLater Hope returned.\n')
    got = texts(body)
    assert got.count("Hope") == 1          # only the second line's occurrence


def test_suppression_without_reason_is_a_problem_and_suppresses_nothing():
    clear_cache()
    fm = FRONT.format(pseudonyms="[]", allow="[]")
    s = parse(fm + 'We kept Hope in mind. <!-- casebook: allow "Hope" -->\n', "stories/x.md")
    found = [f.text for f in check_story(s)]
    assert "Hope" in found
    assert any("no reason" in p.message for p in s.problems)


def test_suppression_comment_itself_is_not_a_finding():
    body = '<!-- casebook: allow "Priyanka" reason="declared elsewhere" -->\nPriyanka said so.\n'
    assert texts(body) == []
