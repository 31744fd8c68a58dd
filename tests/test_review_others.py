"""The review reads the rest of the site for corpus problems (a title two stories share); a
file the caller names is not read again as one of the others, however its path is spelled."""
from __future__ import annotations

import os

import yaml

from casebook import site
from conftest import site_config, story_text, write_stories


def _settings(tmp_path):
    write_stories(tmp_path, {"one.md": story_text(title='"One"'),
                             "two.md": story_text(title='"Two"')})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(site_config(tmp_path)), "utf-8")
    return site.load_settings(tmp_path / "mkdocs.yml")


def _problems(review) -> list[str]:
    return [str(p) for v in review.verdicts for p in v.problems]


def test_a_story_named_through_a_symbolic_link_is_not_its_own_twin(tmp_path):
    settings = _settings(tmp_path)
    os.symlink(tmp_path / "stories", tmp_path / "alias")
    for named in (tmp_path / "alias" / "one.md", tmp_path / "stories" / ".." / "stories" /
                  "one.md", tmp_path / "stories" / "one.md"):
        review = site.review(settings, [named])
        assert [v.path.rsplit("/", 1)[-1] for v in review.verdicts] == ["one.md"]
        assert _problems(review) == [], named


def test_a_title_shared_with_another_story_is_found_when_one_is_named(tmp_path):
    settings = _settings(tmp_path)
    (tmp_path / "stories" / "two.md").write_text(story_text(title='"One"'), "utf-8")
    problems = _problems(site.review(settings, [tmp_path / "stories" / "one.md"]))
    assert any("is shared with" in p and "two.md" in p for p in problems), problems
