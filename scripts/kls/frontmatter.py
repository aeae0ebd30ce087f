"""Split a Markdown file into YAML front matter and body, safely and with line numbers.

YAML is loaded with a safe loader that keeps dates as strings (so `2026-13-01` is reported,
not crashed on, and quoted and unquoted dates behave alike) and refuses anchors/aliases,
which have no use in front matter and enable "billion laughs" expansion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is much faster; fall back to pure Python where libyaml is missing
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 20


class _NoTimestampLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves timestamps as plain strings."""


_NoTimestampLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(Exception):
    """Front matter that cannot be read; `line` is 1-based in the whole file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Parsed:
    """A file split into front matter data and body, with line bookkeeping."""

    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line in the file
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 1-based line
    has_front_matter: bool = True


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 with or without BOM, CRLF and CR normalised to LF."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8")  # UnicodeDecodeError is the caller's to report
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, 1-based body start line)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None, text, 1
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    raise FrontMatterError(1, "front matter inleds med '---' men avslutas aldrig med '---'")


def _check_nodes(node: yaml.Node, offset: int) -> None:
    """Refuse aliases and excessive nesting in a composed YAML node graph."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        line = current.start_mark.line + offset
        if id(current) in seen:
            raise FrontMatterError(line, "YAML-ankare och alias (& och *) är inte tillåtna i front matter")
        seen.add(id(current))
        if depth > MAX_DEPTH:
            raise FrontMatterError(line, f"front matter är nästlad djupare än {MAX_DEPTH} nivåer")
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def _refuse_anchors(front: str, offset: int) -> None:
    """Reject anchors and aliases at the line where they are written."""
    if "&" not in front and "*" not in front:
        return
    scanner = _NoTimestampLoader(front)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                raise FrontMatterError(
                    token.start_mark.line + offset, "YAML-ankare och alias (& och *) är inte tillåtna i front matter"
                )
    finally:
        scanner.dispose()


def load_yaml(front: str, first_line: int = 2) -> tuple[Any, dict[str, int]]:
    """Safely load front matter YAML; returns (data, top-level key lines)."""
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(first_line, f"front matter är större än {MAX_FRONT_MATTER_BYTES // 1024} kB")
    for number, line in enumerate(front.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise FrontMatterError(number, "tabbtecken används för indrag i YAML; använd mellanslag")
    offset = first_line
    loader = _NoTimestampLoader(front)
    try:
        _refuse_anchors(front, offset)
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_nodes(node, offset)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + offset
        reason = exc.problem or exc.context or "okänt fel"
        raise FrontMatterError(line, f"ogiltig YAML i front matter: {_translate(reason)}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(offset, f"ogiltig YAML i front matter: {exc}") from None
    except (RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise FrontMatterError(offset, f"front matter kan inte läsas: {exc}") from None
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines.setdefault(str(key_node.value), key_node.start_mark.line + offset)
    return data, key_lines


_TRANSLATIONS = {
    "mapping values are not allowed here": "kolon på fel ställe (sätt värdet inom citattecken)",
    "could not find expected ':'": "kolon (:) saknas efter en nyckel",
    "found character '\\t' that cannot start any token": "tabbtecken är inte tillåtet; använd mellanslag",
    "found duplicate anchor": "ankaret förekommer två gånger",
    "expected <block end>, but found '-'": "listan är felaktigt indragen",
    "found undefined alias": "alias som inte är definierat",
}


def _translate(reason: str) -> str:
    for english, swedish in _TRANSLATIONS.items():
        if reason.startswith(english):
            return f"{swedish} ({reason})"
    return reason


def parse(text: str) -> Parsed:
    """Parse decoded file text into front matter and body."""
    front, body, body_line = split(text)
    if front is None:
        return Parsed({}, body, body_line, {}, has_front_matter=False)
    data, key_lines = load_yaml(front)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter ska bestå av nycklar och värden (nyckel: värde)")
    return Parsed({str(k): v for k, v in data.items()}, body, body_line, key_lines)
