#!/usr/bin/env python3
"""How long a coach waits in `mkdocs serve`: from saving a story to the updated page served.

    .venv/bin/python scripts/bench_serve.py 1000

Generates N stories (scripts/corpus.py), starts `mkdocs serve` on 127.0.0.1 (a free port,
live reload on, the checker's disk cache in the temporary folder), waits for the first
build, then edits one published story three times. After each save it polls the story's
page until the new sentence is served and records the time since the save. Prints the first
build's time, each edit's, and as its last line `median save-to-served: X.XX s`.
`--dirty` passes `--dirty` to `mkdocs serve` (MkDocs rebuilds only pages whose file changed).
`--watcher polling` sets the plugin option `serve_watcher: polling` (MkDocs' own half-second
poll) instead of the default `native`.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import bench_build  # noqa: E402
import corpus  # noqa: E402

MARKERS = ("amber", "birch", "cedar", "delta", "ember")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str, timeout: float, proc: subprocess.Popen, log: Path) -> float:
    """Seconds until `text` is in the page at `url`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = get(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        if proc.poll() is not None:
            sys.exit(f"mkdocs serve exited:\n{log.read_text()[-4000:]}")
        time.sleep(0.02)
    sys.exit(f"{url} did not show {text!r} within {timeout:.0f} s:\n{log.read_text()[-4000:]}")


def settle(log: Path, quiet: float = 2.0, timeout: float = 600) -> None:
    """Wait until every rebuild the server started has finished and none started for
    `quiet` seconds (the watcher can fire once more after the first build)."""
    start = last_change = time.perf_counter()
    seen = None
    while time.perf_counter() - start < timeout:
        text = log.read_text(errors="replace")
        # MkDocs logs a repeated "Documentation built in 0.41 seconds" once only (its
        # DuplicateFilter), so a finished rebuild is counted by the live-reload server's
        # own lines: "Reloading browsers", or the error it logs when the build failed.
        finished = (min(1, text.count("Documentation built")) + text.count("Reloading browsers")
                    + text.count("An error happened during the rebuild"))
        state = (text.count("Building documentation"), finished)
        if state != seen:
            seen, last_change = state, time.perf_counter()
        elif state[0] == state[1] and time.perf_counter() - last_change >= quiet:
            return
        time.sleep(0.1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=1000)
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--dirty", action="store_true", help="mkdocs serve --dirty")
    ap.add_argument("--watcher", choices=("native", "polling"), default="native",
                    help="the plugin's serve_watcher option")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="casebook-serve-") as tmp:
        root = Path(tmp)
        corpus.write(root / "stories", args.n)
        (root / "stories" / "index.md").write_text("---\ntitle: Home\n---\nStories.\n")
        cfg = root / "mkdocs.yml"
        config = bench_build.casebook_config(root)
        for p in config["plugins"]:
            if isinstance(p, dict) and "casebook" in p:
                p["casebook"]["serve_watcher"] = args.watcher
        cfg.write_text(yaml.safe_dump(config), encoding="utf-8")
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        log = root / "serve.log"
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(cfg), "-a",
               f"127.0.0.1:{port}"] + (["--dirty"] if args.dirty else [])
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        with open(log, "w") as out:
            proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out,
                                    stderr=subprocess.STDOUT)
        try:
            first = wait_for(base, "</html>", 600, proc, log)
            settle(log)
            story = pick_story(root / "stories", base)
            url = base + story.stem + "/"
            times = []
            for i in range(args.edits):
                marker = f"this sentence marks edit {MARKERS[i % len(MARKERS)]} {i}"
                text = story.read_text(encoding="utf-8")
                head, body = text.split("\n---\n", 1)
                paragraphs = body.split("\n\n")
                paragraphs[1] = marker + "."
                story.write_text(head + "\n---\n" + "\n\n".join(paragraphs), encoding="utf-8")
                times.append(wait_for(url, marker, 300, proc, log))
                settle(log)   # the next save starts from an idle server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"stories {args.n} · mkdocs serve{' --dirty' if args.dirty else ''} · "
          f"serve_watcher: {args.watcher} · edited {story.name}")
    print(f"first build served after {first:.2f} s")
    for i, t in enumerate(times, 1):
        print(f"edit {i}: {t:.2f} s from save to served")
    print(f"median save-to-served: {statistics.median(times):.2f} s")
    return 0


def pick_story(stories: Path, base: str) -> Path:
    """A published story (no 'not publishable' banner), so the edit keeps it published."""
    for p in sorted(stories.glob("story-*.md")):
        page = get(base + p.stem + "/")
        if page and "cb-withheld" not in page and "not publishable" not in page.lower():
            return p
    sys.exit("no published story found")


if __name__ == "__main__":
    sys.exit(main())
