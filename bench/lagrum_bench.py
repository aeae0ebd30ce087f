"""Benchmark: the law-reference report (`kls lagrum`) over a 750-document corpus.

The corpus is the repository's own starter documents copied (with new ids and paths) until there
are 750, so the text is real routine text with real citation density. Prints the time to load the
corpus, the time to check every reference, and the whole `kls lagrum --json` command.

    .venv/bin/python bench/lagrum_bench.py [--antal 750]
"""

from __future__ import annotations

import argparse
import re
import shutil
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antal", type=int, default=750)
    parser.add_argument("--varv", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_corpus(root, args.antal)
        config = load_config(root)
        load_registry()
        loads, checks, cpu = [], [], []
        for _ in range(args.varv):
            started = time.perf_counter()
            corpus = load_corpus(config)
            loads.append(time.perf_counter() - started)
            started, started_cpu = time.perf_counter(), time.process_time()
            reports = check_corpus(corpus)
            checks.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        refs = sum(len(r.findings) for r in reports)
        words = sum(len(d.body.split()) for d in corpus.documents)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kls.cli", "--rot", str(root), "lagrum", "--json", "--varna"],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=root,
        )
        command = time.perf_counter() - started
    print(f"Korpus: {len(corpus.documents)} dokument, {words} ord, {refs} hänvisningar.")
    print(f"Läsa korpusen:           {min(loads):.2f} s (bästa av {args.varv})")
    print(f"Kontrollera hänvisningar: {min(checks):.2f} s (bästa av {args.varv}; processortid {min(cpu):.2f} s)")
    print(f"Hela 'kls lagrum --json': {command:.2f} s (inklusive Python-start och lagregister)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
