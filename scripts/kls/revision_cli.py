"""`kls revision`: the revision report before the workplace meeting (APT), on the command line.

The options are declared in `kls.cli.add_revision`; this module checks them against the
configuration, builds the report and writes it in the chosen format.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from pathlib import Path

from kls.config import Config
from kls.corpus import load_corpus
from kls.errors import os_error_sv
from kls.revision import MAX_WINDOW_DAYS, Filters, build_report
from kls.revision_format import FORMATS, SUFFIXES, options_from_config, render, summary

PROG = "kls revision"


def _usage_error(message: str) -> int:
    print(f"{PROG}: fel: {message}", file=sys.stderr)
    return 2


def window_days(value: str) -> int:
    """argparse type for `--inom`: whole days, 0 to 3650."""
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt antal dagar '{value}', skriv ett heltal, t.ex. 60") from None
    if not 0 <= days <= MAX_WINDOW_DAYS:
        raise argparse.ArgumentTypeError(f"antal dagar ska vara mellan 0 och {MAX_WINDOW_DAYS}, inte {days}")
    return days


def choose_format(args: argparse.Namespace) -> str | None:
    """`--format`, else from the `--utdata` suffix, else text; None when the suffix is unknown."""
    if args.format:
        return args.format
    if args.utdata:
        suffix = Path(args.utdata).suffix.lower().lstrip(".")
        return SUFFIXES.get(suffix) if suffix else "text"
    return "text"


def run(args: argparse.Namespace, config: Config) -> int:
    today: dt.date = args.per or dt.date.today()
    if args.sedan and args.sedan > today:
        return _usage_error(f"--sedan {args.sedan} ligger efter rapportdatumet {today}")
    if args.omrade and args.omrade not in config.areas:
        return _usage_error(f"okänt område '{args.omrade}'; välj bland: {', '.join(config.areas)}")
    fmt = choose_format(args)
    if fmt is None:
        return _usage_error(f"kan inte avgöra formatet av filnamnet '{args.utdata}'; ange --format {'|'.join(FORMATS)}")
    out = Path(args.utdata) if args.utdata else None
    if out is not None and not out.parent.is_dir():
        return _usage_error(f"mappen '{out.parent}' för --utdata finns inte")
    if out is not None and out.is_dir():
        suffix = next((k for k, v in SUFFIXES.items() if v == fmt), "txt")
        return _usage_error(f"--utdata '{out}' är en mapp; ange en fil, t.ex. {out / ('revision.' + suffix)}")
    if out is None and fmt == "xlsx" and sys.stdout.isatty():
        return _usage_error("xlsx skrivs till en fil: ange --utdata FIL, t.ex. --utdata revision.xlsx")

    corpus = load_corpus(config)
    if args.agare:
        owners = {*config.owner_roles, *(d.owner for d in corpus.documents if d.owner)}
        if not any(args.agare.casefold() in owner.casefold() for owner in owners):
            return _usage_error(f"ingen ägare matchar '{args.agare}'; välj bland: {', '.join(config.owner_roles)}")
    unreadable = [d for d in corpus.documents if not d.readable]
    if unreadable:
        print(
            f"{PROG}: varning: {len(unreadable)} dokument kan inte läsas och saknas i rapporten "
            f"(först {unreadable[0].display}); kör 'kls validera'.",
            file=sys.stderr,
        )
    report = build_report(
        corpus.documents,
        today,
        window_days=args.inom,
        since=args.sedan,
        filters=Filters(owner=args.agare, area=args.omrade, doc_type=args.typ),
    )
    options = options_from_config(config)
    result = render(report, fmt, options)
    data = result if isinstance(result, bytes) else result.encode("utf-8")
    if out is not None:
        try:
            out.write_bytes(data)
        except OSError as exc:
            return _usage_error(f"kan inte skriva '{out}': {os_error_sv(exc)}")
        print(f"Skrev {out} ({fmt}). {summary(report)}", file=sys.stderr)
    elif isinstance(result, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(result)
        sys.stdout.buffer.flush()
    else:
        with contextlib.suppress(AttributeError, ValueError):
            sys.stdout.reconfigure(errors="replace")  # a Windows console code page never crashes the report
        sys.stdout.write(result)
    return 1 if args.strikt and report.has_overdue else 0
