import json
import os
import sqlite3

from casebook.checker import CheckConfig, ResultCache, cache_key, check, check_story, clear_cache
from casebook.checker.cache import MEMORY

from .conftest import story_of

BODY = "She worked with Priyanka at Ferrowick Partners in 2021."


def test_fingerprint_is_stable_and_order_free():
    a = CheckConfig(allow=("B", "A"))
    b = CheckConfig(allow=("A", "B"))
    assert a.fingerprint() == b.fingerprint()
    assert a.fingerprint() != CheckConfig(allow=("A",)).fingerprint()
    assert CheckConfig().fingerprint() != CheckConfig(disabled=("dates",)).fingerprint()


def test_cache_hit_returns_same_findings():
    clear_cache()
    s = story_of(BODY)
    first = check_story(s)
    assert cache_key(s.text, CheckConfig()) in MEMORY
    again = check_story(story_of(BODY))
    assert again == first


def test_changed_config_misses():
    clear_cache()
    s = story_of(BODY)
    check_story(s)
    other = CheckConfig(allow=("Priyanka",))
    assert cache_key(s.text, other) not in MEMORY
    got = [f.text for f in check_story(s, other)]
    assert "Priyanka" not in got


def _rows(folder):
    with sqlite3.connect(folder / "results.sqlite") as db:
        return dict(db.execute("SELECT key, entry FROM results"))


def _set_row(folder, key, entry):
    with sqlite3.connect(folder / "results.sqlite") as db:
        db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, entry))


def test_disk_cache_round_trip(tmp_path):
    first = check(story_of(BODY), CheckConfig(), ResultCache(tmp_path / "cache")).findings
    assert len(_rows(tmp_path / "cache")) == 1
    fresh = ResultCache(tmp_path / "cache")         # a new process: memory empty
    again = check(story_of(BODY), CheckConfig(), fresh).findings
    assert again[0].path == "stories/test-story.md"
    assert [(f.start, f.end, f.category) for f in again] == \
        [(f.start, f.end, f.category) for f in first]
    moved = check(story_of(BODY, path="stories/moved.md"), CheckConfig(), fresh).findings
    assert moved and all(f.path == "stories/moved.md" for f in moved)   # a rename: a hit


def test_an_edited_disk_entry_is_a_miss_not_a_verdict(tmp_path, monkeypatch):
    """An entry whose findings were emptied by hand must not publish the story."""
    check(story_of(BODY), CheckConfig(), ResultCache(tmp_path / "cache"))
    [(key, entry)] = _rows(tmp_path / "cache").items()
    data = json.loads(entry)
    payload = json.loads(data["payload"])
    payload["findings"] = []
    data["payload"] = json.dumps(payload, sort_keys=True)
    _set_row(tmp_path / "cache", key, json.dumps(data))
    again = check(story_of(BODY), CheckConfig(), ResultCache(tmp_path / "cache")).findings
    assert {f.text for f in again} >= {"Priyanka", "Ferrowick Partners"}


def test_an_entry_stored_under_another_key_is_a_miss(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    check(story_of(BODY), CheckConfig(), cache)
    clean = story_of("A quiet story about delegation.")
    key = cache_key(clean.text, CheckConfig())
    [(_, entry)] = _rows(tmp_path / "cache").items()
    _set_row(tmp_path / "cache", key, entry)          # the leaky story's entry, moved
    assert ResultCache(tmp_path / "cache").get(key, "x.md") is None


def _finding(text="A"):
    from casebook.checker.finding import Finding
    return Finding("p.md", 0, 1, 1, 1, 1, 2, "PERSON", text, "a name", "propernoun")


def test_a_batch_writes_its_entries_once_when_it_ends(tmp_path):
    store = ResultCache(tmp_path / "cache")
    with store.batch():
        for i in range(3):
            store.put(f"k{i}", ([_finding()], []))
        assert store.get("k1", "in.md") is not None         # this process sees them
        assert not (tmp_path / "cache" / "results.sqlite").exists() or \
            not _rows(tmp_path / "cache")                  # nothing on disk yet
    assert set(_rows(tmp_path / "cache")) == {"k0", "k1", "k2"}
    assert ResultCache(tmp_path / "cache").get("k2", "q.md")[0][0].path == "q.md"


def test_a_file_that_is_not_a_database_is_a_fresh_cache(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "results.sqlite").write_bytes(b"not a database at all" * 100)
    store = ResultCache(tmp_path / "cache")
    assert store.get("k", "p.md") is None
    store.put("k", ([_finding()], []))
    assert ResultCache(tmp_path / "cache").get("k", "p.md") is not None


def test_the_folder_is_made_when_missing(tmp_path):
    store = ResultCache(tmp_path / "deep" / "cache")
    store.put("ab" + "0" * 62, ([_finding()], []))
    fresh = ResultCache(tmp_path / "deep" / "cache")
    got = fresh.get("ab" + "0" * 62, "q.md")
    assert got is not None and got[0][0].path == "q.md" and got[0][0].text == "A"


def test_a_forked_process_opens_its_own_connection(tmp_path):
    store = ResultCache(tmp_path / "cache")
    store.put("parent", ([_finding()], []))
    pid = os.fork()
    if pid == 0:                                  # the child: writes with its own
        code = 1
        try:
            store.put("child", ([_finding("B")], []))
            code = 0 if store._db is not None and store._db_pid == os.getpid() else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    store.put("parent again", ([_finding()], []))   # the parent's connection still works
    fresh = ResultCache(tmp_path / "cache")
    assert fresh.get("child", "c.md")[0][0].text == "B"
    assert fresh.get("parent again", "p.md") is not None


def test_disabled_detector_is_skipped():
    clear_cache()
    got = check_story(story_of(BODY), CheckConfig(disabled=("dates",)))
    assert not any(f.category == "DATE" for f in got)
