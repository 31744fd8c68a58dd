"""The pre-commit hook, used from a second repository: a commit with a leaky story is
refused, a commit with a clean story goes through."""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import story_text

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent           # the venv's bin: where `casebook` is installed

LEAKY = story_text(title='"A leaky first draft"', body="Oksana Wierzbicka joined Copperfield Analytics in Leeds in March "
                        "2021; call her on 0113 496 0123.\n")
CLEAN = story_text()


def hook() -> dict:
    (h,) = [h for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
            if h["id"] == "casebook-check"]
    return h


def env(tmp_path: Path) -> dict:
    e = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
             PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PYTHONPATH=str(REPO),
             GIT_AUTHOR_NAME="Coach", GIT_AUTHOR_EMAIL="coach@example.org",
             GIT_COMMITTER_NAME="Coach", GIT_COMMITTER_EMAIL="coach@example.org")
    e.pop("GIT_DIR", None)
    e.pop("GIT_INDEX_FILE", None)
    return e


def git(repo: Path, *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env=env(tmp_path), timeout=300)


def second_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "other-site"
    (repo / "stories").mkdir(parents=True)
    assert git(repo, "init", "-q", tmp_path=tmp_path).returncode == 0
    (repo / "README.md").write_text("# Our coaching stories\n", encoding="utf-8")
    (repo / "stories" / "index.md").write_text("---\ntitle: Home\n---\nWelcome.\n",
                                               encoding="utf-8")
    git(repo, "add", "README.md", "stories/index.md", tmp_path=tmp_path)
    first = git(repo, "commit", "-q", "-m", "home page", tmp_path=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr  # non-stories never block
    return repo


def commits(repo: Path, tmp_path: Path) -> int:
    out = git(repo, "rev-list", "--count", "HEAD", tmp_path=tmp_path).stdout.strip()
    return int(out or 0)


def try_commit(repo: Path, name: str, text: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (repo / "stories" / name).write_text(text, encoding="utf-8")
    git(repo, "add", f"stories/{name}", tmp_path=tmp_path)
    return git(repo, "commit", "-m", f"add {name}", tmp_path=tmp_path)


def assert_blocks_leak_and_allows_clean(repo: Path, tmp_path: Path) -> None:
    before = commits(repo, tmp_path)
    blocked = try_commit(repo, "a-leaky-story.md", LEAKY, tmp_path)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    out = blocked.stdout + blocked.stderr
    assert "Oksana Wierzbicka" in out and "PERSON" in out
    assert commits(repo, tmp_path) == before
    # Unstage the leak; the clean story goes through on its own.
    git(repo, "rm", "-q", "--cached", "stories/a-leaky-story.md", tmp_path=tmp_path)
    allowed = try_commit(repo, "a-clean-story.md", CLEAN, tmp_path)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert commits(repo, tmp_path) == before + 1
    files = git(repo, "show", "--name-only", "--format=", "HEAD", tmp_path=tmp_path).stdout
    assert files.split() == ["stories/a-clean-story.md"]


def test_manifest_defines_the_hook():
    h = hook()
    assert h["entry"] == "casebook check"
    assert h["language"] == "python"
    assert h["files"] == r"\.md$"
    assert re.search(h["files"], "stories/x.md") and not re.search(h["files"], "x.yml")
    assert re.search(h["exclude"], "README.md") and re.search(h["exclude"], "stories/index.md")
    assert not re.search(h["exclude"], "stories/learning-to-lead.md")


def test_git_hook_running_the_entry_as_defined(tmp_path):
    """A plain .git/hooks/pre-commit that does what pre-commit does with the manifest:
    the staged files matching `files` (and not `exclude`), passed to `entry`."""
    repo = second_repo(tmp_path)
    h = hook()
    script = repo / ".git" / "hooks" / "pre-commit"
    script.write_text(f"""#!{sys.executable}
import re, subprocess, sys
files = subprocess.run(["git", "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"],
                       capture_output=True, text=True, check=True).stdout.split("\\0")
files = [f for f in files if f and re.search({h['files']!r}, f)
         and not re.search({h.get('exclude', '^$')!r}, f)]
if not files:
    sys.exit(0)
sys.exit(subprocess.run({h['entry']!r}.split() + files).returncode)
""", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    assert_blocks_leak_and_allows_clean(repo, tmp_path)


@pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                    reason="pre-commit is not installed (pip install pre-commit)")
def test_pre_commit_itself_with_the_manifest_hook(tmp_path):
    """pre-commit's own machinery (install, file filtering, a python-language hook),
    with the hook exactly as the manifest defines it, as a local hook."""
    repo = second_repo(tmp_path)
    config = {"repos": [{"repo": "local", "hooks": [hook()]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                  encoding="utf-8")
    git(repo, "add", ".pre-commit-config.yaml", tmp_path=tmp_path)
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo,
                               capture_output=True, text=True, env=env(tmp_path), timeout=120)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert git(repo, "commit", "-q", "-m", "hooks", tmp_path=tmp_path).returncode == 0
    assert_blocks_leak_and_allows_clean(repo, tmp_path)


@pytest.mark.skipif(os.environ.get("CASEBOOK_SLOW_TESTS") != "1" or
                    importlib.util.find_spec("pre_commit") is None or not shutil.which("git"),
                    reason="slow (installs casebook into a fresh hook environment, ~30 s): "
                    "set CASEBOOK_SLOW_TESTS=1")
def test_pre_commit_try_repo_from_this_repository(tmp_path):
    """What another repository gets from `repo: <this repository>`: pre-commit clones it
    and installs casebook into the hook's own environment."""
    repo = second_repo(tmp_path)
    for name, text, expect in (("a-leaky-story.md", LEAKY, 1), ("a-clean-story.md", CLEAN, 0)):
        (repo / "stories" / name).write_text(text, encoding="utf-8")
        git(repo, "add", f"stories/{name}", tmp_path=tmp_path)
        proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO),
                               "casebook-check", "--files", f"stories/{name}"], cwd=repo,
                              capture_output=True, text=True, env=env(tmp_path), timeout=600)
        assert (proc.returncode != 0) == bool(expect), proc.stdout + proc.stderr
        git(repo, "rm", "-q", "--cached", f"stories/{name}", tmp_path=tmp_path)
