"""`casebook audit`: k-anonymity of front-matter quasi-identifiers, end to end on real files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebook.commands.audit import audit
from casebook.vocab import duration_band
from casebook.story import parse

from conftest import casebook, story_text




def client(title, role, sector, duration='"12 months"'):
    return story_text(title=f'"{title}"', role=f'"{role}"', sector=f'"{sector}"',
                      duration=duration)


def programme(title, organisation, participants, duration='"12 months"'):
    return story_text(title=f'"{title}"', kind="programme", role=None, sector=None,
                      organisation=f'"{organisation}"', participants=f'"{participants}"',
                      duration=duration)


def write(root: Path, stories: dict[str, str]) -> Path:
    docs = root / "stories"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("---\ntitle: Home\n---\nWelcome.\n", encoding="utf-8")
    for name, text in stories.items():
        (docs / name).write_text(text, encoding="utf-8")
    return docs


CORPUS = {
    # Same role and sector, written differently; durations in the same band.
    "alpha.md": client("Alpha", "Director, support function", "Public sector", '"10 months"'),
    "bravo.md": client("Bravo", "director,  Support Function", "public sector ",
                       '"about a year"'),
    # One of a kind: a rare role in a rare sector.
    "gamma.md": client("Gamma", "Director, estates and facilities", "Public sector",
                         '"18 months"'),
}


def test_table_names_the_story_the_fields_and_what_to_generalise(tmp_path):
    write(tmp_path, CORPUS)
    proc = casebook("audit", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert "stories/gamma.md" in out
    assert "alpha.md" not in out.split("combination(s)")[1].split("->")[0]
    assert "Director, estates and facilities" in out
    assert "over 12 months" in out                 # the band it was compared in
    # The fix: a role level, dropping the optional duration, and who it would then join.
    advice = [line for line in out.splitlines() if "->" in line]
    assert any('role -> "Director"' in a and "drop duration" in a for a in advice), out
    assert "then 3 stories share it" in out
    assert "index.md" not in out


def test_exit_0_when_every_combination_is_shared(tmp_path):
    write(tmp_path, {k: v for k, v in CORPUS.items() if k != "gamma.md"})
    proc = casebook("audit", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "at least 2 stories" in proc.stdout


def test_k_is_configurable(tmp_path):
    write(tmp_path, {k: v for k, v in CORPUS.items() if k != "gamma.md"})
    assert casebook("audit", "--k", "2", cwd=tmp_path).returncode == 0
    proc = casebook("audit", "--k", "3", cwd=tmp_path)
    assert proc.returncode == 1
    assert "alpha.md" in proc.stdout and "bravo.md" in proc.stdout


def test_json_output(tmp_path):
    write(tmp_path, CORPUS)
    proc = casebook("audit", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["k"] == 2 and data["ok"] is False
    assert data["counted"] == {"client-story": 3}
    (risky,) = data["risky"]
    assert risky["stories"] == ["stories/gamma.md"]
    assert risky["count"] == 1
    assert risky["values"] == {"role": "director, estates and facilities",
                               "sector": "public sector", "duration": "over 12 months"}
    assert risky["rarest"][0] in ("role", "duration")
    assert risky["suggestions"][0]["reaches_k"] is True
    assert risky["suggestions"][0]["with_stories"] == ["stories/alpha.md", "stories/bravo.md"]
    shared = [g for g in data["groups"] if g["count"] == 2]
    assert shared and shared[0]["stories"] == ["stories/alpha.md", "stories/bravo.md"]


def test_programmes_compare_organisation_and_participants(tmp_path):
    write(tmp_path, {
        "p1.md": programme("P one", "Large local authority", "Senior team, 9 people"),
        "p2.md": programme("P two", "large local authority", "Senior team, 9 people"),
        "p3.md": programme("P three", "Large local authority", "Whole board, 12 people"),
        "insight.md": story_text(title='"Thoughts"', kind="insight", role=None, sector=None,
                                 goal=None, outcomes=None, consent=None, duration=None),
    })
    proc = casebook("audit", "--format", "json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert data["skipped"] == ["stories/insight.md"]
    assert [g["stories"] for g in data["risky"]] == [["stories/p3.md"]]
    assert set(data["risky"][0]["values"]) == {"organisation", "participants", "duration"}


def test_explicit_paths_and_unreadable_input_exit_2(tmp_path):
    docs = write(tmp_path, CORPUS)
    (docs / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    proc = casebook("audit", "stories", cwd=tmp_path)
    assert proc.returncode == 2
    assert "broken.md" in proc.stderr and "not valid YAML" in proc.stderr
    # the rest is still reported
    assert "gamma.md" in proc.stdout
    assert casebook("audit", "stories/alpha.md", "stories/bravo.md",
                    cwd=tmp_path).returncode == 0
    assert casebook("audit", "nowhere", cwd=tmp_path).returncode == 2


def test_audit_never_writes(tmp_path):
    docs = write(tmp_path, CORPUS)
    before = {p: p.read_bytes() for p in docs.iterdir()}
    casebook("audit", cwd=tmp_path)
    casebook("audit", "--format", "json", cwd=tmp_path)
    assert {p: p.read_bytes() for p in docs.iterdir()} == before


@pytest.mark.parametrize("text, band", [
    ("10 months", "6–12 months"), ("about a year", "6–12 months"), ("12 months", "6–12 months"),
    ("18 months", "over 12 months"), ("two years", "over 12 months"),
    ("six weeks", "under 3 months"), ("3–4 weeks for the pilot", "under 3 months"),
    ("four months", "3–6 months"), ("a while", "other"), (None, None),
])
def test_duration_bands(text, band):
    assert duration_band(text) == band


def test_core_function_groups_by_normalised_values():
    stories = [parse(client(t, r, s, d), f"{t.lower()}.md") for t, r, s, d in [
        ("One", "Head of Sales", "Retail", '"6 months"'),
        ("Two", "HEAD OF  SALES", "retail", '"9 months"'),
        ("Three", "Head of Sales", "Retail", None),
    ]]
    report = audit(stories, k=2)
    assert [g.stories for g in report.risky] == [["three.md"]]
    assert report.risky[0].values["duration"] == "(not given)"
    assert audit(stories, k=1).risky == []
