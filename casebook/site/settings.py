"""The site's settings: one frozen object, from `mkdocs.yml` and the plugin's option schema.

`casebook check`, the coaches' tools and the MkDocs plugin all build their `Settings` here,
so they read the same docs folder, pages, allow-list, consent values, vocabularies and cache
folder. Without `--config`, `mkdocs.yml` is found by walking up from the working folder, as
ruff and Vale find their configuration; a command run from `stories/` reads the same
settings as one run from the project root.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from ..checker import CheckConfig
from ..vocab import Vocabulary
from . import options as opts

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DEFAULT_DOCS_DIR = "stories"   # casebook's folder when there is no mkdocs.yml at all


class SettingsError(Exception):
    """The site's configuration cannot be used; every problem is in `errors`."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Settings:
    """Everything the site pipeline needs to know about the site. Paths are absolute."""

    root: Path                      # the folder of mkdocs.yml (the working folder without)
    config_file: Path | None
    docs_dir: Path
    site_dir: Path
    options: opts.Options
    site_url: str = ""              # the public address (mkdocs.yml's site_url)
    # Texts mkdocs.yml prints on pages (site_description, site_author, copyright, extra):
    # (key path, text). Checked like a story.
    site_texts: tuple[tuple[str, str], ...] = ()

    # ------------------------------------------------------------------ derived
    @property
    def pages(self) -> frozenset[str]:
        """docs_dir-relative paths of the pages that are not stories."""
        return frozenset(p.strip("/") for p in self.options.pages)

    @property
    def consent(self) -> tuple[str, ...]:
        return self.options.consent

    @property
    def vocabulary(self) -> Vocabulary:
        o = self.options
        return Vocabulary(sectors=o.vocabulary_sectors, role_levels=o.vocabulary_role_levels,
                          themes=o.vocabulary_themes, strict=o.vocabulary_strict)

    @property
    def cache_dir(self) -> Path | None:
        return (self.root / self.options.cache_dir).resolve() if self.options.cache_dir \
            else None

    @property
    def authors(self) -> dict[str, opts.Author]:
        """The declared authors by key (the plugin's `authors` option)."""
        return {a.key: a for a in self.options.authors}

    def check_config(self, *, allow: tuple[str, ...] = (),
                     disabled: tuple[str, ...] = ()) -> CheckConfig:
        """The checker's configuration: the project allow-list, the declared authors' names
        (a coach's own name is theirs to publish, in every story), plus any extra."""
        names = tuple(a.name for a in self.options.authors if a.name not in self.options.allow)
        return CheckConfig(allow=tuple(self.options.allow) + names + tuple(allow),
                           disabled=tuple(disabled))

    def with_cache_dir(self, directory: str | os.PathLike | None) -> "Settings":
        """These settings with another cache folder (`--cache-dir`), checked like the
        option: never inside docs_dir."""
        if directory is None:
            return self
        # An absolute path: `root / path` is the path itself.
        path = str(Path(directory).resolve())
        return _checked(replace(self, options=replace(self.options, cache_dir=path)))

    def display(self, path: str | os.PathLike) -> str:
        from .discovery import display_path
        return display_path(path)


# ---------------------------------------------------------------------------- building
def from_mapping(data: Mapping[str, Any], config_file: Path | None) -> Settings:
    """Settings from a parsed mkdocs.yml (what `casebook check` reads)."""
    raw, errors = _plugin_options(data)
    return build(config_file, data.get("docs_dir"), data.get("site_dir"), raw, errors,
                 site_url=str(data.get("site_url") or ""), site_texts=site_texts(data))


PRINTED_KEYS = ("site_name", "site_description", "site_author", "copyright", "extra")


def site_texts(config: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The texts of mkdocs.yml that the theme prints on pages, with their key paths."""
    out: list[tuple[str, str]] = []

    def walk(value, path):
        if isinstance(value, str):
            if value.strip():
                out.append((path, value))
        elif isinstance(value, Mapping):
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")
    for key in PRINTED_KEYS:
        walk(config.get(key), key)
    return tuple(out)


def build(config_file: Path | None, docs_dir: str | os.PathLike | None,
          site_dir: str | os.PathLike | None, raw_options: Mapping[str, Any] | None,
          errors: list[str] | None = None, *, site_url: str = "",
          site_texts: tuple[tuple[str, str], ...] = ()) -> Settings:
    """Settings from the plugin's options and the site's folders (the plugin passes the
    values MkDocs resolved). Every problem is collected, then raised as one SettingsError."""
    root = (config_file.parent if config_file else Path.cwd()).resolve()
    default_docs = "docs" if config_file else DEFAULT_DOCS_DIR   # MkDocs' own default
    docs = Path(docs_dir or default_docs)
    site = Path(site_dir or "site")
    options, option_errors = opts.validate(raw_options)
    errors = list(errors or []) + [f"plugins.casebook.{key}: {message}"
                                   for key, message in option_errors]
    if errors:
        where = f"{config_file}: " if config_file else ""
        raise SettingsError([where + e for e in errors])
    return _checked(Settings(root=root, config_file=config_file,
                             docs_dir=(root / docs).resolve(), site_dir=(root / site).resolve(),
                             options=options, site_url=site_url, site_texts=site_texts))


def _plugin_options(data: Mapping[str, Any]) -> tuple[dict, list[str]]:
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):                       # MkDocs accepts a mapping too
        plugins = [{k: v} for k, v in plugins.items()]
    if not isinstance(plugins, list):
        return {}, ["plugins must be a list"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "casebook" in plugin:
            raw = plugin["casebook"] or {}
            if not isinstance(raw, dict):
                return {}, ["plugins.casebook must be a mapping of options"]
            return dict(raw), []
    return {}, []


def _checked(settings: Settings) -> Settings:
    o = settings.options
    if bool(o.cta_text.strip()) != bool(o.cta_link.strip()):
        raise SettingsError(["'cta_text' and 'cta_link' go together: set both (the button's "
                             "words and where it leads) or neither"])
    cache = settings.cache_dir
    docs = settings.docs_dir
    missing = [f"plugins.casebook.authors: '{a.key}': 'photo' {a.photo!r} is not a file in "
               f"docs_dir ({docs}); put the photo there or leave 'photo' out"
               for a in o.authors if a.photo and not (docs / a.photo).is_file()]
    if missing:
        where = f"{settings.config_file}: " if settings.config_file else ""
        raise SettingsError([where + m for m in missing])
    if cache is not None and (cache == docs or docs in cache.parents):
        raise SettingsError([f"'cache_dir' ({settings.options.cache_dir}) is inside "
                             "docs_dir; MkDocs would publish the cache, identifying text "
                             "included. Move it out."])
    return settings


def find_config(start: str | os.PathLike | None = None) -> Path | None:
    """The nearest mkdocs.yml in `start` (the working folder) or a folder above it."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def load(config: str | os.PathLike | None = None, *,
         start: str | os.PathLike | None = None) -> Settings:
    """The settings of the site `config` names, or of the nearest mkdocs.yml above `start`;
    casebook's defaults when there is none. Raises SettingsError, never a traceback."""
    path = Path(config) if config else find_config(start)
    if path is None:
        return from_mapping({}, None)
    if config and not path.is_file():
        raise SettingsError([f"{path}: no such file"])
    return from_mapping(read_config(path), path.resolve())


def read_config(path: Path) -> dict:
    """mkdocs.yml as data, with `!ENV` resolved and `INHERIT:` merged, as MkDocs reads it."""
    import yaml
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader()) or {}
    except OSError as e:
        raise SettingsError([f"{path}: cannot be read: {e.strerror}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise SettingsError([f"{path}: is not valid YAML: {str(e).splitlines()[0]}"]) from None
    if not isinstance(data, dict):
        raise SettingsError([f"{path}: must be a mapping of settings"])
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        base = read_config((path.parent / parent).resolve())
        data = _merge(base, data)
    return data


def _merge(base: dict, child: dict) -> dict:
    out = dict(base)
    for k, v in child.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) \
            else v
    return out


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that reads MkDocs' own tags (!ENV, !relative, !!python/name:...)."""

    def _env(loader, node):
        names = [loader.construct_scalar(n) for n in node.value] \
            if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        *keys, default = names if len(names) > 1 else (names + [None])
        for k in keys:
            if k in os.environ:
                return os.environ[k]
        return default

    def _any(loader, suffix, node=None):
        node = suffix if node is None else node
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_mapping(node)

    Loader.add_constructor("!ENV", _env)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any)
    Loader.add_multi_constructor("!", _any)
    return Loader
