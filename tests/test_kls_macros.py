"""The macros glue's fast path gives exactly what the template engine gives, or steps aside."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, StrictUndefined

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("kls_macros", REPO / "overrides" / "hooks" / "kls_macros.py")
kls_macros = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kls_macros)

UNIT = {"namn": "IFO Exempelkommun", "telefon_socialjour": "0961-123 45", "items": "krock", "nummer": 12}
TITLES = {"IFO-RUT-001": "[Orosanmälan]", "IFO-PRO-001": "Flöde {{ x }}"}


def dok(doc_id: str) -> str:
    if doc_id not in TITLES:
        raise ValueError(f'dok("{doc_id}"): dokumentet finns inte')
    return f"[{TITLES[doc_id]}](../x/{doc_id.lower()}.md)"


def has_j2(text: str) -> bool:
    return any(mark in text for mark in ("{{", "{%", "{#"))


def jinja(markdown: str) -> str:
    env = Environment(undefined=StrictUndefined)  # mkdocs-macros' settings with on_undefined: strict
    env.globals["dok"] = dok
    return env.from_string(markdown).render(enhet=UNIT)


@pytest.mark.parametrize(
    "markdown",
    [
        'Ring {{ enhet.telefon_socialjour }}. Se {{ dok("IFO-RUT-001") }}.\n',
        'Se {{dok("IFO-PRO-001")}} och {{  enhet.namn  }}\n\n',
        "Nummer {{ enhet.nummer }} utan radslut",
        '- {{ dok( "IFO-RUT-001" ) }}\n- {{ dok("IFO-PRO-001") }}\n',
    ],
)
def test_simple_pages_are_filled_in_exactly_like_jinja(markdown):
    assert kls_macros.expand_simple(markdown, dok, UNIT, has_j2) == jinja(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        '{{ dok("IFO-RUT-999") }}',  # missing document: the template engine reports it
        "{{ enhet.finns_inte }}",  # undefined: strict error from the engine
        "{{ enhet.items }}",  # a dict method name: Jinja resolves the attribute first
        "{% if intern %}Intern{% endif %} {{ enhet.namn }}",
        "{# kommentar #}",
        "{{ enhet.namn | upper }}",
        "{{ dok('IFO-RUT-001') }}",
        "rad\r\n{{ enhet.namn }}",
        "{{{ enhet.namn }}",  # Jinja reads '{{' then '{': a syntax error, never '{' and the value
    ],
)
def test_anything_else_goes_to_the_template_engine(markdown):
    assert kls_macros.expand_simple(markdown, dok, UNIT, has_j2) is None


_pieces = list('ab \n{}%#()".') + ["enhet.namn", "enhet.items", 'dok("IFO-RUT-001")', 'dok("X")', "{{ ", " }}", "{{", "}}"]
_text = st.lists(st.sampled_from(_pieces), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_fast_path_never_differs_from_jinja(markdown):
    fast = kls_macros.expand_simple(markdown, dok, UNIT, has_j2)
    if fast is None:
        return
    assert fast == jinja(markdown)
