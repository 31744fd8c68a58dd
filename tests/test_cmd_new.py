"""`casebook new`: end to end on real folders; never overwrites; the skeleton is valid,
unpublishable (draft, no consent) and clean for the checker."""
from __future__ import annotations


import pytest

from conftest import casebook

from casebook.checker import CheckConfig, check_story
from casebook.commands.new import create, skeleton, slugify
from casebook.schema import KINDS
from casebook.story import load, parse




@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_parses_with_no_problems_and_is_never_published(tmp_path, kind):
    proc = casebook("new", "Finding a steadier voice", "--kind", kind, "--dir", "stories",
                    cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "stories" / "finding-a-steadier-voice.md"
    story = load(path)
    assert story.problems == []
    assert story.kind == kind and story.title == "Finding a steadier voice"
    assert story.draft is True
    from casebook import site
    [verdict] = site.review(site.settings.build(None, tmp_path / "stories", None, {})).verdicts
    assert not verdict.publish                 # a skeleton is never publishable
    if kind != "insight":
        assert story.consent == "none"
        assert story.goal and story.outcomes
    # Every field of the kind is present, each with a comment saying what belongs there.
    from casebook.schema import NOT_FOR, SCHEMA
    for key in SCHEMA:
        if key in NOT_FOR.get(kind, ()) or (kind == "client-story" and key in
                                             ("organisation", "participants")) \
                or (kind == "programme" and key in ("role", "sector")):
            assert key not in story.meta
            continue
        if kind == "insight" and key in ("duration", "consent", "quote"):
            continue
        assert key in story.meta, key
        line = story.text.splitlines()[story.key_lines[key] - 1]
        assert "#" in line, f"no comment on {key}: {line}"
    # The placeholders themselves identify no one.
    assert check_story(story, CheckConfig()) == []


def test_never_overwrites_an_existing_story(tmp_path):
    docs = tmp_path / "stories"
    docs.mkdir()
    original = "my own words, not to be lost\n"
    (docs / "learning-to-delegate.md").write_text(original, encoding="utf-8")
    proc = casebook("new", "Learning to delegate", "--dir", "stories", cwd=tmp_path)
    assert proc.returncode == 1
    assert "already exists" in proc.stderr
    assert (docs / "learning-to-delegate.md").read_text(encoding="utf-8") == original
    assert sorted(p.name for p in docs.iterdir()) == ["learning-to-delegate.md"]


def test_refuses_a_title_already_used_by_another_story(tmp_path):
    assert casebook("new", "Learning to delegate", "--dir", "s", cwd=tmp_path).returncode == 0
    proc = casebook("new", "Learning to delegate", "--dir", "s", "--slug", "another-one",
                    cwd=tmp_path)
    assert proc.returncode == 1 and "already has the title" in proc.stderr
    assert not (tmp_path / "s" / "another-one.md").exists()


@pytest.mark.parametrize("slug", ["search", "index", "themes"])
def test_refuses_reserved_slugs(tmp_path, slug):
    proc = casebook("new", "Some title", "--slug", slug, "--dir", "stories", cwd=tmp_path)
    assert proc.returncode == 1 and "site needs" in proc.stderr
    assert not (tmp_path / "stories" / f"{slug}.md").exists()


def test_refuses_an_unclean_slug(tmp_path):
    proc = casebook("new", "Some title", "--slug", "Bad_Slug", "--dir", "stories", cwd=tmp_path)
    assert proc.returncode == 1 and "clean slug" in proc.stderr
    assert not (tmp_path / "stories").exists() or not any((tmp_path / "stories").iterdir())


def test_refuses_a_title_that_names_someone(tmp_path):
    proc = casebook("new", "How Oksana Wierzbicka found her voice", "--dir", "stories",
                    cwd=tmp_path)
    assert proc.returncode == 1
    assert "PERSON" in proc.stderr and "Oksana" in proc.stderr
    assert not list((tmp_path / "stories").glob("*.md")) if (tmp_path / "stories").exists() \
        else True


def test_refuses_a_slug_that_names_someone(tmp_path):
    res = create("A quiet promotion", "client-story", tmp_path, slug="oksana-wierzbicka")
    assert res.problems and any("slug" in p for p in res.problems)
    assert not res.path.exists()


def test_default_folder_is_docs_dir_from_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\n", encoding="utf-8")
    proc = casebook("new", "Leading through change", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "content" / "leading-through-change.md").is_file()


def test_slugify():
    assert slugify("Learning to influence — at last!") == "learning-to-influence-at-last"
    assert slugify("Élan: the coach’s view") == "elan-the-coachs-view"
    assert len(slugify("word " * 40)) <= 60


def test_title_with_quotes_and_colons_round_trips():
    title = 'Saying "no": a leader\'s lesson'
    story = parse(skeleton(title, "insight"), "x.md")
    assert story.problems == [] and story.title == title


@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_passes_the_sites_checks_as_a_draft(tmp_path, kind):
    """`casebook check` on a fresh skeleton, with the repository's mkdocs.yml (guiding
    facets): exit 0 and no warning, for every kind."""
    import shutil

    from conftest import REPO
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "stories", tmp_path / "stories")
    proc = casebook("new", "Finding a steadier voice", "--kind", kind, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = "stories/finding-a-steadier-voice.md"
    r = casebook("check", path, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "warning:" not in r.stderr and r.stdout == ""
    assert "marked draft: true (not published)" in r.stderr
    text = (tmp_path / path).read_text(encoding="utf-8")
    if kind == "insight":
        assert "consent" not in text and "consent" not in proc.stdout
    else:
        assert "consent: none" in text


@pytest.mark.parametrize("slug", ["priya-sharma-story", "story-of-wierzbicka",
                                  "after-leeds"])
def test_slug_is_checked_like_the_title(tmp_path, slug):
    proc = casebook("new", "A quieter kind of authority", "--slug", slug, "--dir", "stories",
                    cwd=tmp_path)
    assert proc.returncode == 1
    assert "the slug" in proc.stderr and "nothing written" in proc.stderr
    assert not (tmp_path / "stories" / f"{slug}.md").exists()


@pytest.mark.parametrize("slug", ["finding-hope", "will-and-grace-at-work",
                                  "learning-to-lead-at-pace"])
def test_a_slug_of_ordinary_words_is_accepted(tmp_path, slug):
    proc = casebook("new", "A quieter kind of authority", "--slug", slug, "--dir", "stories",
                    cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
