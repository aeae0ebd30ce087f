"""`kls importera KÄLLA`: the command line around `kls.word.importer` (Swedish output)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from kls.config import DOC_TYPES, Config
from kls.errors import KlsError, UsageError, os_error_sv
from kls.word.importer import CHECK, CONVERTED, DUPLICATE, FAILED, SKIPPED, ImportPlan, plan_import, write_csv, write_plan
from kls.word.metadata import NO_AREA, slugify


def add_importera(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "importera",
        help="importera Word-dokument (.docx) till docs/",
        description=(
            "Konverterar en mappstruktur med Word-dokument (.docx) till Markdown-dokument under docs/. "
            "Mappar blir områden. Utan --skriv visas bara vad som skulle skrivas."
        ),
    )
    p.add_argument("källa", metavar="KÄLLA", help="mapp (eller en enda .docx-fil) att importera")
    p.add_argument("--mål", dest="mal", metavar="MAPP", help="mapp att skriva till (standard: projektets docs/)")
    p.add_argument("--typ", choices=sorted(DOC_TYPES), help="dokumenttyp för alla filer (standard: gissas från namnen)")
    p.add_argument("--område", dest="omrade", metavar="SLUG", help="område för alla filer (standard: den översta mappen)")
    p.add_argument("--skriv", action="store_true", help="skriv dokumenten (standard: torrkörning)")
    p.add_argument("--rapport", metavar="FIL.csv", help="spara rapporten som CSV (öppnas i Excel)")
    p.set_defaults(func=cmd_importera)


def cmd_importera(args: argparse.Namespace, config: Config) -> int:
    source = Path(args.källa)
    if not source.exists():
        raise KlsError(f"Källan finns inte: {source}")
    if source.is_file() and source.suffix.lower() != ".docx":
        raise KlsError(f"{source}: ange en mapp eller en .docx-fil")
    area = args.omrade
    if area is not None and slugify(area) != area:
        raise KlsError(f"--område ska vara ett kortnamn (slug) som '{slugify(area) or 'barn-och-unga'}', inte '{area}'")
    docs_dir = Path(args.mal).resolve() if args.mal else config.docs_dir
    started = time.perf_counter()
    plan = plan_import(source, config, docs_dir, DOC_TYPES[args.typ] if args.typ else None, area, dt.date.today())
    seconds = time.perf_counter() - started
    if args.skriv:
        try:
            write_plan(plan)
        except OSError as exc:
            raise UsageError(f"kan inte skriva '{exc.filename or docs_dir}': {os_error_sv(exc)}") from None
    for line in report_lines(plan, docs_dir, written=args.skriv):
        print(line)
    print(f"({len(plan.outcomes)} filer lästa på {seconds:.1f} s)", file=sys.stderr)
    if args.rapport:
        try:
            write_csv(plan, Path(args.rapport))
        except OSError as exc:
            raise UsageError(f"kan inte skriva rapporten '{args.rapport}': {os_error_sv(exc)}") from None
        print(f"Rapporten sparades i {args.rapport}")
    if plan.count(FAILED) and not plan.count(CONVERTED, CHECK):
        print("kls importera: fel: inget dokument kunde importeras.", file=sys.stderr)
        return 1
    return 0


def _display(docs_dir: Path, rel: str) -> str:
    try:
        return (docs_dir / rel).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return (docs_dir / rel).as_posix()


def report_lines(plan: ImportPlan, docs_dir: Path, written: bool) -> list[str]:
    """One line per file (notes indented below it), then the summary."""
    lines: list[str] = []
    verb = "skrevs" if written else "skrivs"
    for o in plan.outcomes:
        if o.status in (CONVERTED, CHECK):
            lines.append(f"{o.source} → {_display(docs_dir, o.target or '')} ({o.doc_id}) {verb}")
        else:
            lines.append(f"{o.source}: {o.status}")
        lines += [f"    - {note}" for note in o.notes]
    converted = plan.count(CONVERTED, CHECK)
    check = plan.count(CHECK)
    lines += [
        "",
        "Sammanfattning",
        f"  Konverterade:           {converted} (varav {check} behöver kontrolleras)",
        f"  Kan inte konverteras:   {plan.count(FAILED)}",
        f"  Redan importerade:      {plan.count(DUPLICATE)}",
        f"  Övriga filer:           {plan.count(SKIPPED)}",
    ]
    placeholders: dict[str, int] = {}
    for o in plan.outcomes:
        for key in o.placeholders:
            placeholders[key] = placeholders.get(key, 0) + 1
    if placeholders:
        listed = ", ".join(f"{key} i {count}" for key, count in sorted(placeholders.items()))
        lines.append(f"  Att fylla i (ATT FYLLA I): {listed} dokument; 'kls validera' visar fil och rad.")
    if plan.unknown_areas:
        lines += ["", "Områden som inte finns i kls.yml (lägg till under 'omraden:' eller använd --område):"]
        lines += [f"  {slug}: {name}" for slug, name in sorted(plan.unknown_areas.items())]
    if any(o.area == NO_AREA for o in plan.outcomes):
        lines.append(f"Dokument utan områdesmapp hamnar i '{NO_AREA}/': flytta dem eller importera med --område.")
    if not written and converted:
        lines += ["", "Torrkörning: inget skrevs. Kör igen med --skriv för att skriva dokumenten."]
    return lines
