"""Build benchmark: a naive Material setup versus our two-site build on one generated corpus.

    .venv/bin/python bench/build_bench.py --antal 750
    .venv/bin/python bench/build_bench.py --antal 5000

Prints one JSON object (seconds, ratios, page and site sizes, search bytes). `ours_seconds` is a
cold build (a fresh project, no build cache); `ours_warm_seconds` rebuilds the same project with
the cache the cold build left (.cache/kls); `ours_one_edited_seconds` rebuilds after one public
document was edited (the everyday case). With --omgangar N the cold build is made N times, taking
turns with the naive build (the machine's speed drifts), and medians are reported. With --sok it also
measures the bytes a real Chromium downloads from opening a page to the first search results
(bench/search_bytes.py). Nothing here is a test: the figures go into README.md ("Prestanda").
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import markdown
import yaml

from kls.build import BuildResult, build_sites, check_before_build, site_env
from kls.config import Config, load_config
from kls.corpus import load_corpus
from kls.corpus_gen import generate

BUILD_DATE = dt.date(2026, 11, 23)

NAIVE_MKDOCS = """\
site_name: IFO Exempelkommun – naiv uppsättning
site_url: https://ifo.exempelkommun.se/
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: sv
  font: false
  features:
    - navigation.sections
plugins:
  - search:
      lang: sv
  - macros:
      module_name: overrides/hooks/kls_macros
markdown_extensions: {extensions}
"""


def markdown_settings(mkdocs_yml: Path) -> tuple[list[str], dict]:
    """The Markdown extensions and their settings, as configured in mkdocs.yml."""
    raw = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in raw.get("markdown_extensions", []):
        if isinstance(item, dict):
            (name, settings), *_ = item.items()
            names.append(name)
            configs[name] = settings or {}
        else:
            names.append(item)
    return names, configs


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes and this one (which
    imports what the forked site builds share, kls.build)."""
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_CHILDREN, resource.RUSAGE_SELF)))


def kls_bygg(config: Config) -> tuple[list[BuildResult], float, float, float]:
    """`kls bygg` in a new process, as it is run: load and check the documents (timed apart), then
    build both sites, handing them the checked documents. Returns the results, wall and CPU seconds
    of the build, and the check's seconds."""
    proc = subprocess.run(
        [sys.executable, __file__, "--ett-bygge", str(config.root)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"kls bygg misslyckades:\n{proc.stdout}\n{proc.stderr}")
    data = json.loads(proc.stdout)
    built = [BuildResult(site, Path(path), seconds) for site, path, seconds in data["built"]]
    return built, data["seconds"], data["cpu"], data["validate"]


def one_build(root: Path) -> dict:
    """The body of `kls_bygg`'s process (`--ett-bygge`)."""
    config = load_config(root)
    started = time.perf_counter()
    corpus = load_corpus(config)
    check_before_build(config, BUILD_DATE, corpus)
    validate = time.perf_counter() - started
    started, cpu = time.perf_counter(), children_cpu()
    built = build_sites(config, config.root / "site", BUILD_DATE, corpus=corpus)
    seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
    return {"built": [(b.site, str(b.path), b.seconds) for b in built], "seconds": seconds, "cpu": cpu, "validate": validate}


def markdown_floor(root: Path, public_only: bool = False) -> tuple[float, float]:
    """(wall, CPU) seconds for Python-Markdown alone (same extensions) to render the documents' bodies."""
    config = load_config(root)
    corpus = load_corpus(config)
    bodies = [d.body for d in corpus.documents if d.public or not public_only]
    names, configs = markdown_settings(root / "mkdocs.yml")
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    wall, cpu = time.perf_counter(), time.process_time()  # CPU: robust when other jobs share the machine
    for body in bodies:
        md.reset()
        md.convert(body)
    return time.perf_counter() - wall, time.process_time() - cpu


def page_sizes(site: Path, root: Path) -> list[int]:
    """HTML bytes of every document page in a built site."""
    corpus = load_corpus(load_config(root))
    sizes = []
    for doc in corpus.documents:
        page = site / doc.url / "index.html"
        if page.is_file():
            sizes.append(page.stat().st_size)
    return sizes


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gzip_bytes(folder: Path) -> int:
    return sum(len(gzip.compress(p.read_bytes(), 6)) for p in folder.rglob("*") if p.is_file())


def p95(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] if ordered else 0


def build_naive(root: Path, work: Path) -> tuple[float, float, Path]:
    """Copy the project and build it the naive way: every page in nav, sections, built-in search."""
    naive, out = work / "naiv", work / "naiv-site"
    for earlier in (naive, out):  # an earlier round's
        shutil.rmtree(earlier, ignore_errors=True)
    shutil.copytree(root, naive, ignore=shutil.ignore_patterns("site", ".cache"))
    names, configs = markdown_settings(root / "mkdocs.yml")
    extensions = [{n: configs[n]} if configs.get(n) else n for n in names]
    (naive / "mkdocs.yml").write_text(
        NAIVE_MKDOCS.format(extensions=json.dumps(extensions, ensure_ascii=False)), encoding="utf-8"
    )
    started, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--config-file", str(naive / "mkdocs.yml"), "--site-dir", str(out)],
        cwd=naive,
        env=site_env("intern", BUILD_DATE),
        capture_output=True,
        text=True,
    )
    seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"naiv byggning misslyckades:\n{proc.stdout}\n{proc.stderr}")
    return seconds, cpu, out


def cold_build(root: Path, first: bool) -> tuple[float, float, dict[str, float], float]:
    """Validate (untimed here, as `kls bygg` does first) and build both sites with no build cache:
    wall seconds, CPU seconds, each site's seconds, validation seconds."""
    config = load_config(root)
    if not first:  # a cold build again: no cache, no previous site
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
    built, seconds, cpu, validate = kls_bygg(config)
    return seconds, cpu, {b.site: b.seconds for b in built}, validate


def run(count: int, seed: int, work: Path, skip_naive: bool, browser: bool, rounds: int = 1) -> dict:
    root = generate(work / "projekt", count, seed)
    config = load_config(root)
    result: dict = {"documents": count, "seed": seed, "rounds": rounds}
    # Cold builds and naive builds take turns (the machine's speed drifts); medians are reported
    # and every round's figure is kept (`*_runs`).
    colds, naives = [], []
    for index in range(rounds):
        colds.append(cold_build(root, index == 0))
        if not skip_naive:
            naives.append(build_naive(root, work))
    ours = statistics.median(c[0] for c in colds)
    ours_cpu = statistics.median(c[1] for c in colds)
    result["validate_seconds"] = round(statistics.median(c[3] for c in colds), 2)
    result["ours_seconds"] = round(ours, 2)
    result["ours_cpu_seconds"] = round(ours_cpu, 2)
    result["ours_site_seconds"] = {site: round(statistics.median(c[2][site] for c in colds), 2) for site in colds[0][2]}
    if rounds > 1:
        result["ours_seconds_runs"] = [round(c[0], 2) for c in colds]
    # A rebuild with the build cache (.cache/kls: rendered pages, law links, citations, Word
    # files, calendar events) left by the cold build above: nothing changed …
    warm, seconds, cpu, _ = kls_bygg(config)
    result["ours_warm_seconds"] = round(seconds, 2)
    result["ours_warm_site_seconds"] = {b.site: round(b.seconds, 2) for b in warm}
    result["ours_warm_cpu_seconds"] = round(cpu, 2)
    # … and the everyday case: one public document edited, then `kls bygg` again.
    edited = next(d for d in load_corpus(config).documents if d.public)
    addition = "\nTillägg efter APT: rutinen gäller även helger.\n"
    edited.path.write_text(edited.path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    edited_build, seconds, cpu, _ = kls_bygg(config)
    result["ours_one_edited_seconds"] = round(seconds, 2)
    result["ours_one_edited_site_seconds"] = {b.site: round(b.seconds, 2) for b in edited_build}
    result["ours_one_edited_cpu_seconds"] = round(cpu, 2)
    floor, floor_cpu = markdown_floor(root)
    public_floor, public_floor_cpu = markdown_floor(root, public_only=True)
    result["markdown_floor_seconds"] = round(floor, 2)
    result["markdown_floor_cpu_seconds"] = {"intern": round(floor_cpu, 2), "publik": round(public_floor_cpu, 2)}
    floors = {"intern": floor, "publik": public_floor}  # each site against its own documents' floor
    result["ours_over_floor"] = {site: round(seconds / floors[site], 2) for site, seconds in result["ours_site_seconds"].items()}
    result["ours_one_edited_over_floor"] = {b.site: round(b.seconds / floors[b.site], 2) for b in edited_build}
    result["ours_over_floor_cpu"] = round(ours_cpu / (floor_cpu + public_floor_cpu), 2)  # both sites vs both floors
    for site in ("publik", "intern"):
        sizes = page_sizes(root / "site" / site, root)
        search = root / "site" / site / "pagefind"
        result[site] = {
            "pages": len(sizes),
            "median_page_bytes": int(statistics.median(sizes)) if sizes else 0,
            "p95_page_bytes": p95(sizes),
            "site_bytes": tree_bytes(root / "site" / site),
            "search_bytes": tree_bytes(search) if search.exists() else 0,
            "search_gzip_bytes": gzip_bytes(search) if search.exists() else 0,
        }
    if not skip_naive:
        naive_seconds = statistics.median(n[0] for n in naives)
        naive_cpu = statistics.median(n[1] for n in naives)
        naive_site = naives[-1][2]
        if rounds > 1:
            result["naive_seconds_runs"] = [round(n[0], 2) for n in naives]
            ratios = [n[0] / c[0] for n, c in zip(naives, colds, strict=True)]
            result["naive_over_ours_runs"] = [round(r, 2) for r in ratios]
            # each round's naive and cold build ran back to back: the median of their ratios is the
            # figure least moved by the machine's speed drifting during the run
            result["naive_over_ours_median_of_runs"] = round(statistics.median(ratios), 2)
        sizes = page_sizes(naive_site, root)
        index = naive_site / "search" / "search_index.json"
        result["naive_seconds"] = round(naive_seconds, 2)
        result["naive_cpu_seconds"] = round(naive_cpu, 2)
        result["naive"] = {
            "median_page_bytes": int(statistics.median(sizes)),
            "p95_page_bytes": p95(sizes),
            "site_bytes": tree_bytes(naive_site),
            "search_bytes": index.stat().st_size,
            "search_gzip_bytes": len(gzip.compress(index.read_bytes(), 6)),
        }
        result["naive_over_ours"] = round(naive_seconds / ours, 2)
        result["naive_over_ours_one_edited"] = round(naive_seconds / result["ours_one_edited_seconds"], 2)
        result["naive_over_ours_cpu"] = round(naive_cpu / ours_cpu, 2)
    if browser:
        sys.path.insert(0, str(Path(__file__).parent))
        from search_bytes import measure

        result["search_first_results"] = measure(root / "site" / "publik", root)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description="Mäter byggtid och sidstorlek: naiv uppsättning mot KLS-webb.")
    parser.add_argument("--antal", type=int, default=750)
    parser.add_argument("--frö", dest="seed", type=int, default=1)
    parser.add_argument("--mapp", help="arbetsmapp (standard: en tillfällig mapp som tas bort)")
    parser.add_argument("--utan-naiv", action="store_true", help="hoppa över den naiva byggningen")
    parser.add_argument("--sok", action="store_true", help="mät även sökningens nedladdade byte i Chromium")
    parser.add_argument(
        "--omgangar", type=int, default=1, help="kalla byggen (omväxlande med naiva) att ta medianen av (standard 1)"
    )
    parser.add_argument("--ett-bygge", metavar="PROJEKT", help=argparse.SUPPRESS)  # kls_bygg's own process
    args = parser.parse_args()
    if args.ett_bygge:
        print(json.dumps(one_build(Path(args.ett_bygge))))
        return 0
    if args.mapp:
        work = Path(args.mapp)
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        result = run(args.antal, args.seed, work, args.utan_naiv, args.sok, max(1, args.omgangar))
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        with tempfile.TemporaryDirectory(prefix="kls-bench-") as tmp:
            result = run(args.antal, args.seed, Path(tmp), args.utan_naiv, args.sok, max(1, args.omgangar))
            print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
