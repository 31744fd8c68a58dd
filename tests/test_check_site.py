"""`casebook check --site`: the build's verdicts, without building."""
from __future__ import annotations

import json

import pytest
import yaml

from conftest import casebook, mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build



@pytest.fixture()
def project(tmp_path):
    write_stories(tmp_path, {
        "clean.md": story_text(title='"Clean"'),
        "drafted.md": story_text(title='"Drafted"', draft="true"),
        "unconsented.md": story_text(title='"Unconsented"', consent="none"),
        "leaky.md": story_text(title='"Leaky"', body="I coached Priya Raghunathan.\n"),
        "off-vocab.md": story_text(title='"Off vocabulary"', sector='"Retial"'),
    })
    cfg = site_config(tmp_path, vocabulary_strict=True,
                      vocabulary_sectors=["International organisation", "Retail"])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False),
                                         encoding="utf-8")
    return tmp_path, cfg


def test_site_report_names_every_withheld_story_and_why(project):
    root, _ = project
    proc = casebook("check", "--site", cwd=root)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert out.rstrip().endswith("casebook: published 1, withheld 4")
    assert "withheld stories/drafted.md (draft)" in out
    assert "withheld stories/unconsented.md (no consent)" in out
    assert "withheld stories/leaky.md (identifying details)" in out
    assert 'PERSON "Priya Raghunathan"' in out
    assert "(did you mean 'Retail'?)" in out
    assert not (root / "site").exists()   # nothing was built


def test_site_report_agrees_with_the_build(project):
    root, cfg = project
    report = json.loads(casebook("check", "--site", "--format", "json", cwd=root).stdout)
    build = mkdocs_build(root, config=cfg)
    assert build.returncode == 0, build.output
    assert report["published"] == ["stories/clean.md"]
    withheld = sorted(w["path"] for w in report["withheld"])
    assert f"published 1, withheld {len(withheld)}" in build.output
    for path in withheld:
        assert f"withheld {path}" in build.output


def test_site_report_is_clean_when_everything_publishes(tmp_path):
    write_stories(tmp_path, {"clean.md": story_text()})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(site_config(tmp_path)),
                                         encoding="utf-8")
    proc = casebook("check", "--site", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "casebook: published 1, withheld 0" in proc.stdout


def test_site_with_paths_is_a_usage_error(project):
    root, _ = project
    proc = casebook("check", "--site", "stories/clean.md", cwd=root)
    assert proc.returncode == 2
    assert "give no paths" in proc.stderr
