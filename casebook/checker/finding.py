"""A finding: one small immutable record, like a flake8 error or a Vale alert."""
from __future__ import annotations

from dataclasses import asdict, dataclass

DIRECT = ("PERSON", "ORG", "EMAIL", "PHONE", "URL", "HANDLE", "ID", "IMAGE")
QUASI = ("LOCATION", "DATE", "QUASI")
CATEGORIES = DIRECT + QUASI

# Stable codes: tools and suppressions may rely on them. Never renumber.
CODES = {
    "PERSON": "CB101", "ORG": "CB102", "EMAIL": "CB103", "PHONE": "CB104", "URL": "CB105",
    "HANDLE": "CB106", "ID": "CB107", "IMAGE": "CB108",
    "LOCATION": "CB201", "DATE": "CB202", "QUASI": "CB203",
}

# Warnings: guidance about the story or its suppressions, never an identifying detail and
# never a reason to withhold. Stable like CODES (`--select`/`--ignore` and SARIF use them).
WARNING_CODES = {
    "UNUSED-SUPPRESSION": "CB901",   # an `allow` comment that suppressed nothing
    "VOCABULARY": "CB902",           # a theme spelled like another, a role no level fits
}


@dataclass(frozen=True)
class Finding:
    path: str
    start: int          # 0-based character offsets into the story's text (end exclusive)
    end: int
    line: int           # 1-based
    column: int         # 1-based, in characters
    end_line: int
    end_column: int     # exclusive
    category: str       # one of CATEGORIES
    text: str           # the identifying text as it appears
    message: str        # why it identifies, and what to write instead
    detector: str       # registry name of the detector that found it
    rule: str = ""      # which rule of that detector
    context: str = ""   # the evidence that decided (for `--explain` and the serve banner)

    @property
    def code(self) -> str:
        return CODES[self.category]

    @property
    def rule_code(self) -> str:
        """The stable code of the rule that found it (CB5007 first-name; checker/rules.py)."""
        from .rules import code_of
        return code_of(self.detector, self.rule)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["code"] = self.code
        d["rule_code"] = self.rule_code
        return d

    def __str__(self) -> str:
        return f'{self.path}:{self.line}:{self.column}: {self.category} "{self.text}": {self.message}'
