from casebook.checker import CheckConfig, check_story, clear_cache
from casebook.checker import _MEMORY, cache_key

from .conftest import story_of

BODY = "She worked with Priyanka at Ferrowick Partners in 2021."


def test_fingerprint_is_stable_and_order_free():
    a = CheckConfig(allow=("B", "A"))
    b = CheckConfig(allow=("A", "B"))
    assert a.fingerprint() == b.fingerprint()
    assert a.fingerprint() != CheckConfig(allow=("A",)).fingerprint()
    assert CheckConfig().fingerprint() != CheckConfig(disabled=("dates",)).fingerprint()
    # the cache directory changes where results live, not what they are
    assert CheckConfig(cache_dir="/tmp/x").fingerprint() == CheckConfig().fingerprint()


def test_cache_hit_returns_same_findings():
    clear_cache()
    s = story_of(BODY)
    first = check_story(s)
    assert cache_key(s.text, CheckConfig()) in _MEMORY
    again = check_story(story_of(BODY))
    assert again == first


def test_changed_config_misses():
    clear_cache()
    s = story_of(BODY)
    check_story(s)
    other = CheckConfig(allow=("Priyanka",))
    assert cache_key(s.text, other) not in _MEMORY
    got = [f.text for f in check_story(s, other)]
    assert "Priyanka" not in got


def test_disk_cache_round_trip(tmp_path):
    clear_cache()
    cfg = CheckConfig(cache_dir=str(tmp_path / "cache"))
    first = check_story(story_of(BODY), cfg)
    assert list((tmp_path / "cache").rglob("*.json"))
    clear_cache()
    again = check_story(story_of(BODY), cfg)
    assert again[0].path == "stories/test-story.md"
    assert [(f.start, f.end, f.category) for f in again] == \
        [(f.start, f.end, f.category) for f in first]
    moved = check_story(story_of(BODY, path="stories/moved.md"), cfg)   # a rename: a hit
    assert all(f.path == "stories/moved.md" for f in moved)


def test_disabled_detector_is_skipped():
    clear_cache()
    got = check_story(story_of(BODY), CheckConfig(disabled=("dates",)))
    assert not any(f.category == "DATE" for f in got)
