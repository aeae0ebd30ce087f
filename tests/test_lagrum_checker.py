"""The law checker: statuses, successor suggestions and warnings for uncertain registry facts."""

from __future__ import annotations

import datetime as dt

from kls.lagrum.checker import check_reference
from kls.lagrum.parser import parse_text
from kls.lagrum.registry import load_registry

REGISTRY = load_registry()


def check(text: str, on: dt.date | None = dt.date(2025, 9, 1)):
    ref = parse_text(text, REGISTRY, on)[-1]
    status, message, suggestion, severity, notes = check_reference(ref, REGISTRY)
    return status, message, suggestion, severity, notes


def test_current_provision_is_ok():
    status, message, suggestion, severity, _ = check("20 kap. 2 § socialtjänstlagen (2025:400)")
    assert (status, suggestion, severity) == ("ok", None, None)
    assert "gäller" in message


def test_new_number_with_old_provision_points_to_where_it_went():
    status, message, suggestion, severity, _ = check("11 kap. 1 a § socialtjänstlagen (2025:400)")
    assert (status, severity) == ("unknown_provision", "fel")
    assert "finns inte i socialtjänstlag (2025:400)" in message
    assert "fanns i socialtjänstlag (2001:453)" in message
    assert suggestion == "20 kap. 1–2 §§ socialtjänstlag (2025:400)"


def test_repealed_sol_names_the_successor_and_the_corresponding_provision():
    status, message, suggestion, _, _ = check("14 kap. 1 § SoL", dt.date(2024, 3, 1))
    assert status == "repealed"
    assert "upphävd sedan 2025-07-01" in message and "ersatt av socialtjänstlag (2025:400)" in message
    assert suggestion == "19 kap. 1 § socialtjänstlag (2025:400)"
    _, _, suggestion, _, _ = check("14 kap. 3–7 §§ socialtjänstlagen (2001:453)")
    assert suggestion == "27 kap. 2–6 §§ socialtjänstlag (2025:400)"


def test_derived_mapping_is_only_a_hint():
    status, message, suggestion, _, _ = check("5 kap. 1 a § socialtjänstlagen (2001:453)")
    assert status == "repealed"
    assert "ofullständig kartläggning" in message and "automatisk textjämförelse" in suggestion


def test_other_repealed_laws():
    status, message, suggestion, _, _ = check("enligt personuppgiftslagen (1998:204)")
    assert status == "repealed" and "2018-05-25" in message and suggestion.startswith("lag (2018:218)")
    status, _, suggestion, _, _ = check("SOSFS 2014:4")
    assert status == "repealed" and suggestion == "HSLF-FS 2022:39"


def test_missing_chapter_and_section():
    assert check("36 kap. 1 § socialtjänstlagen (2025:400)")[0] == "unknown_provision"
    assert check("99 § LVU")[0] == "unknown_provision"
    assert check("5 kap. 1 § LVU")[0] == "unknown_provision"


def test_ambiguous_without_date():
    status, message, suggestion, severity, _ = check("11 kap. 1 § SoL", None)
    assert (status, severity) == ("ambiguous", "fel")
    assert "2001:453" in message and "2025:400" in message
    assert "14 kap. 2 §" in suggestion  # old 11 kap. 1 § (utredning) went to 14 kap. 2 §


def test_uncertain_registry_facts_warn_instead_of_failing():
    status, message, _, severity, notes = check("SOSFS 2011:9")
    assert (status, severity) == ("ok", "varning")
    assert any("socialtjänstlagen (2001:453)" in n for n in notes)
    status, message, suggestion, severity, _ = check("SOSFS 2006:5")
    assert (status, severity, suggestion) == ("ok", "varning", "SOSFS 2014:5")
    assert "Troligen upphävd" in message


def test_amending_act_and_unknown_law():
    status, message, suggestion, severity, _ = check("HSLF-FS 2023:27")
    assert (status, severity, suggestion) == ("ok", "varning", "SOSFS 2011:9")
    status, _, _, severity, _ = check("skollagen (2010:800)")
    assert (status, severity) == ("unknown_law", "varning")


def test_registry_keeps_curated_and_derived_rows_apart():
    curated = REGISTRY.successor("11", "1 a")
    assert curated.curated and curated.text() == "20 kap. 1–2 §§"
    hint = REGISTRY.successor("5", "1 a")
    assert not hint.curated and hint.confidence == "high"
    assert REGISTRY.law("2025:400").has_section("16", "2 a") is True
    assert REGISTRY.law("SOSFS 2011:9").has_section("7", "1") is None  # incomplete list: unknown, not missing


# The trap: bare 'SoL' in a document approved after 2025-07-01 reads as 2025:400, where the same
# number exists but the old law's provision (which the author may have meant) moved elsewhere.
AFTER = dt.date(2025, 9, 1)
TRAP = (
    "Kontrollera: i socialtjänstlagen (2001:453) gällde 11 kap. 1 § utredning, som nu finns i 14 kap. 2 § "
    "socialtjänstlag (2025:400). Skriv lagens nummer för att undvika missförstånd."
)


def test_bare_sol_after_the_new_law_warns_about_the_old_meaning():
    # real citation forms (citations_training.yaml), in a document approved after 2025-07-01
    for text in (
        "som kan föranleda åtgärd av nämnden (11 kap. 1 § SoL).",
        "beslut om att inleda utredning tas enligt 11 kapitlet 1 § socialtjänstlagen.",
        "kap 11 § 1 Socialtjänstlagen",
        "SoL 11:1",
    ):
        status, message, suggestion, severity, notes = check(text, AFTER)
        assert (status, severity) == ("ok", "varning"), text
        assert "11 kap. 1 § socialtjänstlag (2025:400) gäller" in message
        assert notes == [TRAP], text
        assert suggestion == (
            "11 kap. 1 § socialtjänstlag (2025:400); avses den upphävda lagens paragraf: 14 kap. 2 § socialtjänstlag (2025:400)"
        )


def test_old_meaning_names_every_moved_section_and_all_targets():
    _, _, _, _, notes = check("Av 4 kap. 1 § SoL framgår", AFTER)
    assert notes == [
        "Kontrollera: i socialtjänstlagen (2001:453) gällde 4 kap. 1 § bistånd, som nu finns i 11 kap. 1 § och "
        "12 kap. 1 och 3 §§ socialtjänstlag (2025:400). Skriv lagens nummer för att undvika missförstånd."
    ]
    _, _, _, _, notes = check("tas enligt 11 kapitlet 1 och 2 §§ socialtjänstlagen.", AFTER)
    assert "11 kap. 1 § utredning, som nu finns i 14 kap. 2 §" in notes[0]
    assert "11 kap. 2 § barnavårdsutredning 4 månader, som nu finns i 20 kap. 3 och 5 §§" in notes[0]
    _, _, _, _, notes = check("enligt 16 kap. 4 § socialtjänstlagen", AFTER)  # no topic in the facts
    assert notes[0].startswith("Kontrollera: 16 kap. 4 § i socialtjänstlagen (2001:453) handlade om något annat")


def test_no_old_meaning_warning_when_the_law_is_settled_or_nothing_moved():
    for text, on in (
        ("11 kap. 1 § socialtjänstlagen (2025:400)", AFTER),  # number written
        ("enligt 11 kap. 1 § i den nya socialtjänstlagen", AFTER),  # 'den nya' says which law
        ("11 kap. 1 § SoL", dt.date(2024, 3, 1)),  # before 2025-07-01: the old law, an error of its own
        ("20 kap. 2 § SoL", AFTER),  # old SoL had no 20 kap.
        ("3 kap. 1 § SoL", AFTER),  # old 3 kap. 1 § is in no curated row
    ):
        _, _, _, _, notes = check(text, on)
        assert not any(n.startswith("Kontrollera:") for n in notes), text
    ref = parse_text("enligt 11 kap. 1 § i den nya socialtjänstlagen", REGISTRY, AFTER)[-1]
    assert (ref.number, ref.how, ref.text) == ("2025:400", "qualifier", "11 kap. 1 § i den nya socialtjänstlagen")


def test_old_meaning_uses_only_curated_rows():
    assert REGISTRY.moved("11", "1").text() == "14 kap. 2 §"
    assert REGISTRY.moved("5", "1 a") is None  # only an automatic (derived) match
    assert REGISTRY.topic("14", "3") == "lex Sarah" and REGISTRY.topic("16", "4") is None


def test_chapter_list_takes_the_law_of_the_last_chapter():
    refs = parse_text("risk för brott enligt 3, 4 eller 6 kap. brottsbalken (1962:700) med", REGISTRY, AFTER)
    assert [(r.chapter, r.number) for r in refs] == [("3", "1962:700"), ("4", "1962:700"), ("6", "1962:700")]
    assert [r.chapter for r in parse_text("punkt 3, 6 kap. brottsbalken", REGISTRY, AFTER)] == ["6"]


def test_mask_code_keeps_offsets_and_leaves_unmatched_delimiters():
    from kls.lagrum.checker import mask_code

    text = 'a `kod 6 § LVU` b {{ dok("X") }} c <!-- 6 § --> d ``x`y`` e'
    masked = mask_code(text)
    assert len(masked) == len(text)
    assert "LVU" not in masked and "dok" not in masked and "6 §" not in masked
    assert masked.split() == ["a", "b", "c", "d", "e"]
    # a backtick never closed in its paragraph, or an unclosed macro, masks nothing
    assert mask_code("a ` b\n\n` 6 § LVU") == "a ` b\n\n` 6 § LVU"
    assert mask_code("{{ 6 § LVU") == "{{ 6 § LVU"
    hostile = "<a {{ ](< ` 640823-3234 ``\n" * 2000 + "6 § LVU"
    assert mask_code(hostile).endswith("6 § LVU")


REVERSED = 'Omvänt intervall "{}": första paragrafen är större än den sista (menades "{}"?)'


def test_reversed_section_range_is_one_error_naming_the_range_as_written():
    # an error, like sections cited without their chapter: which sections are meant cannot be known
    assert check("12–4 §§ LVU") == ("ambiguous", REVERSED.format("12–4 §§", "4–12 §§"), None, "fel", [])
    assert check("LVU 12-4 §§") == ("ambiguous", REVERSED.format("12-4 §§", "4–12 §§"), None, "fel", [])
    status, message, _, severity, _ = check("14 kap. 3–1 §§ socialtjänstlag (2025:400)")
    assert (status, message, severity) == ("ambiguous", REVERSED.format("3–1 §§", "1–3 §§"), "fel")
    assert check("3 kap. 1 b–1 a §§ socialtjänstlagen (2025:400)")[1] == REVERSED.format("1 b–1 a §§", "1 a–1 b §§")
    assert check("9–1 och 12–4 §§ LVU")[1] == (
        'Omvända intervall "9–1 §§" och "12–4 §§": första paragrafen är större än den sista (menades "1–9 §§" och "4–12 §§"?)'
    )


def test_reversed_range_still_reports_what_else_is_wrong_with_the_citation():
    _, message, _, _, notes = check("14 kap. 7–3 §§ socialtjänstlagen (2001:453)")
    assert message == REVERSED.format("7–3 §§", "3–7 §§")
    assert notes[0].startswith("socialtjänstlag (2001:453) är upphävd")
    assert check("99 kap. 9–1 §§ socialtjänstlagen (2025:400)")[4][0] == "99 kap. finns inte i socialtjänstlag (2025:400)."
    assert check("12–4 §§ socialtjänstlagen (2025:400)")[4][0].startswith("Kapitel saknas också")
    assert "2001:453" in check("14 kap. 3–1 §§ SoL", None)[4][0]  # still ambiguous without a date


def test_correct_and_equal_ranges_are_checked_as_before():
    assert check("2–4 §§ LVU")[0::3] == ("ok", None)
    # equal ends ('12–12 §§') are read as the one section they name: no reversed-range problem
    assert check("12–12 §§ LVU")[0::3] == check("12 § LVU")[0::3] == ("ok", None)
    status, message, _, _, _ = check("3 kap. 9–11 §§ socialtjänstlagen (2025:400)")
    assert (status, message) == ("unknown_provision", "3 kap. 9–11 §§ finns inte i socialtjänstlag (2025:400).")


def test_reversed_range_is_reported_at_its_file_and_line_like_other_law_problems(project, config, today):
    from helpers import write_doc
    from kls.corpus import load_corpus
    from kls.lagrum.checker import check_lagrum

    body = "Inledning.\n\nEnligt 14 kap. 1 § socialtjänstlagen (2001:453) gällde förr.\n\nSe 12–4 §§ LVU.\n"
    write_doc(project, "rutiner/barn-och-unga/a.md", body=body, title="A", id="IFO-RUT-001", lagrum=["9–1 §§ LVU"])
    found = [p for p in check_lagrum(load_corpus(config), today) if p.severity == "fel"]
    repealed = next(p for p in found if "upphävd" in p.message)
    reversed_body = next(p for p in found if "12–4" in p.message)
    reversed_entry = next(p for p in found if "9–1" in p.message)
    assert reversed_body.path == reversed_entry.path == repealed.path
    assert reversed_body.line == repealed.line + 2
    assert reversed_body.message == f"lagrum '12–4 §§ LVU': {REVERSED.format('12–4 §§', '4–12 §§')}"
    assert reversed_entry.message.startswith(f"lagrum '9–1 §§ LVU': {REVERSED.format('9–1 §§', '1–9 §§')}")
    lines = (project / "docs/rutiner/barn-och-unga/a.md").read_text(encoding="utf-8").split("\n")
    assert "9–1 §§ LVU" in lines[reversed_entry.line - 1] and "12–4 §§ LVU" in lines[reversed_body.line - 1]


REVERSED_CHAPTERS = 'Omvänt intervall "{}": första kapitlet är större än det sista (menades "{}"?)'


def test_chapter_range_checks_every_chapter_of_the_range():
    assert check("3–5 kap. socialtjänstlagen (2025:400)")[:4] == ("ok", "3–5 kap. socialtjänstlag (2025:400) gäller.", None, None)
    assert check("enligt 3 - 5 kap. socialtjänstlagen (2025:400)")[0::3] == ("ok", None)
    status, message, _, severity, _ = check("33–37 kap. socialtjänstlagen (2025:400)")  # 2025:400 ends at 35 kap.
    assert (status, message, severity) == ("unknown_provision", "36 och 37 kap. finns inte i socialtjänstlag (2025:400).", "fel")
    assert check("33–36 kap. socialtjänstlagen (2025:400)")[1] == "36 kap. finns inte i socialtjänstlag (2025:400)."
    lvu = "lag (1990:52) med särskilda bestämmelser om vård av unga"
    assert check("1–2 kap. LVU")[:2] == ("unknown_provision", f"1–2 kap. finns inte i {lvu}.")
    assert check("30–40 kap. socialtjänstlagen (2025:400)")[1] == "36–40 kap. finns inte i socialtjänstlag (2025:400)."
    status, message, _, severity, _ = check("se 4-6 kap. SoL")
    assert (status, severity) == ("ok", None) == check("se 4 kap. SoL")[0::3]
    by_date = "('SoL' tolkad som socialtjänstlag (2025:400) utifrån fastställt-datum)"
    assert message == f"4–6 kap. socialtjänstlag (2025:400) gäller. {by_date}"


def test_chapter_range_of_incompletely_known_law_warns_like_a_single_chapter():
    status, message, _, severity, notes = check("1–2 kap. SOSFS 2011:9")  # SOSFS 2011:9: structure incomplete
    single = check("2 kap. SOSFS 2011:9")
    assert (status, severity) == (single[0], single[3]) == ("ok", "varning")
    status, _, _, severity, notes = check("3–4 kap. SOSFS 2011:9")  # 3 kap. unknown, 4 kap. listed
    assert (status, severity) == ("ok", "varning")
    assert "3 kap. kan inte kontrolleras: registrets uppgifter om SOSFS 2011:9" in " ".join(notes)
    assert not any(n.startswith("4 kap.") for n in notes)


def test_chapter_range_of_repealed_sol_is_reported_as_repealed_law_like_a_single_chapter():
    for text, on in (("3–5 kap. SoL", dt.date(2024, 3, 1)), ("3-5 kap. socialtjänstlagen (2001:453)", dt.date(2025, 9, 1))):
        status, message, suggestion, severity, _ = check(text, on)
        single = check(text.replace("3–5", "3").replace("3-5", "3"), on)
        expected = ("repealed", "fel", "socialtjänstlag (2025:400)")
        assert (status, severity, suggestion) == (single[0], single[3], single[2]) == expected
        assert message == single[1]


def test_reversed_chapter_range_is_one_error():
    assert check("5–3 kap. socialtjänstlagen (2025:400)") == (
        "ambiguous",
        REVERSED_CHAPTERS.format("5–3 kap.", "3–5 kap."),
        None,
        "fel",
        [],
    )
    assert check("se 6 - 4 kap. SoL")[1] == REVERSED_CHAPTERS.format("6 - 4 kap.", "4–6 kap.")
    _, message, _, _, notes = check("5–3 kap. socialtjänstlagen (2001:453)")
    assert message == REVERSED_CHAPTERS.format("5–3 kap.", "3–5 kap.")
    assert notes[0].startswith("socialtjänstlag (2001:453) är upphävd")  # what else is wrong is still said
    assert "2001:453" in check("5–3 kap. SoL", None)[4][0]  # still ambiguous without a date


def test_equal_chapter_ends_are_checked_as_one_chapter():
    assert check("4–4 kap. socialtjänstlagen (2025:400)")[:4] == ("ok", "4 kap. socialtjänstlag (2025:400) gäller.", None, None)
    assert check("36–36 kap. socialtjänstlagen (2025:400)")[1] == "36 kap. finns inte i socialtjänstlag (2025:400)."


def test_a_lagrum_entry_with_a_chapter_range_is_mentioned_by_a_chapter_in_it(project, config, today):
    """'3–5 kap.' in `lagrum` is mentioned by '4 kap. 1 §' in the text, and '4 kap.' in `lagrum` by
    '3–5 kap.' in the text; '6 kap.' is not."""
    from helpers import write_doc
    from kls.corpus import load_corpus
    from kls.lagrum.checker import check_lagrum

    body = "Enligt 4 kap. 1 § socialtjänstlagen (2025:400) och 3–5 kap. LVU gäller följande.\n"
    entries = ["3–5 kap. socialtjänstlagen (2025:400)", "4 kap. LVU", "6 kap. LVU"]
    write_doc(project, "rutiner/barn-och-unga/a.md", body=body, title="A", id="IFO-RUT-001", lagrum=entries)
    unused = [p.message for p in check_lagrum(load_corpus(config), today) if "nämns inte i texten" in p.message]
    assert len(unused) == 1 and unused[0].startswith("lagrum '6 kap. LVU'"), unused
