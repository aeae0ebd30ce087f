"""Rendered page content, shared by the two sites and kept between builds (issue 5).

Rendering Markdown is the largest cost of a build, and the public site's documents are the same
pages on the staff site. The MkDocs glue (overrides/hooks/kls_site.py) therefore stores what
MkDocs' Markdown rendering produced for a page – the HTML, table of contents, anchor ids, links to
other pages' anchors and the log messages – under the hash of everything the rendering depends on:
the Markdown after macros, the page's path and URL, the Markdown settings and the package
versions. The other site's build, and any later build, takes the entry instead of rendering again.

Which other pages a link resolved to depends on the site (the public site lacks the internal
documents), so an entry also records every file lookup the rendering made and their answers; an
entry whose lookups answer differently in the current build is not used. The two sites' builds
run at the same time and walk the documents from opposite ends (`render_order`), so each renders
about half and takes the other half from the cache. Entries live in the build cache
(`kls.build_cache`, kind `sidor`), are written atomically and are never published.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from kls import build_cache

KIND = "sidor"
FORMAT = "1"  # bump when the entry layout or what goes into the key changes
_PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-macros-plugin", "mkdocs-material")

Lookup = tuple[str, str | None, bool]  # (path looked up, URL of the file found or None, excluded)


def _versions() -> str:
    out = []
    for name in _PACKAGES:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=?")
    return ";".join(out)


def settings_fingerprint(markdown_settings: Any) -> str:
    """A stable text for the Markdown settings (extensions, their options, link validation)."""
    return FORMAT + "|" + _versions() + "|" + json.dumps(markdown_settings, sort_keys=True, default=repr)


def render_key(settings: str, src_uri: str, url: str, markdown: str, inclusion: str = "") -> str:
    """The cache key of one page's rendering (`inclusion`: MkDocs' draft/excluded status, which
    changes the level of its link messages)."""
    return build_cache.key(KIND, settings, src_uri, url, markdown, inclusion)


@dataclass
class Rendered:
    """What rendering one page produced (everything MkDocs keeps from `Page.render`)."""

    content: str
    toc: list[dict[str, Any]]
    title: str | None
    anchors: list[str]
    links_to_anchors: dict[str, dict[str, str]]
    lookups: list[Lookup] = field(default_factory=list)
    logs: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message)

    def to_bytes(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Rendered | None:
        try:
            raw = json.loads(data)
            raw["lookups"] = [tuple(item) for item in raw["lookups"]]
            raw["logs"] = [tuple(item) for item in raw["logs"]]
            return cls(**raw)
        except (ValueError, TypeError, KeyError):
            return None  # a damaged or old entry is simply a miss

    def lookups_hold(self, lookup: Callable[[str], tuple[str | None, bool]]) -> bool:
        """True when every file lookup the rendering made answers the same now."""
        return all(lookup(path) == (url, excluded) for path, url, excluded in self.lookups)


def load(folder: Path | None, key: str) -> Rendered | None:
    if folder is None:
        return None
    data = build_cache.read(folder, KIND, key)
    return Rendered.from_bytes(data) if data is not None else None


def store(folder: Path | None, key: str, rendered: Rendered) -> None:
    if folder is not None:
        build_cache.write(folder, KIND, key, rendered.to_bytes())


def render_order(rels: Iterable[str], public_rels: set[str], staff: bool) -> list[str]:
    """The order a site renders its pages in, so that two builds at once share the work.

    The staff site starts with what only it has (internal pages) and then takes the shared pages
    from the front; the public site takes the shared pages from the back. They meet about halfway
    and each finds the rest in the cache.
    """
    items = list(rels)
    if not staff:
        return items[::-1]
    return [r for r in items if r not in public_rels] + [r for r in items if r in public_rels]


class LogCapture(logging.Handler):
    """Collects the log records emitted while a page renders, to replay them on a cache hit."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.records.append((record.name, record.levelno, record.getMessage()))


__all__ = ["LogCapture", "Rendered", "load", "render_key", "render_order", "settings_fingerprint", "store"]
