import json

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


def test_disk_cache_round_trip(tmp_path):
    first = check(story_of(BODY), CheckConfig(), ResultCache(tmp_path / "cache")).findings
    assert list((tmp_path / "cache").rglob("*.json"))
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
    [entry] = list((tmp_path / "cache").rglob("*.json"))
    data = json.loads(entry.read_text())
    payload = json.loads(data["payload"])
    payload["findings"] = []
    data["payload"] = json.dumps(payload, sort_keys=True)
    entry.write_text(json.dumps(data))
    again = check(story_of(BODY), CheckConfig(), ResultCache(tmp_path / "cache")).findings
    assert {f.text for f in again} >= {"Priyanka", "Ferrowick Partners"}


def test_an_entry_stored_under_another_key_is_a_miss(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    check(story_of(BODY), CheckConfig(), cache)
    clean = story_of("A quiet story about delegation.")
    key = cache_key(clean.text, CheckConfig())
    [entry] = list((tmp_path / "cache").rglob("*.json"))
    target = tmp_path / "cache" / key[:2] / f"{key}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(entry.read_text())            # the leaky story's entry, renamed
    assert ResultCache(tmp_path / "cache").get(key, "x.md") is None


def test_disabled_detector_is_skipped():
    clear_cache()
    got = check_story(story_of(BODY), CheckConfig(disabled=("dates",)))
    assert not any(f.category == "DATE" for f in got)


def test_an_entry_s_folder_is_made_when_missing_and_again_when_removed(tmp_path):
    """Folders are made only when a write finds them missing (no mkdir per entry): the
    first write into a fresh cache, and one after the shard folder was deleted, both land."""
    import shutil
    from casebook.checker.finding import Finding
    store = ResultCache(tmp_path / "deep" / "cache")
    f = Finding("p.md", 0, 1, 1, 1, 1, 2, "PERSON", "A", "a name", "propernoun")
    store.put("ab" + "0" * 62, ([f], []))
    assert (tmp_path / "deep" / "cache" / "ab").is_dir()
    shutil.rmtree(tmp_path / "deep" / "cache" / "ab")
    store.put("ab" + "1" * 62, ([f], []))
    fresh = ResultCache(tmp_path / "deep" / "cache")
    got = fresh.get("ab" + "1" * 62, "q.md")
    assert got is not None and got[0][0].path == "q.md" and got[0][0].text == "A"
