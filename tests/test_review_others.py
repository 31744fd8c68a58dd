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


def test_the_sites_themes_are_indexed_once_per_review_not_once_per_story(tmp_path,
                                                                         monkeypatch):
    # At 10,000 stories, indexing every theme of the site for each story took 8 s.
    from casebook import vocab
    settings = _settings(tmp_path)
    write_stories(tmp_path, {f"s{i}.md": story_text(
        title=f'"Story {i}"', themes="[mentorng, leadership]" if i % 2 else "[mentoring]")
        for i in range(6)}, home=False)
    made = []
    real = vocab._theme_index.__wrapped__
    monkeypatch.setattr(vocab, "_theme_index", lambda themes: made.append(1) or real(themes))
    review = site.review(settings)
    warned = [w for v in review.verdicts for w in v.warnings
              if "did you mean 'mentoring'?" in str(w)]
    assert len(warned) == 3
    assert made == [1]
