"""Files beside the stories that a published page uses: what may be copied into site/.

MkDocs copies every non-Markdown file in docs_dir as it is. casebook copies only what a
published page refers to, and judges each by its content, not its suffix:
- an image (whatever it is called: `.jfif`, `.JPG`, no suffix) is re-saved from its pixels,
  so EXIF, XMP, IPTC and comments never reach the site;
- a text file (`.txt`, `.csv`, `.json`, `.js`, `.css`, `.svg` with its `<text>` and
  metadata) is read by the checker like a story, and left out when it finds anything;
- any other file (a PDF, a Word document) is left out unless the site allows its type;
- a file whose name holds a name, or a link that leads outside docs_dir, is left out.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..checker import CheckConfig, check, path_problems
from ..story import Story, parse
from . import safety
from .settings import Settings


@dataclass(frozen=True)
class AssetVerdict:
    rel: str
    copy: bool
    data: bytes | None = None       # what to publish instead of the file (a clean image)
    reason: str = ""


def judge(path: Path, rel: str, settings: Settings, config: CheckConfig) -> AssetVerdict:
    real = path.resolve()
    docs = settings.docs_dir
    if docs not in real.parents:
        return AssetVerdict(rel, False, reason="is a link to a file outside docs_dir")
    named = path_problems(Story(path=rel), [PurePosixPath(rel).stem,
                                            *PurePosixPath(rel).parts[:-1]], [], config,
                          what="file name")
    if named:
        return AssetVerdict(rel, False, reason=named[0].message)
    try:
        data = real.read_bytes()
    except OSError as e:
        return AssetVerdict(rel, False, reason=f"cannot be read ({e.strerror})")
    image = _image(data)
    if image is not None:
        return AssetVerdict(rel, True, data=image) if image else \
            AssetVerdict(rel, False, reason="is an image that cannot be read")
    text = _text(data)
    if text is not None:
        findings = check(parse(text, rel), config).findings
        # an SVG's visible text and its metadata are read as text too
        if findings:
            listed = ", ".join(f'{f.category} "{f.text}"' for f in findings[:5])
            return AssetVerdict(rel, False, reason=f"could identify someone: {listed}")
        return AssetVerdict(rel, True)
    suffix = PurePosixPath(rel).suffix.lower().lstrip(".")
    if suffix in {t.lower().lstrip(".") for t in settings.options.asset_types}:
        return AssetVerdict(rel, True)
    return AssetVerdict(rel, False, reason="is a file casebook cannot read (list its type in "
                                           "the plugin's 'asset_types' to publish it as is)")


def _image(data: bytes) -> bytes | None | bool:
    """Clean bytes for an image, False for an image that cannot be decoded, None for
    something that is not an image."""
    from PIL import Image, UnidentifiedImageError
    import io
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.format   # noqa: B018 - identified
    except UnidentifiedImageError:
        return None
    except Exception:
        return False
    try:
        return safety.strip_image_metadata(data)
    except Exception:
        return False


def _text(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # Markup: read the text a viewer shows and the attributes it carries.
    if "<" in text and ">" in text:
        text = text + "\n\n" + safety.visible_text(text) + "\n\n" + \
            "\n".join(safety.carried_text(text))
    return text
