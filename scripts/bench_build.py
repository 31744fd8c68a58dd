#!/usr/bin/env python3
"""Build N generated stories with casebook and, in the same run, the same pages with bare
mkdocs-material, against two peers:

- bare, full nav: every page in the nav (mkdocs-material's default; grows as N², flatters
  casebook at scale);
- bare, short nav: the fair peer, casebook's own shape (`nav: [index.md]`, the story pages
  `not_in_nav`).

casebook is built cold (an empty disk cache: every story is checked), then warm (the same
command again: every check answered from the disk cache, every page given back from the
last build), then after a coach's usual change (one sentence of one story edited: that
story checked and its page built again).

Every build's per-user store (CASEBOOK_CACHE_HOME, where the derived gazetteers are kept
across projects) is a folder in the benchmark's temporary folder, never ~/.cache. The cold
build is a fresh project on a machine where casebook has run before: that store was warmed
by an earlier run (the first-run build, or else a process that only loads the gazetteers).
`--one-process` also measures a cold build with `render_jobs: 1` (every page rendered in one
process, as before pages were rendered beside). `--first-run` also measures a build on a
machine casebook never ran on (the project cache and the user store both empty), as
`casebook, first run on a machine`.

    .venv/bin/python scripts/bench_build.py 1000
    .venv/bin/python scripts/bench_build.py 3000 --no-full-nav   # the N² peer takes minutes
    .venv/bin/python scripts/bench_build.py 1000 --cold-only --no-full-nav --first-run
    .venv/bin/python scripts/bench_build.py 1000 --repeat 2 --no-full-nav --one-process

Prints wall time, per-story cost and peak memory of each build, then the ratios, the last
lines being `ratio cold/short-nav`, `ratio edited/short-nav` and `ratio warm/short-nav`. Peak memory is
the largest process's peak resident set (the build or one checker worker). `--repeat R`
runs each build R times and keeps the fastest (the machine is shared; the minimum is the
least noisy figure).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import corpus  # noqa: E402

# Runs a command and reports its wall time and the peak RSS of its largest descendant.
RUNNER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": p.returncode, "wall": wall, "rss_kb": rss,
                  "out": (p.stdout + p.stderr)[-4000:]}))
"""

# Derives the three gazetteers and keeps them in the per-user store (CASEBOOK_CACHE_HOME).
WARM_UP = ("from casebook.checker import gazetteers as g; "
           "g.first_names(); g.cities(); g.english_words()")


def measure(cmd: list[str], cwd: Path) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    out = subprocess.run([sys.executable, "-c", RUNNER, *cmd], cwd=cwd, env=env,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        sys.exit(f"build failed ({' '.join(cmd)}):\n{result['out']}")
    return result


def fastest(cmd: list[str], cwd: Path, repeat: int, before=None) -> dict:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(measure(cmd, cwd))
    best = min(runs, key=lambda r: r["wall"])
    best["rss_kb"] = max(r["rss_kb"] for r in runs)
    return best


def casebook_config(root: Path) -> dict:
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg.update(docs_dir=str(root / "stories"), site_dir=str(root / "site"))
    cfg["theme"]["custom_dir"] = str(REPO / "theme")
    for p in cfg["plugins"]:
        if isinstance(p, dict) and "casebook" in p:
            p["casebook"]["cache_dir"] = str(root / ".cache")
    return cfg


def bare_config(root: Path, short_nav: bool) -> dict:
    cfg = {"site_name": "bare", "docs_dir": str(root / "docs"), "site_dir": str(root / "site"),
           "theme": {"name": "material", "font": False}, "plugins": ["search"]}
    if short_nav:
        cfg.update(nav=["index.md"], not_in_nav="/story-*.md")
    return cfg


def bare_pages(stories: Path, docs: Path) -> None:
    """The same pages, as plain Markdown with only a title: what mkdocs-material gets alone."""
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for p in stories.glob("story-*.md"):
        text = p.read_text(encoding="utf-8")
        title = re.search(r'^title: "(.*)"$', text, re.M).group(1)
        body = text.split("\n---\n", 1)[1]
        (docs / p.name).write_text(f"# {title}\n{body}", encoding="utf-8")


def line(name: str, r: dict, n: int) -> str:
    return (f"{name:<32} {r['wall']:7.2f} s · {1000 * r['wall'] / n:5.1f} ms/story · peak "
            f"{r['rss_kb'] / 1024:4.0f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=1000)
    ap.add_argument("--repeat", type=int, default=1, help="runs per build; the fastest counts")
    ap.add_argument("--no-full-nav", action="store_true",
                    help="skip the full-nav peer (minutes at 3,000 stories)")
    ap.add_argument("--cold-only", action="store_true",
                    help="casebook cold and the short-nav peer only (no warm or edited build)")
    ap.add_argument("--one-process", action="store_true",
                    help="also casebook cold with `render_jobs: 1` (every page rendered in "
                         "one process), to show what rendering beside saves")
    ap.add_argument("--first-run", action="store_true",
                    help="also casebook cold with the per-user store empty too (a machine "
                         "casebook never ran on)")
    args = ap.parse_args()
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        root = Path(tmp)
        # Inherited by every build (and the warm-up): the benchmark's own per-user store.
        user = root / "user-cache"
        os.environ["CASEBOOK_CACHE_HOME"] = str(user)
        cb, full, short = root / "casebook", root / "bare-full", root / "bare-short"
        stats = corpus.write(cb / "stories", args.n)
        (cb / "stories" / "index.md").write_text("---\ntitle: Home\n---\nStories.\n")
        bare_pages(cb / "stories", full / "docs")
        shutil.copytree(full / "docs", short / "docs")
        configs = [(cb, casebook_config(cb)), (short, bare_config(short, True))]
        if not args.no_full_nav:
            configs.append((full, bare_config(full, False)))
        for folder, cfg in configs:
            (folder / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
        one = casebook_config(cb)
        one["site_dir"] = str(cb / "site-one")
        for p in one["plugins"]:
            if isinstance(p, dict) and "casebook" in p:
                p["casebook"]["render_jobs"] = 1
        (cb / "mkdocs-one.yml").write_text(yaml.safe_dump(one), encoding="utf-8")

        def cold_cache():
            shutil.rmtree(cb / ".cache", ignore_errors=True)

        edits = iter(range(10**6))

        def edit_one():
            # A coach's usual change: one sentence of one story's text (it stays published).
            story = cb / "stories" / "story-00000.md"
            head, body = story.read_text(encoding="utf-8").split("\n---\n", 1)
            paragraphs = body.split("\n\n")
            paragraphs[1] = f"We met again for edit number {next(edits)}."
            story.write_text(head + "\n---\n" + "\n\n".join(paragraphs), encoding="utf-8")

        def first_run():
            # A machine casebook never ran on: no project cache, no per-user store.
            cold_cache()
            shutil.rmtree(user, ignore_errors=True)

        cmd = mkdocs + [str(cb / "mkdocs.yml")]
        first = fastest(cmd, cb, args.repeat, before=first_run) if args.first_run else None
        if first is None:      # warmed by a process that only derives and keeps the gazetteers
            subprocess.run([sys.executable, "-c", WARM_UP], check=True)
        # Before the cold build: the warm one after it must find that build's pages.
        single = fastest(mkdocs + [str(cb / "mkdocs-one.yml")], cb, args.repeat,
                         before=cold_cache) if args.one_process else None
        cold = fastest(cmd, cb, args.repeat, before=cold_cache)
        warm = None if args.cold_only else fastest(cmd, cb, args.repeat)
        edited = None if args.cold_only else fastest(cmd, cb, args.repeat, before=edit_one)
        r_short = fastest(mkdocs + [str(short / "mkdocs.yml")], short, args.repeat)
        r_full = None if args.no_full_nav else \
            fastest(mkdocs + [str(full / "mkdocs.yml")], full, args.repeat)
        published = len(list((cb / "site").glob("story-*/index.html")))
    n = args.n
    print(f"stories {n} ({stats['leaky']} with a leak) · words {stats['words']:,} · "
          f"published {published}")
    if first:
        print(line("casebook, first run on a machine", first, n))
    if single:
        print(line("casebook, cold, one process", single, n))
    print(line("casebook, cold", cold, n))
    if warm:
        print(line("casebook, warm (cache)", warm, n))
        print(line("casebook, one story edited", edited, n))
    print(line("bare, short nav", r_short, n))
    if r_full:
        print(line("bare, full nav", r_full, n))
        if first:
            print(f"ratio first-run/full-nav: {first['wall'] / r_full['wall']:.2f}")
        print(f"ratio cold/full-nav: {cold['wall'] / r_full['wall']:.2f}")
        if warm:
            print(f"ratio warm/full-nav: {warm['wall'] / r_full['wall']:.2f}")
    if first:
        print(f"ratio first-run/short-nav: {first['wall'] / r_short['wall']:.2f}")
    if single:
        print(f"ratio cold-one-process/short-nav: {single['wall'] / r_short['wall']:.2f}")
    print(f"ratio cold/short-nav: {cold['wall'] / r_short['wall']:.2f}")
    if warm:
        print(f"ratio edited/short-nav: {edited['wall'] / r_short['wall']:.2f}")
        print(f"ratio warm/short-nav: {warm['wall'] / r_short['wall']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
