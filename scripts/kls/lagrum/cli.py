"""`kls lagrum` (check the documents' legal references) and `kls lagar` (the law registry)."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections import defaultdict
from pathlib import Path

from kls.config import Config
from kls.errors import KlsError

STATUS_SV = {
    "ok": "ok",
    "repealed": "upphävd lag",
    "unknown_law": "okänd lag",
    "unknown_provision": "finns inte",
    "ambiguous": "tvetydig",
}


def _paths(config: Config, given: list[str]) -> list[Path] | None:
    """Markdown files under the given paths (files or folders); None = the whole corpus."""
    if not given:
        return None
    files: list[Path] = []
    for raw in given:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.md") if p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise KlsError(f"Sökvägen finns inte: {raw}")
    return files


def json_report(findings: list) -> str:
    """The `--json` report: a JSON list with one object per line (one write, not one per token)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    if not findings:
        return "[]\n"
    return "[\n" + ",\n".join(dumps(f.as_json()) for f in findings) + "\n]\n"


def cmd_lagrum(args: argparse.Namespace, config: Config) -> int:
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small objects and no cycles: collection scans are wasted time
    try:
        return _lagrum(args, config)
    finally:
        if collecting:
            gc.enable()


def _lagrum(args: argparse.Namespace, config: Config) -> int:
    from kls.lagrum.checker import FAILING
    from kls.lagrum.parallel import check_files
    from kls.lagrum.registry import load_registry

    registry = load_registry()
    reports = check_files(config, _paths(config, args.sokvagar), registry)
    findings = [f for r in reports for f in r.findings]
    failing = [f for f in findings if f.status in FAILING]
    if args.json:
        sys.stdout.write(json_report(findings))
    else:
        by_owner: dict[str, list] = defaultdict(list)
        for report in reports:
            if report.problems:
                by_owner[report.document.owner or "(ägare saknas)"].append(report)
        for owner in sorted(by_owner, key=str.casefold):
            print(f"Ägare: {owner}")
            for report in sorted(by_owner[owner], key=lambda r: r.document.display):
                doc = report.document
                print(f"  {doc.display} ({doc.id or '–'}, {doc.title})")
                for f in report.problems:
                    level = "fel" if f.status in FAILING else "varning"
                    where = " (lagrum i front matter)" if f.in_front_matter else ""
                    text = " ".join([f.message, *f.notes]).strip()
                    print(f"    {f.file}:{f.line}: {level}: '{f.text}'{where} – {STATUS_SV[f.status]}: {text}")
                    if f.suggestion and f.status in FAILING:
                        print(f"      Förslag: {f.suggestion}")
            print()
        warnings = sum(1 for r in reports for f in r.problems if f.status not in FAILING)
        print(
            f"{len(findings)} hänvisningar i {len(reports)} dokument: {len(failing)} fel, {warnings} varningar.",
            file=sys.stderr,
        )
    if failing and not args.varna:
        return 1
    return 0


def add_lagrum(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lagrum",
        help="kontrollera dokumentens hänvisningar till lag",
        description="Hittar hänvisningar till lagar, föreskrifter, rättsfall och förarbeten i texten och i 'lagrum', "
        "och rapporterar upphävd lag, paragrafer som inte finns, okända lagar och tvetydiga förkortningar.",
    )
    p.add_argument("sokvagar", nargs="*", metavar="SÖKVÄG", help="filer eller mappar (standard: alla dokument)")
    p.add_argument("--json", action="store_true", help="skriv en JSON-lista med en post per hänvisning")
    p.add_argument("--varna", action="store_true", help="avsluta med status 0 även när fel hittas")
    p.set_defaults(func=cmd_lagrum)


def cmd_lagar(args: argparse.Namespace, config: Config) -> int:
    if args.lagar_kommando == "bygg":
        from kls.lagrum.build_registry import DATA_FILE, DEFAULT_SOURCE, build, dump, write_atomic

        data = build(Path(args.kalla) if args.kalla else DEFAULT_SOURCE)
        write_atomic(DATA_FILE, dump(data))
        print(f"Skrev {DATA_FILE}: {len(data['laws'])} författningar.")
        return 0
    if args.lagar_kommando == "uppdatera":
        from kls.lagrum.refresh import refresh_registry

        report = refresh_registry(dry_run=args.torrkorning, timeout=args.tidsgrans)
        for line in report.lines():
            print(line)
        return 0
    raise KlsError("Ange 'kls lagar bygg' eller 'kls lagar uppdatera'.")


def add_lagar(sub: argparse._SubParsersAction) -> None:
    from kls.cli import SwedishParser

    p = sub.add_parser(
        "lagar", help="lagregistret: bygg eller uppdatera", description="Lagregistret (scripts/kls/data/lagar.yaml)."
    )
    inner = p.add_subparsers(dest="lagar_kommando", metavar="KOMMANDO", parser_class=SwedishParser)
    bygg = inner.add_parser("bygg", help="bygg registret från lagfakta (../shared/lagar)")
    bygg.add_argument("--kalla", help="mapp med lagar_facts.yaml (standard: ../shared/lagar)")
    upp = inner.add_parser("uppdatera", help="uppdatera registret från Riksdagens öppna data (kräver nätverk)")
    upp.add_argument("--torrkorning", action="store_true", help="visa ändringarna men skriv inte registret")
    upp.add_argument("--tidsgrans", type=float, default=20.0, help="sekunder per anrop (standard 20)")
    p.set_defaults(func=cmd_lagar, lagar_kommando=None)
