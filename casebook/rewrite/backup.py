"""Writing a fixed story: the original is first saved under `.casebook-backup/<time>/` at
the project root, outside the docs folder (MkDocs would publish a backup kept next to the
stories), then the file is replaced atomically.

The file stays what it was: each line keeps its own line ending (LF, CRLF or CR, mixed
or not), a BOM stays, the mode stays, and a symlink stays a link (its target is written).
A read-only file, or one that changed while fix ran, is refused and nothing is written."""
from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
import shutil
import stat
from collections import Counter
from pathlib import Path

BACKUP_DIR = ".casebook-backup"
_EOL = re.compile(r"\r\n|\r|\n")


class WriteRefused(Exception):
    """The file cannot be written safely; nothing was changed."""


def project_root(path: Path) -> Path:
    """The folder of the nearest mkdocs.yml above `path` (as every command finds it), else
    of the nearest .git, else the current folder."""
    from ..site import find_config
    config = find_config(path.resolve().parent)
    if config is not None:
        return config.parent
    for d in path.resolve().parents:
        if (d / ".git").exists():
            return d
    return Path.cwd().resolve()


def _docs_dir(root: Path, fallback: Path) -> Path:
    """The site's docs_dir, read by the one settings loader; `fallback` when unusable."""
    from ..site import SettingsError, find_config, load_settings
    config = find_config(root)
    if config is None or config.parent != root:
        return fallback
    try:
        return load_settings(config).docs_dir
    except SettingsError:
        return fallback


def backup_path(path: Path, now: _dt.datetime | None = None) -> Path:
    """Where --write keeps the original: <root>/.casebook-backup/<UTC time>/<path from root>.

    Never inside the docs folder (mkdocs.yml's docs_dir; the story's own folder when there
    is no mkdocs.yml): MkDocs copies every non-Markdown file there into the published site."""
    path = path.resolve()
    root = project_root(path)
    docs = _docs_dir(root, path.parent)
    base = root / BACKUP_DIR
    if base == docs or docs in base.parents:
        root = docs.parent
    stamp = (now or _dt.datetime.now(_dt.timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return root / BACKUP_DIR / stamp / rel


def _split(raw: str) -> tuple[list[str], list[str]]:
    contents, endings, pos = [], [], 0
    for m in _EOL.finditer(raw):
        contents.append(raw[pos:m.start()])
        endings.append(m.group())
        pos = m.end()
    contents.append(raw[pos:])
    endings.append("")
    return contents, endings


def with_line_endings(original: str, new_text: str) -> str:
    """`new_text` (newlines normalised to \\n) with each line's ending taken from the line
    of `original` it came from; a new line takes the ending of the line before it."""
    old_lines, old_ends = _split(original)
    if all(e in ("\n", "") for e in old_ends):
        return new_text
    usual = Counter(e for e in old_ends if e).most_common(1)[0][0]
    new_lines = new_text.split("\n")
    ends = ["\n"] * (len(new_lines) - 1) + [""]
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            if j == len(new_lines) - 1:
                continue                     # the last piece has no ending
            if op in ("equal", "replace") and i2 > i1:
                e = old_ends[min(i1 + (j - j1), i2 - 1)]
            else:                            # inserted: like the line before it
                e = old_ends[i1 - 1] if i1 > 0 else old_ends[0]
            ends[j] = e or usual
    return "".join(line + end for line, end in zip(new_lines, ends))


def write_fixed(path: Path, original_bytes: bytes, new_text: str) -> Path:
    """Back up the original outside the docs folder, then replace the file atomically.
    Returns the backup's path; raises WriteRefused (nothing written) when it cannot."""
    path = Path(path)
    real = path.resolve()            # a symlink: write its target, the link stays a link
    try:
        st = real.stat()
        current = real.read_bytes()
    except OSError as e:
        raise WriteRefused(f"{path}: cannot be read: {e.strerror}; nothing written") from None
    if current != original_bytes:
        raise WriteRefused(f"{path} changed while fix was running; nothing written")
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or \
            not os.access(real, os.W_OK):
        raise WriteRefused(f"{path} is read-only; nothing written (make it writable first)")
    bom = original_bytes.startswith(b"\xef\xbb\xbf")
    raw_text = original_bytes[3 if bom else 0:].decode("utf-8")
    raw = with_line_endings(raw_text, new_text).encode("utf-8")
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    backup = backup_path(path)
    backup.parent.mkdir(parents=True, exist_ok=True)
    with open(backup, "xb") as f:
        f.write(original_bytes)
    shutil.copymode(real, backup)
    tmp = real.with_name(f".{real.name}.casebook-fix.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(raw)
        shutil.copymode(real, tmp)
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return backup
