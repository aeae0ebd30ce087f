"""The machine-readable front matter contract (JSON Schema) and Swedish messages for its errors."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from kls.config import Config

DATE_KEYS = ("fastställd", "revideras", "upphävd")


@lru_cache(maxsize=1)
def base_schema() -> dict[str, Any]:
    """The schema as stored in the package."""
    text = resources.files("kls").joinpath("data/dokument.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def schema_for(config: Config) -> dict[str, Any]:
    """The schema with the configured areas and owner roles filled in."""
    schema = copy.deepcopy(base_schema())
    schema["properties"]["område"]["enum"] = list(config.areas)
    schema["properties"]["ägare"]["enum"] = config.owner_roles
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
    "boolean": "ja/nej",
    "null": "tomt",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "ja/nej"
    if value is None:
        return "tomt"
    if isinstance(value, int):
        return "heltal"
    if isinstance(value, float):
        return "tal"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "lista"
    if isinstance(value, dict):
        return "nycklar och värden"
    return type(value).__name__


def swedish_message(error: jsonschema.ValidationError) -> str:
    """A Swedish one-line message for a schema violation."""
    where = "/".join(str(p) for p in error.absolute_path) or "front matter"
    validator = error.validator
    if validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        return f"obligatorisk nyckel '{missing}' saknas"
    if validator == "type":
        wanted = error.validator_value
        wanted_list = wanted if isinstance(wanted, list) else [wanted]
        names = " eller ".join(_TYPE_NAMES.get(w, w) for w in wanted_list)
        return f"'{where}' ska vara {names}, inte {_describe(error.instance)}"
    if validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"'{where}' har värdet {error.instance!r} som inte är tillåtet (tillåtna: {allowed})"
    if validator == "minLength":
        return f"'{where}' får inte vara tom"
    if validator == "maxLength":
        return f"'{where}' är för lång (högst {error.validator_value} tecken)"
    if validator == "maxItems":
        return f"'{where}' har för många poster (högst {error.validator_value})"
    if validator == "pattern" and error.absolute_path and error.absolute_path[0] == "id":
        return f"id {error.instance!r} har fel form; skriv t.ex. IFO-RUT-014"
    if validator == "additionalProperties":
        return f"okänd nyckel i '{where}': {error.message}"
    return f"'{where}': {error.message}"
