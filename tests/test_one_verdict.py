"""One core, one verdict: `casebook check` (whole site and file by file), `check --site`, the
pre-commit hook's entry and `mkdocs build` judge every story the same way, because every one
of them asks `casebook.site.review`."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, casebook, mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build

THEMES = ["leadership", "delegation", "feedback"]

# Every kind of withheld story, and one that is published.
CORPUS = {
    "clean.md": story_text(title='"A steadier way to lead"'),
    "invalid.md": story_text(title='"Wrong kind"', kind="client"),
    "off-vocabulary.md": story_text(title='"Stars and plans"', themes="[astrology]"),
    "twin-one.md": story_text(title='"One title for two"'),
    "twin-two.md": story_text(title='"One title for two"'),
    "search.md": story_text(title='"A reserved slug"'),
    "drafty.md": story_text(title='"Not finished yet"', draft="true"),
    "unconsented.md": story_text(title='"Still asking"', consent="none"),
    "leaky.md": story_text(title='"Reach her directly"',
                           body="Write to the client at zofia.brandt@quellmark-analytics.io.\n"),
}
EXPECTED_STATUS = {
    "clean.md": "published", "invalid.md": "invalid", "off-vocabulary.md": "invalid",
    "twin-one.md": "invalid", "twin-two.md": "invalid", "search.md": "invalid",
    "drafty.md": "draft", "unconsented.md": "no consent", "leaky.md": "identifying details",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("one-verdict")
    write_stories(root, CORPUS)
    cfg = site_config(root, vocabulary_strict=True, vocabulary_themes=THEMES)
    # Paths relative to mkdocs.yml, as a real project writes them.
    cfg["docs_dir"], cfg["site_dir"] = "stories", "site"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return root, cfg


def _name(path: str) -> str:
    return Path(path).name


def test_every_surface_gives_each_story_the_same_verdict(project):
    root, cfg = project
    # 1. casebook check over the whole site: a verdict per file in JSON.
    whole = casebook("check", "--format", "json", cwd=root)
    verdicts = {_name(v["path"]): v for v in json.loads(whole.stdout)["verdicts"]}
    assert {n: v["status"] for n, v in verdicts.items() if n != "index.md"} == EXPECTED_STATUS
    assert whole.returncode == 2                  # invalid stories: exit 2, as documented
    # 2. check --site.
    report = json.loads(casebook("check", "--site", "--format", "json", cwd=root).stdout)
    site_published = {_name(p) for p in report["published"]}
    site_withheld = {_name(w["path"]): w["status"] for w in report["withheld"]}
    # 3. The pre-commit hook's entry, on each staged file alone.
    (hook,) = [h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
               if h["id"] == "casebook-check"]
    hook_ok = {}
    for name in CORPUS:
        rel = f"stories/{name}"
        assert re.search(hook["files"], rel) and not re.search(hook["exclude"], rel)
        proc = casebook(*hook["entry"].split()[1:], rel, cwd=root)
        hook_ok[name] = proc.returncode == 0
        if name == "drafty.md":
            assert "not published" in proc.stderr   # allowed to commit, said plainly
    # 4. mkdocs build.
    build = mkdocs_build(root, config=cfg)
    assert build.returncode == 0, build.output
    built = {name for name in CORPUS
             if (root / "site" / Path(name).stem / "index.html").is_file()}
    for name in CORPUS:
        published = EXPECTED_STATUS[name] == "published"
        assert verdicts[name]["publish"] is published, name
        assert (name in site_published) is published, name
        assert (name in built) is published, name
        if not published:
            assert site_withheld[name] == EXPECTED_STATUS[name], name
            assert f"withheld stories/{name} ({EXPECTED_STATUS[name]})" in build.output, name
        # A draft may be committed (work in progress); nothing else that is withheld may.
        assert hook_ok[name] is (published or EXPECTED_STATUS[name] == "draft"), name


def test_check_reads_the_same_settings_from_any_folder_inside_the_project(project):
    root, _ = project
    (root / "stories" / "deeper").mkdir(exist_ok=True)
    outputs = []
    for cwd in (root, root / "stories", root / "stories" / "deeper"):
        proc = casebook("check", "--format", "json", str(root / "stories" / "off-vocabulary.md"),
                        cwd=cwd)
        data = json.loads(proc.stdout)
        outputs.append((proc.returncode, [p["message"] for p in data["problems"]],
                        [v["status"] for v in data["verdicts"]]))
    assert outputs[0] == outputs[1] == outputs[2]
    assert any("vocabulary" in m for m in outputs[0][1])   # the site's vocabulary was read


def test_a_bad_option_fails_check_and_build_with_the_same_words(tmp_path):
    write_stories(tmp_path, {"ok.md": story_text()})
    cfg = site_config(tmp_path, related_count="three")
    build = mkdocs_build(tmp_path, config=cfg)
    check = casebook("check", cwd=tmp_path)
    words = "must be a whole number; got text 'three'"
    assert build.returncode != 0 and words in build.output, build.output
    assert check.returncode == 2 and words in check.stderr, check.stderr
    assert "related_count" in check.stderr and "Traceback" not in build.output + check.stderr


def test_check_refuses_a_cache_folder_inside_docs_dir(tmp_path):
    write_stories(tmp_path, {"ok.md": story_text()})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(site_config(tmp_path)), "utf-8")
    proc = casebook("check", "--cache-dir", "stories/.cache", cwd=tmp_path)
    assert proc.returncode == 2 and "inside docs_dir" in proc.stderr
    assert not (tmp_path / "stories" / ".cache").exists()


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append(("." * node.level + (node.module or ""), [a.name for a in node.names]))
    return out


def test_no_module_outside_the_plugin_imports_mkdocs():
    package = REPO / "casebook"
    offenders = [str(p.relative_to(REPO)) for p in package.rglob("*.py")
                 if "plugin" not in p.relative_to(package).parts
                 and any(m.lstrip(".").split(".")[0] == "mkdocs" for m, _ in _imports(p))]
    assert offenders == []


def test_the_plugin_imports_no_private_name_of_the_core():
    private = []
    for p in (REPO / "casebook" / "plugin").glob("*.py"):
        for module, names in _imports(p):
            if module.startswith(".."):
                private += [f"{p.name}: {module}.{n}" for n in names if n.startswith("_")]
        text = p.read_text(encoding="utf-8")
        private += [f"{p.name}: {m}" for m in
                    re.findall(r"\b(?:site|safety|listings|publish|discovery|checker)\._\w+",
                               text)]
    assert private == []
