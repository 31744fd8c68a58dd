"""Shared fixtures: real mkdocs builds in temporary folders, the built site served on
127.0.0.1, and Debian's Chromium driven by Playwright (never `playwright install`)."""
from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
BROWSER_REQUIRED = os.environ.get("CASEBOOK_REQUIRE_BROWSER") == "1"

# The per-user gazetteer store (`gazetteers.user_store`) in a folder of this run's own, set
# here at import rather than in a fixture: test modules derive gazetteers while they are
# collected, before any fixture runs, and the mkdocs builds the tests start inherit it. No
# test writes to the real ~/.cache, and none reads what another run left there.
USER_CACHE = Path(tempfile.mkdtemp(prefix="casebook-user-cache-"))
os.environ["CASEBOOK_CACHE_HOME"] = str(USER_CACHE)


def pytest_unconfigure(config):
    shutil.rmtree(USER_CACHE, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    # Browser tests may skip on a laptop without Chromium, never in CI (.ci/run sets
    # CASEBOOK_REQUIRE_BROWSER=1, and then a missing browser fails the launch loudly).
    if Path(CHROMIUM).exists() or BROWSER_REQUIRED:
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (run `make test` to install it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The flags keep Chromium from reaching for Google's hosts on a machine with no network.
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync"]}


def casebook(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed `casebook` command, as a coach would."""
    exe = Path(sys.executable).with_name("casebook")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "casebook.cli"]
    return subprocess.run(cmd + list(argv), cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


@dataclass
class Build:
    root: Path
    site: Path
    returncode: int
    output: str

    def files(self) -> dict[str, bytes]:
        """Every output file's bytes, compressed ones decompressed."""
        out = {}
        for p in sorted(self.site.rglob("*")):
            if p.is_file():
                data = p.read_bytes()
                if p.suffix == ".gz":
                    data = gzip.decompress(data)
                out[str(p.relative_to(self.site))] = data
        return out

    def grep(self, needle: str) -> list[str]:
        """Output files whose bytes contain `needle` (case-insensitive)."""
        n = needle.lower().encode()
        return [name for name, data in self.files().items() if n in data.lower()]

    def text(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def site_config(root: Path, **plugin_options) -> dict:
    """The repository's mkdocs.yml, pointed at a temporary docs and site folder."""
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["docs_dir"] = str(root / "stories")
    cfg["site_dir"] = str(root / "site")
    cfg["theme"]["custom_dir"] = str(REPO / "theme")
    plugins = []
    for p in cfg["plugins"]:
        if isinstance(p, dict) and "casebook" in p:
            opts = dict(p["casebook"] or {})
            # Fixtures use their own themes and sectors: vocabularies apply only when a test
            # asks for them.
            for key in ("vocabulary_sectors", "vocabulary_role_levels", "vocabulary_themes"):
                opts.pop(key, None)
            opts.update(plugin_options)
            opts.setdefault("cache_dir", "")   # every test build checks from cold
            p = {"casebook": opts}
        plugins.append(p)
    cfg["plugins"] = plugins
    return cfg


def mkdocs_build(root: Path, *, strict: bool = False, config: dict | None = None) -> Build:
    cfg = config or site_config(root)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f",
           str(root / "mkdocs.yml")]
    if strict:
        cmd.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env, timeout=600)
    return Build(root, Path(cfg["site_dir"]), proc.returncode, proc.stdout + proc.stderr)


def write_stories(root: Path, stories: dict[str, str | bytes], *, home: bool = True) -> Path:
    docs = root / "stories"
    docs.mkdir(parents=True, exist_ok=True)
    if home:
        (docs / "index.md").write_text("---\ntitle: Home\n---\nWelcome.\n", encoding="utf-8")
    for name, content in stories.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return docs


def three_stories(root: Path) -> Path:
    """Three published stories that show one another (related cards, a link): the site the
    reuse tests edit."""
    return write_stories(root, {
        "first-story.md": story_text(title='"First story"',
                                     body="The first story body.\n\n## A turning point\n\n"
                                          "It went well.\n"),
        "second-story.md": story_text(title='"Second story"', body="The second body.\n"),
        "third-story.md": story_text(title='"Third story"',
                                     body="See [the second](second-story.md).\n")})


def story_text(**fields) -> str:
    """A valid client story; keyword arguments replace or add front-matter lines."""
    body = fields.pop("body", "The client wanted to lead rather than do everything alone.\n")
    base = {
        "title": '"Learning to delegate"',
        "kind": "client-story",
        "summary": '"A specialist director learned to lead through a team."',
        "role": '"Director, support function"',
        "sector": '"International organisation"',
        "goal": '\n  before: "Hand work to others"\n  after: "Lead a team of specialists"',
        "outcomes": '\n  - "Promoted to Managing Director within a year"',
        "themes": "[leadership, delegation]",
        "duration": '"12 months"',
        "consent": "written",
        "date": "2025-03-14",
    }
    base.update(fields)
    lines = [f"{k}: {v}" for k, v in base.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory) -> Build:
    """The repository's own site (stories/ as committed), built once per session."""
    root = tmp_path_factory.mktemp("repo-site")
    shutil.copytree(REPO / "stories", root / "stories")
    build = mkdocs_build(root, strict=True)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def served(repo_site):
    """The built site on http://127.0.0.1:<port>/, like any static host would serve it."""
    handler = partial(_QuietHandler, directory=str(repo_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def build_here(root: Path, cfg: dict) -> None:
    """`mkdocs build` of `cfg` (written to root/mkdocs.yml) in this process, as the command
    runs it: the plugins' startup and shutdown events around the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_page(url: str) -> str | None:
    """The page's text, or None while the server does not answer (or answers an error)."""
    import urllib.request
    try:
        return urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    except OSError:
        return None


def mkdocs_serve(root: Path, *args: str, host: str = "127.0.0.1"
                 ) -> tuple[subprocess.Popen, str]:
    """`mkdocs serve` on a free port for root/mkdocs.yml; (process, base URL on 127.0.0.1)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *args, "-a", f"{host}:{port}",
         "-f", str(root / "mkdocs.yml")], cwd=root, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return proc, f"http://127.0.0.1:{port}/"


def serve_until(url: str, ok, proc: subprocess.Popen, what: str) -> str:
    """Poll `url` until `ok(page)`; a generous deadline only so that a broken server fails."""
    import time
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page = get_page(url)
        if page is not None and ok(page):
            return page
        if proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited:\n{proc.stdout.read()}")
        time.sleep(0.2)
    proc.kill()
    pytest.fail(f"{url}: {what} never happened")
