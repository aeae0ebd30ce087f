"""How long an author waits in `kls visa`: from saving a document to the served page showing the change.

    .venv/bin/python bench/preview_bench.py --antal 750

On a generated corpus (kls.corpus_gen) it starts `kls visa` and `kls visa --snabb` in turn (each in a
new process, the staff site, with the build cache the first start leaves) and, three times each,
appends a sentence to one document's text and times until the served page has it; then changes a
document's title (front matter), which rebuilds every page in both modes. Prints one JSON object:
seconds to the first page, and the median and each of the text and title edits. Never a test: the
figures go into README.md ("Prestanda").
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from kls.config import load_config
from kls.corpus import load_corpus
from kls.corpus_gen import generate


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page_has(url: str, needle: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return needle in response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return False


def wait_for(url: str, needle: str, limit: float = 300) -> float:
    started = time.perf_counter()
    while not page_has(url, needle):
        if time.perf_counter() - started > limit:
            raise SystemExit(f"{url} visade inte ändringen inom {limit:.0f} s")
        time.sleep(0.05)
    return time.perf_counter() - started


def session(root: Path, fast: bool, edits: int) -> dict:
    """One `kls visa` run: first page, `edits` text edits, one title edit."""
    corpus = load_corpus(load_config(root))
    doc = next(  # a title written plainly in the file and in the page
        d
        for d in corpus.documents
        if d.public
        and not set(str(d.meta.get("title"))) & set("&<>'\":")
        and f"\ntitle: {d.meta.get('title')}\n" in d.path.read_text(encoding="utf-8")
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/{doc.url.lstrip('/')}"
    command = [sys.executable, "-m", "kls.cli", "--rot", str(root), "visa", "--adress", f"127.0.0.1:{port}"]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*command, *(["--snabb"] if fast else [])],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        title = str(doc.meta["title"])
        wait_for(url, title)
        first = time.perf_counter() - started  # from the start of `kls visa`, its check included
        text_edits = []
        for index in range(edits):
            marker = f"Tillägg {index} {'snabb' if fast else 'hel'} {time.time_ns()}."
            time.sleep(1.1)  # a new modification time on every file system
            doc.path.write_text(doc.path.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            text_edits.append(wait_for(url, marker))
        new_title = f"{title} (ändrad {time.time_ns()})"
        time.sleep(1.1)
        doc.path.write_text(
            doc.path.read_text(encoding="utf-8").replace(f"title: {title}", f"title: {new_title}", 1), encoding="utf-8"
        )
        title_edit = wait_for(url, new_title)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return {
        "first_page_seconds": round(first, 2),
        "text_edit_seconds": round(statistics.median(text_edits), 2),
        "text_edit_seconds_runs": [round(s, 2) for s in text_edits],
        "title_edit_seconds": round(title_edit, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Mäter hur länge man väntar i kls visa efter att ha sparat.")
    parser.add_argument("--antal", type=int, default=750)
    parser.add_argument("--frö", dest="seed", type=int, default=1)
    parser.add_argument("--andringar", type=int, default=3, help="textändringar per läge (standard 3)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory(prefix="kls-bench-visa-") as tmp:
        root = generate(Path(tmp) / "projekt", args.antal, args.seed)
        result: dict = {"documents": args.antal}
        result["kls_visa"] = session(root, fast=False, edits=args.andringar)
        result["kls_visa_snabb"] = session(root, fast=True, edits=args.andringar)
        print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
