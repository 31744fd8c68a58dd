"""casebook.rewrite: the rewrite behind `casebook fix`, sentence by sentence and on disk.

Every name, firm and place here is invented for these tests."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml

from conftest import casebook

from casebook.checker import CheckConfig
from casebook.rewrite import propose
from casebook.rewrite.english import article, plural, plural_phrase
from casebook.story import parse

HEAD = """---
title: "A steadier voice"
kind: client-story
summary: "A leader learned to speak up."
role: "Director"
sector: "Technology"
goal:
  before: "Quiet"
  after: "Heard"
outcomes:
  - "Promoted"
themes: [presence]
duration: "9 months"
consent: written
date: 2025-03-14
---

"""


def fix_body(body: str) -> str:
    r = propose(parse(HEAD + body + "\n", "a-story.md"), 0, CheckConfig())
    assert not r.problems, r.problems
    assert r.new_text.startswith(HEAD)
    return r.new_text[len(HEAD):-1]


SINGLING_OUT = [
    ("She became the youngest ever finance director at the company.",
     "She became one of the younger finance directors at the company."),
    ("She was the first woman to lead the finance team.",
     "She was one of the first women to lead the finance team."),
    ("He was the youngest partner in the firm's history.",
     "He was one of the younger partners in the firm's history."),
    ("She was the only woman director on the board.",
     "She was one of the few women directors on the board."),
    ("He was the first engineer to reach the board.",
     "He was one of the earliest engineers to reach the board."),
    ("He was one of the first engineers to join.",
     "He was one of the earliest engineers to join."),
    ("The youngest partner in the firm's history, she was calm.",
     "One of the younger partners in the firm's history, she was calm."),
    ("She was the firm's youngest partner in its history.",
     "She was one of the firm's younger partners in its history."),
    ("She was the first ever woman to chair the board.",
     "She was one of the first women to chair the board."),
    ("She was the only Paralympian on the board.",
     "She was one of the few athletes on the board."),
    ("She was the sole expert on tax law.",
     "She was one of the experts on tax law."),
]


@pytest.mark.parametrize("before, after", SINGLING_OUT)
def test_singling_out_rewrites_are_good_english_and_idempotent(before, after):
    once = fix_body(before)
    assert once == after
    assert fix_body(once) == once                       # fixing the fixed text: no change


@pytest.mark.parametrize("sentence", [s for _, s in SINGLING_OUT])
def test_no_broken_english_patterns(sentence):
    low = sentence.lower()
    for bad in ("one of one of", "the the", "evers", "eses", "one of the one of"):
        assert bad not in low


@pytest.mark.parametrize("before, after", [
    ("The team is an Orvale Analytics fan club.", ""),
    ("She worked at a Brackwell Insurance branch.", "She worked at a branch."),
])
def test_articles_never_doubled(before, after):
    out = fix_body(before)
    assert " a a " not in out and " an an " not in out and " a an " not in out, out


def test_x_of_y_ltd_never_rewrites_the_word_of():
    body = ("He worked at Institute of Varnley Studies Ltd. One of the heads of department "
            "left, and most of the team stayed.")
    out = fix_body(body)
    assert out == ("He worked at a company. One of the heads of department left, and most "
                   "of the team stayed.")


@pytest.mark.parametrize("word, expect", [("university", "a"), ("insurer", "an"),
                                          ("hour", "an"), ("organisation", "an"),
                                          ("bank", "a"), ("one-off", "a")])
def test_article(word, expect):
    assert article(word) == expect


@pytest.mark.parametrize("phrase, expect", [
    ("finance director", "finance directors"), ("partner", "partners"),
    ("partners", "partners"), ("woman director", "women directors"),
    ("head of sales", "heads of sales"), ("boss", "bosses"), ("company", "companies"),
    ("women", "women"), ("chairwoman", "chairwomen")])
def test_plural_of_the_head_noun_only(phrase, expect):
    assert plural_phrase(phrase) == expect
    assert plural_phrase(plural_phrase(phrase)) == expect


def test_front_matter_is_never_composed_again(monkeypatch):
    story = parse(HEAD + "Oksana Vell joined Harrowgate Analytics in 2021.\n", "a-story.md")

    def refuse(*a, **k):
        raise AssertionError("the rewrite composed the YAML again")

    monkeypatch.setattr(yaml, "compose", refuse)
    monkeypatch.setattr(yaml, "compose_all", refuse)
    r = propose(story, 0, CheckConfig())
    assert r.changed and not r.problems


def test_fix_shell_is_thin():
    src = (Path(__file__).resolve().parent.parent / "casebook/commands/fix.py").read_text()
    assert "import yaml" not in src and len(src.splitlines()) < 200
    pkg = Path(__file__).resolve().parent.parent / "casebook/rewrite"
    for p in pkg.glob("*.py"):
        text = p.read_text()
        assert "import argparse" not in text and "from mkdocs" not in text and \
            "import mkdocs" not in text, p
        assert "yaml.compose" not in text and "_TITLE_WORDS" not in text, p


# ----------------------------------------------------------------------------- on disk
BODY = "Oksana Vell joined us. Oksana spoke first.\n"


def project(tmp_path: Path, front_tail: str = "", body: str = BODY, newline: str = "\n",
            pseudonyms: str = "pseudonyms: [Kit]\n") -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: stories\n")
    docs = tmp_path / "stories"
    docs.mkdir()
    text = HEAD.replace("date: 2025-03-14\n", "date: 2025-03-14\n" + pseudonyms + front_tail)
    path = docs / "a-story.md"
    path.write_bytes((text + body).replace("\n", newline).encode())
    return path


def write(path: Path, tmp_path: Path):
    return casebook("fix", f"stories/{path.name}", "--write", cwd=tmp_path)


def test_write_keeps_a_comment_inside_a_multiline_flow_list(tmp_path):
    path = project(tmp_path, pseudonyms="pseudonyms: [Kit,   # the coach\n  Lee]\n")
    proc = write(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = path.read_text()
    assert "pseudonyms: [Kit,   # the coach\n  Lee, " in text
    story = parse(text, "a-story.md")
    assert story.pseudonyms[:2] == ["Kit", "Lee"] and len(story.pseudonyms) == 3
    assert "Oksana" not in story.body


@pytest.mark.parametrize("pseudonyms", ["pseudonyms: !!seq [Kit]\n",
                                        "pseudonyms: !!seq\n  - Kit\n"])
def test_write_keeps_a_seq_tag(tmp_path, pseudonyms):
    path = project(tmp_path, pseudonyms=pseudonyms)
    proc = write(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    story = parse(path.read_text(), "a-story.md")
    assert "pseudonyms: !!seq" in path.read_text()
    assert story.pseudonyms[0] == "Kit" and len(story.pseudonyms) == 2


@pytest.mark.parametrize("pseudonyms", [
    "pseudonyms: &coach [Kit]\n",                          # an anchor
    "allow: &who [Kit]\npseudonyms: *who\n",                # an alias
])
def test_write_adds_the_pseudonym_through_an_anchor_or_alias(tmp_path, pseudonyms):
    path = project(tmp_path, pseudonyms=pseudonyms)
    before = parse(path.read_text(), "a-story.md")
    proc = write(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    story = parse(path.read_text(), "a-story.md")
    assert story.pseudonyms[0] == "Kit" and len(story.pseudonyms) == 2
    assert story.allow == before.allow                      # the anchored list is unchanged


def test_write_refuses_when_the_pseudonym_cannot_be_added_alone(tmp_path):
    # The anchored list is also `allow:`: adding to it would change allow: too.
    path = project(tmp_path, pseudonyms="pseudonyms: &who [Kit]\nallow: *who\n")
    before = path.read_bytes()
    proc = write(path, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "nothing changed" in proc.stderr
    assert path.read_bytes() == before
    assert not (tmp_path / ".casebook-backup").exists()


@pytest.mark.parametrize("newline", ["\r", "mixed"])
def test_write_keeps_each_lines_ending(tmp_path, newline):
    path = project(tmp_path, newline="\r" if newline == "\r" else "\n")
    if newline == "mixed":
        lines = path.read_bytes().split(b"\n")
        path.write_bytes(b"".join(l + (b"\r\n" if i % 2 else b"\n")
                                  for i, l in enumerate(lines[:-1])) + lines[-1])
    original = path.read_bytes()
    proc = write(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    new = path.read_bytes()
    assert b"Oksana" not in new
    if newline == "\r":
        assert b"\n" not in new and new.count(b"\r") >= original.count(b"\r")
    else:
        old_lines = original.splitlines(keepends=True)
        new_lines = new.splitlines(keepends=True)
        assert b"\r\n" in new and new.count(b"\r\n") < new.count(b"\n")
        for o, n in zip(old_lines, new_lines):     # a line kept keeps its ending
            if o.rstrip(b"\r\n") == n.rstrip(b"\r\n"):
                assert o == n
            else:
                break


def test_write_keeps_the_file_mode(tmp_path):
    path = project(tmp_path)
    path.chmod(0o640)
    proc = write(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert b"Oksana" not in path.read_bytes()


def test_write_goes_through_a_symlink(tmp_path):
    path = project(tmp_path)
    real = tmp_path / "drafts" / "real-story.md"
    real.parent.mkdir()
    path.rename(real)
    path.symlink_to(real)
    proc = write(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert path.is_symlink() and path.resolve() == real.resolve()
    assert b"Oksana" not in real.read_bytes()


def test_write_refuses_a_read_only_file(tmp_path):
    path = project(tmp_path)
    path.chmod(0o444)
    before = path.read_bytes()
    proc = write(path, tmp_path)
    assert proc.returncode == 2
    assert "read-only" in proc.stderr
    assert path.read_bytes() == before
    assert not (tmp_path / ".casebook-backup").exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
