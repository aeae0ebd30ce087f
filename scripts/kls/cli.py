"""The `kls` command line: Swedish verbs over the document model.

kls validera   check every document
kls bygg       build the public and the staff site
kls visa       serve one site locally while editing
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kls.config import Config, ConfigError, load_config
from kls.errors import KlsError, UsageError, os_error_sv

_ARGPARSE_SV = {
    "usage: ": "användning: ",
    "the following arguments are required": "följande argument krävs",
    "unrecognized arguments": "okända argument",
    "invalid choice": "ogiltigt val",
    "expected one argument": "väntade ett värde",
    "invalid int value": "ogiltigt heltal",
    "argument ": "argument ",
    "choose from": "välj bland",
    "ambiguous option": "tvetydig flagga",
    "could match": "kan betyda",
    "not allowed with argument": "får inte användas tillsammans med",
}


class SwedishParser(argparse.ArgumentParser):
    """argparse with Swedish error text and exit status 2, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, swedish in _ARGPARSE_SV.items():
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "användning:")

    def format_help(self) -> str:
        text = super().format_help()
        return (
            text.replace("usage:", "användning:")
            .replace("positional arguments:", "argument:")
            .replace("options:", "flaggor:")
            .replace("show this help message and exit", "visa den här hjälpen och avsluta")
        )


# Dates given on the command line stay well inside `datetime.date`'s range, so that date
# arithmetic (a 30-day look-back, a 10-year window, review intervals) can never overflow.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)


def iso_date(value: str) -> dt.date:
    """argparse type for `YYYY-MM-DD`, between MIN_DATE and MAX_DATE."""
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum '{value}', skriv ÅÅÅÅ-MM-DD") from None
    if not MIN_DATE <= date <= MAX_DATE:
        raise argparse.ArgumentTypeError(
            f"datumet '{value}' ligger utanför det som går att använda ({MIN_DATE.year}–{MAX_DATE.year})"
        )
    return date


def today_from(args: argparse.Namespace) -> dt.date:
    return getattr(args, "per", None) or dt.date.today()


# --- kls validera -------------------------------------------------------------------------


def cmd_validera(args: argparse.Namespace, config: Config) -> int:
    from kls.corpus import docs_files, load_corpus
    from kls.validate import validate

    # Named files and folders are checked against the whole corpus (links, ids), but only
    # their own problems are reported.
    named = docs_files(config, args.filer) if args.filer else None
    corpus = load_corpus(config, extra=named)
    problems = validate(corpus, today_from(args))
    checked = f"{len(corpus.documents)} dokument"
    if named is not None:
        wanted = set(named)
        shown = {doc.display for doc in corpus.all if doc.path in wanted}
        problems = [p for p in problems if p.path in shown]
        files = sum(doc.path in wanted for doc in corpus.all)  # documents and other pages (docs/om/ …)
        checked = "1 fil" if files == 1 else f"{files} filer"
    for problem in problems:
        print(problem.format())
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    verb = "kontrollerad" if checked == "1 fil" else "kontrollerade"
    print(f"{checked} {verb}: {errors} fel, {warnings} varningar.", file=sys.stderr)
    return 1 if errors else 0


def add_validera(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validera", help="kontrollera alla dokument", description="Kontrollerar front matter, datum, id, länkar och mappar."
    )
    p.add_argument("filer", nargs="*", help="bara dessa filer eller mappar under docs/ (standard: alla)")
    p.add_argument("--per", type=iso_date, help="dagens datum för kontrollen (ÅÅÅÅ-MM-DD)")
    p.set_defaults(func=cmd_validera)


# --- kls bygg -------------------------------------------------------------------------------


def cmd_bygg(args: argparse.Namespace, config: Config) -> int:
    from kls.build import build_sites, check_before_build
    from kls.corpus import load_corpus
    from kls.site import SITES

    today = today_from(args)
    out = output_dir(Path(args.utdata)) if args.utdata else config.root / "site"
    sites = tuple(s for s in SITES if s == args.webbplats) if args.webbplats else SITES
    check_targets(out, sites, config)
    corpus = load_corpus(config)
    for line in check_before_build(config, today, corpus):
        print(line, file=sys.stderr)
    results = build_sites(config, out, today, sites, corpus=corpus)
    for result in results:
        print(f"Byggde {result.site}: {result.path} ({result.seconds:.1f} s)")
    return 0


def output_dir(path: Path) -> Path:
    """`--utdata` for `kls bygg`: an existing folder, or a new one created here (with parents)."""
    path = path.absolute()
    if path.exists() and not path.is_dir():
        raise UsageError(f"--utdata '{path}' finns redan och är ingen mapp; ange en mapp för webbplatserna")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".kls-skrivtest"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"kan inte använda mappen '{path}' för --utdata: {os_error_sv(exc)}") from None
    return path.resolve()


SITE_MARK = "dokument.json"  # every site `kls bygg` makes has it (kls.site.SiteState.document_list)


def check_targets(out: Path, sites: tuple[str, ...], config: Config) -> None:
    """A build replaces `out/publik` and `out/intern` whole: refuse folders that are not sites from
    `kls bygg` (`--utdata ~` must not delete a folder named `intern`), and output inside docs/."""
    docs = config.docs_dir.resolve()
    if out == docs or docs in out.parents:
        raise UsageError(f"--utdata '{out}' ligger i dokumentmappen docs/; välj en mapp utanför den")
    for site in sites:
        target = out / site
        if target.is_dir() and any(target.iterdir()) and not (target / SITE_MARK).is_file():
            raise UsageError(
                f"mappen '{target}' finns redan och är ingen webbplats från kls bygg; den skrivs inte över. "
                "Ange en annan mapp med --utdata."
            )


def add_bygg(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bygg",
        help="bygg den publika och den interna webbplatsen",
        description="Validerar och bygger site/publik/ och site/intern/.",
    )
    p.add_argument("--utdata", help="mapp för webbplatserna (standard: site/)")
    p.add_argument("--webbplats", choices=["publik", "intern"], help="bygg bara den ena")
    p.add_argument("--per", type=iso_date, help="byggdatum för revisionsläget (ÅÅÅÅ-MM-DD)")
    p.set_defaults(func=cmd_bygg)


# --- kls visa --------------------------------------------------------------------------------


# From this many documents `kls visa` suggests `--snabb` (a full rebuild takes about 7 s at 750).
SUGGEST_FAST_FROM = 200


def cmd_visa(args: argparse.Namespace, config: Config) -> int:
    from kls.build import check_before_build, site_env
    from kls.corpus import load_corpus

    today = dt.date.today()
    corpus = load_corpus(config)
    for line in check_before_build(config, today, corpus):
        print(line, file=sys.stderr)
    if not args.snabb and len(corpus.documents) >= SUGGEST_FAST_FROM:
        print(
            f"Tips: med {len(corpus.documents)} dokument tar varje ombygge några sekunder; "
            "kls visa --snabb bygger bara om de dokument vars text du ändrar.",
            file=sys.stderr,
        )
    site = "publik" if args.publik else "intern"
    print(f"Visar {site} webbplats på http://{args.adress}/ (avsluta med Ctrl+C)", file=sys.stderr)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(config.root / "mkdocs.yml"),
        "--dev-addr",
        args.adress,
    ]
    if args.snabb:  # kls.preview: only changed documents are built again
        command.append("--dirty")
        print(
            "Snabb förhandsvisning: när du ändrar texten i ett dokument byggs bara det om. Ändras front matter, "
            "filer läggs till eller tas bort, eller kls.yml, mkdocs.yml eller mallarna ändras, byggs allt om; "
            "först då uppdateras sökningen.",
            file=sys.stderr,
        )
    try:
        return subprocess.call(command, cwd=config.root, env=site_env(site, today))
    except KeyboardInterrupt:
        return 0


def add_visa(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "visa",
        help="visa webbplatsen lokalt medan du skriver",
        description="Startar en lokal server som bygger om vid ändringar.",
    )
    p.add_argument("--publik", action="store_true", help="visa den publika webbplatsen (standard: personalens)")
    p.add_argument("--adress", default="127.0.0.1:8000", help="värd:port (standard 127.0.0.1:8000)")
    p.add_argument(
        "--snabb",
        action="store_true",
        help="bygg bara om de dokument vars text ändrats (sökningen uppdateras först när allt byggs om)",
    )
    p.set_defaults(func=cmd_visa)


# --- kls revision ----------------------------------------------------------------------------


def cmd_revision(args: argparse.Namespace, config: Config) -> int:
    from kls.revision_cli import run

    return run(args, config)


def add_revision(sub: argparse._SubParsersAction) -> None:
    from kls.config import DOC_TYPES
    from kls.review import DEFAULT_WINDOW_DAYS
    from kls.revision_cli import window_days
    from kls.revision_format import FORMATS

    p = sub.add_parser(
        "revision",
        help="visa vilka dokument som ska revideras (inför APT)",
        description="Försenade, snart förfallande och nya eller ändrade dokument, per ägare.",
    )
    p.add_argument("--per", type=iso_date, metavar="ÅÅÅÅ-MM-DD", help="rapportdatum (standard: i dag)")
    p.add_argument(
        "--inom",
        type=window_days,
        default=DEFAULT_WINDOW_DAYS,
        metavar="DAGAR",
        help="förfaller inom så många dagar (standard 60)",
    )
    p.add_argument(
        "--sedan",
        type=iso_date,
        metavar="ÅÅÅÅ-MM-DD",
        help="nya och ändrade: fastställda från och med detta datum (standard: 30 dagar före rapportdatumet)",
    )
    p.add_argument("--ägare", dest="agare", metavar="TEXT", help="bara ägare vars roll innehåller TEXT")
    p.add_argument("--område", dest="omrade", metavar="SLUG", help="bara ett område, t.ex. barn-och-unga")
    p.add_argument("--typ", choices=list(DOC_TYPES), help="bara en dokumenttyp")
    p.add_argument("--format", choices=FORMATS, help="text (standard), markdown, csv, xlsx, ics eller json")
    p.add_argument("--utdata", metavar="FIL", help="skriv till FIL (formatet kan tas från filändelsen)")
    p.add_argument("--strikt", action="store_true", help="slutstatus 1 om något dokument är försenat (för CI)")
    p.set_defaults(func=cmd_revision)


def add_importera(sub: argparse._SubParsersAction) -> None:
    from kls.word.cli import add_importera as add

    add(sub)


def add_lagrum(sub: argparse._SubParsersAction) -> None:
    from kls.lagrum.cli import add_lagar
    from kls.lagrum.cli import add_lagrum as add

    add(sub)
    add_lagar(sub)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_validera,
    add_bygg,
    add_visa,
    add_revision,
    add_importera,
    add_lagrum,
]


# `kls NAME …` builds only NAME's subparser, so one command does not import every other
# command's modules (Word import, Excel …) just to parse its arguments.
COMMAND_NAMES: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "validera": add_validera,
    "bygg": add_bygg,
    "visa": add_visa,
    "revision": add_revision,
    "importera": add_importera,
    "lagrum": add_lagrum,
    "lagar": add_lagrum,
}


def command_name(argv: Sequence[str]) -> str | None:
    """The command word in `argv` when only `--rot DIR` precedes it, else None."""
    args = list(argv)
    index = 0
    while index < len(args) and (args[index] == "--rot" or args[index].startswith("--rot=")):
        index += 2 if args[index] == "--rot" else 1
    return args[index] if index < len(args) and not args[index].startswith("-") else None


def build_parser(command: str | None = None) -> SwedishParser:
    """The whole command line, or (given a known `command`) just that command's part of it."""
    parser = SwedishParser(prog="kls", description="KLS-webb: verktyg för ledningssystemets dokument.")
    parser.add_argument("--rot", help="projektmapp med kls.yml (standard: sök uppåt från aktuell mapp)")
    sub = parser.add_subparsers(dest="kommando", metavar="KOMMANDO", parser_class=SwedishParser)
    only = COMMAND_NAMES.get(command or "")
    for add in [only] if only in COMMANDS else COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(command_name(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        config = load_config(Path(args.rot) if args.rot else None)
        return int(args.func(args, config) or 0)
    except ConfigError as exc:
        print(exc, file=sys.stderr)  # already `kls.yml:RAD: fel: …` lines
        return exc.exit_code
    except KlsError as exc:
        print(f"kls: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        print("kls: avbrutet", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a read-only folder …: Swedish text, not "internt fel"
        where = f" '{exc.filename}'" if exc.filename else ""
        print(f"kls: fel: kan inte läsa eller skriva{where}: {os_error_sv(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # last line of defence: never show a traceback to users
        if os.environ.get("KLS_DEBUG"):
            raise
        print(f"kls: internt fel ({type(exc).__name__}: {exc}). Kör med KLS_DEBUG=1 för detaljer.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
