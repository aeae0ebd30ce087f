"""Plain Markdown and HTML links between documents: a public page must not link to an
internal one (the link would be dead on the public site, and its file name could leak).

`relaterade`, `ersatt_av` and `dok()` are checked in `kls.validate.check_ids_and_links`;
this check covers `[text](../rutiner/omrade/fil.md)`, reference definitions, `<a href>`,
`<img src>` (tags and attributes in any case), directory-style links (`../fil/`), site-root
paths (`/rutiner/omrade/fil/`), full URLs on the site's own host (`site_url` in mkdocs.yml,
`enhet.webbplats` and `enhet.webbplats_personal` in kls.yml) and images and files in an internal document's attachment
folder (`kls.attachments`).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from kls.attachments import owner_document, staff_only_file
from kls.config import Config
from kls.corpus import Corpus
from kls.errors import ERROR, Problem
from kls.mdscan import Lines, link_targets, mask_code
from kls.model import Document


@dataclass(frozen=True)
class OwnSite:
    """Where the site is published: host names (lower case) and the path the site starts at."""

    hosts: frozenset[str] = frozenset()
    base_path: str = "/"

    def owns(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return bool(host) and (host in self.hosts or host.removeprefix("www.") in self.hosts)


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' own tags (`!ENV`, `!!python/name:…`) as None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _host_and_path(url: object) -> tuple[str, str] | None:
    if not isinstance(url, str) or "//" not in url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    return (host.removeprefix("www."), parts.path or "/") if host else None


def own_site(config: Config) -> OwnSite:
    """The site's own address: `site_url` in mkdocs.yml, `enhet.webbplats` and
    `enhet.webbplats_personal` in kls.yml."""
    site_url = None
    try:
        raw = yaml.load(Path(config.root, "mkdocs.yml").read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)  # noqa: S506 (safe loader)
        if isinstance(raw, dict):
            site_url = raw.get("site_url")
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        pass
    hosts = set()
    base_path = "/"
    found = _host_and_path(site_url)
    if found is not None:
        hosts.add(found[0])
        base_path = found[1] if found[1].endswith("/") else found[1] + "/"
    for key in ("webbplats", "webbplats_personal"):  # the staff site's address names files too
        found = _host_and_path(config.unit.get(key))
        if found is not None:
            hosts.add(found[0])
    return OwnSite(frozenset(hosts), base_path)


def _candidates(path: str, bases: Iterable[str]) -> list[str]:
    """docs/-relative files a URL path (relative to each of `bases`) may show."""
    out: list[str] = []
    dirlike = path.endswith("/") or "." not in posixpath.basename(path)
    for base in bases:
        joined = posixpath.normpath(posixpath.join(base, path)) if base else posixpath.normpath(path)
        if joined == ".":
            joined = ""
        if joined == ".." or joined.startswith(("../", "/")):
            continue
        if dirlike:
            # a directory URL (`…/fil/`), which shows fil.md or fil/index.md
            out += [f"{joined}.md", f"{joined}/index.md"] if joined else ["index.md"]
        elif joined.endswith(".html"):
            stem = joined[: -len(".html")]
            if posixpath.basename(stem) == "index":
                folder = posixpath.dirname(stem)
                out += [f"{folder}.md", f"{stem}.md"] if folder else ["index.md"]
            else:
                out += [f"{stem}.md", joined]
        else:
            out.append(joined)  # a Markdown file, or an attachment (kls.attachments)
    return list(dict.fromkeys(out))


def resolve(doc: Document, target: str, site: OwnSite | None = None) -> list[str]:
    """docs/-relative candidates a link target may point at (empty for other sites' links)."""
    site = site or OwnSite()
    try:
        parts = urlsplit(html.unescape(target).strip())
        host = parts.hostname or ""
    except ValueError:
        return []
    if parts.scheme and parts.scheme not in ("http", "https"):
        return []  # mailto:, tel: … (javascript: and data: are kls.html_safety's)
    path = unquote(parts.path).replace("\\", "/")
    if parts.scheme or parts.netloc:
        if not site.owns(host):
            return []
        path = path or "/"
    if not path:
        return []  # `#anchor`, `?query`
    if path.startswith("/"):
        # a site-root path: under the site's base path (site_url), or written from the host's root
        roots = [path[len(site.base_path) :]] if site.base_path != "/" and path.startswith(site.base_path) else []
        roots.append(path.lstrip("/"))
        return list(dict.fromkeys(rel for root in roots for rel in _candidates(root or "./", [""])))
    if path.endswith(".md"):
        # MkDocs resolves a Markdown link to a .md file from the source file's folder
        return _candidates(path, [posixpath.dirname(doc.rel)])
    if path.endswith("/") or "." not in posixpath.basename(path):
        # a directory URL written by hand, relative to the page's URL
        return _candidates(path, [doc.url])
    # an image or file: from the source file's folder (Markdown) or the page's URL (raw HTML)
    return _candidates(path, [posixpath.dirname(doc.rel), doc.url])


def linked_document(corpus: Corpus, rel: str) -> Document | None:
    """The document `rel` is, or whose attachment folder `rel` is in, if any."""
    if rel in corpus.by_rel:
        return corpus.by_rel[rel]
    owner = owner_document(rel, corpus.by_rel)
    return corpus.by_rel.get(owner) if owner is not None else None


_LINK_HINTS = ("](", "]:", "href", "src", "//")


def check_internal_links(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Links from a public page to an internal document (or its files), or to a file only the
    staff site publishes, are errors with file:line."""
    site: OwnSite | None = None
    for doc in corpus.all:
        if not doc.readable or not doc.public:
            continue
        lowered = doc.body.lower()
        if not any(hint in lowered for hint in _LINK_HINTS):
            continue
        if site is None:
            site = own_site(corpus.config)
        lines = Lines.of(doc.body, doc.body_line)
        reported: set[tuple[int, str]] = set()
        for offset, target in link_targets(mask_code(doc.body)):
            for rel in resolve(doc, target, site):
                linked = linked_document(corpus, rel)
                if linked is None and staff_only_file(rel, corpus.by_rel) and (corpus.config.docs_dir / rel).is_file():
                    line = lines.line(offset)
                    if (line, rel) not in reported:
                        reported.add((line, rel))
                        yield Problem(
                            doc.display,
                            line,
                            ERROR,
                            f"länken '{target}' pekar på en fil som bara publiceras på personalens webbplats "
                            "(den hör inte till något dokument); lägg filen i mappen som heter som den publika "
                            f"sidan (t.ex. {doc.rel[:-3]}/{posixpath.basename(rel)}) och länka dit",
                        )
                    break
                if linked is None or linked.public:
                    continue
                line = lines.line(offset)
                if (line, linked.rel) not in reported:
                    reported.add((line, linked.rel))
                    what = "ett internt dokument" if rel == linked.rel else "en fil som hör till ett internt dokument"
                    yield Problem(
                        doc.display,
                        line,
                        ERROR,
                        f"länken '{target}' pekar på {what} ({linked.id or linked.rel}); "
                        "en publicerad sida får inte länka till interna dokument",
                    )
                break


def _pages_the_build_makes(corpus: Corpus) -> set[str]:
    """docs/-relative pages the build generates (kls.site): type and area pages, the Lagrum page."""
    from kls.config import DOC_TYPES  # noqa: PLC0415 - keeps this module's imports light
    from kls.lagrum.page import PAGE as LAGRUM_PAGE  # noqa: PLC0415

    pages = {"index.md", LAGRUM_PAGE}
    for doc_type in DOC_TYPES.values():
        pages.add(f"{doc_type.folder}/index.md")
        pages.update(f"{doc_type.folder}/{area}/index.md" for area in corpus.config.areas)
    return pages


def check_missing_targets(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """A relative link to a Markdown file or an image/file under docs/ that does not exist: an
    error with file:line (MkDocs would stop the strict build with an English message and no line)."""
    generated = _pages_the_build_makes(corpus)
    docs_dir = corpus.config.docs_dir
    for doc in corpus.all:
        if not doc.readable or not any(mark in doc.body for mark in ("](", "]:", "src", "href", "HREF", "SRC")):
            continue
        lines = Lines.of(doc.body, doc.body_line)
        folder = posixpath.dirname(doc.rel)
        for offset, target in link_targets(mask_code(doc.body)):
            parts = urlsplit(html.unescape(target))
            if parts.scheme or parts.netloc or not parts.path or target.startswith(("#", "/", "{")):
                continue
            path = unquote(parts.path)
            name = posixpath.basename(path)
            if path.endswith("/") or "." not in name:
                continue  # directory-style links: kls.internal_links.resolve, MkDocs' own message
            joined = posixpath.normpath(posixpath.join(folder, path))
            if joined.startswith("../") or joined == "..":
                yield Problem(doc.display, lines.line(offset), ERROR, f"länken '{target}' pekar utanför docs/")
                continue
            if path.endswith(".md"):
                exists = joined in corpus.by_rel or joined in generated or (joined == "revision/index.md" and not doc.public)
            else:
                exists = (docs_dir / joined).is_file()
            if not exists:
                yield Problem(doc.display, lines.line(offset), ERROR, f"länken '{target}' pekar på docs/{joined}, som inte finns")
