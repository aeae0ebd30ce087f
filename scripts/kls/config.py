"""The unit's configuration (`kls.yml`): facts, areas, owner roles and review defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kls.errors import KlsError

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
    raise KlsError(f"Hittar ingen {CONFIG_NAME} i {here} eller någon överordnad mapp.")


def load_config(root: Path | None = None) -> Config:
    """Read and check `kls.yml` under `root` (default: found from the working directory)."""
    root = find_root(root)
    path = root / CONFIG_NAME
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise KlsError(f"{CONFIG_NAME}:{line}: fel: ogiltig YAML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KlsError(f"{CONFIG_NAME}: kan inte läsas: {exc}") from None
    if not isinstance(raw, dict):
        raise KlsError(f"{CONFIG_NAME}:1: fel: filen ska innehålla nycklar och värden.")
    for key in ("enhet", "omraden", "agare"):
        if not raw.get(key):
            raise KlsError(f"{CONFIG_NAME}:1: fel: nyckeln '{key}' saknas eller är tom.")
    owners = []
    for item in raw["agare"]:
        if isinstance(item, str):
            owners.append(Owner(item))
        elif isinstance(item, dict) and item.get("roll"):
            owners.append(Owner(str(item["roll"]), item.get("kontakt")))
        else:
            raise KlsError(f"{CONFIG_NAME}: fel: varje ägare behöver 'roll' ({item!r}).")
    intervals = {str(k): str(v) for k, v in (raw.get("revisionsintervall") or {}).items()}
    unknown = set(intervals) - set(DOC_TYPES)
    if unknown:
        raise KlsError(f"{CONFIG_NAME}: fel: revisionsintervall för okänd dokumenttyp: {', '.join(sorted(unknown))}")
    known = {"enhet", "omraden", "agare", "revisionsintervall", "lagrum_lank"}
    return Config(
        root=root,
        unit=dict(raw["enhet"]),
        areas={str(k): str(v) for k, v in raw["omraden"].items()},
        owners=tuple(owners),
        default_intervals=intervals,
        law_link_base=str(raw.get("lagrum_lank") or "https://lagen.nu/"),
        extra={k: v for k, v in raw.items() if k not in known},
    )
