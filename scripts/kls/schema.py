"""The machine-readable front matter contract (JSON Schema) and Swedish messages for its errors."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from kls.config import Config
from kls.frontmatter import value_kind

DATE_KEYS = ("fastställd", "revideras", "upphävd")


@lru_cache(maxsize=1)
def base_schema() -> dict[str, Any]:
    """The schema as stored in the package."""
    text = resources.files("kls").joinpath("data/dokument.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def schema_for(config: Config) -> dict[str, Any]:
    """The schema with the configured areas and owner roles filled in.

    The lists apply only to text values (`if`/`then`): an empty or non-text `ägare` is reported
    once, as the wrong type, not also as an unknown role named None.
    """
    schema = copy.deepcopy(base_schema())
    for key, allowed in (("område", list(config.areas)), ("ägare", list(config.owner_roles))):
        schema["properties"][key]["if"] = {"type": "string"}
        schema["properties"][key]["then"] = {"enum": allowed}
    return schema


def known_keys() -> list[str]:
    """Every key the contract knows."""
    return list(base_schema()["properties"])


_TYPE_NAMES = {
    "string": "text",
    "integer": "heltal",
    "number": "tal",
    "array": "lista",
    "object": "nycklar och värden",
    "boolean": "sant/falskt",
    "null": "tomt",
}

_MAX_SHOWN = 80


def _inline(value: Any) -> str:
    """A value as it would be written in YAML flow style: rutin, 2.1, true, [a, b], {a: 1}."""
    if value is None:
        return "tomt"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value.isprintable() else repr(value)[1:-1]
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_inline(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_inline(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (bytes, bytearray)):
        return "binärdata"
    return str(value)


def show_value(value: Any) -> str:
    """A front matter value for a Swedish message, the way the writer wrote it.

    Text in single quotes ('rutinn'), everything else as YAML: tomt (null), true/false, 2.1,
    [rutin], {datum: 2025-01-01}. Long values are cut at 80 characters.
    """
    shown = _inline(value)
    if len(shown) > _MAX_SHOWN:
        shown = shown[: _MAX_SHOWN - 1] + "…"
    return f"'{shown}'" if isinstance(value, str) else shown


def subject(path: Any) -> str:
    """Where in the front matter: 'title', 'lagrum' post 2, 'datum' i 'ändringslogg' post 1."""
    parts = list(path)
    if not parts:
        return "front matter"
    where = f"'{parts[0]}'"
    for part in parts[1:]:
        where = f"{where} post {part + 1}" if isinstance(part, int) else f"'{part}' i {where}"
    return where


def swedish_message(error: jsonschema.ValidationError) -> str:
    """A Swedish one-line message for a schema violation."""
    where = subject(error.absolute_path)
    inside = f" i {where}" if error.absolute_path else ""
    validator = error.validator
    instance = error.instance
    if validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        return f"obligatorisk nyckel '{missing}' saknas{inside}"
    if validator == "type":
        wanted = error.validator_value
        wanted_list = wanted if isinstance(wanted, list) else [wanted]
        if "number" in wanted_list:  # a number may be whole: "text eller tal", not "heltal eller tal"
            wanted_list = [w for w in wanted_list if w != "integer"]
        names = " eller ".join(_TYPE_NAMES.get(w, w) for w in wanted_list)
        if instance is None:
            return f"{where} saknar värde (ska vara {names})"
        message = f"{where} ska vara {names}, inte {value_kind(instance)}"
        if "string" in wanted_list and isinstance(instance, (bool, int, float)):
            message += f" ({show_value(instance)}); sätt värdet inom citattecken om det är text"
        return message
    if validator == "enum":
        allowed = ", ".join(_inline(v) for v in error.validator_value)
        if instance is None:
            return f"{where} saknar värde (tillåtna: {allowed})"
        return f"{where} har värdet {show_value(instance)} som inte är tillåtet (tillåtna: {allowed})"
    if validator == "minLength":
        return f"{where} får inte vara tom"
    if validator == "maxLength":
        return f"{where} är för lång (högst {error.validator_value} tecken)"
    if validator == "maxItems":
        return f"{where} har för många poster (högst {error.validator_value})"
    if validator == "pattern" and error.absolute_path and error.absolute_path[0] == "id":
        return f"id {show_value(instance)} har fel form; skriv t.ex. IFO-RUT-014"
    if validator == "pattern":
        return f"{where} har fel form ({show_value(instance)})"
    if validator == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = ", ".join(f"'{k}'" for k in instance if k not in known) or "?"
        return f"okänd nyckel {extra}{inside}"
    return f"{where} uppfyller inte kontraktet ({validator}: {show_value(instance)})"
