"""A deterministic benchmark corpus: N realistic Swedish IFO documents in a complete project.

Never published. Used by the build and search benchmarks (bench/) and by tests at small N.
The same `seed` and `count` always give byte-identical files.

    python -m kls.corpus_gen --antal 750 --mapp /tmp/korpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
REFERENCE_DATE = dt.date(2026, 11, 23)

# --- the unit: ~40 areas ---------------------------------------------------------------------------
AREAS: dict[str, str] = {
    "barn-och-unga": "Barn och unga",
    "ekonomiskt-bistand": "Ekonomiskt bistånd",
    "missbruk": "Missbruk och beroende",
    "vald-i-nara-relationer": "Våld i nära relationer",
    "familjeratt": "Familjerätt",
    "socialjour": "Socialjour",
    "socialpsykiatri": "Socialpsykiatri",
    "ledning-och-kvalitet": "Ledning och kvalitet",
    "dokumentation-och-sekretess": "Dokumentation och sekretess",
    "familjehem": "Familjehem",
    "hem-for-vard-eller-boende": "Hem för vård eller boende",
    "ensamkommande-barn": "Ensamkommande barn",
    "adoption": "Adoption",
    "vardnad-boende-umgange": "Vårdnad, boende och umgänge",
    "foraldraskap": "Faderskap och föräldraskap",
    "skuldradgivning": "Budget- och skuldrådgivning",
    "arbetsmarknad": "Arbetsmarknadsinsatser",
    "bostadssociala-fragor": "Bostadssociala frågor",
    "hemloshet": "Hemlöshet",
    "hedersrelaterat-vald": "Hedersrelaterat våld och förtryck",
    "barnahus": "Barnahus",
    "oppenvard-barn": "Öppenvård barn och familj",
    "oppenvard-vuxna": "Öppenvård vuxna",
    "spelberoende": "Spelberoende",
    "tvangsvard-lvm": "Tvångsvård enligt LVM",
    "tvangsvard-lvu": "Tvångsvård enligt LVU",
    "kontaktperson": "Kontaktperson och kontaktfamilj",
    "stodboende": "Stödboende",
    "forebyggande-arbete": "Förebyggande arbete",
    "samverkan-skola": "Samverkan med skolan",
    "samverkan-region": "Samverkan med regionen",
    "mottagning-vuxna": "Mottagning vuxna",
    "utredning-barn": "Utredning barn och unga",
    "uppfoljning": "Uppföljning och utvärdering",
    "lex-sarah": "Lex Sarah och avvikelser",
    "klagomal": "Klagomål och synpunkter",
    "delegation": "Delegation och beslut",
    "kompetens": "Personal och kompetens",
    "verksamhetssystem": "Verksamhetssystem och IT",
    "arkiv-och-gallring": "Arkiv och gallring",
}

TYPES = (  # key, folder, id prefix, share of the corpus
    ("riktlinje", "riktlinjer", "RIK", 0.08),
    ("rutin", "rutiner", "RUT", 0.55),
    ("process", "processer", "PRO", 0.15),
    ("mall", "mallar", "MALL", 0.22),
)
FOLDER_COUNT = 188  # 4 types x 40 areas = 160 area folders, plus 28 subfolders
SUBFOLDERS = ("akut", "uppfoljning", "samverkan", "blanketter", "checklistor", "beslut", "arkiv")

OWNERS = [
    "Socialchef",
    "Enhetschef IFO",
    "Förste socialsekreterare barn och unga",
    "Förste socialsekreterare vuxen",
    "Samordnare ekonomiskt bistånd",
    "Familjerättssekreterare",
    "Samordnare socialjour",
    "Kvalitetsutvecklare",
]

# --- legal references, in the forms the documents use (all provisions exist) --------------------
SOL = "socialtjänstlagen (2025:400)"
LAW_REFS = [
    f"3 kap. 1 § {SOL}",
    f"5 kap. 1 § {SOL}",
    f"5 kap. 3 § {SOL}",
    f"10 kap. 1 § {SOL}",
    f"11 kap. 1 § {SOL}",
    f"12 kap. 1 § {SOL}",
    f"12 kap. 3 § {SOL}",
    f"12 kap. 7 § {SOL}",
    f"14 kap. 2 § {SOL}",
    f"14 kap. 3 § {SOL}",
    f"16 kap. 2 a § {SOL}",
    f"19 kap. 1 § {SOL}",
    f"19 kap. 4 § {SOL}",
    f"19 kap. 5 § {SOL}",
    f"19 kap. 6 § {SOL}",
    f"20 kap. 1 § {SOL}",
    f"20 kap. 2 § {SOL}",
    f"22 kap. 1 § {SOL}",
    f"23 kap. 1 § {SOL}",
    f"27 kap. 2 § {SOL}",
    f"30 kap. 7 § {SOL}",
    f"35 kap. 1 § {SOL}",
    "2 § lagen (1990:52) med särskilda bestämmelser om vård av unga",
    "3 § lagen (1990:52) med särskilda bestämmelser om vård av unga",
    "6 § lagen (1990:52) med särskilda bestämmelser om vård av unga (LVU)",
    "11 § lagen (1990:52) med särskilda bestämmelser om vård av unga (LVU)",
    "4 § lagen (1988:870) om vård av missbrukare i vissa fall",
    "6 § lagen (1988:870) om vård av missbrukare i vissa fall (LVM)",
    "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
    "26 kap. 5 § offentlighets- och sekretesslagen (2009:400)",
    "10 kap. 2 § offentlighets- och sekretesslagen (2009:400)",
    "6 kap. 1 § föräldrabalken",
    "6 kap. 19 § föräldrabalken",
    "1 kap. 3 § föräldrabalken",
    "9 § förvaltningslagen (2017:900)",
    "32 § förvaltningslagen (2017:900)",
    "3 § lagen (2001:454) om behandling av personuppgifter inom socialtjänsten",
    "3 § arkivlagen (1990:782)",
]

# --- vocabulary --------------------------------------------------------------------------------
ROLES = [
    "handläggaren",
    "socialsekreteraren",
    "förste socialsekreteraren",
    "enhetschefen",
    "mottagningsgruppen",
    "familjehemssekreteraren",
    "behandlaren",
    "samordnaren",
    "socialjouren",
    "utredaren",
    "nämndsekreteraren",
    "kvalitetsutvecklaren",
]
SUBJECTS = [
    "barnet",
    "den unga",
    "vårdnadshavaren",
    "den enskilde",
    "sökanden",
    "klienten",
    "familjehemmet",
    "den våldsutsatta",
    "den placerade",
    "hushållet",
    "anmälaren",
    "god man",
]
NOUN_PREFIXES = [
    "barna",
    "familje",
    "placerings",
    "utrednings",
    "bistånds",
    "vårds",
    "missbruks",
    "våld",
    "samverkans",
    "dokumentations",
    "besluts",
    "uppföljnings",
    "behandlings",
    "skydds",
    "risk",
    "hand",
    "ärende",
    "journal",
    "kvalitets",
    "jour",
    "mottagnings",
    "kontakt",
    "stöd",
    "boende",
    "insats",
    "genomförande",
    "ekonomi",
    "hyres",
    "skuld",
    "arbets",
]
NOUN_HEADS = [
    "plan",
    "beslut",
    "utredning",
    "möte",
    "ansvar",
    "bedömning",
    "underlag",
    "frist",
    "ärende",
    "insats",
    "handläggare",
    "samtal",
    "rapport",
    "kontroll",
    "åtgärd",
    "uppgift",
    "rutin",
    "överenskommelse",
    "återrapportering",
    "journal",
    "behov",
    "tid",
    "nivå",
    "stöd",
    "hem",
    "lista",
]
INFLECT = ["", "en", "er", "erna", "ens", "s", "ar", "arna", "et"]
NOUNS = [
    "orosanmälan",
    "anmälan",
    "placering",
    "placeringen",
    "utredning",
    "utredningen",
    "förhandsbedömning",
    "skyddsbedömning",
    "återrapportering",
    "vårdplan",
    "genomförandeplan",
    "ekonomiskt bistånd",
    "försörjningsstöd",
    "riksnormen",
    "hyreskostnaden",
    "skuldsaneringen",
    "umgängesstödet",
    "samarbetssamtalet",
    "kontaktpersonen",
    "familjehemsutredningen",
    "journalanteckningen",
    "delegationsordningen",
    "avvikelsen",
    "lex Sarah-rapporten",
    "riskbedömningen",
    "skyddsplanen",
    "överklagandet",
    "beslutsunderlaget",
    "samordnade individuella planen",
    "vårdnadsutredningen",
    "behandlingsinsatsen",
    "egenkontrollen",
    "återkopplingen",
    "sekretessprövningen",
    "gallringen",
]
VERBS = [
    "dokumenterar",
    "bedömer",
    "följer upp",
    "planerar",
    "utreder",
    "beslutar om",
    "informerar om",
    "stämmer av",
    "registrerar",
    "prövar",
    "genomför",
    "granskar",
    "rapporterar",
    "samordnar",
]
MODAL_VERBS = [
    "dokumentera",
    "bedöma",
    "följa upp",
    "planera",
    "utreda",
    "besluta om",
    "informera om",
    "stämma av",
    "registrera",
    "pröva",
    "genomföra",
    "granska",
    "rapportera",
    "samordna",
]
TIMES = [
    "samma dag",
    "inom 14 dagar",
    "senast inom en vecka",
    "inom fyra månader",
    "var sjätte månad",
    "före nästa arbetsplatsträff",
    "utan dröjsmål",
    "vid varje ny ansökan",
    "när behovet ändras",
    "innan beslutet fattas",
    "minst en gång per år",
    "under utredningstiden",
]
ADVERBIALS = [
    "i verksamhetssystemet",
    "i personakten",
    "tillsammans med vårdnadshavarna",
    "i samråd med förste socialsekreteraren",
    "enligt delegationsordningen",
    "med stöd av Socialstyrelsens vägledning",
    "i samverkan med skolan och hälso- och sjukvården",
    "på ett sätt som den enskilde förstår",
    "med tolk när det behövs",
    "utifrån barnets bästa",
    "i den samordnade individuella planen",
    "på nämndens arbetsutskott",
]
ADJECTIVES = ["aktuell", "tydlig", "skriftlig", "muntlig", "fullständig", "samlad", "individuell", "tidig", "akut", "långsiktig"]

SENTENCES = [
    "{Role} {verb} {noun} {time} och antecknar det {adv}.",
    "Det är {role} som ansvarar för att {noun} blir {adj} {adv}.",
    "{Subject} ska få information om {noun} {adv}, och informationen ska dokumenteras.",
    "När {noun} kommer in ska {role} {mverb} den {time}.",
    "Om {subject} inte samtycker ska {role} {mverb} frågan {adv}.",
    "{Compound} och {compound2} ska finnas i akten innan {noun} avslutas.",
    "Av {law} framgår att nämnden ska {mverb} {noun} {time}.",
    "{Role} {verb} {compound} {adv} och återkopplar till {subject}.",
    "Vid osäkerhet kontaktar {role} {role2} för att {mverb} {noun}.",
    "{Subject} har rätt att ta del av {compound} med de begränsningar som följer av {law}.",
    "En {adj} {compoundbare} görs {time}, och den ska vara {adj2}.",
    "Underlaget till {noun} ska vara {adj} och bygga på {compound} {adv}.",
    "Bestämmelserna i {law} gäller även när {subject} har flyttat till en annan kommun.",
    "{Role} ser till att {compound} följs upp {time}.",
    "Tidsfristerna för {noun} räknas från den dag ärendet kom in, inte från den dag det fördelades.",
    "Om {noun} inte kan genomföras {time} ska skälen anges {adv}.",
    "Insatsen ska {mverb} utifrån {compound} och {subject}s egna önskemål.",
    "Beslut om {noun} fattas av {role} {adv} och meddelas {subject} skriftligt.",
    "{Compound} är en del av nämndens egenkontroll och redovisas {time}.",
    "Efter avslutad {compoundbare} ska {role} {mverb} om fortsatta insatser behövs.",
]

LIST_ITEMS = [
    "Kontrollera om {subject} är aktuell sedan tidigare i verksamhetssystemet.",
    "Gör en {adj} {compoundbare} och dokumentera den {time}.",
    "Informera {subject} om {noun} och om rätten att överklaga.",
    "Stäm av {compound} med {role}.",
    "Registrera {noun} {adv}.",
    "Boka uppföljning {time}.",
    "Kontrollera att {compound} är {adj}.",
    "Skicka kopia av {compound} till {role}.",
]

ADMONITIONS = [
    (
        "warning",
        "Observera",
        "Om {subject} riskerar att fara illa ska {role} agera {time}, även utanför kontorstid via socialjouren.",
    ),
    ("note", "Tänk på", "{Compound} ska alltid skrivas så att {subject} kan förstå innehållet."),
    ("tip", "Stöd i bedömningen", "Använd checklistan för {compoundbare} och stäm av med {role} vid tveksamhet."),
    ("info", "Sekretess", "Uppgifter om {subject} omfattas av sekretess enligt {law}."),
    ("danger", "Akut läge", "Ring 112 vid akut fara. Socialjouren nås på {{{{ enhet.telefon_socialjour }}}}."),
]

TITLE_ACTIONS = [
    "Mottagande av",
    "Handläggning av",
    "Uppföljning av",
    "Dokumentation av",
    "Beslut om",
    "Bedömning av",
    "Samverkan kring",
    "Planering av",
    "Avslut av",
    "Utredning av",
    "Återrapportering av",
    "Granskning av",
]
TITLE_OBJECTS = [
    "orosanmälan",
    "ansökan om ekonomiskt bistånd",
    "placering i familjehem",
    "placering på HVB",
    "skyddat boende",
    "kontaktperson",
    "umgängesstöd",
    "vårdnadsutredning",
    "riskbedömning",
    "öppenvårdsinsats",
    "samordnad individuell plan",
    "avvikelse",
    "lex Sarah-rapport",
    "klagomål",
    "överklagande",
    "begäran om allmän handling",
    "gallring av personakter",
    "återkrav",
    "skuldsanering",
    "hyresskuld",
    "drogtest",
    "genomförandeplan",
    "ordförandebeslut",
    "tolkbeställning",
    "hembesök",
    "nätverksmöte",
]
QUALIFIERS = [
    "",
    "vid akut läge",
    "för vuxna",
    "inom öppenvården",
    "under semesterperioder",
    "utanför kontorstid",
    "för barn under 12 år",
    "för unga vuxna",
    "i samverkan med regionen",
    "med tolk",
    "vid flytt till annan kommun",
    "när vårdnadshavare inte samtycker",
]
MALL_OBJECTS = [
    "Beslut om bistånd",
    "Utredningsplan",
    "Genomförandeplan",
    "Vårdplan",
    "Kallelse till nätverksmöte",
    "Underrättelse om beslut",
    "Journalanteckning",
    "Samtycke till informationsutbyte",
    "Begäran om yttrande",
    "Rapport enligt lex Sarah",
    "Avvikelserapport",
    "Överenskommelse om umgänge",
    "Checklista för hembesök",
    "Kommunicering inför beslut",
    "Anmälan till IVO",
    "Protokoll från samverkansmöte",
]

TAGS = ["barn och unga", "placering", "utredning", "dokumentation", "sekretess", "uppföljning", "beslut", "samverkan", "akut"]


class _Writer:
    """Fills sentence templates from the vocabulary with one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def compound(self) -> str:
        head = self.rng.choice(NOUN_HEADS)
        return (
            self.rng.choice(NOUN_PREFIXES)
            + head
            + self.rng.choice(INFLECT if head[-1] not in "aeiouyåäö" else ["", "n", "r", "rna"])
        )

    def fill(self, template: str) -> str:
        r = self.rng
        role, role2, subject = r.choice(ROLES), r.choice(ROLES), r.choice(SUBJECTS)
        values = {
            "role": role,
            "Role": role[0].upper() + role[1:],
            "role2": role2,
            "subject": subject,
            "Subject": subject[0].upper() + subject[1:],
            "verb": r.choice(VERBS),
            "mverb": r.choice(MODAL_VERBS),
            "noun": r.choice(NOUNS),
            "time": r.choice(TIMES),
            "adv": r.choice(ADVERBIALS),
            "adj": r.choice(ADJECTIVES),
            "adj2": r.choice(ADJECTIVES),
            "law": r.choice(LAW_REFS),
            "compound": self.compound(),
            "Compound": self.compound().capitalize(),
            "compound2": self.compound(),
            "compoundbare": r.choice(NOUN_PREFIXES) + r.choice(NOUN_HEADS),
        }
        return template.format(**values)

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.fill(self.rng.choice(SENTENCES)) for _ in range(sentences))

    def words(self, text: str) -> int:
        return len(text.split())


def _areas_for_folders(rng: random.Random) -> list[tuple[str, str, str]]:
    """188 (type folder, area, subfolder) triples: every type x area, plus 28 subfolders."""
    folders = [(folder, area, "") for _, folder, _, _ in TYPES for area in AREAS]
    extra: set[tuple[str, str, str]] = set()
    while len(folders) + len(extra) < FOLDER_COUNT:
        _, folder, _, _ = rng.choice(TYPES[:3])
        extra.add((folder, rng.choice(list(AREAS)), rng.choice(SUBFOLDERS)))
    return folders + sorted(extra)


def _target_words(rng: random.Random, doc_type: str) -> int:
    if doc_type == "riktlinje" and rng.random() < 0.35:
        return rng.randint(4500, 5500)  # the long guidelines
    median = {"riktlinje": 1800, "rutin": 1050, "process": 1000, "mall": 450}[doc_type]
    return max(120, min(5500, int(rng.lognormvariate(0, 0.45) * median)))


def _body(w: _Writer, doc_type: str, words: int, links: list[str], area_name: str) -> str:
    r = w.rng
    parts: list[str] = []
    count = 0

    def add(text: str) -> None:
        nonlocal count
        parts.append(text)
        count += w.words(text)

    add(f"## Syfte\n\n{w.paragraph(r.randint(2, 4))}")
    add(f"## Gäller för\n\n{w.paragraph(2)} Dokumentet gäller inom området {area_name.lower()}.")
    if doc_type != "mall":
        rows = "\n".join(f"| {r.choice(ROLES).capitalize()} | {w.fill(r.choice(SENTENCES))} |" for _ in range(r.randint(2, 4)))
        add(f"## Ansvar\n\n| Roll | Ansvar |\n|------|--------|\n{rows}")
    if links:
        add("Se även " + ", ".join(f'{{{{ dok("{link}") }}}}' for link in links) + ".")
    section = 1
    while count < words:
        kind = r.random()
        heading = r.choice(["Arbetsgång", "Bedömning", "Dokumentation", "Uppföljning", "Samverkan", "Beslut", "Information"])
        if kind < 0.45:
            text = f"## {heading} {section}\n\n" + "\n\n".join(w.paragraph(r.randint(3, 6)) for _ in range(r.randint(1, 3)))
        elif kind < 0.65:
            items = "\n".join(f"{i}. **Steg {i}.** {w.fill(r.choice(LIST_ITEMS))}" for i in range(1, r.randint(4, 8)))
            text = f"## {heading} {section}\n\n{w.paragraph(2)}\n\n{items}"
        elif kind < 0.75:
            prefix = "- [ ] " if doc_type == "mall" else "- "
            items = "\n".join(prefix + w.fill(r.choice(LIST_ITEMS)) for _ in range(r.randint(3, 7)))
            text = f"### {heading} {section}\n\n{items}"
        elif kind < 0.85:
            rows = "\n".join(
                f"| {r.choice(TIMES).capitalize()} | {w.fill(r.choice(LIST_ITEMS))} | {r.choice(ROLES)} |"
                for _ in range(r.randint(3, 8))
            )
            text = f"### {heading} {section}\n\n| När | Vad | Vem |\n|---|---|---|\n{rows}"
        elif kind < 0.93:
            kind_name, title, template = r.choice(ADMONITIONS)
            text = f'!!! {kind_name} "{title}"\n\n    {w.fill(template)}'
        else:
            refs = r.sample(LAW_REFS, 3)
            text = f"### Lagrum {section}\n\n" + "\n".join(f"- {ref}" for ref in refs) + f"\n\n{w.paragraph(2)}"
        add(text)
        section += 1
    return "\n\n".join(parts) + "\n"


def _title(r: random.Random, doc_type: str, area_name: str, used: set[str]) -> str:
    for attempt in range(50):
        if doc_type == "mall":
            base = f"{r.choice(MALL_OBJECTS)} – {area_name.lower()}"
        elif doc_type == "riktlinje":
            base = f"Riktlinje för {r.choice(TITLE_OBJECTS)} inom {area_name.lower()}"
        elif doc_type == "process":
            base = f"Från {r.choice(TITLE_OBJECTS)} till {r.choice(['beslut', 'uppföljning', 'avslut', 'insats'])}"
        else:
            base = f"{r.choice(TITLE_ACTIONS)} {r.choice(TITLE_OBJECTS)}"
        qualifier = r.choice(QUALIFIERS)
        title = f"{base} {qualifier}".strip() if qualifier else base
        if attempt > 20:
            title = f"{title} ({attempt})"
        if title not in used:
            used.add(title)
            return title
    raise RuntimeError("no unique title")  # pragma: no cover


def _pick(r: random.Random, pool: list[int], exclude: int, count: int) -> list[int]:
    """Up to `count` distinct indices from `pool`, never `exclude`."""
    chosen = {i for i in r.sample(pool, min(len(pool), count + 1)) if i != exclude}
    return sorted(chosen)[:count]


def _slug(text: str) -> str:
    table = str.maketrans("åäöéü", "aaoeu")
    out = "".join(c if c.isalnum() else "-" for c in text.lower().translate(table))
    return "-".join(p for p in out.split("-") if p)[:70]


def _date(r: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=r.randint(0, (end - start).days))


def _write_project_files(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    base = yaml.safe_load((REPO / "kls.yml").read_text(encoding="utf-8"))
    base["omraden"] = dict(AREAS)
    base["agare"] = [{"roll": role} for role in OWNERS]
    header = "# Generated benchmark project (kls.corpus_gen); never published.\n"
    (root / "kls.yml").write_text(header + yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (root / "overrides").exists():
        shutil.rmtree(root / "overrides")
    shutil.copytree(REPO / "overrides", root / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    docs = root / "docs"
    if (REPO / "docs" / "assets").is_dir():
        shutil.copytree(REPO / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    shutil.copy(REPO / "docs" / "index.md", docs / "index.md")
    for name, title in (("ledningssystemet", "Om ledningssystemet"), ("tillganglighet", "Tillgänglighetsredogörelse")):
        page = docs / "om" / f"{name}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: {title}\npublicering: extern\n---\n\nText.\n", encoding="utf-8")


def generate(root: Path, count: int = 750, seed: int = 1) -> Path:
    """Write a full project (kls.yml, mkdocs.yml, overrides/, docs/) with `count` documents; returns `root`."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    root = Path(root)
    docs = root / "docs"
    for folder in ("riktlinjer", "rutiner", "processer", "mallar"):
        if (docs / folder).exists():
            shutil.rmtree(docs / folder)
    _write_project_files(root)
    folders = _areas_for_folders(rng)
    by_type = {key: [f for f in folders if f[0] == folder] for key, folder, _, _ in TYPES}
    plan: list[tuple[str, str, str, str]] = []  # (type key, folder, area, subfolder)
    for index in range(count):
        if index < len(folders) and count >= len(folders):
            folder, area, sub = folders[index]
            key = next(k for k, f, _, _ in TYPES if f == folder)
        else:
            key = rng.choices([t[0] for t in TYPES], weights=[t[3] for t in TYPES])[0]
            folder, area, sub = rng.choice(by_type[key])
        plan.append((key, folder, area, sub))
    counters = {key: 0 for key, *_ in TYPES}
    prefixes = {key: prefix for key, _, prefix, _ in TYPES}
    ids: list[str] = []
    public: list[bool] = []
    for key, *_ in plan:
        counters[key] += 1
        ids.append(f"IFO-{prefixes[key]}-{counters[key]:04d}")
        public.append(rng.random() >= 0.30)
    public_indices = [i for i, p in enumerate(public) if p]
    all_indices = list(range(len(plan)))
    used_titles: set[str] = set()
    used_paths: set[str] = set()
    for index, (key, folder, area, sub) in enumerate(plan):
        r = rng
        area_name = AREAS[area]
        title = _title(r, key, area_name, used_titles)
        approved = _date(r, dt.date(2024, 1, 1), REFERENCE_DATE - dt.timedelta(days=30))
        pool = public_indices if public[index] else all_indices
        links = [ids[i] for i in _pick(r, pool, index, r.randint(0, 3))]
        related = [ids[i] for i in _pick(r, pool, index, r.randint(0, 3))]
        meta: dict[str, object] = {
            "title": title,
            "id": ids[index],
            "dokumenttyp": key,
            "område": area,
            "ägare": r.choice(OWNERS),
            "fastställd": approved.isoformat(),
            "fastställd_av": r.choice(["Socialnämnden", "Enhetschef IFO", "Socialchef"]),
        }
        if r.random() < 0.5:
            meta["revisionsintervall"] = r.choice(["12 månader", "24 månader", "2 år"])
        else:
            meta["revideras"] = _date(r, approved + dt.timedelta(days=180), approved + dt.timedelta(days=800)).isoformat()
        meta["version"] = f"{r.randint(1, 4)}.{r.randint(0, 9)}"
        meta["description"] = writer.fill(r.choice(SENTENCES))[:300]
        meta["tags"] = r.sample(TAGS, r.randint(1, 4))
        meta["lagrum"] = r.sample(LAW_REFS, r.randint(1, 6))
        meta["publicering"] = "extern" if public[index] else "intern"
        if related:
            meta["relaterade"] = related
        meta["ändringslogg"] = [
            {"datum": approved.isoformat(), "version": meta["version"], "ändring": writer.fill(r.choice(LIST_ITEMS))}
        ]
        if index > 10 and r.random() < 0.02:  # a few withdrawn documents, replaced by a visible one
            meta["upphävd"] = _date(r, approved, REFERENCE_DATE - dt.timedelta(days=1)).isoformat()
            replacements = [i for i in range(index) if public[i] or not public[index]]
            meta["ersatt_av"] = ids[r.choice(replacements)]
        body = _body(writer, key, _target_words(r, key), links, area_name)
        rel = "/".join(p for p in (folder, area, sub) if p)
        name = _slug(title)
        while f"{rel}/{name}" in used_paths:
            name += "-2"
        used_paths.add(f"{rel}/{name}")
        path = docs / rel / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kls.corpus_gen", description="Skapar en testkorpus för prestandamätning.")
    parser.add_argument("--antal", type=int, default=750, help="antal dokument (standard 750)")
    parser.add_argument("--mapp", required=True, help="projektmapp att skapa")
    parser.add_argument("--frö", dest="seed", type=int, default=1, help="slumpfrö (standard 1)")
    args = parser.parse_args(argv)
    root = generate(Path(args.mapp), args.antal, args.seed)
    print(f"Skapade {args.antal} dokument i {root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
