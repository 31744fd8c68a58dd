"""`casebook fix`: anonymised rewrite with consistent pseudonyms, end to end on real files.

The fixtures are invented for these tests (no dev-set people, firms or places)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import casebook

from casebook.checker import CheckConfig, check_story
from casebook.commands.fix import BACKUP_DIR, backup_path, propose
from casebook.rewrite import pool
from casebook.story import parse

POOL = pool()




LEAKY = """\
---
# A story in progress: keep this comment.
title: "Finding a steadier voice"   # short and general
kind: client-story
summary: "A finance director at Copperfield Analytics learned to speak up."
role:    "Finance director"
sector: "Technology"
goal:
  before: "Stay quiet in board meetings"   # her words
  after: "Speak with confidence"
outcomes:
  - "Promoted within a year"
themes: [presence, confidence]
duration: "9 months"
consent: written
pseudonyms:
  - Kit
date: 2025-03-14
---

Oksana Wierzbicka joined Copperfield Analytics in Leeds in March 2021. Oksana's first
board meeting went badly; Ms Wierzbicka said nothing for an hour. Kit, her coach, noticed.

## What we tried

- Oksana wrote one question before each meeting
- Her manager, Thaddeus Okonkwo, agreed to ask for her view first
- We met at the Kirkstall Road office on 14 June 2022

Thaddeus later said she was the only woman director on the board. You can reach her
at oksana.w@copperfield-analytics.com or on 0113 496 0123, or see
[her profile](https://copperfield-analytics.com/team/oksana).

1. A numbered step stays numbered.

Oksana now chairs the meeting herself, and Thaddeus's team copies her.
"""


@pytest.fixture()
def project(tmp_path) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: stories\n", encoding="utf-8")
    docs = tmp_path / "stories"
    docs.mkdir()
    (docs / "steadier-voice.md").write_text(LEAKY, encoding="utf-8")
    return tmp_path


def fixed(text: str = LEAKY, seed: int = 0):
    return propose(parse(text, "steadier-voice.md"), seed, CheckConfig())


def test_shows_a_diff_and_never_writes_without_write(project):
    path = project / "stories" / "steadier-voice.md"
    before = path.read_bytes()
    proc = casebook("fix", "stories/steadier-voice.md", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("--- a/stories/steadier-voice.md\n+++ b/")
    assert "-Oksana Wierzbicka joined Copperfield Analytics" in proc.stdout
    assert "nothing written" in proc.stderr
    assert path.read_bytes() == before
    assert not (project / BACKUP_DIR).exists()
    assert sorted(p.name for p in (project / "stories").iterdir()) == ["steadier-voice.md"]


def test_write_keeps_the_original_outside_the_docs_folder_and_passes_check(project):
    path = project / "stories" / "steadier-voice.md"
    proc = casebook("fix", "stories/steadier-voice.md", "--write", "--seed", "3", cwd=project)
    assert proc.returncode == 0, proc.stderr
    new = path.read_text(encoding="utf-8")
    assert new != LEAKY and "Oksana" not in new and "Copperfield" not in new
    backups = list((project / BACKUP_DIR).rglob("*.md"))
    assert len(backups) == 1
    assert backups[0].read_text(encoding="utf-8") == LEAKY
    assert backups[0].relative_to(project / BACKUP_DIR).parts[1:] == ("stories",
                                                                      "steadier-voice.md")
    # Nothing but the story itself in the docs folder: MkDocs would publish anything else.
    assert sorted(p.name for p in (project / "stories").rglob("*")) == ["steadier-voice.md"]
    assert "the original is in .casebook-backup/" in proc.stderr
    check = casebook("check", "stories/steadier-voice.md", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    # A second --write keeps the first backup and adds one.
    path.write_text(LEAKY, encoding="utf-8")
    assert casebook("fix", "stories/steadier-voice.md", "--write", cwd=project).returncode == 0
    assert len(list((project / BACKUP_DIR).rglob("*.md"))) == 2


def test_backup_never_lands_in_the_story_folder(tmp_path):
    # No mkdocs.yml or .git anywhere above: still not next to the story.
    story = tmp_path / "docs" / "x.md"
    story.parent.mkdir()
    story.write_text("x", encoding="utf-8")
    b = backup_path(story)
    assert story.parent not in b.parents
    assert BACKUP_DIR in b.parts


@pytest.mark.parametrize("content", [
    "---\ntitle: \"unclosed\nkind: client-story\n---\nOksana Wierzbicka was here.\n",
    "No front-matter at all. Oksana Wierzbicka was here.\n",
    "---\ntitle: x\n",
    b"\xff\xfe not utf-8 Oksana Wierzbicka",
])
def test_a_file_that_does_not_parse_is_never_touched(project, content):
    path = project / "stories" / "broken.md"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    proc = casebook("fix", "stories/broken.md", "--write", cwd=project)
    assert proc.returncode == 2
    assert "does not parse" in proc.stderr
    assert proc.stdout == ""
    assert path.read_bytes() == before
    assert not (project / BACKUP_DIR).exists()


def test_missing_file_is_a_usage_error(project):
    assert casebook("fix", "stories/nope.md", cwd=project).returncode == 2


def test_same_seed_same_output_and_seeds_differ():
    a, b = fixed(seed=7), fixed(seed=7)
    assert a.new_text == b.new_text and a.pseudonyms == b.pseudonyms
    outputs = {tuple(fixed(seed=s).pseudonyms) for s in range(5)}
    assert len(outputs) > 1


def test_same_seed_same_output_across_processes(project):
    runs = [casebook("fix", "stories/steadier-voice.md", "--seed", "11", cwd=project).stdout
            for _ in range(2)]
    assert runs[0] == runs[1] and runs[0]


def test_one_person_one_name_across_mentions_titles_and_possessives():
    r = fixed()
    assert len(r.pseudonyms) == 2                      # Oksana Wierzbicka, Thaddeus Okonkwo
    first, second = r.pseudonyms
    assert first != second
    assert r.mapping["Oksana Wierzbicka"] == r.mapping["Oksana"] == first
    assert r.mapping["Ms Wierzbicka"] == first
    assert r.mapping["Thaddeus Okonkwo"] == r.mapping["Thaddeus"] == second
    body = r.new_text.split("\n---\n", 1)[1]
    assert f"{first}'s first\nboard meeting" in body
    assert f"; {first} said nothing" in body           # "Ms Wierzbicka" -> the same name
    assert f"and {second}'s team copies her" in body
    assert body.count(first) == 5 and body.count(second) == 3
    # The declared pseudonym stays as it is and is not given to anyone else.
    assert "Kit, her coach, noticed." in body and "Kit" not in r.pseudonyms
    story = parse(r.new_text, "steadier-voice.md")
    assert story.problems == []
    assert story.pseudonyms == ["Kit", first, second]


def test_invented_names_never_collide_with_names_in_the_text():
    # A story that already uses most of the pool (public names it may keep, in allow:):
    # the names given must be the others.
    used = [n for n in POOL[:-3] if n != "Kit"]
    text = LEAKY.replace("Kit, her coach, noticed.",
                         "Her friends " + ", ".join(used) + " noticed.")
    text = text.replace("date: 2025", f"allow: [{', '.join(used)}]\ndate: 2025")
    for seed in range(3):
        r = fixed(text, seed)
        assert r.pseudonyms and set(r.pseudonyms) <= set(POOL[-3:]) - {"Kit"}, r.pseudonyms


def test_employers_places_dates_and_contacts_generalised():
    r = fixed()
    t = r.new_text
    for leak in ("Copperfield", "Leeds", "2021", "2022", "Kirkstall", "0113", "@",
                 "copperfield-analytics.com", "only woman director"):
        assert leak not in t, leak
    assert "an analytics company learned to speak up" in t
    assert "joined the analytics company in a city in March." in t
    assert "We met at the office one day in June" in t
    assert "one of the few women directors on the board" in t
    assert "or see\nher profile." in t                  # a leaking link loses its target only
    assert "(email withheld)" in t and "(number withheld)" in t


def test_front_matter_comments_and_markdown_structure_kept():
    r = fixed()
    old, new = LEAKY.splitlines(), r.new_text.splitlines()
    # One line added: the pseudonyms block list grows by its new names, same indentation.
    assert len(new) == len(old) + len(r.pseudonyms)
    assert new[16:19] == ["  - Kit", f"  - {r.pseudonyms[0]}", f"  - {r.pseudonyms[1]}"]
    # Every front-matter line without a leak is byte for byte the same, comments included.
    fm_old = old[:old.index("---", 1) + 1]
    fm_new = new[:new.index("---", 1) + 1]
    untouched = [line for line in fm_old if "Copperfield" not in line]
    assert [line for line in fm_new if line in untouched] == untouched
    assert "# A story in progress: keep this comment." in fm_new
    assert 'role:    "Finance director"' in fm_new
    assert '  before: "Stay quiet in board meetings"   # her words' in fm_new
    # Headings, list items and numbered steps are where they were.
    for prefix in ("## ", "- ", "1. "):
        assert [i for i, line in enumerate(old) if line.startswith(prefix)] == \
               [i - len(r.pseudonyms) if i > 18 else i
                for i, line in enumerate(new) if line.startswith(prefix)]


def test_the_result_passes_the_checker():
    r = fixed()
    assert r.remaining == [] and r.passes
    assert check_story(parse(r.new_text, "steadier-voice.md"), CheckConfig()) == []


@pytest.mark.parametrize("line, expect", [
    ("pseudonyms: []\n", "pseudonyms: [{names}]\n"),
    ("pseudonyms: [Kit]   # declared\n", "pseudonyms: [Kit, {names}]   # declared\n"),
    ("pseudonyms:\n", "pseudonyms: [{names}]\n"),
    ("", "pseudonyms: [{names}]   # invented names (added by casebook fix)\n"),
])
def test_pseudonyms_added_in_place_whatever_the_style(line, expect):
    text = LEAKY.replace("pseudonyms:\n  - Kit\n", line)
    r = fixed(text)
    names = ", ".join(r.pseudonyms)
    assert expect.format(names=names) in r.new_text
    assert parse(r.new_text, "steadier-voice.md").problems == []


def test_crlf_and_bom_survive_write(project):
    path = project / "stories" / "steadier-voice.md"
    path.write_bytes(b"\xef\xbb\xbf" + LEAKY.replace("\n", "\r\n").encode("utf-8"))
    proc = casebook("fix", "stories/steadier-voice.md", "--write", cwd=project)
    assert proc.returncode == 0, proc.stderr
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n")
    assert b"Oksana" not in data


def test_image_file_named_after_someone_is_reported_not_broken(project):
    path = project / "stories" / "steadier-voice.md"
    path.write_text(LEAKY + "\n![Oksana Wierzbicka at the away day](/img/oksana-wierzbicka.jpg)\n",
                    encoding="utf-8")
    proc = casebook("fix", "stories/steadier-voice.md", cwd=project)
    assert proc.returncode == 1
    assert "/img/oksana-wierzbicka.jpg" in proc.stderr and "rename the file" in proc.stderr
    r = propose(parse(path.read_text(encoding="utf-8"), "x.md"), 0, CheckConfig())
    assert "](/img/oksana-wierzbicka.jpg)" in r.new_text      # the link still works
    assert re.search(r"!\[(\w+) at the away day\]", r.new_text).group(1) == r.pseudonyms[0]


def test_a_clean_story_is_left_alone(project):
    from conftest import story_text
    path = project / "stories" / "clean.md"
    path.write_text(story_text(), encoding="utf-8")
    before = path.read_bytes()
    proc = casebook("fix", "stories/clean.md", "--write", cwd=project)
    assert proc.returncode == 0 and proc.stdout == ""
    assert path.read_bytes() == before
    assert not (project / BACKUP_DIR).exists()


def test_backup_sits_beside_mkdocs_yml_even_for_a_story_at_the_root(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: content\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    for story in (tmp_path / "content" / "x.md", tmp_path / "draft.md"):
        story.write_text("x", encoding="utf-8")
        b = backup_path(story)
        rel = b.relative_to(tmp_path / BACKUP_DIR)      # raises when it is anywhere else
        assert rel.parts[1:] == story.relative_to(tmp_path).parts
        assert (tmp_path / "content") not in b.parents


def test_fixing_the_fixed_text_changes_nothing():
    once = fixed()
    twice = propose(parse(once.new_text, "steadier-voice.md"), 0, CheckConfig())
    assert twice.new_text == once.new_text and twice.pseudonyms == []


def test_allowed_public_names_are_kept_and_several_files_at_once(project):
    other = project / "stories" / "second.md"
    other.write_text(LEAKY.replace("Oksana", "Radomira"), encoding="utf-8")
    proc = casebook("fix", "stories/steadier-voice.md", "stories/second.md",
                    "--allow", "Thaddeus Okonkwo", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("--- a/stories/") == 2
    assert "-Oksana Wierzbicka" in proc.stdout and "-Radomira Wierzbicka" in proc.stdout
    added = [line for line in proc.stdout.splitlines() if line.startswith("+")]
    assert sum("+Thaddeus later said" in line for line in added) == 2    # kept in both
    assert not any("Thaddeus Okonkwo" in line for line in proc.stdout.splitlines()
                   if line.startswith("-"))
