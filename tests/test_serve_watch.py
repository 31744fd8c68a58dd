"""`mkdocs serve` hears a saved story from the operating system (`serve_watcher: native`,
the default), polls as MkDocs does when asked to or when native watching cannot start, and
never rebuilds because the build itself opened the stories."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from casebook.plugin import watch
from casebook.site import options
from conftest import free_port, get_page, site_config, story_text, write_stories


# ----------------------------------------------------------------------------- the option
@pytest.mark.parametrize("value", ["native", "polling"])
def test_the_option_takes_either_watcher(value):
    opts, errors = options.validate({"serve_watcher": value})
    assert errors == [] and opts.serve_watcher == value


@pytest.mark.parametrize("value, said", [
    ("inotify", "must be one of native, polling; got 'inotify'"),
    ("polled", "(did you mean 'polling'?)"),
    (True, "must be one of native, polling; got true/false True"),
])
def test_another_value_is_one_error_naming_the_choices(value, said):
    opts, errors = options.validate({"serve_watcher": value})
    assert [k for k, _ in errors] == ["serve_watcher"] and said in errors[0][1]
    assert opts.serve_watcher == "native"


# ----------------------------------------------------------------------------- the server
@pytest.fixture
def polling_server(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(),
                              root=str(tmp_path / "site"))
    server.watch(str(tmp_path / "docs"))
    server.watch(str(tmp_path / "mkdocs.yml"))
    yield server
    server.server_close()


def test_native_is_the_same_server_watching_the_same_paths(polling_server):
    served = watch.serve_with(polling_server, "native")
    try:
        assert served is not polling_server
        assert not isinstance(served.observer, PollingObserver)
        assert watch._watched(served) == watch._watched(polling_server)
        assert served.server_address == polling_server.server_address
        assert (served.root, served.mount_path, served.builder) == \
            (polling_server.root, polling_server.mount_path, polling_server.builder)
    finally:
        served.server_close()


def test_polling_keeps_mkdocs_own_server(polling_server):
    assert watch.serve_with(polling_server, "polling") is polling_server


def test_a_native_watcher_that_cannot_start_falls_back_to_polling(polling_server,
                                                                   monkeypatch, caplog):
    base = watch._native_observer_class()

    class Exhausted(base):
        def start(self):
            raise OSError("inotify watch limit reached")
    monkeypatch.setattr(watch, "_native_observer_class", lambda: Exhausted)
    assert watch.serve_with(polling_server, "native") is polling_server
    assert "inotify watch limit reached" in caplog.text and "polling" in caplog.text


def test_native_events_are_changes_only(tmp_path):
    """Reading a story is no change: were opens reported, every build would start another."""
    observer = watch._native_observer_class()()
    seen = []

    class Handler:
        def dispatch(self, event):
            seen.append(type(event).__name__)
    story = tmp_path / "story.md"
    story.write_text("before")
    observer.schedule(Handler(), str(tmp_path), recursive=True)
    observer.start()
    try:
        time.sleep(0.2)
        story.read_text()
        time.sleep(0.3)
        assert seen == []
        story.write_text("after")
        deadline = time.monotonic() + 10
        while "FileModifiedEvent" not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "FileModifiedEvent" in seen
    finally:
        observer.stop()
        observer.join()


# ----------------------------------------------------------------------------- mkdocs serve
def _serve(root: Path, **plugin_options):
    write_stories(root, {"fine.md": story_text(body="The first version.\n")})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(site_config(root, **plugin_options)),
                                     encoding="utf-8")
    port = free_port()
    log = root / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f",
             str(root / "mkdocs.yml")], cwd=root, stdout=out, stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return proc, f"http://127.0.0.1:{port}/fine/", log


def _until(proc, what, ok, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ok():
            return
        if proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited before {what}")
        time.sleep(0.1)
    pytest.fail(f"{what} never happened")


@pytest.mark.build
@pytest.mark.parametrize("watcher", ["native", "polling"])
def test_an_edit_is_served_and_rebuilt_once(tmp_path, watcher):
    proc, url, log = _serve(tmp_path, serve_watcher=watcher)
    try:
        _until(proc, "the first build", lambda: "The first version." in (get_page(url) or ""))
        _until(proc, "the watcher", lambda: "Watching paths for changes" in log.read_text())
        said = log.read_text()
        assert ("with InotifyObserver" in said) == (watcher == "native" and
                                                   sys.platform.startswith("linux"))
        (tmp_path / "stories" / "fine.md").write_text(story_text(body="The second version.\n"),
                                                      encoding="utf-8")
        _until(proc, "the edit served", lambda: "The second version." in (get_page(url) or ""))
        time.sleep(2.0)   # long enough for a rebuild the build itself would have started
        said = log.read_text()
        assert said.count("Detected file changes") == 1, said[-3000:]
        assert said.count("Building documentation") == 2
    finally:
        proc.terminate()
        proc.wait(timeout=30)
