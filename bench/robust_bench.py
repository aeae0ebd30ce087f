"""Robustness benchmark: the tools on a 750-document corpus with a 10 MB file inside it.

    .venv/bin/python bench/robust_bench.py
    .venv/bin/python bench/robust_bench.py --antal 750 --mb 10 --hostil

Generates the corpus (kls.corpus_gen when present, else a simple generator), adds one
10 MB document (ordinary Swedish text; with --hostil: text full of '<a', '{{', '](<' and
personal-number-like digits), then times `kls validera`, `kls revision` and `kls lagrum`
(when that command exists) as subprocesses and prints one JSON object. Not a test: the
hang guard in tests/test_fuzz.py only makes sure the run ends.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

BIG_PARAGRAPH = (
    "## Handläggning\n\nHandläggaren dokumenterar enligt 11 kap. 5 § socialtjänstlagen (2025:400) och ringer "
    "socialjouren på 0980-319 290 vid behov. Ärendet har diarienummer SN 2025/0123 och beslut fattas "
    "senast 2026-01-15. Se [rutinen](../annan.md) och `kod`.\n\n"
)
HOSTILE_PARAGRAPH = '<a <a href="x {{ {{ ](< ](< 640823-3234 811218-9876 a@b.se <div>`` ` ~~~\n' * 3 + "\n"


def make_corpus(root: Path, count: int) -> Path:
    try:
        from kls.corpus_gen import generate
    except ImportError:  # pragma: no cover - the generator is optional
        from helpers import make_project, write_doc

        make_project(root)
        for n in range(count):
            write_doc(root, f"rutiner/barn-och-unga/dok-{n}.md", title=f"Rutin {n}", id=f"IFO-RUT-{n + 1000}")
        return root
    return generate(root, count=count, seed=3)


def add_big_file(root: Path, megabytes: float, hostile: bool) -> Path:
    paragraph = HOSTILE_PARAGRAPH if hostile else BIG_PARAGRAPH
    body = paragraph * int(megabytes * 1024 * 1024 / len(paragraph.encode("utf-8")))
    path = root / "docs" / "rutiner" / "barn-och-unga" / "mycket-stor-rutin.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = (
        "---\ntitle: Mycket stor rutin\nid: IFO-RUT-9999\ndokumenttyp: rutin\nområde: barn-och-unga\n"
        "ägare: Enhetschef IFO\nfastställd: '2025-09-01'\nrevisionsintervall: 12 månader\n---\n\n"
    )
    path.write_text(front + body, encoding="utf-8")
    return path


def commands() -> list[list[str]]:
    help_text = subprocess.run([sys.executable, "-m", "kls.cli", "--help"], capture_output=True, text=True).stdout
    runs = [["validera", "--per", "2026-11-23"], ["revision", "--per", "2026-11-23", "--format", "json"]]
    if "lagrum" in help_text:
        runs.append(["lagrum"])
    return runs


def run(root: Path, timeout: float) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    for argv in commands():
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "kls.cli", "--rot", str(root), *argv], capture_output=True, text=True, timeout=timeout
        )
        results[argv[0]] = {
            "sekunder": round(time.perf_counter() - started, 2),
            "slutstatus": proc.returncode,
            "traceback": "Traceback" in proc.stderr or "internt fel" in proc.stderr,
            "rader": len(proc.stdout.splitlines()),
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antal", type=int, default=750)
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--hostil", action="store_true", help="den stora filen är fientlig i stället för vanlig text")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "projekt"
        started = time.perf_counter()
        make_corpus(root, args.antal)
        big = add_big_file(root, args.mb, args.hostil)
        setup = time.perf_counter() - started
        figures = {
            "dokument": args.antal + 1,
            "stor_fil_mb": round(big.stat().st_size / 1024 / 1024, 1),
            "hostil": args.hostil,
            "skapa_korpus_s": round(setup, 1),
            "verktyg": run(root, args.timeout),
        }
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
