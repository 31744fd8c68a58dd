"""The checker's knowledge is data: every list loads, none is empty or repeats a term, and
no detector keeps a big hand-typed literal of words in its code."""
from __future__ import annotations

import ast
import re
from importlib import resources
from pathlib import Path

import pytest

from casebook.checker import lexicon

DATA = Path(str(resources.files("casebook").joinpath("data")))
CHECKER = Path(lexicon.__file__).parent
LISTS = sorted(p.relative_to(DATA).with_suffix("").as_posix() for p in DATA.rglob("*.txt"))
TABLES = sorted(p.relative_to(DATA).with_suffix("").as_posix() for p in DATA.rglob("*.yaml"))
SOURCES = sorted([*CHECKER.glob("*.py"), *(CHECKER / "detectors").glob("*.py")])


def test_there_is_data():
    assert len(LISTS) >= 30 and len(TABLES) >= 4


@pytest.mark.parametrize("name", LISTS)
def test_list_loads_and_is_not_empty(name):
    got = lexicon.entries(name)
    assert got, f"{name} is empty"
    assert all(v and v == v.strip() for line in got for v in line)


@pytest.mark.parametrize("name", LISTS)
def test_list_has_a_header_saying_what_it_is_and_where_it_comes_from(name):
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert header.startswith("#")
    assert re.search(r"(?i)source|comes from|curated", header), f"{name}: no source line"


@pytest.mark.parametrize("name", LISTS)
def test_list_repeats_no_term(name):
    seen: dict[str, str] = {}
    for line in lexicon.entries(name):
        # Variants on one line ("plc | PLC") are one term; the same term on two lines is not.
        keys = {v.strip().casefold() for v in line}
        for k in keys:
            assert k not in seen, f"{name}: {line!r} repeats {seen[k]!r}"
        for k in keys:
            seen[k] = " | ".join(line)


@pytest.mark.parametrize("name", TABLES)
def test_table_loads(name):
    data = lexicon.table(name)
    assert isinstance(data, dict) and data


def test_pattern_tables_compile():
    for name in ("patterns/dates", "patterns/quasi"):
        rows = lexicon.pattern_table(name, NOUN="(?:woman)")
        assert rows
        for rule, rx, _ in rows:
            assert "{" + "M}" not in rx.pattern and not re.search(r"\{[A-Z]+\}", rx.pattern), rule


def test_parse_list_format():
    text = "# header\n\nalpha\nBeta | BETA  # a comment\n  \nGamma Delta\tnote after a tab\n"
    assert lexicon.parse_list(text) == (("alpha",), ("Beta", "BETA"), ("Gamma Delta",))


def test_public_names_keep_their_types():
    for name in ("TITLE_WORDS", "GENERIC_CAPS", "INSTRUMENTS", "HOLIDAYS", "ORG_SUFFIXES",
                 "WEAK_ORG_SUFFIXES", "STREET_SUFFIXES", "BUILDING_SUFFIXES", "PERSON_NOUNS",
                 "COUNT_NOUNS", "CONNECTORS", "INNER_CONNECTORS", "PERSON_VERBS", "ACRONYMS",
                 "INSTRUMENT_SUFFIXES", "STOP_CAPS"):
        assert isinstance(getattr(lexicon, name), frozenset), name
    for name in ("MONTHS", "MONTH_ABBR", "WEEKDAYS", "SEASONS", "HONORIFICS", "SITE_WORDS",
                 "PHRASES"):
        assert isinstance(getattr(lexicon, name), tuple), name
    assert lexicon.MONTHS[0] == "January" and lexicon.MONTHS[-1] == "December"
    assert "Managing" in lexicon.TITLE_WORDS and "Non-executive" in lexicon.TITLE_WORDS
    assert {"plc", "PLC", "Plc"} <= lexicon.ORG_SUFFIXES
    assert lexicon.entries("lexicon/title_words") is lexicon.entries("lexicon/title_words")


# ------------------------------------------------------------------ no word lists in code
MAX_WORDS = 15
_PLAIN = re.compile(r"[A-Za-z][\w.'’&-]*")


def _docstrings(tree) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _big_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    # `__all__` names the module's API: identifiers, not knowledge
    exports = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Assign)
               and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)}
    problems = []
    for node in ast.walk(tree):
        if id(node) in exports:
            continue
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            n = sum(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
            if n > MAX_WORDS:
                problems.append(f"line {node.lineno}: a literal of {n} strings")
        elif isinstance(node, ast.Dict):
            n = sum(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys)
            if n > MAX_WORDS:
                problems.append(f"line {node.lineno}: a dict literal with {n} string keys")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            # A blob of words to be split ("Managing Director Chief ...") or a regex that
            # alternates over a word list ("com|org|net|...").
            words = [w for w in re.split(r"[\s|]+", node.value) if _PLAIN.fullmatch(w)]
            alternatives = node.value.count("|")
            blob = len(node.value.split()) > MAX_WORDS and not re.search(r"[.,:;!?]\s", node.value)
            if blob or (alternatives > MAX_WORDS and len(words) > MAX_WORDS):
                problems.append(f"line {node.lineno}: a string of {len(words)} words")
    return problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(CHECKER).as_posix())
def test_no_big_literal_word_lists_in_code(path):
    assert _big_literals(path) == []


def test_the_literal_check_would_catch_the_old_style(tmp_path):
    code = ('X = frozenset({' + ", ".join(f'"w{i}"' for i in range(20)) + '})\n'
            'Y = _words("""\n' + " ".join(f"Word{i}" for i in range(30)) + '\n""")\n'
            'Z = "(?:' + "|".join(f"tld{i}" for i in range(20)) + ')"\n')
    p = tmp_path / "old_style.py"
    p.write_text(code, encoding="utf-8")
    assert len(_big_literals(p)) == 3
