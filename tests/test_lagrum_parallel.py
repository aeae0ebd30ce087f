"""Checking on several processes gives exactly the serial result, also when a child fails;
and `kls lagrum` does not import the other commands' modules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import make_project, write_doc
from kls.cli import build_parser, command_name
from kls.config import load_config
from kls.corpus import load_corpus
from kls.lagrum import parallel
from kls.lagrum.checker import check_corpus
from kls.lagrum.registry import load_registry

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

BODIES = [
    "Skyddsbedömning enligt 11 kap. 1 a § socialtjänstlagen (2025:400). Beslut med stöd av 6 § LVU.",
    "Anmälan görs enligt 14 kap. 1 § SoL och 26 kap. 1 § OSL. Se även SOSFS 2014:5 och HFD 2011 ref. 49.",
    "Bistånd prövas enligt 4 kap. 1 § SoL; av 2 § samma lag framgår mer. Jfr prop. 2024/25:89.",
    "Personuppgifter behandlas enligt artikel 6.1 e dataskyddsförordningen och 7 a § lagen (2001:454) om "
    "behandling av personuppgifter inom socialtjänsten.",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("parallel") / "projekt")
    for n in range(14):
        write_doc(
            root,
            f"rutiner/barn-och-unga/rutin-{n:02d}.md",
            body=f"## Syfte\n\n{BODIES[n % len(BODIES)]}\n\n{BODIES[(n + 1) % len(BODIES)]}\n",
            title=f"Rutin {n}",
            id=f"IFO-RUT-9{n:02d}",
            fastställd=["2024-03-01", "2025-09-01", None][n % 3],
            lagrum=["14 kap. 1 § socialtjänstlagen (2001:453)"] if n % 2 else ["6 § LVU"],
        )
    return root


def snapshot(reports) -> list:
    return [
        (r.document, [(f.as_json(), f.severity, f.notes, f.in_front_matter, f.law, f.reference) for f in r.findings])
        for r in reports
    ]


def test_parallel_equals_serial(project):
    config = load_config(project)
    registry = load_registry()
    serial = check_corpus(load_corpus(config), registry)
    forked = parallel.check_files(config, None, registry, workers=3)
    assert snapshot(forked) == snapshot(serial)
    assert sum(len(r.findings) for r in forked) > 40
    # laws are the registry's own objects, not copies
    for mine, theirs in zip(forked, serial, strict=True):
        for f, g in zip(mine.findings, theirs.findings, strict=True):
            assert f.law is g.law


def test_given_files_in_order(project):
    config = load_config(project)
    files = sorted((project / "docs" / "rutiner" / "barn-och-unga").glob("*.md"), reverse=True)[:5]
    forked = parallel.check_files(config, files, workers=2)
    assert [r.document.path for r in forked] == [f.resolve() for f in files]
    assert snapshot(forked) == snapshot(check_corpus(load_corpus(config, only=files)))


def test_failed_child_share_is_checked_again(project, monkeypatch):
    config = load_config(project)
    registry = load_registry()
    parent = os.getpid()
    real = parallel.check_corpus

    def fails_in_child(corpus, reg):
        if os.getpid() != parent:
            raise RuntimeError("child crashed")
        return real(corpus, reg)

    monkeypatch.setattr(parallel, "check_corpus", fails_in_child)
    forked = parallel.check_files(config, None, registry, workers=2)
    assert snapshot(forked) == snapshot(real(load_corpus(config), registry))


def test_default_workers_small_corpus_stays_in_process():
    assert parallel.default_workers(10) == 1
    assert 1 <= parallel.default_workers(750) <= parallel.MAX_WORKERS


def test_command_line_builds_only_the_command_asked_for():
    assert command_name(["--rot", "x", "lagrum", "--json"]) == "lagrum"
    assert command_name(["--rot=x", "lagar", "bygg"]) == "lagar"
    assert command_name(["-h", "lagrum"]) is None
    sub = build_parser("lagrum")._subparsers._group_actions[0]
    assert set(sub.choices) == {"lagrum", "lagar"}
    assert {"validera", "revision", "importera", "lagrum"} <= set(build_parser()._subparsers._group_actions[0].choices)


def test_lagrum_command_does_not_import_word_or_excel(project):
    code = (
        "import sys\nfrom kls.cli import main\n"
        f"status = main(['--rot', {str(project)!r}, 'lagrum', '--json', '--varna'])\n"
        "heavy = sorted(m for m in ('kls.word.importer', 'openpyxl', 'docx', 'mammoth', 'kls.revision_cli') "
        "if m in sys.modules)\n"
        "print(status, heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip().endswith("0 []"), result.stderr
