#!/usr/bin/env python3
"""Build N generated stories with casebook and, in the same run, the same pages as a bare
mkdocs-material site (every page in the nav, as mkdocs-material does by default).

    .venv/bin/python scripts/bench_build.py 1000

Prints wall time and peak memory of each build, casebook's per-story cost, and as its last
line `ratio casebook/bare: X.XX`. casebook's build is cold (no checker cache) unless --warm.
Peak memory is the largest process's peak resident set (the build or one checker worker).
"""
from __future__ import annotations

import argparse
import json
import os
import re
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


def measure(cmd: list[str], cwd: Path) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    out = subprocess.run([sys.executable, "-c", RUNNER, *cmd], cwd=cwd, env=env,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        sys.exit(f"build failed ({' '.join(cmd)}):\n{result['out']}")
    return result


def casebook_config(root: Path, cache: bool) -> dict:
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg.update(docs_dir=str(root / "stories"), site_dir=str(root / "site"))
    cfg["theme"]["custom_dir"] = str(REPO / "theme")
    for p in cfg["plugins"]:
        if isinstance(p, dict) and "casebook" in p:
            p["casebook"]["cache_dir"] = str(root / ".cache") if cache else ""
    return cfg


def bare_config(root: Path) -> dict:
    return {"site_name": "bare", "docs_dir": str(root / "docs"), "site_dir": str(root / "site"),
            "theme": {"name": "material", "font": False}, "plugins": ["search"]}


def bare_pages(stories: Path, docs: Path) -> None:
    """The same pages, as plain Markdown with only a title: what mkdocs-material gets alone."""
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for p in stories.glob("story-*.md"):
        text = p.read_text(encoding="utf-8")
        title = re.search(r'^title: "(.*)"$', text, re.M).group(1)
        body = text.split("\n---\n", 1)[1]
        (docs / p.name).write_text(f"# {title}\n{body}", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=1000)
    ap.add_argument("--warm", action="store_true", help="build twice; time the second")
    args = ap.parse_args()
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        root = Path(tmp)
        cb, bare = root / "casebook", root / "bare"
        stats = corpus.write(cb / "stories", args.n)
        (cb / "stories" / "index.md").write_text("---\ntitle: Home\n---\nStories.\n")
        bare_pages(cb / "stories", bare / "docs")
        for folder, cfg in ((cb, casebook_config(cb, args.warm)), (bare, bare_config(bare))):
            (folder / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
        if args.warm:
            measure(mkdocs + [str(cb / "mkdocs.yml")], cb)
        r_cb = measure(mkdocs + [str(cb / "mkdocs.yml")], cb)
        r_bare = measure(mkdocs + [str(bare / "mkdocs.yml")], bare)
        published = len(list((cb / "site").glob("story-*/index.html")))
    print(f"stories {args.n} ({stats['leaky']} with a leak) · words {stats['words']:,} · "
          f"published {published}")
    print(f"casebook ({'warm' if args.warm else 'cold'}): {r_cb['wall']:.2f} s · peak "
          f"{r_cb['rss_kb'] / 1024:.0f} MB · {1000 * r_cb['wall'] / args.n:.1f} ms/story")
    print(f"bare mkdocs-material: {r_bare['wall']:.2f} s · peak "
          f"{r_bare['rss_kb'] / 1024:.0f} MB · {1000 * r_bare['wall'] / args.n:.1f} ms/page")
    print(f"ratio casebook/bare: {r_cb['wall'] / r_bare['wall']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
