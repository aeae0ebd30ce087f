"""How fast can MkDocs + Material build the two sites at all? A lower bound for issue 5's cold targets.

    .venv/bin/python bench/material_bound.py --antal 750 --omgangar 3

On one generated corpus (kls.corpus_gen, as bench/build_bench.py) it builds, taking turns:
(a) the naive Material setup of bench/build_bench.py (every page in the navigation, sections,
built-in search); (b) a *bare* Material setup of both sites, built at once as `kls bygg` does: the
staff site with every document, the public site with the public ones; (c) the same with the least
search issue 5 asks for: Pagefind over each site's pages (the public documents once, the staff site
only its internal ones, as KLS-webb splits them), without the Swedish search terms. The bare setup
has nothing of KLS-webb: no hooks, no macros, no law links, no Word files, no index pages, no
metadata panel, no validation, a navigation of one page, the same Markdown extensions. Anything
the issues ask for only adds to its time, so `naive_over_bare_search` is about the most any MkDocs
+ Material build of these sites with search can reach on this machine, and `…_shared` the most with
each public page's Markdown rendered once for both sites (what KLS-webb's page cache does: the
public floor's CPU time taken off, on two cores). It also times Python-Markdown alone (the floors
of build_bench.py). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build_bench import BUILD_DATE, build_naive, children_cpu, markdown_floor, markdown_settings  # noqa: E402

from kls.build import site_env  # noqa: E402
from kls.config import load_config  # noqa: E402
from kls.corpus import load_corpus  # noqa: E402
from kls.corpus_gen import generate  # noqa: E402

BARE_MKDOCS = """\
site_name: IFO Exempelkommun – bar Material
site_url: https://ifo.exempelkommun.se/
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: sv
  font: false
nav:
  - index.md
plugins: []
validation:
  omitted_files: ignore
  not_found: ignore
  absolute_links: ignore
  unrecognized_links: ignore
  anchors: ignore
markdown_extensions: {extensions}
"""


def bare_projects(root: Path, work: Path) -> dict[str, Path]:
    """Two bare Material projects of `root`'s documents: `intern` (all), `publik` (public only)."""
    names, configs = markdown_settings(root / "mkdocs.yml")
    extensions = [{n: configs[n]} if configs.get(n) else n for n in names]
    corpus = load_corpus(load_config(root))
    internal = [d.rel for d in corpus.documents if not d.public]
    projects = {}
    for site in ("intern", "publik"):
        project = work / f"bar-{site}"
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(root / "docs", project / "docs")
        if site == "publik":
            for rel in internal:
                (project / "docs" / rel).unlink()
        (project / "mkdocs.yml").write_text(
            BARE_MKDOCS.format(extensions=json.dumps(extensions, ensure_ascii=False)), encoding="utf-8"
        )
        projects[site] = project
    return projects


def _site_chain(site: str, project: Path, out: Path, search: list[str] | None) -> float:
    """One bare site: `mkdocs build`, then (with `search`, the pages to index) Pagefind over those
    pages, as the issue's search needs at the least. Returns the chain's seconds."""
    started = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(out)],
        cwd=project,
        env={**site_env(site, BUILD_DATE), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bar Material-byggning ({site}) misslyckades:\n{proc.stderr.decode(errors='replace')}")
    if search is not None:
        pages = out.parent / f"{out.name}-sok"  # only the pages this site's index holds
        shutil.rmtree(pages, ignore_errors=True)
        for url in search:
            target = pages / url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(out / url / "index.html", target)
        from pagefind_bin import get_executable

        command = [str(get_executable()), "--site", str(pages), "--output-path", str(out / "pagefind")]
        subprocess.run([*command, "--root-selector", "article", "--force-language", "sv", "--silent"], check=True)
    return time.perf_counter() - started


def build_bare(
    projects: dict[str, Path], work: Path, search: dict[str, list[str]] | None = None
) -> tuple[float, float, dict[str, float]]:
    """Both bare sites built at once (one chain each, as `kls bygg` builds): wall and CPU seconds,
    and each site's own seconds. `search`: per site the pages Pagefind indexes, as KLS-webb splits
    them (the public site: its documents; the staff site: only the internal ones)."""
    started, cpu = time.perf_counter(), children_cpu()
    seconds: dict[str, float] = {}
    threads = [
        threading.Thread(
            target=lambda s=site, p=project: seconds.__setitem__(
                s, _site_chain(s, p, work / f"bar-{s}-site", search[s] if search else None)
            )
        )
        for site, project in projects.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(seconds) != len(projects):
        raise SystemExit("en bar Material-byggning misslyckades")
    return time.perf_counter() - started, children_cpu() - cpu, seconds


def summary(label: str, builds: list[tuple[float, float, dict[str, float]]], naives: list[float], floors: dict) -> dict:
    """Medians and per-round ratios of one bare variant (`label`) against the naive builds."""
    ratios = [n / b[0] for n, b in zip(naives, builds, strict=True)]
    # The most that rendering each public page's Markdown once for both sites can save: the public
    # floor's CPU, on two busy cores.
    shared = [n / (b[0] - floors["cpu"]["publik"] / 2) for n, b in zip(naives, builds, strict=True)]
    site_seconds = {site: statistics.median(b[2][site] for b in builds) for site in ("publik", "intern")}
    return {
        f"{label}_seconds_runs": [round(b[0], 2) for b in builds],
        f"{label}_cpu_seconds": round(statistics.median(b[1] for b in builds), 2),
        f"{label}_site_seconds": {site: round(seconds, 2) for site, seconds in site_seconds.items()},
        f"{label}_over_floor": {site: round(seconds / floors["wall"][site], 2) for site, seconds in site_seconds.items()},
        f"naive_over_{label}_runs": [round(r, 2) for r in ratios],
        f"naive_over_{label}": round(statistics.median(ratios), 2),
        f"naive_over_{label}_shared": round(statistics.median(shared), 2),
    }


def run(count: int, seed: int, work: Path, rounds: int) -> dict:
    root = generate(work / "projekt", count, seed)
    projects = bare_projects(root, work)
    corpus = load_corpus(load_config(root))
    search = {
        "publik": [d.url.strip("/") for d in corpus.documents if d.public],
        "intern": [d.url.strip("/") for d in corpus.documents if not d.public],
    }
    naives, bares, searched = [], [], []
    for _ in range(rounds):  # taking turns: the machine's speed drifts
        naives.append(build_naive(root, work)[0])
        bares.append(build_bare(projects, work))
        searched.append(build_bare(projects, work, search))
    floor_wall, floor_cpu = markdown_floor(root)
    public_wall, public_cpu = markdown_floor(root, public_only=True)
    floors = {"wall": {"intern": floor_wall, "publik": public_wall}, "cpu": {"intern": floor_cpu, "publik": public_cpu}}
    return {
        "documents": count,
        "seed": seed,
        "rounds": rounds,
        "naive_seconds_runs": [round(n, 2) for n in naives],
        "markdown_floor_seconds": {site: round(value, 2) for site, value in floors["wall"].items()},
        "markdown_floor_cpu_seconds": {site: round(value, 2) for site, value in floors["cpu"].items()},
        **summary("bare", bares, naives, floors),
        **summary("bare_search", searched, naives, floors),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Mäter den snabbaste möjliga Material-byggningen av de två webbplatserna.")
    parser.add_argument("--antal", type=int, default=750)
    parser.add_argument("--frö", dest="seed", type=int, default=1)
    parser.add_argument("--omgangar", type=int, default=3, help="omgångar (naiv och bar omväxlande), standard 3")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory(prefix="kls-bench-bar-") as tmp:
        print(json.dumps(run(args.antal, args.seed, Path(tmp), max(1, args.omgangar)), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
