"""The derived gazetteers kept in a result cache's folder (the project store) and in the
per-user store: read back as they were derived, ignored when edited or derived from other
sources, kept by `check` with a folder cache; the user store read by a fresh project, turned
off by CASEBOOK_CACHE_HOME="" or "off", found where XDG says, and only slower when it cannot
be written.

tests/conftest.py points CASEBOOK_CACHE_HOME at a folder of the run's own; the tests about
the project store alone turn the user store off."""
from __future__ import annotations

import json
import shutil

import pytest

from casebook.checker import CheckConfig, ResultCache, check
from casebook.checker import gazetteers as gz
from casebook.checker.batch import check_many

from .conftest import story_of

NAMES = {"first-names.json", "english-words.json", "places.json"}


def _forget():
    """This process's gazetteers, forgotten (the next call loads them again)."""
    for f in (gz.first_names, gz.english_words, gz._geo, gz.is_word):
        f.cache_clear()
    gz._NOT_ONLY_NOUN.clear()
    gz._POPULATION.clear()


def _everything():
    return (gz.first_names(), gz.english_words(), frozenset(gz._NOT_ONLY_NOUN), gz.cities(),
            gz.regions(), dict(gz._POPULATION))


@pytest.fixture(scope="module")
def derived(tmp_path_factory):
    """The gazetteers as derived (no store), and a project store that was written while
    deriving (the user store off throughout)."""
    folder = tmp_path_factory.mktemp("store")
    saved = gz._STORE
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEBOOK_CACHE_HOME", "off")
        gz.keep_in(None)
        _forget()
        plain = _everything()
        gz.keep_in(folder)
        _forget()
        assert _everything() == plain            # derived again, and kept
    gz._STORE = saved
    return plain, folder


@pytest.fixture
def fresh(derived, monkeypatch, tmp_path):
    """A test with the gazetteers forgotten and the user store off; afterwards read back from
    the project store as derived, so that other tests see them as before."""
    monkeypatch.setattr(gz, "_STORE", None)
    monkeypatch.setenv("CASEBOOK_CACHE_HOME", "off")
    _forget()
    yield tmp_path
    gz.keep_in(derived[1])
    _forget()
    assert _everything() == derived[0]
    gz.keep_in(None)


def test_the_store_gives_back_what_was_derived(derived, fresh, monkeypatch):
    plain, folder = derived
    assert {p.name for p in (folder / "gazetteers").iterdir()} == NAMES
    gz.keep_in(folder)

    def refuse():
        raise AssertionError("derived, not read from the store")
    for name in ("_derive_first_names", "_derive_english_words", "_derive_geo"):
        monkeypatch.setattr(gz, name, refuse)
    assert _everything() == plain            # read back, nothing derived


@pytest.mark.parametrize("edit", ["payload", "key", "garbage"])
def test_an_edited_or_foreign_store_is_derived_again(derived, fresh, monkeypatch, edit):
    plain, folder = derived
    shutil.copytree(folder, fresh / "cache")
    gz.keep_in(fresh / "cache")
    path = fresh / "cache" / "gazetteers" / "first-names.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    if edit == "payload":          # one name fewer, the checksum not fixed
        entry["payload"] = json.dumps(sorted(plain[0])[1:])
        path.write_text(json.dumps(entry), encoding="utf-8")
    elif edit == "key":            # derived from other sources
        entry["key"] = "0" * 64
        path.write_text(json.dumps(entry), encoding="utf-8")
    else:
        path.write_text("{not json", encoding="utf-8")
    calls = []
    real = gz._derive_first_names
    monkeypatch.setattr(gz, "_derive_first_names", lambda: calls.append(1) or real())
    assert gz.first_names() == plain[0] and calls == [1]
    # ... and kept again, as derived
    assert json.loads(json.loads(path.read_text(encoding="utf-8"))["payload"]) == \
        sorted(plain[0])


def test_checking_with_a_folder_cache_keeps_the_gazetteers_there(monkeypatch, tmp_path):
    monkeypatch.setattr(gz, "_STORE", None)
    check(story_of("Priya joined us."), CheckConfig(), ResultCache())
    assert gz._STORE is None                 # a cache in memory: nowhere
    check(story_of("Priya joined us."), CheckConfig(), ResultCache(tmp_path / "one"))
    assert gz._STORE == tmp_path / "one" / "gazetteers"
    check_many([story_of("Priya left.")], CheckConfig(), ResultCache(tmp_path / "two"))
    assert gz._STORE == tmp_path / "two" / "gazetteers"


# ----------------------------------------------------------------------------- the user store
def _user_store(monkeypatch, folder):
    """The user store pointed at `folder` (CASEBOOK_CACHE_HOME), its gazetteers' folder."""
    monkeypatch.setenv("CASEBOOK_CACHE_HOME", str(folder))
    assert gz.user_store() == folder / "gazetteers"
    return folder / "gazetteers"


def _refuse_to_derive(monkeypatch):
    def refuse():
        raise AssertionError("derived, not read from a store")
    for name in ("_derive_first_names", "_derive_english_words", "_derive_geo"):
        monkeypatch.setattr(gz, name, refuse)


def test_a_fresh_project_reads_the_user_store_and_keeps_a_copy(derived, fresh, monkeypatch):
    plain, folder = derived
    user = _user_store(monkeypatch, fresh / "user")
    shutil.copytree(folder / "gazetteers", user)       # what an earlier project kept there
    gz.keep_in(fresh / "project")                     # a new clone: an empty cache folder
    _refuse_to_derive(monkeypatch)
    assert _everything() == plain                     # read from the user store
    project = fresh / "project" / "gazetteers"
    assert {p.name for p in project.iterdir()} == NAMES
    for name in NAMES:                                # the project's own copy, as kept
        assert (project / name).read_bytes() == (user / name).read_bytes()
    _forget()
    shutil.rmtree(user)                               # the project is whole on its own
    assert _everything() == plain


def test_derived_gazetteers_are_kept_in_both_stores(derived, fresh, monkeypatch):
    plain, folder = derived
    user = _user_store(monkeypatch, fresh / "user")
    gz.keep_in(fresh / "project")
    assert _everything() == plain
    project = fresh / "project" / "gazetteers"
    assert {p.name for p in user.iterdir()} == {p.name for p in project.iterdir()} == NAMES
    for name in NAMES:                # whole files, no temporary one left beside them
        assert (user / name).read_bytes() == (project / name).read_bytes() == \
            (folder / "gazetteers" / name).read_bytes()


def test_with_no_project_store_the_user_store_is_used(derived, fresh, monkeypatch):
    plain, folder = derived
    user = _user_store(monkeypatch, fresh / "user")
    shutil.copytree(folder / "gazetteers", user)
    gz.keep_in(None)                                  # an in-memory result cache
    _refuse_to_derive(monkeypatch)
    assert _everything() == plain


@pytest.mark.parametrize("edit", ["payload", "key", "garbage"])
def test_an_edited_or_foreign_user_store_is_ignored_and_rewritten(derived, fresh, monkeypatch,
                                                                   edit):
    plain, folder = derived
    user = _user_store(monkeypatch, fresh / "user")
    shutil.copytree(folder / "gazetteers", user)
    path = user / "first-names.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    if edit == "payload":          # one name fewer, the checksum not fixed
        entry["payload"] = json.dumps(sorted(plain[0])[1:])
        path.write_text(json.dumps(entry), encoding="utf-8")
    elif edit == "key":            # derived from other sources (another install)
        entry["key"] = "0" * 64
        path.write_text(json.dumps(entry), encoding="utf-8")
    else:
        path.write_text("{not json", encoding="utf-8")
    gz.keep_in(fresh / "project")
    calls = []
    real = gz._derive_first_names
    monkeypatch.setattr(gz, "_derive_first_names", lambda: calls.append(1) or real())
    assert gz.first_names() == plain[0] and calls == [1]
    # ... and kept again, as derived, in both stores
    for kept in (path, fresh / "project" / "gazetteers" / "first-names.json"):
        assert kept.read_bytes() == (folder / "gazetteers" / "first-names.json").read_bytes()


@pytest.mark.parametrize("value", ["", "off", "OFF"])
def test_casebook_cache_home_empty_or_off_turns_the_user_store_off(derived, fresh,
                                                                   monkeypatch, value):
    plain, _ = derived
    # Where a user store would otherwise be: none may appear there.
    monkeypatch.setenv("XDG_CACHE_HOME", str(fresh / "xdg"))
    monkeypatch.setenv("HOME", str(fresh / "home"))
    monkeypatch.setenv("CASEBOOK_CACHE_HOME", value)
    assert gz.user_store() is None
    gz.keep_in(fresh / "project")
    assert gz.first_names() == plain[0]
    assert (fresh / "project" / "gazetteers" / "first-names.json").is_file()
    assert not (fresh / "xdg").exists() and not (fresh / "home").exists()
    assert sorted(p.name for p in fresh.iterdir()) == ["project"]


def test_user_store_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("CASEBOOK_CACHE_HOME", str(tmp_path / "own"))
    assert gz.user_store() == tmp_path / "own" / "gazetteers"
    monkeypatch.setenv("CASEBOOK_CACHE_HOME", "~/elsewhere")
    assert gz.user_store() == tmp_path / "home" / "elsewhere" / "gazetteers"
    monkeypatch.delenv("CASEBOOK_CACHE_HOME")
    assert gz.user_store() == tmp_path / "xdg" / "casebook" / "gazetteers"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")   # invalid (XDG): ignored
    assert gz.user_store() == tmp_path / "home" / ".cache" / "casebook" / "gazetteers"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert gz.user_store() == tmp_path / "home" / ".cache" / "casebook" / "gazetteers"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert gz.user_store() == tmp_path / "home" / ".cache" / "casebook" / "gazetteers"


def test_no_home_means_no_user_store(monkeypatch):
    import pwd
    monkeypatch.delenv("CASEBOOK_CACHE_HOME")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def nobody(uid):
        raise KeyError(uid)
    monkeypatch.setattr(pwd, "getpwuid", nobody)     # no password entry either
    assert gz.user_store() is None


@pytest.mark.parametrize("where", ["under a file", "no home"])
def test_a_user_store_that_cannot_be_written_is_only_slower(derived, fresh, monkeypatch,
                                                            where):
    plain, _ = derived
    if where == "under a file":
        (fresh / "a-file").write_text("not a folder", encoding="utf-8")
        _user_store(monkeypatch, fresh / "a-file" / "cache")
    else:
        import pwd
        monkeypatch.delenv("CASEBOOK_CACHE_HOME")
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.delenv("HOME", raising=False)
        monkeypatch.setattr(pwd, "getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    gz.keep_in(fresh / "project")
    assert gz.first_names() == plain[0]               # derived, no exception
    assert (fresh / "project" / "gazetteers" / "first-names.json").is_file()


def test_a_write_that_fails_leaves_the_old_file_whole(derived, fresh, monkeypatch):
    plain, folder = derived
    user = _user_store(monkeypatch, fresh / "user")
    shutil.copytree(folder / "gazetteers", user)
    before = {p.name: p.read_bytes() for p in user.iterdir()}

    def fail(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(gz.os, "replace", fail)
    gz._keep("first-names", ["Priya"])               # not renamed over the file
    assert {p.name: p.read_bytes() for p in user.iterdir()} == before   # no temporary left
