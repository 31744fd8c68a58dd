"""`casebook check`'s linter conventions (issue 14): rule selection, the github and SARIF
formats, statistics, stdin, colour, unused suppressions and baselines. End to end, in a
subprocess, on invented stories in tmp_path."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, casebook, mkdocs_build, site_config, story_text, write_stories

DATA = Path(__file__).parent / "data"
SCHEMA = REPO / "casebook" / "data" / "schemas" / "sarif-schema-2.1.0.json"

LEAKY = story_text(title='"Learning to let go"', pseudonyms="[Alex]",
                   body="Alex arrived with a plan from Ferrowick Partners in Leicester.\n")
SUPPRESSED = story_text(title='"A steadier hand"', body=(
    "<!-- casebook: allow \"Bramblewood\" reason=\"a brand of tea, not a client\" -->\n"
    "The team drank tea together on Tuesdays.\n"))


@pytest.fixture
def project(tmp_path):
    """A site in tmp_path: the repository's mkdocs.yml, a story folder with a space in it."""
    cfg = site_config(tmp_path)
    cfg["docs_dir"] = "my stories"
    cfg["site_dir"] = "site"
    import yaml
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    docs = tmp_path / "my stories"
    docs.mkdir()
    (docs / "index.md").write_text("---\ntitle: Home\n---\nWelcome.\n", encoding="utf-8")
    (docs / "leaky-story.md").write_text(LEAKY, encoding="utf-8")
    return tmp_path


def check(*args, cwd, input=None):
    if input is None:
        return casebook("check", *args, cwd=cwd)
    exe = Path(sys.executable).with_name("casebook")
    return subprocess.run([str(exe), "check", *args], cwd=cwd, capture_output=True,
                          text=True, input=input, timeout=300)


def codes(r):
    return sorted(re.findall(r"title=(CB\d+)", r.stdout))


# ----------------------------------------------------------------------------- selection
def test_select_and_ignore_by_code_prefix_and_detector(project):
    path = "my stories/leaky-story.md"
    assert codes(check(path, "--output-format", "github", cwd=project)) == \
        ["CB102", "CB201"]
    r = check(path, "--output-format", "github", "--select", "CB2", cwd=project)
    assert codes(r) == ["CB201"] and r.returncode == 1
    r = check(path, "--output-format", "github", "--ignore", "CB102", "--ignore", "CB2",
              cwd=project)
    assert codes(r) == [] and r.returncode == 0, r.stdout + r.stderr
    r = check(path, "--output-format", "github", "--select", "postcode", cwd=project)
    assert codes(r) == [] and r.returncode == 0
    r = check(path, "--select", "CB7", cwd=project)
    assert r.returncode == 2 and "--select CB7" in r.stderr and "Traceback" not in r.stderr


# ----------------------------------------------------------------------------- github
def test_github_format_golden(project):
    r = check("my stories/leaky-story.md", "--format", "github", cwd=project)
    assert r.returncode == 1
    golden = (DATA / "github_format.golden").read_text(encoding="utf-8")
    assert r.stdout == golden


def test_github_escapes_properties_and_data():
    from casebook.checker.formats import _gh
    line = _gh("error", "50% done\r\nnext", file="a,b:c.md", line=3, title="T: x, y")
    assert line == "::error file=a%2Cb%3Ac.md,line=3,title=T%3A x%2C y::50%25 done%0D%0Anext"


# ----------------------------------------------------------------------------- statistics
def test_statistics_counts_per_code(project):
    r = check("--statistics", cwd=project)
    assert r.returncode == 1
    rows = [l.split() for l in r.stdout.splitlines()]
    assert rows == [["1", "CB102", "ORG"], ["1", "CB201", "LOCATION"]]
    data = json.loads(check("--statistics", "--format", "json", cwd=project).stdout)
    assert {d["code"]: d["count"] for d in data} == {"CB102": 1, "CB201": 1}


# ----------------------------------------------------------------------------- stdin
def test_stdin_judged_as_if_at_the_path(project):
    r = check("-", "--stdin-filename", "my stories/leaky-story.md", "--format", "json",
              cwd=project, input=LEAKY.replace("Leicester", "Leicester and Priya"))
    data = json.loads(r.stdout)
    assert r.returncode == 1
    assert {f["path"] for f in data["findings"]} == {"my stories/leaky-story.md"}
    assert "Priya" in {f["text"] for f in data["findings"]}   # stdin, not the file on disk
    # Judged among the site's stories as that file: no "same title/slug as itself".
    assert data["problems"] == [], data["problems"]
    r = check("-", "--stdin-filename", "my stories/priya-story.md", cwd=project,
              input=story_text(title='"Another title"'))
    assert r.returncode == 2 and "file name containing the name 'priya'" in r.stderr
    r = check("-", "x.md", cwd=project, input="")
    assert r.returncode == 2 and "only path" in r.stderr


# ----------------------------------------------------------------------------- colour
def test_colour_only_when_asked_or_a_terminal(project):
    path = "my stories/leaky-story.md"
    assert "\033[" not in check(path, cwd=project).stdout          # a pipe: no colour
    assert "\033[" in check(path, "--color", "always", cwd=project).stdout
    # NO_COLOR is honoured in auto mode, even on a terminal.
    script = ("import os, pty, sys; os.environ['NO_COLOR'] = sys.argv[1]; "
              "pty.spawn([sys.argv[2], 'check', sys.argv[3]])")
    exe = str(Path(sys.executable).with_name("casebook"))
    on_tty = subprocess.run([sys.executable, "-c", script, "", exe, path], cwd=project,
                            capture_output=True, timeout=300).stdout.decode()
    no_color = subprocess.run([sys.executable, "-c", script, "1", exe, path], cwd=project,
                              capture_output=True, timeout=300).stdout.decode()
    assert "\033[" in on_tty and "Ferrowick" in on_tty
    assert "\033[" not in no_color and "Ferrowick" in no_color


# ----------------------------------------------------------------------------- suppressions
def test_unused_suppression_is_a_warning(project):
    docs = project / "my stories"
    (docs / "tea-story.md").write_text(SUPPRESSED, encoding="utf-8")
    r = check("my stories/tea-story.md", cwd=project)
    assert r.returncode == 0, r.stderr
    assert re.search(r"warning: my stories/tea-story.md:\d+: 'casebook: allow' \"Bramblewood\" "
                     r"suppressed nothing.*\[CB901\]", r.stderr), r.stderr
    r = check("my stories/tea-story.md", "--ignore", "CB901", cwd=project)
    assert "CB901" not in r.stderr
    used = SUPPRESSED.replace("drank tea together", "met Bramblewood")
    (docs / "tea-story.md").write_text(used, encoding="utf-8")
    r = check("my stories/tea-story.md", cwd=project)
    assert "CB901" not in r.stderr and r.returncode == 0, r.stdout + r.stderr


# ----------------------------------------------------------------------------- baseline
def test_baseline_accepts_old_findings_and_fails_new_ones(project):
    story = project / "my stories" / "leaky-story.md"
    r = check("--write-baseline", "baseline.json", cwd=project)
    assert r.returncode == 0, r.stderr
    base = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert {(e["path"], e["code"], e["text"]) for e in base["findings"]} == {
        ("my stories/leaky-story.md", "CB102", "Ferrowick Partners"),
        ("my stories/leaky-story.md", "CB201", "Leicester")}
    r = check("--baseline", "baseline.json", cwd=project)
    assert r.returncode == 0 and "accepted" in r.stdout
    # Lines move: still accepted (the fingerprint does not depend on the line).
    story.write_text(LEAKY.replace("---\nAlex", "---\n\nA new first paragraph.\n\nAlex"),
                     encoding="utf-8")
    assert check("--baseline", "baseline.json", cwd=project).returncode == 0
    # A new finding fails, and only it is reported as new.
    story.write_text(LEAKY + "Later Priya joined them.\n", encoding="utf-8")
    r = check("--baseline", "baseline.json", "--format", "json", cwd=project)
    assert r.returncode == 1
    new = [f["text"] for f in json.loads(r.stdout)["findings"] if not f["accepted"]]
    assert new == ["Priya"]
    # Run from another folder: the same baseline applies (paths are root-relative).
    r = check("--baseline", str(project / "baseline.json"), ".", cwd=project / "my stories")
    assert r.returncode == 1 and r.stdout.count("accepted") >= 2
    (project / "bad.json").write_text("[]", encoding="utf-8")
    r = check("--baseline", "bad.json", cwd=project)
    assert r.returncode == 2 and "not a casebook baseline" in r.stderr
    r = check("--write-baseline", "my stories/b.json", cwd=project)
    assert r.returncode == 2 and "docs_dir" in r.stderr


# ----------------------------------------------------------------------------- SARIF
def _uri_ok(uri: str) -> bool:
    # RFC 3986 characters only: unreserved, reserved and percent-escapes.
    return re.fullmatch(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+", uri) \
        is not None


def test_sarif_validates_against_the_oasis_schema_with_spaces(project):
    (project / "my stories" / "tea-story.md").write_text(SUPPRESSED, encoding="utf-8")
    r = check("--format", "sarif", cwd=project / "my stories")   # not from the root
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors[:5]]
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"].startswith(("file:", "https:"))
    assert "example.invalid" not in driver["informationUri"]
    for rule in driver["rules"]:
        assert rule["help"]["text"] and rule["helpUri"].endswith("#rule-codes")
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == project.as_uri() + "/"
    uris = []
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc["uriBaseId"] == "PROJECTROOT"
        uris.append(loc["uri"])
    assert "my%20stories/leaky-story.md" in uris
    assert "my%20stories/tea-story.md" in uris          # the unused suppression, a warning
    assert all(_uri_ok(u) for u in uris) and all(_uri_ok(driver[k]) for k in
                                                 ("informationUri",))
    # Redacted by default: the identifying text travels into no alert.
    assert "Ferrowick" not in r.stdout and "Leicester" not in r.stdout
    assert "Bramblewood" not in r.stdout
    r = check("--format", "sarif", "--no-sarif-redact", cwd=project)
    assert "Ferrowick Partners" in r.stdout
    r = check("--format", "sarif", "--project-url", "https://casebook.example.org/",
              "--help-uri", "https://casebook.example.org/docs", cwd=project)
    driver = json.loads(r.stdout)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://casebook.example.org/"
    assert driver["rules"][0]["helpUri"] == "https://casebook.example.org/docs#rule-codes"


def test_sarif_fingerprints_survive_line_moves(project):
    def prints():
        doc = json.loads(check("--format", "sarif", cwd=project).stdout)
        return sorted(res["partialFingerprints"]["casebookFinding/v1"]
                      for res in doc["runs"][0]["results"])
    before = prints()
    story = project / "my stories" / "leaky-story.md"
    story.write_text(LEAKY.replace("---\nAlex", "---\n\nA new opening.\n\nAlex"),
                     encoding="utf-8")
    assert prints() == before and len(set(before)) == 2


# ----------------------------------------------------------------------------- drafts
@pytest.mark.build
def test_drafts_do_not_fail_a_strict_build_unless_asked(tmp_path):
    write_stories(tmp_path, {"clean-story.md": story_text(),
                             "work-in-progress.md": story_text(
                                 title='"Still being written"', draft="true")})
    build = mkdocs_build(tmp_path, strict=True)
    assert build.returncode == 0, build.output
    assert "withheld stories/work-in-progress.md (draft)" in build.output or \
        "work-in-progress.md" in build.output
    assert not (build.site / "work-in-progress").exists()
    build = mkdocs_build(tmp_path, strict=True, config=site_config(tmp_path, drafts_fail=True))
    assert build.returncode != 0 and "work-in-progress.md" in build.output
