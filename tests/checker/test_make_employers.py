"""The employer list's maintenance script: names normalised to the forms prose uses."""
import importlib.util
from pathlib import Path

import pytest

from casebook.checker import gazetteers as gz
from casebook.checker import lexicon

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_employers.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_employers", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name,short", [
    ("Quillan Holdings plc", "Quillan"),
    ("Brask Group AG", "Brask"),
    ("Fennick Industries, Inc.", "Fennick Industries"),
    ("The Vorsland Company", "Vorsland"),
    ("Orbis Bancorp", "Orbis"),
    ("Dranvel Oyj", "Dranvel"),
    ("Halden Energy", "Halden Energy"),
])
def test_short_form_drops_legal_suffixes(name, short):
    mod = _script()
    assert mod.short_form(name, mod.legal_suffixes()) == short


@pytest.mark.parametrize("short,generic", [
    ("General Services", True), ("U.S.", True), ("NOW", True), ("Next", False),
    ("Brask Energy", False),
])
def test_generic_short_forms_are_dropped(short, generic):
    assert _script().generic(short) is generic


def test_committed_list_is_loaded_once_into_a_frozen_set():
    names = gz.employers()
    assert isinstance(names, frozenset) and gz.employers() is names
    # every line keeps its registered form; short forms sit beside it
    lines = lexicon.entries("gazetteers/employers")
    assert len(lines) > 1000
    assert all(v in names for line in lines for v in line)


def test_committed_list_is_what_the_script_generates():
    pytest.importorskip("pytickersymbols")
    mod = _script()
    assert mod.OUT.read_text(encoding="utf-8") == mod.generate()
