"""Cached law-check reports: the same problems as checking anew; a changed document is checked again."""

from __future__ import annotations

import pytest

from helpers import write_doc
from kls.corpus import load_corpus
from kls.lagrum import report_cache
from kls.lagrum.checker import check_lagrum


def test_cached_reports_give_the_same_problems_and_edits_are_seen(project, config, today, monkeypatch):
    path = write_doc(project, "rutiner/barn-och-unga/a.md", body="Enligt 14 kap. 1 § SoL ska nämnden utreda.\n",
                     title="A", id="IFO-RUT-001", fastställd="2024-03-01")  # fmt: skip
    write_doc(
        project, "rutiner/barn-och-unga/b.md", body="Se 3 kap. 1 § socialtjänstlag (2025:400).\n", title="B", id="IFO-RUT-002"
    )
    monkeypatch.setenv("KLS_UTAN_CACHE", "1")
    fresh = check_lagrum(load_corpus(config), today)
    assert any("upphävd" in p.message for p in fresh)  # 14 kap. 1 § SoL in a 2024 routine
    monkeypatch.delenv("KLS_UTAN_CACHE")
    assert check_lagrum(load_corpus(config), today) == fresh  # fills the cache
    real_check = report_cache.check_document

    def no_checking(*args, **kwargs):
        raise AssertionError("should come from the cache")

    monkeypatch.setattr(report_cache, "check_document", no_checking)
    assert check_lagrum(load_corpus(config), today) == fresh
    path.write_text(
        path.read_text(encoding="utf-8").replace("14 kap. 1 § SoL", "14 kap. 1 § socialtjänstlag (2025:400)"), encoding="utf-8"
    )
    with pytest.raises(AssertionError, match="cache"):
        check_lagrum(load_corpus(config), today)  # the edited document is checked again
    monkeypatch.setattr(report_cache, "check_document", real_check)
    assert not any("upphävd" in p.message for p in check_lagrum(load_corpus(config), today))
