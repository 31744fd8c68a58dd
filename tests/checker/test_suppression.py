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


def test_a_suppression_matches_a_whole_finding_never_a_part_of_one():
    # " " and "e" are in every finding: they must suppress nothing
    for needle in (" ", "e", "Wierz", "Oksana"):
        body = (f'<!-- casebook: allow "{needle}" reason="testing" -->\n'
                "Oksana Wierzbicka joined the board.\n")
        assert "Oksana Wierzbicka" in texts(body), needle
    body = ('<!-- casebook: allow "Oksana Wierzbicka" reason="the author, quoted" -->\n'
            "Oksana Wierzbicka's book helped.\n")
    assert texts(body) == []


def test_an_unused_suppression_is_reported_not_a_problem():
    from casebook.checker import UNUSED_SUPPRESSION, CheckConfig, check
    fm = FRONT.format(pseudonyms="[]", allow="[]")
    s = parse(fm + '<!-- casebook: allow "e" reason="a try" -->\nOksana joined.\n',
              "stories/x.md")
    result = check(s, CheckConfig())
    [unused] = [p for p in result.problems if p.key == UNUSED_SUPPRESSION]
    assert '"e" suppressed nothing' in unused.message
