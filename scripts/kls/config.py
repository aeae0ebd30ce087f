"""The unit's configuration (`kls.yml`): facts, areas, owner roles and review defaults."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kls.errors import UsageError, os_error_sv
from kls.frontmatter import value_kind

CONFIG_NAME = "kls.yml"


@dataclass(frozen=True)
class DocType:
    """A document type: its front matter value, folder, display names and id prefix."""

    key: str
    folder: str
    name: str
    plural: str
    prefix: str


DOC_TYPES: dict[str, DocType] = {
    t.key: t
    for t in (
        DocType("riktlinje", "riktlinjer", "Riktlinje", "Riktlinjer", "RIK"),
        DocType("rutin", "rutiner", "Rutin", "Rutiner", "RUT"),
        DocType("process", "processer", "Process", "Processer", "PRO"),
        DocType("mall", "mallar", "Mall", "Mallar", "MALL"),
    )
}
TYPE_BY_FOLDER: dict[str, DocType] = {t.folder: t for t in DOC_TYPES.values()}


@dataclass(frozen=True)
class Owner:
    """An owning role (never a person) with an optional contact address."""

    role: str
    contact: str | None = None


@dataclass(frozen=True)
class Config:
    """Everything configured in `kls.yml`."""

    root: Path
    unit: dict[str, Any]
    areas: dict[str, str]
    owners: tuple[Owner, ...]
    default_intervals: dict[str, str]
    law_link_base: str = "https://lagen.nu/"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def owner_roles(self) -> list[str]:
        return [o.role for o in self.owners]

    def owner(self, role: str) -> Owner | None:
        return next((o for o in self.owners if o.role == role), None)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds `kls.yml`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise UsageError(f"Hittar ingen {CONFIG_NAME} i {here} eller någon överordnad mapp.")


def load_config(root: Path | None = None) -> Config:
    """Read and check `kls.yml` under `root` (default: found from the working directory).

    Every key is checked here, where it is read, so that a wrong type is reported once as
    `kls.yml:RAD: fel: …` (exit status 2) instead of crashing later or being blamed on every
    document. A small hand-written check rather than JSON Schema: `kls revision` and `kls lagrum`
    would otherwise import jsonschema (about 70 ms) on every run.
    """
    root = find_root(root)
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{CONFIG_NAME}:1: fel: filen kan inte läsas: {os_error_sv(exc)}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{CONFIG_NAME}:1: fel: filen är inte sparad som UTF-8 (spara om den som UTF-8)") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ConfigError(f"{CONFIG_NAME}:{line}: fel: ogiltig YAML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{CONFIG_NAME}:1: fel: filen är för djupt nästlad") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{CONFIG_NAME}:1: fel: filen ska innehålla nycklar och värden.")
    checker = _Checker(text)
    checker.duplicate_keys()
    checker.no_template_code(raw)
    unit = checker.unit(raw)
    areas = checker.areas(raw)
    owners = checker.owners(raw)
    intervals = checker.intervals(raw)
    law_link_base = checker.law_link_base(raw)
    checker.personal_data(raw)
    checker.unknown_keys(raw)
    if checker.errors:
        raise ConfigError("\n".join(checker.errors))
    return Config(
        root=root,
        unit=unit,
        areas=areas,
        owners=tuple(owners),
        default_intervals=intervals,
        law_link_base=law_link_base,
        extra={k: v for k, v in raw.items() if k not in FIELD_KEYS},
    )


class ConfigError(UsageError):
    """`kls.yml` is wrong; the message is one or more `kls.yml:RAD: fel: …` lines."""


FIELD_KEYS = ("enhet", "omraden", "agare", "revisionsintervall", "lagrum_lank")  # Config's own fields
# Every key kls.yml may have: the fields, and those other modules read from `Config.extra`
# (checked here all the same).
KNOWN_KEYS = (*FIELD_KEYS, "personuppgifter")
DEFAULT_LAW_LINK_BASE = "https://lagen.nu/"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://[^\s\"'<>]+$")


class _Checker:
    """Collects `kls.yml:RAD: fel: …` lines; line numbers are looked up only when needed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.errors: list[str] = []
        self._tree: yaml.Node | None | bool = False

    def line(self, *path: str | int) -> int:
        """The line of the key (or list item) at `path`; 1 when it cannot be found."""
        if self._tree is False:
            try:
                self._tree = yaml.compose(self.text, Loader=yaml.SafeLoader)
            except (yaml.YAMLError, RecursionError):
                self._tree = None
        node = self._tree
        line = 1
        for step in path:
            if isinstance(node, yaml.MappingNode):
                match = next((kv for kv in node.value if str(kv[0].value) == str(step)), None)
                if match is None:
                    break
                line = match[0].start_mark.line + 1
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def no_template_code(self, raw: object, path: tuple[str | int, ...] = ()) -> None:
        """Template code in a value: area names and unit facts go into pages that mkdocs-macros
        renders, so `{{ … }}` there would run."""
        if isinstance(raw, str):
            if "{{" in raw or "{%" in raw or "{#" in raw:
                self.error(path, "mallkod ({{ }}, {% %}, {# #}) är inte tillåten i kls.yml")
        elif isinstance(raw, dict):
            for key, value in raw.items():
                self.no_template_code(value, (*path, str(key)))
        elif isinstance(raw, list):
            for index, value in enumerate(raw):
                self.no_template_code(value, (*path, index))

    def duplicate_keys(self) -> None:
        """A key written twice in one mapping: YAML keeps the last silently, so it is an error."""
        self.line()  # composes the tree
        stack = [self._tree] if isinstance(self._tree, yaml.Node) else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                first: dict[str, int] = {}
                for key, value in node.value:
                    line = key.start_mark.line + 1
                    if isinstance(key, yaml.ScalarNode) and key.value in first:
                        twice = f"nyckeln '{key.value}' finns två gånger (rad {first[key.value]} och {line})"
                        self.errors.append(f"{CONFIG_NAME}:{line}: fel: {twice}")
                    elif isinstance(key, yaml.ScalarNode):
                        first[key.value] = line
                    stack.append(value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)

    def error(self, path: tuple[str | int, ...], message: str) -> None:
        self.errors.append(f"{CONFIG_NAME}:{self.line(*path)}: fel: {message}")

    def _mapping(self, raw: dict[str, Any], key: str, what: str, required: bool = True) -> dict[Any, Any] | None:
        value = raw.get(key)
        if value is None and not required:
            return None
        if isinstance(value, dict) and value:
            return value
        if key not in raw or value is None or value == {}:
            if required:
                self.error((key,) if key in raw else (), f"nyckeln '{key}' saknas eller är tom ({what}).")
            return None
        self.error((key,), f"'{key}' ska vara nycklar och värden ({what}), inte {value_kind(value)}.")
        return None

    def unit(self, raw: dict[str, Any]) -> dict[str, Any]:
        unit = self._mapping(raw, "enhet", "enhetens uppgifter, t.ex. 'namn: Individ- och familjeomsorgen'")
        if unit is None:
            return {}
        for key, value in unit.items():
            if not isinstance(key, str):
                self.error(("enhet", key), f"nyckeln {key!r} under 'enhet' ska vara text.")
            elif isinstance(value, bool) or not isinstance(value, str | int | float):
                self.error(("enhet", key), f"'enhet.{key}' ska vara text, inte {value_kind(value)}.")
        return dict(unit)

    def areas(self, raw: dict[str, Any]) -> dict[str, str]:
        areas = self._mapping(raw, "omraden", "kortnamn och namn, t.ex. 'barn-och-unga: Barn och unga'")
        if areas is None:
            return {}
        for key, value in areas.items():
            if not isinstance(key, str) or not _SLUG.match(key):
                self.error(
                    ("omraden", key),
                    f"områdets kortnamn {key!r} ska bestå av små bokstäver a–z, siffror och bindestreck, t.ex. barn-och-unga.",
                )
            elif not isinstance(value, str) or not value.strip():
                self.error(("omraden", key), f"området '{key}' ska ha ett namn (text), inte {value_kind(value)}.")
        return {str(k): str(v) for k, v in areas.items()}

    def owners(self, raw: dict[str, Any]) -> list[Owner]:
        items = raw.get("agare")
        if not items:
            self.error(("agare",) if "agare" in raw else (), "nyckeln 'agare' saknas eller är tom (en lista med roller).")
            return []
        if not isinstance(items, list):
            self.error(("agare",), f"'agare' ska vara en lista med roller (rader som börjar med '- '), inte {value_kind(items)}.")
            return []
        owners: list[Owner] = []
        for index, item in enumerate(items):
            where = ("agare", index)
            if isinstance(item, dict):
                role, contact = item.get("roll"), item.get("kontakt")
                for key in item:
                    if key not in ("roll", "kontakt"):
                        self.error((*where, key), f"okänd nyckel {key!r} hos ägare {index + 1}; tillåtna: roll, kontakt.")
                if not isinstance(role, str) or not role.strip():
                    self.error(where, f"ägare {index + 1} behöver 'roll' med rollens namn (text).")
                    continue
                if contact is not None and not isinstance(contact, str):
                    self.error((*where, "kontakt"), f"'kontakt' för {role} ska vara text, inte {value_kind(contact)}.")
                    contact = None
                owners.append(Owner(role.strip(), contact))
            elif isinstance(item, str) and item.strip():
                owners.append(Owner(item.strip()))
            else:
                self.error(where, f"ägare {index + 1} ska vara en roll (text) eller 'roll: …', inte {value_kind(item)}.")
        seen: set[str] = set()
        for index, item in enumerate(items):
            role = item.get("roll") if isinstance(item, dict) else item
            if isinstance(role, str) and role.strip():
                if role.strip() in seen:
                    self.error(("agare", index), f"rollen '{role.strip()}' står två gånger under 'agare'.")
                seen.add(role.strip())
        return owners

    def intervals(self, raw: dict[str, Any]) -> dict[str, str]:
        from kls.review import parse_interval

        given = self._mapping(raw, "revisionsintervall", "dokumenttyp och intervall, t.ex. 'rutin: 12 månader'", False)
        intervals: dict[str, str] = {}
        for key, value in (given or {}).items():
            where = ("revisionsintervall", key)
            if key not in DOC_TYPES:
                self.error(where, f"revisionsintervall för okänd dokumenttyp {key!r}; välj bland: {', '.join(DOC_TYPES)}.")
            elif parse_interval(value) is None:
                self.error(
                    where,
                    f"revisionsintervallet för {key} ({value!r}) går inte att läsa; skriv t.ex. '12 månader' eller '2 år'.",
                )
            else:
                intervals[key] = value if isinstance(value, str) else f"{value} månader"
        return intervals

    def law_link_base(self, raw: dict[str, Any]) -> str:
        value = raw.get("lagrum_lank")
        if value is None:
            return DEFAULT_LAW_LINK_BASE
        if not isinstance(value, str) or not _URL.match(value.strip()):
            shown = repr(value) if isinstance(value, str) else value_kind(value)
            self.error(("lagrum_lank",), f"'lagrum_lank' ska vara en webbadress som https://lagen.nu/, inte {shown}.")
            return DEFAULT_LAW_LINK_BASE
        return value.strip()

    def personal_data(self, raw: dict[str, Any]) -> None:
        settings = self._mapping(raw, "personuppgifter", "'tillatna_epostdomaner' och 'tillatna_epostadresser' med listor", False)
        for key, value in (settings or {}).items():
            where = ("personuppgifter", key)
            if key not in ("tillatna_epostdomaner", "tillatna_epostadresser"):
                self.error(where, f"okänd nyckel {key!r}; tillåtna: tillatna_epostdomaner, tillatna_epostadresser.")
            elif value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
                self.error(where, f"'personuppgifter.{key}' ska vara en lista med text.")

    def unknown_keys(self, raw: dict[str, Any]) -> None:
        for key in raw:
            if key not in KNOWN_KEYS:
                close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.6)
                hint = f" Menade du '{close[0]}'?" if close else f" Tillåtna: {', '.join(KNOWN_KEYS)}."
                self.error((key,), f"okänd nyckel {key!r}.{hint}")
