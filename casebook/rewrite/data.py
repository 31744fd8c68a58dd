"""The rewrite's word lists and phrase tables, read once from `casebook/data/`.

Word lists are .txt files (one term a line, `#` starts a comment); mappings are YAML."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from ..datafile import load_yaml

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def terms(name: str) -> tuple[str, ...]:
    """The terms of `data/<name>.txt`, in file order."""
    out = []
    for line in (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@cache
def termset(name: str) -> frozenset[str]:
    """The terms of `data/<name>.txt`, casefolded, as a set."""
    return frozenset(t.casefold() for t in terms(name))


@cache
def table(name: str) -> dict:
    """The mapping in `data/<name>.yaml`."""
    with open(DATA / f"{name}.yaml", encoding="utf-8") as f:
        data = load_yaml(f)
    if not isinstance(data, dict):
        raise ValueError(f"{DATA / name}.yaml is not a mapping")
    return data


def tables() -> dict:
    """casebook/data/rewrite.yaml: the phrase tables."""
    return table("rewrite")
