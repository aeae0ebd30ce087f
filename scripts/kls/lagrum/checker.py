"""Check legal references in documents against the law registry.

For each reference (in the body text and in the `lagrum` front matter) the checker says whether
the law is in force, whether the chapter and sections exist in the law number actually given,
and, for the old socialtjänstlag (2001:453), where the provision went in 2025:400. Uncertain
registry facts give warnings, never errors. Also: `lagrum` entries the text never mentions and
laws the text relies on that `lagrum` lacks (warnings).

Statuses: ok, repealed, unknown_law, unknown_provision, ambiguous. `repealed`,
`unknown_provision` and `ambiguous` are errors.

A section range written backwards ('9–1 §§') is `ambiguous` (an error, like sections cited
without the chapter they need): which sections are meant cannot be known, so they are not
checked; what is wrong with the rest of the citation (a repealed law, a missing chapter) is
added to the same finding.

A chapter range ('3–5 kap. SoL') is checked like a single chapter, for every chapter it covers
(`Reference.chapters`): any that does not exist is an error naming those chapters; where the
registry's structure of the law is incomplete, a warning, as for one chapter. A repealed law is
reported as repealed whatever the range. Written backwards ('5–3 kap.') it is one `ambiguous`
error like a reversed section range, with what is wrong with the law added.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kls.corpus import Corpus
from kls.errors import ERROR, WARNING, Problem
from kls.lagrum.parser import Parser, Reference, parse_one
from kls.lagrum.registry import Law, Registry, format_sections, load_registry
from kls.model import Document

OK, REPEALED, UNKNOWN_LAW, UNKNOWN_PROVISION, AMBIGUOUS = "ok", "repealed", "unknown_law", "unknown_provision", "ambiguous"
FAILING = {REPEALED, UNKNOWN_PROVISION, AMBIGUOUS}
JSON_FIELDS = ("file", "line", "text", "kind", "sfs", "chapter", "chapters", "sections", "status", "message", "suggestion")

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


@dataclass
class Finding:
    """One checked reference, with where it is and what is wrong (if anything)."""

    file: str
    line: int
    text: str
    kind: str
    sfs: str | None
    chapter: str | None
    sections: list[str]
    status: str
    message: str
    suggestion: str | None
    severity: str | None = None  # 'fel', 'varning' or None
    notes: list[str] = field(default_factory=list)  # extra warnings (uncertain facts, lagrum mismatches)
    in_front_matter: bool = False
    law: Law | None = None
    reference: Reference | None = None

    @property
    def chapters(self) -> list[str]:
        """Every chapter cited: all of a range ('3–5 kap.': 3, 4, 5), else the one chapter, else none."""
        if self.reference is not None and self.reference.chapters:
            return list(self.reference.chapters)
        return [self.chapter] if self.chapter else []

    def as_json(self) -> dict[str, object]:
        message = " ".join([self.message, *self.notes]).strip()
        values = {**self.__dict__, "message": message, "chapters": self.chapters}
        return {key: values[key] for key in JSON_FIELDS}


@dataclass
class DocumentReport:
    """All findings of one document."""

    document: Document
    findings: list[Finding]

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity]


def _blank(text: str, start: int, end: int, out: list[str]) -> None:
    """Replace text[start:end] in `out` (a list of characters) by spaces, keeping newlines."""
    for i in range(start, end):
        if out[i] != "\n":
            out[i] = " "


_BACKTICKS = re.compile(r"`+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _mask_code_spans(text: str, out: list[str]) -> None:
    """Blank code spans in linear time: a run of n backticks closes at the next run of exactly n
    backticks in the same paragraph (a naive regex is quadratic on unmatched backticks)."""
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    pending: dict[int, int] = {}
    paragraph = 0
    for match in _BACKTICKS.finditer(text):
        while paragraph < len(breaks) and breaks[paragraph] < match.start():
            paragraph += 1
            pending.clear()
        length = match.end() - match.start()
        opener = pending.get(length)
        if opener is None:
            pending[length] = match.start()
        else:
            _blank(text, opener, match.end(), out)
            pending.clear()


def _mask_pairs(text: str, opening: str, closing: str, out: list[str]) -> None:
    """Blank every `opening … closing` pair in O(n log n), whatever the input."""
    closes = [m.start() for m in re.finditer(re.escape(closing), text)]
    if not closes:
        return
    position = 0
    while True:
        start = text.find(opening, position)
        if start < 0:
            return
        index = bisect.bisect_left(closes, start + len(opening))
        if index == len(closes):
            return
        end = closes[index] + len(closing)
        _blank(text, start, end, out)
        position = end


def mask_code(text: str) -> str:
    """Fenced code, code spans, macros and HTML comments replaced by spaces (same offsets)."""
    if "```" in text or "~~~" in text:
        lines: list[str] = []
        fence: str | None = None
        for line in text.split("\n"):
            match = _FENCE.match(line)
            if fence is None and match:
                fence = match.group(1)[0] * 3
                lines.append(" " * len(line))
            elif fence is not None:
                if line.strip().startswith(fence):
                    fence = None
                lines.append(" " * len(line))
            else:
                lines.append(line)
        text = "\n".join(lines)
    if "`" not in text and "{" not in text and "<!--" not in text:
        return text
    out = list(text)
    if "`" in text:
        _mask_code_spans(text, out)
    for opening, closing in (("{{", "}}"), ("{%", "%}"), ("<!--", "-->")):
        if opening in text:
            _mask_pairs(text, opening, closing, out)
    return "".join(out)


# --- one reference ----------------------------------------------------------------------------------


def _names(laws: Iterable[Law]) -> str:
    parts = []
    for law in laws:
        extra = f", upphävd {law.repealed_on.isoformat()}" if law.repealed and law.repealed_on else ""
        parts.append(f"{law.short_name}{extra}")
    return " eller ".join(parts)


def _provision_text(chapter: str | None, sections: list[str]) -> str:
    secs = format_sections(sections)
    if chapter and secs:
        return f"{chapter} kap. {secs}"
    return f"{chapter} kap." if chapter else secs


def _chapters_text(chapters: list[str]) -> str:
    """['36'] → '36'; ['36', '37'] → '36 och 37'; ['36', …, '40'] → '36–40'; ['3', '5', '7'] → '3, 5 och 7'
    (before ' kap.')."""
    if len(chapters) == 1:
        return chapters[0]
    numbers = [int(c) for c in chapters if c.isdigit()]
    if len(chapters) > 2 and len(numbers) == len(chapters) and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{chapters[0]}–{chapters[-1]}"
    return f"{', '.join(chapters[:-1])} och {chapters[-1]}"


def _missing_sections(law: Law, chapter: str | None, sections: list[str]) -> tuple[list[str], list[str]]:
    """(missing, unknowable) sections of `law`."""
    missing, unknown = [], []
    for section in sections:
        exists = law.has_section(chapter, section)
        if exists is False:
            missing.append(section)
        elif exists is None:
            unknown.append(section)
    return missing, unknown


def successor_text(registry: Registry, chapter: str | None, sections: list[str]) -> tuple[str | None, bool]:
    """Where old SoL provisions went: ('20 kap. 1–2 §§ socialtjänstlag (2025:400)', certain)."""
    from kls.lagrum.registry import Successor

    new = registry.law(registry.successor_map.get("to"))
    name = new.short_name if new else "socialtjänstlag (2025:400)"
    curated: list[tuple[str, str, str | None]] = []
    texts: list[str] = []
    certain = True
    for section in sections or []:
        successor = registry.successor(chapter, section)
        if successor is None or not successor.targets:
            if registry.repealed_before_successor(chapter, section):
                texts.append(f"{chapter} kap. {section} § upphävdes före 2025 och har ingen motsvarighet")
            certain = False
        elif successor.curated:
            curated += [t for t in successor.targets if t not in curated]
        else:
            certain = False
            texts.append(
                f"möjligen {successor.text()} (automatisk textjämförelse, säkerhet: {_confidence(successor.confidence)})"
            )
    if curated:
        texts.insert(0, Successor(tuple(curated), True, "curated").text())
    if not texts:
        return None, False
    return f"{'; '.join(dict.fromkeys(texts))} {name}", certain


def _confidence(value: str) -> str:
    return {"high": "hög", "medium": "medel", "low": "låg"}.get(value, value)


def check_reference(ref: Reference, registry: Registry) -> tuple[str, str, str | None, str | None, list[str]]:
    """(status, message, suggestion, severity, notes) for one reference."""
    notes: list[str] = []
    if ref.kind in ("case", "preparatory"):
        what = "Rättsfall" if ref.kind == "case" else "Förarbete"
        return OK, f"{what} ({ref.number}); kontrolleras inte mot lagregistret.", None, None, notes
    if ref.reversed_ranges or ref.reversed_chapters:
        return _reversed_range(ref, registry)
    law = ref.law
    provision = _provision_text(ref.chapter_label, ref.sections)
    if law is None:
        if ref.how == "no-date" or (ref.how == "none" and ref.candidates):
            candidates = list(ref.candidates)
            message = (
                f"'{_alias(ref)}' kan betyda {_names(candidates)}. Dokumentet saknar ett giltigt fastställt-datum, "
                "så det går inte att avgöra vilken lag som avses."
            )
            suggestion = _ambiguous_suggestion(ref, registry, candidates)
            return AMBIGUOUS, message, suggestion, ERROR, notes
        if ref.number and ref.number in registry.amending_acts:
            base = registry.law(registry.amending_acts[ref.number])
            name = base.short_name if base else registry.amending_acts[ref.number]
            return (
                OK,
                f"{ref.number} är en ändringsförfattning till {name}; hänvisa hellre till grundförfattningen.",
                name,
                WARNING,
                notes,
            )
        if ref.number:
            return (
                UNKNOWN_LAW,
                f"{ref.number} finns inte i lagregistret; status och paragrafer kan inte kontrolleras.",
                None,
                WARNING,
                notes,
            )
        return UNKNOWN_LAW, "Det framgår inte vilken lag som avses; skriv ut lagens namn eller nummer.", None, WARNING, notes
    notes += list(law.warnings)
    where = f"{provision} {law.short_name}".strip()
    context = ""
    if ref.source == "document":
        context = f" (lagen antagen utifrån tidigare i dokumentet: {law.short_name})"
    elif ref.how in ("date",) and ref.law_text:
        context = f" ('{_alias(ref)}' tolkad som {law.short_name} utifrån fastställt-datum)"
    if law.repealed:
        successor = registry.law(law.repealed_by) if law.repealed_by else None
        successor_name = successor.short_name if successor else law.repealed_by
        if law.status_uncertain or law.repealed_by_uncertain:
            message = f"{where}: " + (law.warnings[0] if law.warnings else "uppgiften om upphävande är osäker.")
            return OK, message, successor_name, WARNING, notes[1:] if law.warnings else notes
        date = f" sedan {law.repealed_on.isoformat()}" if law.repealed_on else ""
        message = f"{law.short_name} är upphävd{date}"
        message += f" och ersatt av {successor_name}." if successor_name else "."
        suggestion = successor_name
        if law.number == registry.successor_map.get("from") and ref.sections:
            mapped, certain = successor_text(registry, ref.chapter, ref.sections)
            if mapped:
                message += f" {provision} motsvaras {'av' if certain else 'enligt en ofullständig kartläggning av'} {mapped}."
                suggestion = mapped
            else:
                message += (
                    f" Ingen motsvarighet till {provision} finns i kartläggningen; se författningskommentaren i prop. 2024/25:89."
                )
        return REPEALED, message + context, suggestion, ERROR, notes
    # in force: does the provision exist in the law number given?
    if ref.chapter_missing:
        return (
            AMBIGUOUS,
            f"{format_sections(ref.sections)} {law.short_name}: kapitel saknas, så det går inte att avgöra "
            "vilken paragraf som avses.",
            None,
            ERROR,
            notes,
        )
    if ref.chapter is not None and ref.sections and not law.chaptered and law.kind != "eu" and law.structure_complete:
        return UNKNOWN_PROVISION, f"{law.short_name} har inga kapitel; '{provision}' finns inte.", None, ERROR, notes
    if ref.chapter is not None and not ref.sections:
        chapters = ref.chapters or (ref.chapter,)
        exists = {chapter: law.has_chapter(chapter) for chapter in chapters}
        missing = [chapter for chapter in chapters if exists[chapter] is False]
        if missing:
            gone = ref.chapter_label if len(missing) == len(chapters) else _chapters_text(missing)
            return UNKNOWN_PROVISION, f"{gone} kap. finns inte i {law.short_name}.{context}", None, ERROR, notes
        unknown = [chapter for chapter in chapters if exists[chapter] is None]
        if unknown:
            which = ref.chapter_label if len(unknown) == len(chapters) else _chapters_text(unknown)
            notes.append(f"{which} kap. kan inte kontrolleras: registrets uppgifter om {law.short_name} är ofullständiga.")
        return OK, f"{where} gäller.{context}", None, WARNING if notes else None, notes
    if ref.sections:
        missing, unknowable = _missing_sections(law, ref.chapter, ref.sections)
        if missing:
            gone = _provision_text(ref.chapter, missing)
            message = f"{gone} finns inte i {law.short_name}.{context}"
            suggestion = None
            if any(f"{gone}" in r or _provision_text(ref.chapter, [m]) in r for m in missing for r in law.repealed_sections):
                message = f"{gone} {law.short_name} är upphävd eller har fått ny beteckning.{context}"
            predecessor = next((p for p in registry.laws if p.repealed_by == law.number and p.chaptered == law.chaptered), None)
            if predecessor is not None and all(predecessor.has_section(ref.chapter, m) for m in missing):
                message += f" {gone} fanns i {predecessor.short_name}"
                if predecessor.number == registry.successor_map.get("from"):
                    mapped, certain = successor_text(registry, ref.chapter, missing)
                    if mapped:
                        message += f" och motsvaras {'av' if certain else 'enligt en ofullständig kartläggning av'} {mapped}"
                        suggestion = mapped
                message += " – texten blandar troligen den nya lagens nummer med den gamla lagens paragrafer."
            return UNKNOWN_PROVISION, message, suggestion, ERROR, notes
        if unknowable:
            notes.append(
                f"{_provision_text(ref.chapter, unknowable)} kan inte kontrolleras: registrets paragraflista för "
                f"{law.short_name} är ofullständig."
            )
            uncertain = law.uncertain_chapters.get(ref.chapter or "")
            if uncertain:
                notes.append(uncertain + ".")
    message = f"{where} gäller.{context}" if provision else f"{law.short_name} gäller.{context}"
    suggestion = None
    old_meaning = _old_meaning(ref, law, registry)
    if old_meaning is not None:
        notes.append(old_meaning[0])
        suggestion = old_meaning[1]
    return OK, message, suggestion, WARNING if notes else None, notes


def _reversed_range(ref: Reference, registry: Registry) -> tuple[str, str, str | None, str | None, list[str]]:
    """'9–1 §§': one error naming the range as written and the range the other way round; the
    rest of the citation (law, chapter) is checked without the sections and any problem added.
    '5–3 kap.' likewise (without any chapter: only the law is checked)."""
    if ref.reversed_chapters is not None:
        text, first, last = ref.reversed_chapters
        message = f'Omvänt intervall "{text} kap.": första kapitlet är större än det sista (menades "{last}–{first} kap."?)'
        rest = replace(ref, chapter=None, chapters=(), reversed_chapters=None, sections=[], reversed_ranges=())
        status, other, _suggestion, _severity, notes = check_reference(rest, registry)
        if status != OK:
            notes.insert(0, other)
        return AMBIGUOUS, message, None, ERROR, notes
    written = " och ".join(f'"{text} §§"' for text, _first, _last in ref.reversed_ranges)
    meant = " och ".join(f'"{last}–{first} §§"' for _text, first, last in ref.reversed_ranges)
    if len(ref.reversed_ranges) == 1:
        message = f"Omvänt intervall {written}: första paragrafen är större än den sista (menades {meant}?)"
    else:
        message = f"Omvända intervall {written}: första paragrafen är större än den sista (menades {meant}?)"
    rest = replace(ref, sections=[], reversed_ranges=(), chapter_missing=False)
    status, other, _suggestion, _severity, notes = check_reference(rest, registry)
    if ref.chapter_missing:
        notes.insert(0, "Kapitel saknas också, så det går inte att avgöra vilka paragrafer som avses.")
    elif status != OK:
        notes.insert(0, other)
    return AMBIGUOUS, message, None, ERROR, notes


def _definite(law: Law) -> str:
    """'socialtjänstlag (2001:453)' → 'socialtjänstlagen (2001:453)' (as the name is used in a sentence)."""
    return re.sub(r"^(\w*lag) \(", r"\1en (", law.short_name)


def _old_meaning(ref: Reference, law: Law, registry: Registry) -> tuple[str, str] | None:
    """(warning, suggestion) for '11 kap. 1 § SoL' read as the new socialtjänstlag only because of
    the document's date: the provision exists in 2025:400, but under the same number the old law
    (2001:453) said something else, which a curated map row says is now elsewhere. The author may
    well have meant the old provision. Only curated rows count, never automatic matches."""
    if ref.how != "date" or not ref.sections or law.number != registry.successor_map.get("to"):
        return None
    old = registry.law(registry.successor_map.get("from"))
    if old is None:
        return None
    clauses: list[str] = []
    elsewhere: list[str] = []
    for section in ref.sections:
        moved = registry.moved(ref.chapter, section) if old.has_section(ref.chapter, section) else None
        if moved is None:
            continue
        provision = _provision_text(ref.chapter, [section])
        now = f"{moved.text()} {law.short_name}"
        topic = registry.topic(ref.chapter, section)
        if topic:
            clauses.append(f"i {_definite(old)} gällde {provision} {topic}, som nu finns i {now}")
        else:
            clauses.append(f"{provision} i {_definite(old)} handlade om något annat, som nu finns i {now}")
        elsewhere.append(now)
    if not clauses:
        return None
    warning = f"Kontrollera: {'; '.join(clauses)}. Skriv lagens nummer för att undvika missförstånd."
    suggestion = (
        f"{_provision_text(ref.chapter, ref.sections)} {law.short_name}; "
        f"avses den upphävda lagens paragraf: {' och '.join(elsewhere)}"
    )
    return warning, suggestion


def _alias(ref: Reference) -> str:
    text = ref.law_text or ref.text
    return re.sub(r"\s+", " ", text).strip()


def _ambiguous_suggestion(ref: Reference, registry: Registry, candidates: list[Law]) -> str | None:
    current = [c for c in candidates if not c.repealed]
    if not current:
        return None
    law = current[0]
    provision = _provision_text(ref.chapter_label, ref.sections)
    hint = f"Skriv ut lagens nummer, t.ex. '{provision + ' ' if provision else ''}{law.short_name}'"
    old = next((c for c in candidates if c.number == registry.successor_map.get("from")), None)
    if old is not None and ref.sections:
        mapped, _certain = successor_text(registry, ref.chapter, ref.sections)
        if mapped:
            hint += f"; avses {provision} i {old.short_name} motsvaras den av {mapped}"
    return hint + "."


# --- documents ------------------------------------------------------------------------------------


def _line_of_entry(doc: Document, entry: str, index: int, lines: list[str]) -> int:
    start = doc.line_of("lagrum")
    end = max(doc.body_line - 1, start)
    for number in range(start, min(end, len(lines)) + 1):
        if entry in lines[number - 1]:
            return number
    return start + 1 + index if start > 1 else start


def _finding(doc: Document, line: int, ref: Reference, registry: Registry, front: bool) -> Finding:
    status, message, suggestion, severity, notes = check_reference(ref, registry)
    sfs = ref.number if ref.kind in ("statute", "regulation", "eu") else None
    return Finding(
        file=doc.display,
        line=line,
        text=" ".join(ref.text.split()),
        kind=ref.kind,
        sfs=sfs,
        chapter=ref.chapter,
        sections=list(ref.sections),
        status=status,
        message=message,
        suggestion=suggestion,
        severity=severity,
        notes=notes,
        in_front_matter=front,
        law=ref.law,
        reference=ref,
    )


def _chapter_set(ref: Reference) -> set[str | None]:
    """The chapters a reference cites: a range's every chapter ('3–5 kap.'), else its one chapter."""
    return set(ref.chapters) if ref.chapters else {ref.chapter}


def _covers(body: Reference, entry: Reference) -> bool:
    """Whether a citation in the text mentions what a `lagrum` entry cites (the same law; a chapter
    in common, ranges included; a section in common when both name sections)."""
    if body.law is None or entry.law is None or body.law.id != entry.law.id:
        return False
    if entry.chapter is None and not entry.sections:
        return True
    if entry.chapter is not None and not (_chapter_set(body) & _chapter_set(entry)):
        return False
    if not entry.sections or not body.sections:
        return not entry.sections
    return bool(set(entry.sections) & set(body.sections))


def check_document(doc: Document, registry: Registry) -> DocumentReport:
    """Every reference in one document (front matter `lagrum` first, then the body)."""
    on = doc.approved
    findings: list[Finding] = []
    entry_refs: list[tuple[Finding, Reference]] = []
    entries = doc.lagrum
    lines: list[str] = []
    if entries:
        try:
            lines = doc.path.read_text(encoding="utf-8-sig").split("\n")
        except (OSError, UnicodeDecodeError):
            lines = []
    for index, entry in enumerate(entries):
        line = _line_of_entry(doc, entry, index, lines)
        refs = parse_one(entry, registry, on)
        if not refs:
            findings.append(
                Finding(doc.display, line, entry, "statute", None, None, [], UNKNOWN_LAW,
                        f"'lagrum'-posten '{entry}' känns inte igen som en hänvisning till lag eller föreskrift.",
                        None, WARNING, in_front_matter=True)
            )  # fmt: skip
            continue
        for ref in refs:
            finding = _finding(doc, line, ref, registry, True)
            findings.append(finding)
            entry_refs.append((finding, ref))
    context = [ref.law for _f, ref in entry_refs if ref.law is not None]
    parser = Parser(registry, on, context, [ref for _f, ref in entry_refs])
    body = mask_code(doc.body)
    body_refs = parser.parse(body)
    body_findings: list[Finding] = []
    line, counted = doc.body_line, 0
    for ref in body_refs:  # in text order: count the newlines since the previous reference
        if ref.start >= counted:
            line += body.count("\n", counted, ref.start)
        else:
            line = doc.body_line + body.count("\n", 0, ref.start)
        counted = ref.start
        body_findings.append(_finding(doc, line, ref, registry, False))
    # lagrum ↔ text
    by_law: dict[str, list[Reference]] = {}
    for b in body_refs:
        if b.law is not None:
            by_law.setdefault(b.law.id, []).append(b)
    for finding, ref in entry_refs:
        covered = ref.law is not None and any(_covers(b, ref) for b in by_law.get(ref.law.id, ()))
        if ref.kind in ("statute", "regulation", "eu") and ref.law is not None and not covered:
            finding.notes.append(f"'lagrum'-posten '{finding.text}' nämns inte i texten.")
            finding.severity = finding.severity or WARNING
    listed = {ref.law.id for _f, ref in entry_refs if ref.law is not None}
    warned: set[str] = set()
    for finding in body_findings:
        law = finding.law
        ref = finding.reference
        if law is None or ref is None or ref.kind not in ("statute", "regulation", "eu") or law.id in listed:
            continue
        if law.id in warned or (ref.whole_law and ref.kind != "regulation"):
            continue
        if law.repealed:
            continue  # the reference itself is the finding; 'lagrum' should name the successor, not this law
        warned.add(law.id)
        finding.notes.append(f"Texten hänvisar till {law.short_name}, men 'lagrum' saknar den.")
        finding.severity = finding.severity or WARNING
    findings += body_findings
    _once_per_law(findings)
    return DocumentReport(doc, findings)


def _once_per_law(findings: list[Finding]) -> None:
    """Show a law's uncertainty warnings once per document, not at every reference."""
    seen: set[str] = set()
    for finding in findings:
        law = finding.law
        if law is None or not law.warnings:
            continue
        if law.id in seen:
            finding.notes = [n for n in finding.notes if n not in law.warnings]
            if not finding.notes and finding.status == OK and finding.severity == WARNING:
                finding.severity = None
        seen.add(law.id)


def check_corpus(
    corpus: Corpus, registry: Registry | None = None, only: Iterable[Document] | None = None
) -> list[DocumentReport]:
    """Reports for all readable documents (or `only`)."""
    registry = registry or load_registry()
    docs = list(only) if only is not None else [d for d in corpus.documents if d.readable]
    return [check_document(doc, registry) for doc in docs]


def problems(reports: Iterable[DocumentReport]) -> list[Problem]:
    """Findings as validation problems: errors for failing statuses, warnings otherwise."""
    out: list[Problem] = []
    for report in reports:
        for f in report.problems:
            severity = ERROR if f.status in FAILING else WARNING
            text = " ".join([f.message, *f.notes]).strip()
            if f.suggestion and f.status in FAILING:
                text += f" Förslag: {f.suggestion}."
            out.append(Problem(f.file, f.line, severity, f"lagrum '{f.text}': {text}"))
    return out


def check_lagrum(corpus: Corpus, today: dt.date) -> list[Problem]:
    """`kls validera` check: law references in every document (unchanged ones from the build cache)."""
    from kls.build_cache import active_cache_dir
    from kls.lagrum.report_cache import cached_report  # imports this module

    registry = load_registry()
    cache = active_cache_dir(corpus.config.root)
    return problems(cached_report(doc, registry, cache) for doc in corpus.documents if doc.readable)
