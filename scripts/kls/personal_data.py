"""Personal data guard: Swedish personal identity numbers and private e-mail addresses.

A personnummer (or samordningsnummer, whose day is increased by 60) is written with 10 or
12 digits, with or without a separator (`-`, or `+` for people aged 100 or more), and ends
in a Luhn check digit. A number is reported only when its date is a real calendar date and
its check digit is right, so dates, document ids, phone numbers, SFS numbers and
diarienummer are not mistaken for one.

An e-mail address is allowed only at the unit's own domains (from `kls.yml`: `enhet.epost`,
`enhet.webbplats` and the owners' contacts), at the domains and addresses listed under
`personuppgifter.tillatna_epostdomaner` / `tillatna_epostadresser` in `kls.yml`, or at the
reserved example domains (RFC 2606). Anything else may be a private person's address.

Findings are errors in documents published on the public site and warnings in internal ones.
A line that only looks like a personal number is marked with `<!-- kls: ej-personnummer -->`
at its end (in front matter: a YAML comment `# kls: ej-personnummer`); the marker silences
every personal data finding on that line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kls import frontmatter
from kls.config import Config
from kls.corpus import Corpus
from kls.errors import ERROR, WARNING, Problem
from kls.model import Document

# 12 digits (century first) or 10 digits; optional separator before the last four.
_PNR = re.compile(
    r"(?<![\w.:/\-+–])"  # not glued to other digits, words, SFS-style "2025:", dates or paths
    r"(?P<century>(?:18|19|20))?(?P<date>\d{6})(?P<sep>[-+–]?)(?P<tail>\d{4})"
    r"(?![\w:/]|[-–.]\d)"
)
_EMAIL = re.compile(r"(?<![\w.%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,})\b")
_PHONE_CONTEXT = re.compile(r"(?i)(tel|telefon|mobil|mobilnummer|ring|fax|sms|växel|nummer)\b[^\n]{0,12}$")
_DIGITS = re.compile(r"\d{10}|\d{6}[-+–]\d{4}")
_FALSE_POSITIVE = re.compile(r"(?:<!--\s*kls:\s*ej-personnummer\s*-->|#\s*kls:\s*ej-personnummer)\s*$")
RESERVED_DOMAINS = ("example.com", "example.org", "example.net", "example", "test", "invalid", "localhost")
MARKER = "<!-- kls: ej-personnummer -->"
MAX_PER_DOCUMENT = 50


@dataclass(frozen=True)
class Finding:
    """One suspected piece of personal data on a line (1-based)."""

    line: int
    kind: str  # "personnummer", "samordningsnummer" or "e-post"
    text: str


def luhn_ok(digits: str) -> bool:
    """The Luhn check over a 10-digit number (weights 2,1,2,1,…)."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def classify(century: str | None, date: str, tail: str, today: dt.date | None = None) -> str | None:
    """`personnummer`, `samordningsnummer` or None for a candidate's digit groups."""
    if not luhn_ok(date + tail):
        return None
    yy, month, day = int(date[:2]), int(date[2:4]), int(date[4:6])
    kind = "personnummer"
    if 61 <= day <= 91:
        kind, day = "samordningsnummer", day - 60
    if not 1 <= month <= 12:
        return None
    today = today or dt.date.today()
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
    years = [y for y in years if 1870 <= y <= today.year]
    if not any(_real_date(y, month, day) for y in years):
        return None
    return kind


def find_personal_numbers(line: str, today: dt.date | None = None) -> Iterator[tuple[str, str]]:
    """(kind, matched text) for each valid-looking personal identity number in `line`."""
    for match in _PNR.finditer(line):
        if not match["century"] and not match["sep"] and _PHONE_CONTEXT.search(line[max(0, match.start() - 30) : match.start()]):
            continue  # "tel. 0701234567": ten bare digits after a phone word are a phone number
        kind = classify(match["century"], match["date"], match["tail"], today)
        if kind:
            yield kind, match.group(0)


@dataclass(frozen=True)
class EmailPolicy:
    """Which e-mail addresses may be published."""

    domains: frozenset[str]
    addresses: frozenset[str]

    def allowed(self, address: str) -> bool:
        address = address.lower()
        if address in self.addresses:
            return True
        domain = address.rsplit("@", 1)[-1]
        return any(domain == d or domain.endswith("." + d) for d in (*self.domains, *RESERVED_DOMAINS))


def _domain_of(value: object) -> str | None:
    text = str(value or "").strip().lower()
    if "@" in text:
        return text.rsplit("@", 1)[1] or None
    match = re.match(r"^(?:https?://)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})", text)
    return match[1] if match else None


def email_policy(config: Config) -> EmailPolicy:
    """Allowed domains and addresses from `kls.yml`."""
    domains: set[str] = set()
    for value in (config.unit.get("epost"), config.unit.get("webbplats"), *(o.contact for o in config.owners)):
        domain = _domain_of(value)
        if domain:
            domains.add(domain)
    settings = config.extra.get("personuppgifter")
    addresses: set[str] = set()
    if isinstance(settings, dict):
        for item in settings.get("tillatna_epostdomaner") or []:
            domain = str(item).strip().lower().lstrip("@")
            if domain:
                domains.add(domain)
        addresses = {str(a).strip().lower() for a in settings.get("tillatna_epostadresser") or [] if str(a).strip()}
    return EmailPolicy(frozenset(domains), frozenset(addresses))


def find_emails(line: str, policy: EmailPolicy) -> Iterator[str]:
    """E-mail addresses on `line` that the policy does not allow."""
    for match in _EMAIL.finditer(line):
        address = match.group(0)
        if not policy.allowed(address):
            yield address


def scan_lines(lines: Iterable[tuple[int, str]], policy: EmailPolicy, today: dt.date | None = None) -> Iterator[Finding]:
    """Personal data findings in (line number, text) pairs, honouring the false-positive marker."""
    for number, line in lines:
        if _FALSE_POSITIVE.search(line):
            continue
        if "@" not in line and not _DIGITS.search(line):
            continue
        for kind, text in find_personal_numbers(line, today):
            yield Finding(number, kind, text)
        if "@" in line:
            for address in find_emails(line, policy):
                yield Finding(number, "e-post", address)


def document_lines(doc: Document) -> list[tuple[int, str]]:
    """Every line of the file (front matter included) with its 1-based number."""
    try:
        text = frontmatter.decode(doc.path.read_bytes())
    except (OSError, UnicodeDecodeError):
        return doc.body_lines()
    return list(enumerate(text.split("\n"), start=1))


def _message(finding: Finding, public: bool) -> str:
    where = "publiceras på den publika webbplatsen" if public else "finns i ett internt dokument"
    if finding.kind == "e-post":
        return (
            f"e-postadressen '{finding.text}' ser ut att tillhöra en privatperson och {where}; "
            "skriv enhetens funktionsadress, eller lägg domänen under personuppgifter.tillatna_epostdomaner i kls.yml"
        )
    return (
        f"'{finding.text}' ser ut som ett {finding.kind} och {where}; ta bort det, "
        f"eller skriv {MARKER} sist på raden om det inte är ett {finding.kind}"
    )


def check_personal_data(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Personal identity numbers and private e-mail addresses: errors when public, else warnings."""
    policy = email_policy(corpus.config)
    for doc in corpus.all:
        if not doc.readable:
            continue
        severity = ERROR if doc.public else WARNING
        for shown, finding in enumerate(scan_lines(document_lines(doc), policy, today), start=1):
            if shown > MAX_PER_DOCUMENT:
                message = f"fler än {MAX_PER_DOCUMENT} möjliga personuppgifter; resten visas inte"
                yield Problem(doc.display, finding.line, severity, message)
                break
            yield Problem(doc.display, finding.line, severity, _message(finding, doc.public))
