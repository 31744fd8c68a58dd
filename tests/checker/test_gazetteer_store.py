"""The derived gazetteers kept in a result cache's folder: read back as they were derived,
ignored when edited or derived from other sources, kept by `check` with a folder cache."""
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
    """The gazetteers as derived (no store), and a store that was written while deriving."""
    folder = tmp_path_factory.mktemp("store")
    saved = gz._STORE
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
    """A test with the gazetteers forgotten; afterwards read back from the store as derived,
    so that other tests see them as before."""
    monkeypatch.setattr(gz, "_STORE", None)
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
