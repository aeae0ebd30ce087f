"""The law-link transform's pre-filter: a block it skips could never have held a reference.

Every real-world citation form of the parser tests (and the issue's forms, look-alikes and
plain prose) is linked once with the pre-filter and once with every block parsed; the HTML
must be identical, so a new parser pattern without a matching trigger fails here.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from test_lagrum_parser import ISSUE_FORMS, NEGATIVES, TRAINING

from kls.lagrum import links
from kls.lagrum.links import LinkStyle, link_laws, might_cite
from kls.lagrum.parser import Parser
from kls.lagrum.registry import load_registry

REGISTRY = load_registry()
TEXTS = [text for text, _ in TRAINING] + [text for text, _ in ISSUE_FORMS] + NEGATIVES
PROSE = [
    "Handläggaren dokumenterar samtalet samma dag och informerar vårdnadshavarna.",
    "Enligt samma lag ska nämnden pröva frågan.",
    "Det framgår av lagens förarbeten.",
]


def page(texts: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(t, quote=False)}</p>" for t in texts)


@pytest.mark.parametrize("staff", [False, True])
@pytest.mark.parametrize("on", [None, dt.date(2024, 3, 1), dt.date(2025, 9, 1)])
def test_prefilter_changes_nothing(monkeypatch, staff, on):
    style = LinkStyle(staff=staff, registry=REGISTRY)
    for texts in ([t] for t in TEXTS + PROSE):  # one paragraph each, and all on one page
        filtered = link_laws(page(texts), REGISTRY, style, on)
        with monkeypatch.context() as patch:
            patch.setattr(links, "might_cite", lambda parser, text: True)
            assert link_laws(page(texts), REGISTRY, style, on) == filtered, texts
    whole = page(TEXTS + PROSE)
    filtered = link_laws(whole, REGISTRY, style, on)
    monkeypatch.setattr(links, "might_cite", lambda parser, text: True)
    assert link_laws(whole, REGISTRY, style, on) == filtered


def test_prefilter_skips_plain_prose():
    parser = Parser(REGISTRY)
    assert not might_cite(parser, "Handläggaren dokumenterar samtalet samma dag.")
    assert might_cite(parser, "enligt 5 kap. 1 §")
    assert might_cite(parser, "LVU gäller")
    assert might_cite(parser, "Socialtjänstlagen gäller")
    assert all(might_cite(parser, text) for text, expected in TRAINING if expected)


def test_link_is_named_by_its_text_and_titled_only_when_the_title_adds_something():
    style = LinkStyle(registry=REGISTRY)
    text = "Enligt 19 kap. 1 § SoL och 2 kap. 3 § socialtjänstlagen (2025:400)."
    out = link_laws(page([text]), REGISTRY, style, dt.date(2025, 9, 1))
    assert "aria-label" not in out
    sol = 'href="https://lagen.nu/2025:400#K19P1" title="Socialtjänstlag (2025:400)">19 kap. 1 § SoL</a>'
    assert f'<a class="kls-lagrum" {sol}' in out
    assert '<a class="kls-lagrum" href="https://lagen.nu/2025:400#K2P3">2 kap. 3 § socialtjänstlagen (2025:400)</a>' in out


def test_title_adds():
    assert links.title_adds("6 § LVU", "Lag (1990:52) med särskilda bestämmelser om vård av unga")
    assert not links.title_adds(
        "3 § lagen (1990:52) med särskilda bestämmelser om vård av unga",
        "Lag (1990:52) med särskilda bestämmelser om vård av unga",
    )
    assert not links.title_adds("11 kap. 1 § Socialtjänstlagen (2025:400)", "Socialtjänstlag (2025:400)")
    assert links.title_adds("socialtjänstlagen", "Socialtjänstlag (2025:400)")  # the number is new
    # repealed law always keeps its title: it says when and by what
    assert links.title_adds(
        "14 kap. 1 § socialtjänstlagen (2001:453)",
        "Socialtjänstlag (2001:453) – upphävd 2025-07-01, ersatt av Socialtjänstlag (2025:400)",
    )


def test_chapter_range_links_to_its_first_chapter():
    from kls.lagrum.links import law_url
    from kls.lagrum.parser import parse_text

    on = dt.date(2025, 9, 1)
    for text in ("3–5 kap. socialtjänstlagen (2025:400)", "3 - 5 kap. SoL", "5–3 kap. SoL"):
        (ref,) = parse_text(text, REGISTRY, on)
        assert law_url(ref) == f"https://lagen.nu/2025:400#K{text[0]}", text
    html_out = link_laws("<p>Se 3-5 kap. SoL.</p>", REGISTRY, LinkStyle(registry=REGISTRY), on)
    link = '<a class="kls-lagrum" href="https://lagen.nu/2025:400#K3" title="Socialtjänstlag (2025:400)">3-5 kap. SoL</a>'
    assert link in html_out
