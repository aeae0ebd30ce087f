"""Extra Swedish search terms: compounds, the -an/-ningar paradigm, law abbreviations, synonyms."""

from __future__ import annotations

from kls.search_terms import Vocabulary, extra_terms, law_abbreviations, synonym_groups

CORPUS = [
    "Orosanmälan tas emot samma dag vid oro för ett barn.",
    "En anmälan registreras. Antalet anmälningar ökar.",
    "Familjehemsplaceringen planeras. Placering i familjehem.",
    "Riktlinjen om ekonomiskt bistånd.",
    "Beslut enligt lag (1990:52) med särskilda bestämmelser om vård av unga.",
    "Barnavårdsutredningen pågår; en utredning om barn och vård.",
]


def terms(index: int) -> list[str]:
    return extra_terms(CORPUS[index], Vocabulary.from_texts(CORPUS))


def test_compound_heads_only_when_both_parts_are_corpus_words():
    vocab = Vocabulary.from_texts(CORPUS)
    assert vocab.heads("orosanmälan") == ("anmälan",)
    assert "placeringen" in vocab.heads("familjehemsplaceringen")
    assert "utredningen" in vocab.heads("barnavårdsutredningen")
    assert vocab.heads("xyzanmälan") == ()  # "xyz" is no corpus word: no flooding


def test_an_ning_paradigm_when_attested():
    assert "orosanmälningar" in terms(0)
    assert "anmälan" in terms(0) or "anmälan" in CORPUS[0].lower()


def test_law_abbreviation_from_registry():
    assert "LVU" in terms(4)
    assert "LVU" in law_abbreviations().get("1990:52", ())


def test_synonyms():
    assert "försörjningsstöd" in terms(3)
    assert any("försörjningsstöd" in group for group in synonym_groups())
    assert "försörjningsstöd" not in terms(2)


def test_no_terms_the_text_already_has():
    assert "ekonomiskt bistånd" not in terms(3)
