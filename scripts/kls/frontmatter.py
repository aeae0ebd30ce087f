"""Split a Markdown file into YAML front matter and body, safely and with line numbers.

YAML is loaded with a safe loader (libyaml scans and parses) that keeps dates as strings (so
`2026-13-01` is reported, not crashed on, and quoted and unquoted dates behave alike), keeps keys
as written and refuses keys written twice, and refuses anchors/aliases, which have no use in
front matter and enable "billion laughs" expansion. YAML errors become Swedish messages at the
line to fix (an unclosed quote or bracket at the line where it opens).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is much faster; fall back to pure Python where libyaml is missing
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 20


class _DuplicateKey(yaml.MarkedYAMLError):
    """A mapping key written twice; `context_mark` is the first, `problem_mark` the second."""

    def __init__(self, key: str, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(None, first, "duplicate key", second)
        self.key = key


class _SwedishYAMLError(yaml.MarkedYAMLError):
    """A construction problem whose `problem` is already a Swedish message."""


class _NoTimestampLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader for front matter.

    - timestamps stay plain strings (also with an explicit `!!timestamp` tag);
    - mapping keys are the text as written (`yes:`, `12:` and `~:` are the keys 'yes', '12' and
      '~', not True, 12 and None), so messages and key lines show what the writer wrote;
    - a key written twice in one mapping is an error, not "the last one silently wins";
    - `.inf`, `.nan` and floats too large to hold stay the text as written, and an integer too
      long for Python (over 4300 digits) is a marked error rather than a bare ValueError.

    Only the constructor is Python; scanning, parsing and composing stay in libyaml.
    """

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise _SwedishYAMLError(
                None, None, f"väntade nycklar och värden men fann {_NODE_KINDS.get(node.id, node.id)}", node.start_mark
            )
        mapping: dict[str, Any] = {}
        first_marks: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                kind = _NODE_KINDS.get(key_node.id, key_node.id)
                raise _SwedishYAMLError(None, None, f"en nyckel kan inte vara {kind}; skriv nyckel: värde", key_node.start_mark)
            key = key_node.value
            if key in first_marks:
                raise _DuplicateKey(key, first_marks[key], key_node.start_mark)
            first_marks[key] = key_node.start_mark
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # `!!int abc`, or longer than sys.get_int_max_str_digits() (4300)
            digits = sum(c.isdigit() for c in node.value)
            if digits > 1000:
                raise _SwedishYAMLError(None, None, f"talet är för långt ({digits} siffror)", node.start_mark) from None
            raise _not_a(node, "ett heltal") from None

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float | str:
        try:
            value = super().construct_yaml_float(node)
        except ValueError:  # `!!float abc`
            raise _not_a(node, "ett tal") from None
        return value if math.isfinite(value) else str(node.value)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        try:
            return super().construct_yaml_bool(node)
        except KeyError:  # `!!bool abc`
            raise _not_a(node, "true eller false") from None


def _not_a(node: yaml.ScalarNode, what: str) -> _SwedishYAMLError:
    shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
    return _SwedishYAMLError(
        None, None, f"'{shown}' är inte {what} ({node.tag.replace('tag:yaml.org,2002:', '!!')})", node.start_mark
    )


_NODE_KINDS = {"scalar": "ett enkelt värde", "sequence": "en lista", "mapping": "nycklar och värden"}

_NoTimestampLoader.add_constructor("tag:yaml.org,2002:int", _NoTimestampLoader.construct_yaml_int)
_NoTimestampLoader.add_constructor("tag:yaml.org,2002:float", _NoTimestampLoader.construct_yaml_float)
_NoTimestampLoader.add_constructor("tag:yaml.org,2002:bool", _NoTimestampLoader.construct_yaml_bool)
_NoTimestampLoader.add_constructor("tag:yaml.org,2002:timestamp", _NoTimestampLoader.construct_yaml_str)
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
    """Safely load front matter YAML; returns (data, top-level key lines).

    Keys are the text as written; a key written twice is an error at its second line.
    """
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
        line, reason = _explain(exc, front, offset)
        raise FrontMatterError(line, f"ogiltig YAML i front matter: {reason}") from None
    except yaml.reader.ReaderError as exc:
        line = front[: exc.position].count("\n") + offset
        raise FrontMatterError(line, f"front matter innehåller ett otillåtet tecken (U+{exc.character:04X})") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(offset, f"ogiltig YAML i front matter ({exc})") from None
    except (RecursionError, ValueError, TypeError, OverflowError, KeyError) as exc:
        raise FrontMatterError(offset, f"front matter kan inte läsas ({type(exc).__name__}: {exc})") from None
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:  # unique scalars here: checked while constructing
            key_lines[key_node.value] = key_node.start_mark.line + offset
    return data, key_lines


def _explain(exc: yaml.MarkedYAMLError, front: str, offset: int) -> tuple[int, str]:
    """(file line, Swedish reason) for a YAML error from libyaml or the constructor.

    The line is where the writer has to fix it: the opening quote or bracket rather than the
    place where libyaml gave up, when the error says which.
    """
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line if mark else 0) + offset
    opened = exc.context_mark.line + offset if exc.context_mark else line
    if isinstance(exc, _DuplicateKey):
        return line, f"nyckeln '{exc.key}' finns två gånger (rad {opened} och {line})"
    if isinstance(exc, _SwedishYAMLError):
        return line, problem
    if context == "while scanning a quoted scalar":
        quote = front[exc.context_mark.index] if exc.context_mark else '"'
        return opened, f"citattecknet {quote} avslutas aldrig; avsluta värdet med {quote} på samma rad"
    if problem == "found unknown escape character":
        return line, "okänt tecken efter \\ inom \"…\"; skriv \\\\ för ett omvänt snedstreck, eller sätt värdet inom '…'"
    if problem == "could not find expected ':'":
        return opened, "kolon (:) saknas efter nyckeln"
    if problem.startswith("did not find expected ',' or ']'"):
        return opened, "hakparentesen [ avslutas aldrig med ] (eller så saknas ett kommatecken mellan posterna)"
    if problem.startswith("did not find expected ',' or '}'"):
        return opened, "klammerparentesen { avslutas aldrig med } (eller så saknas ett kommatecken mellan posterna)"
    if problem == "did not find expected key" or problem.startswith("expected <block end>"):
        quoted = _scalar_ending_on(front, line - offset, quoted=True)
        if quoted is not None:
            start, quote = quoted[0] + offset, quoted[1]
            if start < line:
                return start, f"citattecknet {quote} avslutas inte på samma rad; värdet fortsätter till rad {line}"
            other = "\"…\" (eller skriv '' inom '…')" if quote == "'" else "'…'"
            return (
                line,
                f"text efter det avslutande citattecknet {quote}; innehåller värdet {quote}, sätt hela värdet inom {other}",
            )
        return line, "raden passar inte in bland nycklarna ovanför; kontrollera indraget (nyckel: värde, listposter med '- ')"
    if problem.startswith("did not find expected '-' indicator"):
        return line, "raden passar inte in i listan ovanför; kontrollera indraget och att varje post börjar med '- '"
    if problem.startswith("mapping values are not allowed"):
        reason = "kolon och mellanslag (': ') på fel ställe; sätt värdet inom citattecken eller kontrollera indraget"
        scalar = _scalar_ending_on(front, line - offset)
        if scalar is not None and scalar[0] + offset < line:
            reason += f" (texten fortsätter från rad {scalar[0] + offset}; saknas kolon där?)"
        return line, reason
    if problem == "found character that cannot start any token":
        return line, f"ett värde kan inte börja med {_char_at(front, mark)}; sätt värdet inom citattecken"
    if "tab character" in problem or problem.startswith("found character '\\t'"):
        return line, "tabbtecken är inte tillåtet; använd mellanslag"
    if context == "while scanning a block scalar":
        return line, "felaktigt textblock efter | eller >; texten ska börja på nästa rad, indragen"
    if "tag" in context or "tag handle" in problem:
        return line, "felaktig YAML-tagg (det som börjar med !); ta bort den"
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.split("tag", 1)[1].strip().strip("'").replace("tag:yaml.org,2002:", "!!")
        return line, f"YAML-taggen {tag} är inte tillåten i front matter; ta bort den"
    if "base64" in problem:
        return line, "värdet efter !!binary är inte giltig base64; ta bort taggen"
    if problem.startswith("expected a") and "but found" in problem:
        return line, "YAML-taggen (det som börjar med !) passar inte värdet; ta bort den"
    if "another document" in problem:
        return line, "front matter får bara innehålla ett YAML-dokument"
    if problem in ("found undefined alias", "found duplicate anchor"):
        return line, "YAML-ankare och alias (& och *) är inte tillåtna i front matter"
    return line, f"felaktig YAML ({problem or context or 'okänt fel'})"


def _char_at(front: str, mark: yaml.Mark | None) -> str:
    if mark is None or not 0 <= mark.index < len(front):
        return "tecknet"
    return f"'{front[mark.index]}'"


def _scalar_ending_on(front: str, line: int, quoted: bool = False) -> tuple[int, str] | None:
    """(start line, style) of the last scalar that ends on `line` (0-based), scanning up to the error.

    The style is '"' or "'" for quoted values, "" for plain ones; `quoted` looks at quoted values only.
    """
    found = None
    scanner = _NoTimestampLoader(front)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.line > line:
                break
            if isinstance(token, yaml.ScalarToken) and token.end_mark.line == line and (token.style or not quoted):
                found = (token.start_mark.line, token.style or "")
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return found


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


def value_kind(value: Any) -> str:
    """The kind of a YAML value in Swedish (front matter and kls.yml messages: 'ska vara text, inte lista')."""
    if isinstance(value, bool):
        return "sant/falskt"
    if value is None:
        return "tomt"
    if isinstance(value, int):
        return "heltal"
    if isinstance(value, float):
        return "tal"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "lista"
    if isinstance(value, dict):
        return "nycklar och värden"
    if isinstance(value, (bytes, bytearray)):
        return "binärdata (!!binary)"
    if isinstance(value, (set, frozenset)):
        return "mängd (!!set)"
    if isinstance(value, dt.datetime):
        return "datum och tid"
    if isinstance(value, dt.date):
        return "datum"
    return "okänd typ"
