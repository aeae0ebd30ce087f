"""Word import benchmark: `kls importera --skriv` on a generated tree of realistic .docx files.

    .venv/bin/python bench/import_bench.py               # 750 documents in about 188 folders
    .venv/bin/python bench/import_bench.py --antal 2000
    .venv/bin/python bench/import_bench.py --mapp /tmp/ordtrad   # keep the tree, reuse it next time

The tree looks like a unit's file share (Arjeplog's IFO: 753 documents in 188 folders): area
folders with subfolders, type words in the file names, a header table with approval facts,
headings, nested lists, tables (some with merged cells), hyperlinks, footnotes, legal references,
some images, a median of about 1 000 words. Prints one JSON object: wall-clock seconds of the
whole `kls importera` command (the limit is 2 minutes for 750 documents), its CPU seconds (all
worker processes) and the machine's load, since other work on the machine slows the wall clock.
Not a test: the figures go into README.md ("Import från Word").
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

import docx
from docx.shared import Cm

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import word_docs  # noqa: E402

AREAS = [
    "Barn och unga",
    "Ekonomiskt bistånd",
    "Missbruk",
    "Våld i nära relationer",
    "Familjerätt",
    "Socialjour",
    "Socialpsykiatri",
    "Ledning och kvalitet",
    "Dokumentation och sekretess",
    "Mottagning",
    "Öppenvård",
    "Familjehem",
    "Ensamkommande",
    "Boendestöd",
    "Arbetsmarknad",
    "Budget och skuldrådgivning",
    "Kontaktfamilj",
    "Personligt ombud",
    "Tolk",
    "IT-stöd",
]
SUBFOLDERS = ["Utredning", "Insatser", "Uppföljning", "Rutiner", "Mallar", "Blanketter", "Processer", "Arkiv", "Samverkan"]
KINDS = [("Rutin", 0.55), ("Riktlinje", 0.1), ("Mall", 0.2), ("Process", 0.15)]
ROLES = ["Enhetschef IFO", "Socialchef", "Förste socialsekreterare vuxen", "Kvalitetsutvecklare", "Enhetschef"]
TOPICS = [
    "orosanmälan",
    "hembesök",
    "skyddsbedömning",
    "förhandsbedömning",
    "utredning",
    "uppföljning av placering",
    "ekonomiskt bistånd",
    "samverkan med skolan",
    "vårdnadsutredning",
    "jourärenden",
    "avvikelsehantering",
    "dokumentation",
    "delegationsbeslut",
    "kontakt med polisen",
    "barnsamtal",
]
_TEXT = (
    "handläggaren ska bedöma behovet och dokumentera beslutet i journalen samma dag enligt gällande "
    "rutin den enskilde informeras om sina rättigheter och om möjligheten att överklaga beslutet "
    "samverkan sker med skola hälso- och sjukvård och polis när det behövs för barnets bästa "
    "ansvarig chef följer upp arbetet och rapporterar avvikelser till kvalitetsutvecklaren"
)
WORDS = _TEXT.split()
REFS = [
    "19 kap. 1 § socialtjänstlagen (2025:400)",
    "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
    "6 § LVU",
    "SOSFS 2011:9",
    "14 kap. 1 § SoL",
    "4 kap. 1 § socialtjänstlagen (2001:453)",
]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    text = " ".join(words)
    if rng.random() < 0.08:
        text += f" enligt {rng.choice(REFS)}"
    return text[0].upper() + text[1:] + "."


def paragraph_text(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def realistic(path: Path, rng: random.Random, kind: str, topic: str, words: int) -> None:
    """One Word document of about `words` words."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Socialförvaltningen"
    document.add_paragraph(f"{kind} för {topic}", style="Title")
    year = rng.randint(2015, 2025)
    word_docs.metadata_table(
        document,
        [
            ("Dokumenttyp", kind),
            (
                "Fastställd av",
                rng.choice(["Socialnämnden", "Socialchef", "Enhetschef"]) + f" {year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            ),
            ("Ansvarig", rng.choice(ROLES)),
            ("Revideras senast", f"{year + 2}-0{rng.randint(1, 9)}-01"),
            ("Version", f"{rng.randint(1, 5)}.{rng.randint(0, 9)}"),
        ],
    )
    num_id = word_docs.add_multilevel_list(document)
    written = 0
    section = 0
    footnotes: list[str] = []
    while written < words:
        section += 1
        document.add_heading(
            rng.choice(["Syfte", "Ansvar", "Arbetsgång", "Dokumentation", "Uppföljning"]) + f" {section}", level=1
        )
        for _ in range(rng.randint(1, 4)):
            text = paragraph_text(rng)
            paragraph = document.add_paragraph(text)
            if rng.random() < 0.3:
                paragraph.add_run(" Viktigt: ").bold = True
                paragraph.add_run("kontakta ansvarig chef.").italic = True
            if rng.random() < 0.1:
                word_docs.add_hyperlink(paragraph, "https://www.socialstyrelsen.se/", "Socialstyrelsen")
            if rng.random() < 0.1:
                footnotes.append(sentence(rng))
                word_docs.add_footnote_reference(paragraph, len(footnotes))
            written += len(text.split())
        if rng.random() < 0.6:
            for level in (0, 1, 1, 0, 1, 2, 0):
                item = document.add_paragraph(sentence(rng), style="List Paragraph")
                word_docs.set_list_level(item, num_id, level)
                written += 12
        if rng.random() < 0.4:
            table = document.add_table(rows=rng.randint(3, 8), cols=3)
            table.style = "Table Grid"
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    cell.text = ["Steg", "Ansvar", "Tidsgräns"][c] if r == 0 else " ".join(rng.choices(WORDS, k=4))
            if rng.random() < 0.3:
                table.cell(1, 1).merge(table.cell(1, 2))
            written += len(table.rows) * 12
        if rng.random() < 0.05:
            document.add_picture(BytesIO(word_docs.png_bytes(16, 12)), width=Cm(3))
    if footnotes:
        word_docs.add_footnotes(document, footnotes)
    word_docs.save(document, path)


def generate(root: Path, count: int, seed: int = 8) -> tuple[int, int]:
    """`count` .docx in about 188 folders, plus a few files that cannot be converted."""
    rng = random.Random(seed)
    folders = [Path(area) for area in AREAS]
    while len(folders) < 188:  # like Arjeplog's IFO: 753 documents in 188 folders
        area = AREAS[len(folders) % len(AREAS)]
        sub = Path(area) / rng.choice(SUBFOLDERS)
        folders.append(sub / rng.choice(SUBFOLDERS) if sub in folders else sub)
    folders = list(dict.fromkeys(folders))
    sizes = []
    for number in range(count):
        kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
        topic = rng.choice(TOPICS)
        words = int(min(6000, max(150, rng.lognormvariate(6.9, 0.6))))  # median ~1 000 words
        sizes.append(words)
        folder = folders[number % len(folders)]
        realistic(root / folder / f"{kind} {topic} {number:04d}.docx", rng, kind, topic, words)
    word_docs.pdf(root / AREAS[0] / "Riktlinje skannad.pdf")
    word_docs.old_doc(root / AREAS[1] / "Rutin gammal.doc")
    return len(folders), int(statistics.median(sizes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--antal", type=int, default=750)
    parser.add_argument("--mapp", type=Path, help="keep the generated Word tree here and reuse it on the next run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kls-import-bench-"))
    try:
        source = args.mapp / f"Styrdokument-{args.antal}" if args.mapp else work / "Styrdokument"
        started = time.perf_counter()
        if source.is_dir() and len(list(source.rglob("*.docx"))) == args.antal:
            folders, median_words = len({p.parent for p in source.rglob("*.docx")}), None
        else:
            shutil.rmtree(source, ignore_errors=True)
            folders, median_words = generate(source, args.antal)
        generated = time.perf_counter() - started
        project = work / "projekt"
        (project / "docs").mkdir(parents=True)
        shutil.copy(REPO / "kls.yml", project / "kls.yml")
        command = [sys.executable, "-m", "kls.cli", "--rot", str(project), "importera", str(source), "--skriv"]
        command += ["--rapport", str(work / "rapport.csv")]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        written = len(list((project / "docs").rglob("*.md")))
        source_bytes = sum(p.stat().st_size for p in source.rglob("*.docx"))
        markdown_bytes = sum(p.stat().st_size for p in (project / "docs").rglob("*.md"))
        figures = {
            "documents": args.antal,
            "folders": folders,
            "median_words": median_words,
            "source_mb": round(source_bytes / 1e6, 1),
            "generate_seconds": round(generated, 1),
            "import_seconds": round(seconds, 1),
            "ms_per_document": round(1000 * seconds / args.antal, 1),
            "cpu_seconds": round(cpu, 1),
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 1),
            "markdown_files_written": written,
            "markdown_mb": round(markdown_bytes / 1e6, 1),
            "limit_seconds": 120 * args.antal / 750,
            "within_limit": seconds <= 120 * args.antal / 750,
        }
        print(json.dumps(figures, ensure_ascii=False))
        return 0 if figures["within_limit"] else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
