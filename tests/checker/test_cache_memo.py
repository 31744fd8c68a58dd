"""File-name problems of a cached story come from the cache's memo table: the first-name
gazetteer is not loaded for them, and a memo table edited by hand is ignored."""
import json

import pytest

from casebook.checker import CheckConfig, ResultCache, check
from casebook.checker import gazetteers

from .conftest import story_of

CLEAN = "A quiet story about delegation and trust."


def _name_problems(result):
    return [p for p in result.problems if "file name" in p.message]


def test_a_cached_story_needs_no_gazetteer_for_its_file_name(tmp_path, monkeypatch):
    story = story_of(CLEAN, path="stories/working-with-priyanka.md")
    first = check(story, CheckConfig(), ResultCache(tmp_path / "cache"))
    assert _name_problems(first)      # the name in the file name is found

    def no_gazetteer():
        raise AssertionError("the first-name gazetteer was loaded for a cached story")

    monkeypatch.setattr(gazetteers, "first_names", no_gazetteer)
    again = check(story_of(CLEAN, path="stories/working-with-priyanka.md"), CheckConfig(),
                  ResultCache(tmp_path / "cache"))      # a new process: memory empty
    assert _name_problems(again) == _name_problems(first)


def test_a_renamed_story_is_judged_by_its_new_name(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    assert not _name_problems(check(story_of(CLEAN, path="stories/delegation.md"),
                                    CheckConfig(), cache))
    renamed = check(story_of(CLEAN, path="stories/priyanka-delegation.md"), CheckConfig(),
                    ResultCache(tmp_path / "cache"))
    assert _name_problems(renamed)


@pytest.mark.parametrize("edit", ["values", "garbage"])
def test_an_edited_memo_table_is_ignored(tmp_path, edit):
    story = story_of(CLEAN, path="stories/working-with-priyanka.md")
    check(story, CheckConfig(), ResultCache(tmp_path / "cache"))
    [table] = list((tmp_path / "cache" / "memo").iterdir())
    if edit == "values":            # says no word is a name, without fixing the checksum
        lines = table.read_text().splitlines()
        entries = [json.dumps([json.loads(line)[0], False]) for line in lines[1:-1]]
        assert entries != lines[1:-1]
        table.write_text("\n".join([lines[0], *entries, lines[-1]]) + "\n")
    else:
        table.write_text("{not json")
    again = check(story_of(CLEAN, path="stories/working-with-priyanka.md"), CheckConfig(),
                  ResultCache(tmp_path / "cache"))
    assert _name_problems(again)


def test_one_process_works_out_a_story_s_file_name_once(tmp_path, monkeypatch):
    """A `mkdocs serve` rebuild checks every story again: its file name's problems are kept
    by (result, path), and a rename in the same process is judged afresh."""
    import casebook.checker as checker
    cache = ResultCache(tmp_path / "cache")
    calls = []
    real = checker._file_name_problems
    monkeypatch.setattr(checker, "_file_name_problems",
                        lambda story, *a: calls.append(story.path) or real(story, *a))
    for _ in range(3):
        assert _name_problems(check(story_of(CLEAN, path="stories/working-with-priyanka.md"),
                                    CheckConfig(), cache))
    assert calls == ["stories/working-with-priyanka.md"]
    assert not _name_problems(check(story_of(CLEAN, path="stories/delegation.md"),
                                    CheckConfig(), cache))
    assert calls[-1] == "stories/delegation.md"
    # Another allow-list is another result: worked out again, and it accepts the name.
    allowed = check(story_of(CLEAN, path="stories/working-with-priyanka.md"),
                    CheckConfig(allow=("Priyanka",)), cache)
    assert not _name_problems(allowed) and len(calls) == 3
