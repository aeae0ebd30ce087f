"""The search records kls.search_index writes for Pagefind (without running Pagefind)."""

from __future__ import annotations

import re

from kls.search_index import TERMS, TITLE_TERMS, IndexEntry, record_html, with_extra_terms

TEXTS = {
    "rutiner/orosanmalan/": "Så tas en orosanmälan emot vid oro. Antalet anmälningar följs. En anmälan registreras.",
    "rutiner/jour/": "Orosanmälningar registreras av jouren. Varje orosanmälan dokumenteras.",
}


def entries() -> dict[str, IndexEntry]:
    plain = [
        IndexEntry("rutiner/orosanmalan/", "Mottagande av orosanmälan", "<p>Text.</p>", doc_id="IFO-RUT-001"),
        IndexEntry("rutiner/jour/", "Jourens arbete", "<p>Text.</p>", doc_id="IFO-RUT-002"),
    ]
    return {e.url: e for e in with_extra_terms(plain, TEXTS)}


def meta(record: str, name: str) -> str | None:
    found = re.search(rf'data-pagefind-meta="{name}\[data-v\]" data-v="([^"]*)"', record)
    return found and found.group(1)


def test_title_terms_are_kept_apart_from_the_texts():
    found = entries()
    routine = found["rutiner/orosanmalan/"]
    assert "orosanmälningar" in routine.title_extra and "anmälan" in routine.title_extra
    assert "orosanmälningar" not in routine.extra  # once, with the title's weight
    jour = found["rutiner/jour/"]
    assert jour.title_extra == () and "orosanmälningar" not in jour.extra  # the text has the word itself


def test_extra_terms_are_searchable_metadata_not_content():
    record = record_html(entries()["rutiner/orosanmalan/"])
    assert "orosanmälningar" in (meta(record, TITLE_TERMS) or "").split()
    body = record[record.index("<main") :]
    text = re.sub(r"<[^>]+>", " ", body)  # what Pagefind takes as the page's text
    assert "Sökord" not in text and "orosanmälningar" not in text and "Text." in text


def test_id_is_a_filter_for_id_queries():
    record = record_html(entries()["rutiner/orosanmalan/"])
    assert 'data-pagefind-filter="id[data-v]" data-v="IFO-RUT-001"' in record
    assert meta(record, "id") == "IFO-RUT-001"
    page = record_html(IndexEntry("om/", "Om", "<p>Text.</p>"))
    assert "id[data-v]" not in page and TERMS not in page and TITLE_TERMS not in page
