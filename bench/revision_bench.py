"""Revision report benchmark: `kls revision` over generated corpora of 750 and 5 000 documents.

    .venv/bin/python bench/revision_bench.py                 # 750 and 5000
    .venv/bin/python bench/revision_bench.py --antal 750 2000

Prints one JSON object: for each size the median seconds of (a) the whole command `kls revision`
in a fresh process (what a user waits for, and its CPU time, which a busy machine inflates less
than wall time), (b) reading the corpus, (c) classifying it and (d) rendering every format.
Not a test: the figures go into README.md ("Revisionsrapport").
Uses the shared corpus generator `kls.corpus_gen` when present, else a small local one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kls.config import load_config
from kls.corpus import load_corpus
from kls.revision import build_report
from kls.revision_format import FORMATS, options_from_config, render

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)


def generate_local(root: Path, count: int, seed: int = 1) -> Path:
    """A minimal project with `count` documents (used when kls.corpus_gen is not available)."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "overrides", root / "overrides")
    for name in ("kls.yml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    config = load_config(root)
    areas, owners = list(config.areas), config.owner_roles
    folders = {"riktlinje": "riktlinjer", "rutin": "rutiner", "process": "processer", "mall": "mallar"}
    for index in range(count):
        doc_type = rng.choice(list(folders))
        area = rng.choice(areas)
        approved = TODAY - dt.timedelta(days=rng.randint(30, 900))
        meta = [
            f"title: Dokument {index}",
            f"id: IFO-{doc_type[:3].upper()}-{index:04d}",
            f"dokumenttyp: {doc_type}",
            f"område: {area}",
            f"ägare: {rng.choice(owners)}",
            f"fastställd: {approved.isoformat()}",
            rng.choice(
                [
                    "revisionsintervall: 12 månader",
                    f"revideras: {(approved + dt.timedelta(days=rng.randint(180, 800))).isoformat()}",
                ]
            ),
            "publicering: intern",
        ]
        path = root / "docs" / folders[doc_type] / area / f"dokument-{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + "\n".join(meta) + "\n---\n\n## Syfte\n\n" + "Text. " * 400 + "\n", encoding="utf-8")
    return root


def generate(root: Path, count: int) -> tuple[Path, str]:
    try:
        from kls.corpus_gen import generate as shared
    except ImportError:
        return generate_local(root, count), "bench/revision_bench.py (lokal)"
    return shared(root, count), "kls.corpus_gen"


def median_seconds(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 4)


def median_cpu_seconds(func: Callable[[], object], repeat: int) -> float | None:
    """CPU seconds (user + system) of the child processes `func` runs: robust on a busy machine."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        func()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return round(statistics.median(times), 4)


def measure(count: int, repeat: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="kls-revision-bench-") as tmp:
        root, generator = generate(Path(tmp) / "projekt", count)
        config = load_config(root)
        corpus = load_corpus(config)
        report = build_report(corpus.documents, TODAY)
        options = options_from_config(config)
        command = [sys.executable, "-m", "kls.cli", "--rot", str(root), "revision", "--per", TODAY.isoformat()]

        def run_command() -> None:
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

        return {
            "dokument": len(corpus.documents),
            "generator": generator,
            "kommando_s": median_seconds(run_command, repeat),
            "kommando_cpu_s": median_cpu_seconds(run_command, repeat),
            "läsa_korpus_s": median_seconds(lambda: load_corpus(config), repeat),
            "klassificera_s": median_seconds(lambda: build_report(corpus.documents, TODAY), repeat),
            "format_s": {fmt: median_seconds(lambda fmt=fmt: render(report, fmt, options), repeat) for fmt in FORMATS},
            "antal": {**report.counts(), "later": len(report.later)},
        }


def main() -> int:
    parser = argparse.ArgumentParser(description="Mäter kls revision på genererade korpusar.")
    parser.add_argument("--antal", type=int, nargs="+", default=[750, 5000], help="korpusstorlekar (standard 750 5000)")
    parser.add_argument("--upprepa", type=int, default=5, help="mätningar per värde; medianen rapporteras (standard 5)")
    args = parser.parse_args()
    results = {str(n): measure(n, args.upprepa) for n in args.antal}
    sizes = [str(n) for n in args.antal]
    if len(sizes) >= 2:
        first, last = results[sizes[0]], results[sizes[-1]]
        per_doc = [r["kommando_s"] / r["dokument"] for r in (first, last)]  # type: ignore[operator]
        results["skalning"] = {
            "dokument_kvot": round(last["dokument"] / first["dokument"], 2),  # type: ignore[operator]
            "tid_kvot": round(last["kommando_s"] / first["kommando_s"], 2),  # type: ignore[operator]
            "ms_per_dokument": [round(1000 * p, 3) for p in per_doc],
        }
    print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
