"""The anonymised rewrite behind `casebook fix` (no argparse, no MkDocs).

- engine: propose() in rounds of check -> plan -> apply; FixResult, Edit, Hit
- people: persons and their pseudonyms (the POOL in casebook/data/pseudonyms.txt)
- orgs, places, dates, quasi, contacts: one rewriter per finding category
- english: a/an, plurals of a head noun, capitals at the start of a sentence
- frontmatter: edits inside YAML scalars, adding pseudonyms in place (from story.front)
- backup: backup_path, write_fixed (line endings, mode, symlinks kept; read-only refused)
- spans, data: shared span helpers; the word lists and tables in casebook/data/
"""
from .backup import BACKUP_DIR, WriteRefused, backup_path, project_root, write_fixed
from .engine import MAX_ROUNDS, Edit, FixResult, Hit, propose, unparseable
from .frontmatter import set_pseudonyms
from .people import pool

__all__ = ["BACKUP_DIR", "MAX_ROUNDS", "Edit", "FixResult", "Hit", "WriteRefused",
           "backup_path", "pool", "project_root", "propose", "set_pseudonyms", "unparseable",
           "write_fixed"]
