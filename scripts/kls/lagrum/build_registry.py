"""Generate the law registry (`kls/data/lagar.yaml`) from the fact files in `../shared/lagar/`.

The product reads only its own registry file at run time; this script is how that file is
made, and it is deterministic (same input, same bytes). Run it after the fact files change:

    kls lagar bygg [--kalla ../shared/lagar]
    python -m kls.lagrum.build_registry ../shared/lagar

What it does, briefly:
- copies each statute / regulation with number, title, abbreviations, status, repeal date and
  successor, chapters → sections, repealed sections, temporal notes, sources and uncertainties;
- turns free-text status values ("in_force (last verified …)", "repealed (probable)") into a
  status plus a visible uncertainty mark, never a silent guess;
- adds the few structure corrections the fact file itself states in notes (e.g. sections added
  by later amendments), each marked uncertain with the note as reason;
- copies the old SoL → new SoL map: curated rows as facts, derived rows with their confidence
  (hints only), and provisions repealed before 2025 with no successor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from kls.errors import KlsError

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "lagar.yaml"
DEFAULT_SOURCE = Path(__file__).resolve().parents[3].parent / "shared" / "lagar"
FACTS = "lagar_facts.yaml"
SOL_MAP = "sol_2001_453_to_2025_400_map.yaml"

_NUMBER = re.compile(r"(?P<series>SFS|SOSFS|HSLF-FS)?\s*(?P<num>\d{4}:\d+)")
_PROVISION = re.compile(r"^(?:(?P<ch>\d+(?: ?[a-z])?) kap\.\s*)?(?P<sec>\d+(?: ?[a-z])?)(?: \(ny beteckning\))? §")
_RANGE_KEY = re.compile(r"^(?P<ch>\d+(?: ?[a-z])?) kap\. (?P<a>\d+)-(?P<b>\d+) §§$")

# Swedish warnings for facts the sources mark as uncertain; shown whenever the law is cited.
WARNINGS_SV: dict[str, list[str]] = {
    "sosfs-2011-9": [
        "Föreskrifterna gäller enligt den senast kontrollerade lydelsen (t.o.m. HSLF-FS 2023:27) men hänvisar "
        "fortfarande till socialtjänstlagen (2001:453). Någon ändring efter den nya socialtjänstlagen har inte "
        "hittats – kontrollera på socialstyrelsen.se."
    ],
    "sosfs-2014-5": [
        "Föreskrifterna gäller enligt den senast kontrollerade lydelsen (HSLF-FS 2022:37) men hänvisar fortfarande "
        "till 11 kap. 5 § socialtjänstlagen (2001:453). Någon ändring efter den nya socialtjänstlagen har inte "
        "hittats – kontrollera på socialstyrelsen.se."
    ],
    "sosfs-2011-5": [
        "Föreskrifterna gäller enligt den senast kontrollerade lydelsen (SOSFS 2013:16) men hänvisar fortfarande "
        "till 14 kap. socialtjänstlagen (2001:453); lex Sarah finns nu i 27 kap. socialtjänstlag (2025:400). "
        "Någon ändring eller ersättare har inte hittats – kontrollera på socialstyrelsen.se."
    ],
    "sosfs-2013-1": [
        "De allmänna råden gäller enligt den senast kontrollerade lydelsen (HSLF-FS 2021:31) men hänvisar "
        "fortfarande till 4 kap. socialtjänstlagen (2001:453); ekonomiskt bistånd finns nu i 12 kap. "
        "socialtjänstlag (2025:400). Kontrollera på socialstyrelsen.se."
    ],
    "sosfs-2006-5": ["Troligen upphävd och ersatt av SOSFS 2014:5, men upphävandet har inte kunnat bekräftas i en källa."],
    "hslf-fs-2022-39": [
        "Gäller enligt senast kontrollerade uppgift; eventuella följdändringar efter socialtjänstlag (2025:400) "
        "är inte kontrollerade."
    ],
}

# Corrections stated in the fact file's own notes, applied with the note kept as the reason.
STRUCTURE_ADDITIONS: dict[str, list[tuple[str | None, str, str]]] = {
    "sfs-2001-937": [
        ("3", "18 a", "chapters_note: SFS 2024:261 (ny 3 kap. 18 a §)"),
        ("8", "3 a", "chapters_note: SFS 2024:261 (ny 8 kap. 3 a §)"),
        ("8", "5 a", "chapters_note: SFS 2024:261 (ny 8 kap. 5 a §)"),
    ],
    "sfs-2017-725": [("4", "18 a", "uncertain: se-lex/sfs visar att 4 kap. 18 a § träder i kraft 2025-07-01")],
    "sfs-1962-700": [
        ("9", "3 d", "uncertain: SFS 2024:1110 ny 9 kap. 3 d §"),
        ("17", "3", "uncertain: SFS 2025:579 ny 17 kap. 3 §"),
        ("9", "6 a", "uncertain: SFS 2025:638 ny 9 kap. 6 a §"),
    ],
}
# Chapters whose section lists the fact file calls outdated.
UNCERTAIN_CHAPTERS: dict[str, dict[str, str]] = {
    "sfs-1962-700": {
        "35": "35 kap. ersattes 2025-04-01 (SFS 2025:151); paragraflistan är inaktuell",
        "36": "36 kap. ersattes 2024-11-08 (SFS 2024:783); paragraflistan är inaktuell",
    },
}
# Abbreviations the fact file marks as common but not confirmed in a source.
UNVERIFIED_ABBREVIATIONS = {"PUSL", "SoLPuL", "DSL", "PDL", "LMA", "SoF", "PSL", "DSF"}
# Whole phrases that are qualifiers, not names ("nya …", "gamla …"): the parser handles those.
_SKIP_ALIAS = re.compile(r"^(nya |gamla |\"gamla\"|lex Sarah)|\(|års")


def label(value: Any) -> str:
    """A chapter or section label: '7 a', '12' (one space before a letter suffix)."""
    text = re.sub(r"\s+", " ", str(value).strip())
    return re.sub(r"^(\d+)\s?([a-z])$", r"\1 \2", text)


def norm_number(text: str | None) -> str | None:
    """'SFS 2025:400 (Socialtjänstlag)' → '2025:400'; 'HSLF-FS 2022:39' → 'HSLF-FS 2022:39'."""
    if not text:
        return None
    match = _NUMBER.search(str(text))
    if not match:
        return None
    series = match["series"]
    return f"{series} {match['num']}" if series in ("SOSFS", "HSLF-FS") else match["num"]


def parse_provision(text: str) -> tuple[str | None, str] | None:
    """'11 kap. 1 a §' → ('11', '1 a'); '5 §' → (None, '5')."""
    match = _PROVISION.match(text.strip())
    if not match:
        return None
    return (label(match["ch"]) if match["ch"] else None, label(match["sec"]))


def _date(value: Any) -> str | None:
    text = str(value or "")
    match = re.match(r"^\d{4}-\d{2}-\d{2}", text)
    return match.group(0) if match else None


def _status(raw: str) -> tuple[str, bool, str | None]:
    """(status, uncertain, note) from values like 'in_force (last verified …)'."""
    text = str(raw).strip()
    base = "repealed" if text.startswith("repealed") else "in_force"
    note = text[len(text.split(" ")[0]) :].strip(" ()") or None
    uncertain = bool(note) and any(w in note for w in ("probable", "last verified", "as last seen"))
    return base, uncertain, note


def _names(entry: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """(abbreviations, unverified abbreviations, lowercase name forms) for the parser."""
    abbreviations: list[str] = []
    unverified: list[str] = []
    stems: list[str] = []
    for raw in entry.get("abbreviations") or []:
        alias = str(raw).strip()
        clean = re.sub(r"\s*\(sometimes\)$", "", alias)
        if _SKIP_ALIAS.search(clean) or re.match(r"^(SOSFS|HSLF-FS) ", clean):
            continue
        if clean[:1].isupper() or any(c.isupper() for c in clean[1:]):
            (unverified if clean in UNVERIFIED_ABBREVIATIONS or clean != alias else abbreviations).append(clean)
        else:
            stems.append(re.sub(r"(en|n)$", "", clean) if re.search(r"(lagen|balken|ningen|onen)$", clean) else clean)
    title = str(entry.get("title") or "")
    head = re.sub(r"\s*\(\d{4}:\d+\)", "", title).strip()
    if re.fullmatch(r"[A-Za-zÅÄÖåäö -]+", head) and " om " not in head and " med " not in head:
        stems.append(head.lower())  # Socialtjänstlag, Föräldrabalk, Offentlighets- och sekretesslag
    elif re.match(r"^(Lag|Förordning) ", head):
        stems.append(head[0].lower() + head[1:])  # lag med särskilda bestämmelser om vård av unga
    forms: list[str] = []
    for stem in dict.fromkeys(stems):
        first, _, rest = stem.partition(" ")
        if first in ("lag", "förordning") and rest:
            forms += [f"{first} {rest}", f"{first}en {rest}"]
        elif stem.endswith(("lag", "balk", "förordning", "konvention")):
            forms += [stem, stem + "en", stem + "ens", stem + "s"]
        else:
            forms.append(stem)
    return abbreviations, unverified, list(dict.fromkeys(forms))


def _structure(entry: dict[str, Any]) -> dict[str, Any]:
    law_id = entry["id"]
    out: dict[str, Any] = {}
    if isinstance(entry.get("chapters"), dict) and not law_id.startswith("eu-"):
        chapters = {label(ch): [label(s) for s in (secs or [])] for ch, secs in entry["chapters"].items()}
        for chapter, section, _reason in STRUCTURE_ADDITIONS.get(law_id, []):
            if chapter is not None and section not in chapters.setdefault(chapter, []):
                chapters[chapter].append(section)
        out["chapters"] = chapters
    elif isinstance(entry.get("sections"), list):
        sections = [label(s) for s in entry["sections"]]
        for extra in entry.get("sections_2026_per_ansvar_seed") or []:
            if label(extra) not in sections:
                sections.append(label(extra))
        out["sections"] = sections
    elif law_id.startswith("eu-"):
        out["articles"] = [str(n) for n in range(1, 100)]  # the GDPR has articles 1–99
    complete = "chapters" in out or "sections" in out or "articles" in out
    note = " ".join(str(entry.get(k) or "") for k in ("structure_note", "chapters_note"))
    if re.search(r"NOT complete|not verified|Only .* were seen|seen cited|incomplete|not extracted|No chapters or", note, re.I):
        complete = False
    if entry.get("type", "").startswith(("föreskrifter", "allmänna")):
        complete = False  # Socialstyrelsen's section lists are those seen cited, never complete
    out["structure_complete"] = complete
    additions = [
        {"provision": f"{c} kap. {s} §" if c else f"{s} §", "reason": r} for c, s, r in STRUCTURE_ADDITIONS.get(law_id, [])
    ]
    if additions:
        out["structure_additions"] = additions
    if law_id in UNCERTAIN_CHAPTERS:
        out["uncertain_chapters"] = UNCERTAIN_CHAPTERS[law_id]
    return out


def _series(entry: dict[str, Any]) -> tuple[str, str]:
    number = str(entry.get("number") or "")
    if number.startswith("(EU)"):
        return "EU", "eu"
    if number.startswith(("SOSFS", "HSLF-FS")):
        return number.split(" ")[0], "regulation"
    return "SFS", "statute"


def build_law(entry: dict[str, Any]) -> dict[str, Any]:
    series, kind = _series(entry)
    number = str(entry.get("number") or "").replace("SFS ", "") if series == "SFS" else str(entry.get("number"))
    status, uncertain, note = _status(entry.get("status") or "in_force")
    abbreviations, unverified, names = _names(entry)
    law: dict[str, Any] = {
        "id": entry["id"],
        "number": number,
        "series": series,
        "kind": kind,
        "type": entry.get("type"),
        "title": entry.get("title"),
        "abbreviations": abbreviations,
        "abbreviations_unverified": unverified,
        "names": names,
        "status": status,
        "status_uncertain": uncertain,
        "status_note": note,
        "in_force_from": _date(entry.get("in_force_from")),
        "repealed_on": _date(entry.get("repealed_on")),
        "repealed_by": norm_number(entry.get("repealed_by")),
        "repealed_by_uncertain": "probable" in str(entry.get("repealed_by") or ""),
    }
    law.update(_structure(entry))
    repealed = [
        str(s) for s in (entry.get("repealed_sections_before_2025") or entry.get("repealed_or_renumbered_sections") or [])
    ]
    if repealed:
        law["repealed_sections"] = repealed
    if entry.get("temporal_notes"):
        law["temporal_notes"] = [str(t) for t in entry["temporal_notes"]]
    if entry.get("consolidated_through"):
        law["consolidated_through"] = str(entry["consolidated_through"])
    amendments = []
    for item in entry.get("amendments_seen") or []:
        text = item.get("sfs") if isinstance(item, dict) else str(item)
        number_seen = norm_number(text)
        if number_seen and number_seen != number:
            amendments.append(number_seen)
    if amendments:
        law["amended_by"] = amendments
    law["warnings"] = WARNINGS_SV.get(entry["id"], [])
    law["uncertain"] = [str(u) for u in entry.get("uncertain") or []]
    law["sources"] = [str(s) for s in entry.get("sources") or []]
    return law


def _targets(items: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Curated map targets: parsed provisions, and notes for rows that are not provisions."""
    targets: list[dict[str, Any]] = []
    notes: list[str] = []
    for raw in items:
        text = str(raw)
        match = re.match(r"^(?P<ch>\d+(?: ?[a-z])?) kap\. (?P<sec>\d+(?: ?[a-z])?) §\s*(?:\((?P<note>.*)\))?$", text)
        if match:
            targets.append({"chapter": label(match["ch"]), "section": label(match["sec"]), "note": match["note"]})
        else:
            notes.append(text)
    return targets, notes


_TOPIC_KEY = re.compile(r"^(?P<topic>[^()=]+?)\s*\((?P<provisions>[^()]+§)\)$")
_TOPIC_PROVISIONS = re.compile(r"(?P<ch>\d+(?: ?[a-z])?) kap\. (?P<a>\d+(?: ?[a-z])?)(?:-(?P<b>\d+))? §§?")


def _topics(index: dict[str, Any]) -> dict[str, str]:
    """What old SoL provisions were about, from the facts' topic index: 'utredning (11 kap. 1 §)'
    → {'11 kap. 1 §': 'utredning'}; 'lex Sarah (14 kap. 2-7 §§, 7 kap. 6 §)' → each of them.
    Whole chapters ('12 kap.') are left out."""
    topics: dict[str, str] = {}
    for key in index:
        match = _TOPIC_KEY.match(" ".join(str(key).split()))
        if not match:
            continue
        for part in match["provisions"].split(","):
            found = _TOPIC_PROVISIONS.fullmatch(part.strip())
            if not found:
                continue
            first = label(found["a"])
            sections = [str(n) for n in range(int(first), int(found["b"]) + 1)] if found["b"] else [first]
            for section in sections:
                topics.setdefault(f"{label(found['ch'])} kap. {section} §", match["topic"])
    return dict(sorted(topics.items()))


def build_successor_map(sol_map: dict[str, Any], facts_old: dict[str, Any]) -> dict[str, Any]:
    curated: dict[str, Any] = {}
    for key, items in (sol_map.get("curated") or {}).items():
        key = str(key)
        targets, notes = _targets(items or [])
        rng = _RANGE_KEY.match(key)
        if rng:  # '2 a kap. 1-12 §§' → chapter-level fact; per-section rows are derived hints
            for n in range(int(rng["a"]), int(rng["b"]) + 1):
                curated[f"{label(rng['ch'])} kap. {n} §"] = {
                    "targets": [],
                    "chapter_level": notes[0] if notes else None,
                    "uncertain": False,
                }
            continue
        parsed = parse_provision(key)
        if not parsed:
            continue
        uncertain = any(n.startswith("uncertain") for n in notes)
        curated[f"{parsed[0]} kap. {parsed[1]} §"] = {"targets": targets, "notes": notes, "uncertain": uncertain}
    derived: dict[str, Any] = {}
    for key, row in (sol_map.get("derived") or {}).items():
        parsed = parse_provision(str(key))
        best = parse_provision(str(row.get("best") or "")) if isinstance(row, dict) else None
        if not parsed or not best:
            continue
        top = (row.get("candidates") or [{}])[0]
        derived[f"{parsed[0]} kap. {parsed[1]} §"] = {
            "chapter": best[0],
            "section": best[1],
            "confidence": str(row.get("confidence")),
            "cosine": top.get("cosine"),
        }
    return {
        "from": "2001:453",
        "to": "2025:400",
        "description": " ".join(str(sol_map.get("description") or "").split()),
        "curated": curated,
        "derived": derived,
        "no_successor": [str(s) for s in sol_map.get("repealed_before_2025_no_successor") or []],
        "chapter_level": str(facts_old.get("successor_map_note") or ""),
        "topics": _topics(facts_old.get("topic_index_old_to_new") or {}),
        "sources": [str(s) for s in sol_map.get("sources") or []],
    }


def build(source: Path) -> dict[str, Any]:
    """The registry as a dict, from the fact files in `source`."""
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        facts = yaml.load((source / FACTS).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe loader
        sol_map = yaml.load((source / SOL_MAP).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise KlsError(f"Kan inte läsa lagfakta i {source}: {exc}") from None
    laws = [build_law(e) for e in facts["statutes"]]
    old = next(e for e in facts["statutes"] if e["id"] == "sfs-2001-453")
    amending: dict[str, str] = {}
    for law in laws:
        for number in law.get("amended_by", []):
            amending.setdefault(number, law["number"])
    meta = facts.get("meta") or {}
    return {
        "meta": {
            "description": "Lagregister för KLS-webb, genererat av kls.lagrum.build_registry. Ändra inte för hand; "
            "kör 'kls lagar bygg' eller 'kls lagar uppdatera'.",
            "source": "../shared/lagar (lagar_facts.yaml, sol_2001_453_to_2025_400_map.yaml)",
            "reference_date": str(meta.get("reference_date") or ""),
            "evidence_cutoff": " ".join(str(meta.get("evidence_cutoff") or "").split()),
            "refreshed": None,
        },
        "laws": laws,
        "amending_acts": dict(sorted(amending.items())),
        "successor_map": build_successor_map(sol_map, old),
    }


def dump(data: dict[str, Any]) -> str:
    """Stable YAML text for the registry."""
    header = "# Lagregister (genererat). Källa och osäkerheter: se meta och varje lags 'uncertain'.\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return header + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename: never a half-written file."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kls.lagrum.build_registry", description="Bygg lagregistret från lagfakta.")
    parser.add_argument("kalla", nargs="?", default=str(DEFAULT_SOURCE), help="mapp med lagar_facts.yaml")
    parser.add_argument("--ut", default=str(DATA_FILE), help="registerfil att skriva")
    args = parser.parse_args(argv)
    try:
        data = build(Path(args.kalla))
    except KlsError as exc:
        print(f"kls: {exc}", file=sys.stderr)
        return 1
    write_atomic(Path(args.ut), dump(data))
    print(f"Skrev {args.ut}: {len(data['laws'])} författningar ({dt.date.today().isoformat()}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
