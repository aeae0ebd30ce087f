"""The Lagrum page's citations: the same with and without the build cache, in document order."""

from __future__ import annotations

import datetime as dt

from helpers import write_doc
from kls.build_cache import cache_dir
from kls.corpus import load_corpus
from kls.lagrum import page, report_cache
from kls.lagrum.checker import check_lagrum
from kls.lagrum.registry import load_registry


def test_cached_citations_equal_fresh_ones_whatever_the_walk(project, config, monkeypatch):
    body = "Enligt 14 kap. 1 § socialtjänstlag (2025:400) och 6 § LVU.\n"
    write_doc(project, "rutiner/barn-och-unga/a.md", body=body, title="A", id="IFO-RUT-001", lagrum=["26 kap. 1 § OSL"])
    body = "Se 3 kap. 1 § socialtjänstlag (2025:400).\n"
    write_doc(project, "rutiner/barn-och-unga/b.md", body=body, title="B", id="IFO-RUT-002")
    docs = load_corpus(config).documents
    registry = load_registry()
    fresh = page.citations(docs, registry)
    assert {(c.law_title, c.provision) for c in fresh} >= {
        ("Socialtjänstlag (2025:400)", "14 kap. 1 §"),
        ("Socialtjänstlag (2025:400)", "3 kap. 1 §"),
    }
    folder = cache_dir(project)
    first = page.citations(docs, registry, cache=folder, walk=lambda ds: ds[::-1])
    assert first == fresh  # same citations, same (document) order, though worked through backwards

    def no_checking(*args, **kwargs):
        raise AssertionError("should come from the cache")

    monkeypatch.setattr(report_cache, "check_document", no_checking)
    assert page.citations(docs, registry, cache=folder) == fresh


def test_citations_reuse_the_reports_validation_made(project, config, monkeypatch):
    """`kls bygg` validates first; the build's Lagrum page then checks no document again."""
    body = "Enligt 14 kap. 1 § socialtjänstlag (2025:400) och 6 § LVU.\n"
    write_doc(project, "rutiner/barn-och-unga/a.md", body=body, title="A", id="IFO-RUT-001")
    corpus = load_corpus(config)
    fresh = page.citations(corpus.documents, load_registry())
    check_lagrum(corpus, dt.date(2026, 11, 23))  # as `kls bygg`'s validation: fills the report cache
    calls = []
    real = report_cache.check_document
    monkeypatch.setattr(report_cache, "check_document", lambda *a, **k: calls.append(a) or real(*a, **k))
    docs = load_corpus(config).documents  # as the build process loads them
    assert page.citations(docs, load_registry(), cache=cache_dir(project)) == fresh
    assert calls == []
