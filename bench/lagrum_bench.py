"""Benchmark: the law-reference report (`kls lagrum`) over 750 and 5 000 documents.

The corpus is the repository's own starter documents copied (with new ids and paths) until there
are N, so the text is real routine text with real citation density. For each size it prints:

- in-process times: reading the corpus, checking every reference in one process, and reading +
  checking as `kls lagrum` does it (on several processes where the machine has the cores);
- the whole command as a user runs it, `python -m kls.cli lagrum --json --varna > fil.json`
  (process start to exit, JSON written to a file): median wall time of 3 runs and its CPU time.

    .venv/bin/python bench/lagrum_bench.py [--antal 750,5000] [--varv 3]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from kls.config import load_config  # noqa: E402
from kls.corpus import load_corpus, markdown_files  # noqa: E402
from kls.lagrum.checker import check_corpus  # noqa: E402
from kls.lagrum.parallel import check_files, default_workers  # noqa: E402
from kls.lagrum.registry import load_registry  # noqa: E402


def make_corpus(root: Path, count: int) -> None:
    shutil.copy(REPO / "kls.yml", root / "kls.yml")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    sources = [
        p
        for p in markdown_files(REPO / "docs")
        if p.relative_to(REPO / "docs").parts[0] in ("riktlinjer", "rutiner", "processer", "mallar")
    ]
    for n in range(count):
        source = sources[n % len(sources)]
        rel = source.relative_to(REPO / "docs")
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^id: .*$", f"id: IFO-BEN-{n:04d}", text, count=1, flags=re.M)
        target = root / "docs" / rel.parent / f"{rel.stem}-{n:04d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(root: Path, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole `kls lagrum --json --varna` run writing `out`."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    cpu = children_cpu()
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as stdout:
        subprocess.run(
            [sys.executable, "-m", "kls.cli", "--rot", str(root), "lagrum", "--json", "--varna"],
            check=True,
            stdout=stdout,
            cwd=root,
            env=env,
        )
    return time.perf_counter() - started, children_cpu() - cpu


def measure(count: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_corpus(root, count)
        config = load_config(root)
        registry = load_registry()
        loads, checks, cpus, combined = [], [], [], []
        for _ in range(rounds):
            started = time.perf_counter()
            corpus = load_corpus(config)
            loads.append(time.perf_counter() - started)
            started, started_cpu = time.perf_counter(), time.process_time()
            reports = check_corpus(corpus, registry)
            checks.append(time.perf_counter() - started)
            cpus.append(time.process_time() - started_cpu)
            started = time.perf_counter()
            check_files(config, None, registry)
            combined.append(time.perf_counter() - started)
        refs = sum(len(r.findings) for r in reports)
        words = sum(len(d.body.split()) for d in corpus.documents)
        command(root, root / "kall.json")  # warm the file cache and the .pyc files
        runs = [command(root, root / "lagrum.json") for _ in range(3)]
        walls = [wall for wall, _cpu in runs]
        median = statistics.median(walls)
        cpu = next(c for w, c in runs if w == median)
    workers = default_workers(count)
    print(f"\n{count} dokument, {words} ord, {refs} hänvisningar ({os.cpu_count()} kärnor, {workers} processer)")
    print(f"  Läsa korpusen:                         {min(loads):5.2f} s (bästa av {rounds})")
    print(f"  Kontrollera, en process:               {min(checks):5.2f} s (processortid {min(cpus):.2f} s)")
    print(f"  Läsa + kontrollera som kommandot gör:  {min(combined):5.2f} s")
    print(
        f"  Hela 'kls lagrum --json > fil':        {median:5.2f} s väggtid (median av 3: "
        + ", ".join(f"{w:.2f}" for w in walls)
        + f"; processortid {cpu:.2f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antal", default="750,5000", help="antal dokument, kommaseparerat (standard 750,5000)")
    parser.add_argument("--varv", type=int, default=3)
    args = parser.parse_args()
    print(f"Belastning före (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for count in (int(n) for n in args.antal.split(",")):
        measure(count, args.varv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
