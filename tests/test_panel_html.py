"""The panel's law entries written in Python are what the Jinja macro wrote."""

from __future__ import annotations

import itertools

import pytest
from jinja2 import Environment
from markupsafe import Markup

from kls.panel_html import law_item_html, title_adds

# overrides/partials/kls-metadata.html's macro before it called kls.panel_html: the reference.
MACRO = """{% macro law_item(ref) -%}
  {%- if ref is string %}<li>{{ ref | e }}</li>
  {%- elif ref.url %}<li><a class="kls-lagrum{% if config.extra.intern and ref.upphavd %} kls-lagrum--upphavd{% endif %}" \
href="{{ ref.url | e }}"{% if ref.title and (ref.title | lower).replace("(", " ").replace(")", " ").split() \
| reject("in", ref.text | lower) | list %} title="{{ ref.title | e }}"{% endif %}>{{ ref.text | e }}</a>\
{% if config.extra.intern and ref.upphavd %} <span class="kls-upphavd-lag">(upphävd lag)</span>{% endif %}</li>
  {%- else %}<li>{{ ref.text | e }}</li>
  {%- endif %}
{%- endmacro %}{{ law_item(ref) }}"""

TEXTS = [
    "19 kap. 1 § socialtjänstlagen (2025:400)",
    "11 kap. 1 § SoL",
    "6 § LVU",
    "Socialtjänstlag (2025:400)",
    "socialtjänstlag 2025:400",
    'lag "A" & <b>B</b> \'c\'',
    "",
]
TITLES = [
    None,
    "",
    "Socialtjänstlag (2025:400)",
    "Lag (1990:52) med särskilda bestämmelser om vård av unga",
    "SoL (2001:453) – upphävd",
    "A & <B>",
]
URLS = [None, "", "https://lagen.nu/2025:400#K19P1", 'https://x.se/?a=1&b="2"']


def cases():
    yield from TEXTS
    yield Markup("<i>redan markup</i>")
    for text, title, url, repealed in itertools.product(TEXTS, TITLES, URLS, [False, True]):
        yield {"text": text, "url": url, "title": title, "upphavd": repealed}
    yield {"url": "https://lagen.nu/1990:52"}  # no text


@pytest.mark.parametrize("staff", [False, True])
def test_law_item_is_what_the_macro_wrote(staff):
    template = Environment().from_string(MACRO)
    count = 0
    for ref in cases():
        expected = template.render(ref=ref, config={"extra": {"intern": staff}})
        assert law_item_html(ref, staff) == expected, ref
        count += 1
    assert count > 250


def test_title_only_when_it_adds_words():
    assert not title_adds("19 kap. 1 § socialtjänstlagen (2025:400)", "Socialtjänstlag (2025:400)")
    assert title_adds("11 kap. 1 § SoL", "Socialtjänstlag (2025:400)")
