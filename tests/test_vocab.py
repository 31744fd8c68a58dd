"""Vocabularies for facets (guiding by default, strict on request), and the duration bands
the explorer filters on."""
from __future__ import annotations

import json

import pytest
import yaml

from casebook import site
from casebook import story as model
from casebook.cli import main
from casebook.vocab import Vocabulary, duration_band, role_level
from conftest import REPO, mkdocs_build, site_config, story_text, write_stories

VOCAB = Vocabulary(sectors=("International organisation", "Public sector"),
                   role_levels=("Director", "Senior leader"),
                   themes=("leadership", "delegation", "influence"), strict=True)


def parse(**fields):
    return model.parse(story_text(**fields).encode(), "stories/s.md")


def test_values_in_the_vocabulary_pass():
    assert VOCAB.problems(parse()) == []
    assert VOCAB.problems(parse(sector='"public SECTOR"')) == []   # case does not matter


@pytest.mark.parametrize("field, value, expected", [
    ("sector", '"Internatonal organisation"',
     "stories/s.md:6: 'sector' is 'Internatonal organisation', which is not in the site's "
     "vocabulary (did you mean 'International organisation'?); use one of: International "
     "organisation, Public sector"),
    ("role", '"Directr, support function"',
     "stories/s.md:5: 'role' starts with 'Directr', which is not in the site's vocabulary "
     "(did you mean 'Director'?)"),
    ("themes", "[leadership, delegaton]",
     "stories/s.md:12: 'themes[1]' is 'delegaton', which is not in the site's vocabulary "
     "(did you mean 'delegation'?)"),
    ("sector", '"Wind turbine blades"',
     "stories/s.md:6: 'sector' is 'Wind turbine blades', which is not in the site's "
     "vocabulary; use one of"),
])
def test_values_outside_the_vocabulary_fail_with_did_you_mean(field, value, expected):
    problems = [str(p) for p in VOCAB.problems(parse(**{field: value}))]
    assert len(problems) == 1
    assert problems[0].startswith(expected), problems[0]


def test_an_empty_vocabulary_is_not_enforced():
    assert Vocabulary(strict=True).problems(parse(sector='"Anything at all"')) == []


def test_a_guiding_vocabulary_never_withholds():
    guiding = Vocabulary(VOCAB.sectors, VOCAB.role_levels, VOCAB.themes)   # strict=False
    assert guiding.problems(parse(sector='"Wind turbine blades"', themes="[astrology]")) == []
    assert VOCAB.warnings(parse(role='"Career break"')) == []   # strict: no warnings


def test_warnings_name_what_the_facets_cannot_place():
    story = parse(role='"Career break"', sector='"Wind turbine blades"')
    warnings = [str(w) for w in Vocabulary().warnings(story)]
    assert warnings == [
        "stories/s.md:5: 'role' is 'Career break', which the site cannot place on a role "
        "level; start it with one of: " + ", ".join(site_facets()[0]),
        "stories/s.md:6: 'sector' is 'Wind turbine blades', which the site cannot place on a "
        "sector; name the industry in words such as: " + ", ".join(site_facets()[1]),
    ]


def site_facets():
    from casebook import facets
    return facets.role_levels(), facets.sector_labels()


def test_near_duplicate_themes_warn_with_did_you_mean():
    story = parse(themes="[mentorng, leadership, delegaton]")
    warnings = [str(w) for w in Vocabulary(themes=("delegation",)).warnings(
        story, site_themes=["mentoring", "leadership"])]
    assert len(warnings) == 2, warnings
    assert warnings[0].startswith("stories/s.md:12: 'themes[0]' is 'mentorng', which looks "
                                  "like a variant of 'mentoring' (did you mean 'mentoring'?)")
    assert "'themes[2]' is 'delegaton'" in warnings[1]
    assert "did you mean 'delegation'?" in warnings[1]
    # The same theme in another spelling is the same theme, not a variant.
    assert Vocabulary().warnings(parse(themes="[Mentoring]"), ["mentoring"]) == []


# ---------------------------------------------------------------------------- the site
OFF_LIST = dict(title='"A wider patch"', role='"Regional Director"', sector='"IT services"',
                themes="[mentoring, leadership]", body="mentoring-marker text.\n")


def review_one(tmp_path, **options):
    write_stories(tmp_path, {"wider.md": story_text(**OFF_LIST),
                             "typo.md": story_text(title='"Typo"', themes="[mentorng]")})
    cfg = site_config(tmp_path, vocabulary_themes=["leadership", "delegation"], **options)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return {v.path.rsplit("/", 1)[-1]: v
            for v in site.review(site.load_settings(tmp_path / "mkdocs.yml")).verdicts}


def test_strict_mode_withholds_with_todays_messages(tmp_path):
    verdicts = review_one(tmp_path, vocabulary_strict=True,
                          vocabulary_sectors=["Technology", "Public sector"],
                          vocabulary_role_levels=["Director", "Senior leader"])
    v = verdicts["wider.md"]
    assert not v.publish and v.status == "invalid" and v.warnings == []
    messages = [p.message for p in v.problems]
    assert messages[0] == ("starts with 'Regional Director', which is not in the site's "
                           "vocabulary (did you mean 'Director'?); use one of: Director, "
                           "Senior leader (or add it to the casebook plugin's options in "
                           "mkdocs.yml)")
    assert messages[1].startswith("is 'IT services', which is not in the site's vocabulary")
    assert messages[2].startswith("is 'mentoring', which is not in the site's vocabulary")


def test_guiding_mode_publishes_with_derived_facets_and_warnings(tmp_path):
    verdicts = review_one(tmp_path)
    v, typo = verdicts["wider.md"], verdicts["typo.md"]
    assert v.publish and typo.publish, (v.reasons, typo.reasons)
    assert v.problems == [] and typo.problems == []
    assert [str(w).split("stories/")[-1] for w in typo.warnings] == [
        "typo.md:12: 'themes[0]' is 'mentorng', which looks like a variant of "
        "'mentoring' (did you mean 'mentoring'?); use one spelling so that the stories share "
        "a theme page"]
    # Either spelling could be the one to keep: each story hears of the other.
    assert [w.message.split(" (")[0] for w in v.warnings] == [
        "is 'mentoring', which looks like a variant of 'mentorng'"]


def test_check_prints_warnings_and_vocab_lists_the_facets(tmp_path, capsys, monkeypatch):
    review_one(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "stories"]) == 0           # warnings do not change the exit status
    err = capsys.readouterr().err
    assert "warning: stories/typo.md:12: 'themes[0]' is 'mentorng'" in err
    assert main(["check", "--vocab"]) == 0
    out = capsys.readouterr().out
    assert "Role levels (2 stories):\n  Director  2\n" in out
    assert "Sectors (2 stories):\n" in out
    assert "  Technology                  1" in out and "International organisation  1" in out
    assert "  mentoring   1" in out and "  mentorng    1" in out and "  leadership  1" in out
    assert out.endswith("Near-duplicate themes to merge (1):\n"
                        "  'mentorng' (1) ~ 'mentoring' (1)\n")
    assert main(["check", "--vocab", "stories"]) == 2


def repo_config(root):
    """The repository's mkdocs.yml as shipped, vocabulary options included."""
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    ours = next(p["casebook"] for p in cfg["plugins"] if isinstance(p, dict) and "casebook" in p)
    cfg = site_config(root, **{k: v for k, v in ours.items() if k.startswith("vocabulary_")})
    assert "vocabulary_strict" in ours and not ours["vocabulary_strict"]
    return cfg


@pytest.mark.build
def test_the_shipped_options_publish_a_new_theme_and_a_regional_director(tmp_path):
    write_stories(tmp_path, {"wider.md": story_text(**OFF_LIST),
                             "twin.md": story_text(title='"Feedback at last"',
                                                   themes="[feedbak]")})
    build = mkdocs_build(tmp_path, strict=True, config=repo_config(tmp_path))
    assert build.returncode == 0, build.output
    assert "wider/index.html" in build.grep("mentoring-marker")
    assert "casebook: published 2, withheld 0" in build.output
    # A warning at INFO level: --strict did not fail on it.
    assert "INFO    -  casebook: warning: " in build.output
    assert "'themes[0]' is 'feedbak', which looks like a variant of 'feedback'" in build.output
    data = {s["title"]: s for s in
            json.loads(build.text("explorer/stories.json"))["stories"]}
    wider = data["A wider patch"]
    assert (wider["role_level"], wider["role"]) == ("Director", "Regional Director")
    assert (wider["sector"], wider["sector_text"]) == ("Technology", "IT services")
    assert wider["themes"] == ["mentoring", "leadership"]
    assert data["Feedback at last"]["themes"] == ["feedbak"]


@pytest.mark.parametrize("role, level", [
    ("Director, global support function", "Director"),
    ("Senior leader", "Senior leader"),
    (None, None),
])
def test_role_level(role, level):
    assert role_level(role) == level


@pytest.mark.parametrize("text, band", [
    ("6 weeks", "under 3 months"), ("3–4 weeks for the pilot", "under 3 months"),
    ("About 6 months so far", "6–12 months"), ("four months", "3–6 months"),
    ("12 months", "6–12 months"), ("18 months", "over 12 months"), ("two years", "over 12 months"),
    ("ongoing", "other"), (None, None),
])
def test_duration_bands(text, band):
    assert duration_band(text) == band
