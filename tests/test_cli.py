"""`casebook check` end to end, in a subprocess, on files in tmp_path."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, casebook, story_text

CLEAN = story_text(title='"Learning to delegate"', role='"Director, a national retailer"',
                   sector='"Retail"', themes="[delegation]", pseudonyms="[Alex]",
                   body="Alex arrived with a plan. Over 12 months the Managing Director "
                        "learned to delegate.\n")
LEAKY = CLEAN.replace("Alex arrived with a plan.",
                      "Alex arrived with a plan from Ferrowick Partners in Leicester.").replace(
    'title: "Learning to delegate"', 'title: "Learning to let go"')


def run(*args, cwd=None):
    """`casebook check`, through the one runner (conftest.casebook)."""
    return casebook("check", *args, cwd=cwd or REPO)


@pytest.fixture
def stories(tmp_path):
    d = tmp_path / "stories"
    d.mkdir()
    (d / "clean-story.md").write_text(CLEAN, encoding="utf-8")
    (d / "leaky-story.md").write_text(LEAKY, encoding="utf-8")
    return d


def test_clean_exits_0(stories):
    r = run(str(stories / "clean-story.md"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""


def test_findings_exit_1_text_format(stories):
    r = run(str(stories / "leaky-story.md"))
    assert r.returncode == 1, r.stderr
    line = next(l for l in r.stdout.splitlines() if "Ferrowick" in l)
    path, lineno, col, rest = line.split(":", 3)
    expected = next(i for i, text in enumerate(LEAKY.splitlines(), 1) if "Ferrowick" in text)
    assert path.endswith("leaky-story.md") and int(lineno) == expected and int(col) >= 1
    assert 'ORG "Ferrowick Partners"' in rest
    assert "Traceback" not in r.stderr


def test_json_shape_one_based_end_exclusive(stories):
    src = stories / "leaky-story.md"
    r = run("--format", "json", str(src))
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert set(data) >= {"findings", "problems"}
    lines = src.read_text(encoding="utf-8").splitlines()
    for f in data["findings"]:
        for key in ("path", "line", "column", "end_line", "end_column", "category", "text",
                    "message", "detector"):
            assert key in f
        assert f["line"] == f["end_line"]
        assert lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] == f["text"]
    assert {"Ferrowick Partners", "Leicester"} <= {f["text"] for f in data["findings"]}


def test_sarif_shape(stories):
    r = run("--format", "sarif", str(stories))
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0"
    run0 = doc["runs"][0]
    assert run0["tool"]["driver"]["name"] == "casebook"
    rule_ids = {rule["id"] for rule in run0["tool"]["driver"]["rules"]}
    assert run0["results"]
    for res in run0["results"]:
        assert res["ruleId"] in rule_ids
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_directory_expands_to_md_files(stories):
    r = run("--format", "json", str(stories))
    paths = {Path(f["path"]).name for f in json.loads(r.stdout)["findings"]}
    assert paths == {"leaky-story.md"}


def test_binary_md_exits_2_naming_the_file(stories):
    bad = stories / "binary-story.md"
    bad.write_bytes(b"PK\x03\x04\x00\x00binary\x00stuff")
    r = run(str(bad))
    assert r.returncode == 2
    assert "binary-story.md" in r.stderr and "Traceback" not in r.stderr


def test_invalid_utf8_exits_2_naming_the_file(stories):
    bad = stories / "latin-story.md"
    bad.write_bytes(CLEAN.encode("utf-8").replace(b"Alex arrived", b"Alex arriv\xe9"))
    before = bad.read_bytes()
    r = run("--format", "json", str(bad))
    assert r.returncode == 2
    data = json.loads(r.stdout)
    assert any("latin-story.md" in p["path"] and "UTF-8" in p["message"]
               for p in data["problems"])
    assert "Traceback" not in r.stderr
    assert bad.read_bytes() == before          # never modified


def test_invalid_front_matter_still_reports_findings(stories):
    bad = stories / "broken-story.md"
    bad.write_text(LEAKY.replace("kind: client-story", "kind: client-story: ["),
                   encoding="utf-8")
    r = run("--format", "json", str(bad))
    assert r.returncode == 2
    data = json.loads(r.stdout)
    assert data["problems"]
    assert any(f["text"] == "Ferrowick Partners" for f in data["findings"])


def test_missing_path_is_usage_error(tmp_path):
    r = run(str(tmp_path / "nope.md"))
    assert r.returncode == 2 and "nope.md" in r.stderr and "Traceback" not in r.stderr


def test_bad_format_is_usage_error(stories):
    r = run("--format", "xml", str(stories))
    assert r.returncode == 2


def test_default_paths_from_mkdocs_yml(tmp_path, stories):
    (stories / "index.md").write_text("# Home of Ferrowick Partners\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: stories\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  key: !ENV [SOME_VAR, 'x']\n"
        "plugins:\n  - search\n  - casebook:\n      allow: [\"Ferrowick Partners\"]\n",
        encoding="utf-8")
    r = run("--format", "json", cwd=tmp_path)
    data = json.loads(r.stdout)
    names = {Path(f["path"]).name for f in data["findings"]}
    assert "index.md" not in names                         # a page, not a story
    texts = {f["text"] for f in data["findings"]}
    assert "Ferrowick Partners" not in texts and "Leicester" in texts   # allow-list read
    assert r.returncode == 1


def test_explain_shows_detector_and_evidence(stories):
    r = run("--explain", str(stories / "leaky-story.md"))
    assert "detector=propernoun" in r.stdout and "evidence:" in r.stdout


def test_unknown_detector_is_usage_error(stories):
    r = run("--disable", "nosuch", str(stories))
    assert r.returncode == 2 and "nosuch" in r.stderr


def test_disable_a_detector(stories):
    r = run("--format", "json", "--disable", "propernoun", str(stories / "leaky-story.md"))
    data = json.loads(r.stdout)
    assert not any(f["detector"] == "propernoun" for f in data["findings"])


def test_subcommands_are_dispatched():
    for cmd in ("new", "fix", "audit"):
        r = casebook(cmd, "--help", cwd=REPO)
        assert r.returncode == 0 and cmd in r.stdout, (cmd, r.stderr)


def test_docs_dir_given_as_a_folder_skips_the_site_pages(tmp_path, stories):
    (stories / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: stories\n", encoding="utf-8")
    r = run("--format", "json", "stories", cwd=tmp_path)
    data = json.loads(r.stdout)
    assert not any("index.md" in p["path"] for p in data["problems"])
    assert r.returncode == 1
