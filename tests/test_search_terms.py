"""Extra Swedish search terms: compounds, the -an/-ningar paradigm, law abbreviations, synonyms."""

from __future__ import annotations

import re
from pathlib import Path

from kls.config import load_config
from kls.corpus import load_corpus
from kls.corpus_gen import generate
from kls.search_terms import (
    INFLECTIONS,
    LAW_NUMBER,
    LINKING,
    MIN_HEAD,
    MIN_MODIFIER,
    Vocabulary,
    _stemmer,
    _synonyms_in,
    extra_terms,
    law_abbreviations,
    law_numbers,
    synonym_groups,
    words,
)

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


# --- the fast implementation against a straightforward one ---------------------------------------
# The reference below is the first, plain version of kls.search_terms: every corpus word stemmed up
# front, inflections tried one by one, one regex scan each for law numbers and synonyms. The fast
# version must give exactly the same terms, in the same order.

EDGE_TEXTS = [
    "Orosanmälan och ANMÄLAN; anmälningar, orosanmälningar. Ansökan – ansökningar, ansökningarna.",
    "Familjehemsplaceringen, familjehemsplaceringarna och barnavårdsutredningarna.",
    "Déjà-vu: café, Müller, övergång, ÅTERKOMST, ıdentitet, ſtöd. Barn-och-unga, barnaVård.",
    "LVU (1990:52), SoL 2025:400, SOSFS 2014:5, HSLF-FS 2016:55, SOSFS\n\t2011:9, SOSFS2011:9.",
    "21990:52, 1990:2011:9, SOSFS 1234 5678:9, xSOSFS 2014:5, HSLF-FS  HSLF-FS 2016:55, :1, 1:1.",
    "١٩٩٠:٥٢ och SOSFS\u20032014:5, kl. 10:00, 2017:900; 2017:9001; (2009:400)",
    "IVO, ivory, sip-möte, SIP, hvb-hemmet, HVB, ekonomiskt bistånd, ekonomiskt biståndet.",
    "Anmälan om oro; orosanmälan om oro; skyddat boende, skyddad boende, umgängesstödjare, socialbidrag.",
    "Hem för vård eller boende och fosterhemmet; samordnad individuell plan (sip).",
    "Utredningen, utredning, utredningar; placering, placeringen; anmälan.",
    "Anmälningen och ansökningen; ansökan. Placeringens ansökningsblankett.",
    "",
]


class ReferenceVocabulary:
    """The plain algorithm (see kls.search_terms for what each step means)."""

    def __init__(self, texts: list[str]):
        self.words = {w for text in texts for w in words(text)}
        ordered = sorted(self.words)
        self.stems = dict(zip(ordered, _stemmer().stemWords(ordered), strict=True))
        self.stem_set = set(self.stems.values())

    def stem(self, word: str) -> str:
        return self.stems.get(word) or _stemmer().stemWord(word)

    def is_word(self, word: str) -> bool:
        return word in self.words or any(
            word.endswith(e) and len(word) - len(e) >= MIN_HEAD and word[: -len(e)] in self.words for e in INFLECTIONS
        )

    def heads(self, word: str) -> tuple[str, ...]:
        for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
            head, modifier = word[i:], word[:i]
            parts = [modifier[: len(modifier) - len(link)] for link in LINKING if modifier.endswith(link)]
            if self.is_word(head) and any(len(p) >= MIN_MODIFIER and (p in self.words or self.heads(p)) for p in parts):
                return tuple(dict.fromkeys([head, *self.heads(head)]))
        return ()

    def paradigm(self, word: str) -> str | None:
        if word.endswith("an") and len(word) >= 6:
            for part in (word, *self.heads(word)):
                if part.endswith("an") and part[:-2] + "ning" in self.stem_set:
                    return word[:-2] + "ningar"
        stem = self.stem(word)
        if stem.endswith("ning") and len(stem) >= 8:
            for part in (stem, *self.heads(stem)):
                if part.endswith("ning") and part[:-4] + "an" in self.words:
                    return stem[:-4] + "an"
        return None

    def word_terms(self, word: str) -> tuple[str, ...]:
        found = self.heads(word) if len(word) >= MIN_MODIFIER + MIN_HEAD else ()
        other = self.paradigm(word)
        return (*found, other) if other else found


def reference_synonyms(lowered: str, groups: tuple[tuple[str, ...], ...]) -> set[str]:
    synonyms = sorted({t for g in groups for t in g}, key=len, reverse=True)
    alternatives = [re.escape(t) + (r"(?![a-zåäö])" if len(t) <= 4 else "") for t in synonyms]
    return set(re.findall(r"(?<![a-zåäö])(?:" + "|".join(alternatives) + ")", lowered))


def reference_terms(text: str, vocab: ReferenceVocabulary, lagrum: tuple[str, ...] = ()) -> list[str]:
    lowered = text.lower()
    own = set(re.findall(r"[a-zåäöéüıſ]+", lowered))
    terms = {t for word in own for t in vocab.word_terms(word)}
    for number in set(LAW_NUMBER.findall(" ".join([text, *lagrum]))):
        terms.update(law_abbreviations().get(number, ()))
    found = reference_synonyms(lowered, synonym_groups())
    for group in synonym_groups():
        if found.intersection(group):
            terms.update(group)
    return sorted(t for t in terms if t.lower() not in own and not (" " in t and t in lowered))


def generated_documents(root: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(title, text, legal references) of a small generated corpus's documents, as the index has them."""
    corpus = load_corpus(load_config(generate(root, 40, seed=5)))
    return [
        (d.title, " ".join([d.body, d.text("description") or "", *d.texts("tags")]), tuple(d.lagrum)) for d in corpus.documents
    ]


def test_fast_terms_equal_the_reference(tmp_path):
    documents = generated_documents(tmp_path / "korpus") + [(f"Titel {i}", t, ()) for i, t in enumerate(EDGE_TEXTS)]
    documents += [("Anmälningarna om ivo", "Anmälan", ("SOSFS 2014:5",)), ("Utan text\nmed radbrytning", "", ())]
    texts = [text for _, text, _ in documents] + CORPUS
    vocab, reference = Vocabulary.from_texts(texts), ReferenceVocabulary(texts)
    compared = 0
    for title, text, lagrum in documents + [("", t, ()) for t in CORPUS]:
        whole = f"{title}\n{text}"
        assert extra_terms(whole, vocab, lagrum) == reference_terms(whole, reference, lagrum), whole[:80]
        compared += bool(reference_terms(whole, reference, lagrum))
    assert compared > 30  # the comparison is not trivially between empty lists


def test_law_numbers_and_synonyms_as_the_regexes_find_them():
    for text in EDGE_TEXTS + CORPUS:
        assert law_numbers(text) == set(LAW_NUMBER.findall(text)), text
    assert law_numbers("SOSFS 2014:5 och 21990:52") == {"SOSFS 2014:5", "1990:52"}
    assert law_numbers("1990:2011:9") == {"1990:2011"}


def test_synonyms_as_one_regex_finds_them():
    """Longest first where several begin at one place, none overlapping, at word edges."""
    groups = (("vård och omsorg", "omsorg"), ("hem",), ("hemma", "sip"), ("och", "ivo"), ("plan",), *synonym_groups())
    tricky = ["aivo ivo. hemmahem hem! vård och omsorg, hemma", "ahem", "hvb", "omsorg och omsorgen", "planen"]
    for text in [*EDGE_TEXTS, *CORPUS, *tricky]:
        assert _synonyms_in(text.lower(), groups) == reference_synonyms(text.lower(), groups), text
    assert _synonyms_in("vård och omsorg", groups) == {"vård och omsorg"}


def test_stems_begin_their_words():
    """What `Vocabulary.ning_stems` relies on: the Swedish stemmer only removes or shortens endings."""
    vocab = ReferenceVocabulary([*EDGE_TEXTS, *CORPUS, "tröst löst hänsynsfullt fullt vänligt kvinnorna kladdd änglarnas"])
    assert all(word.startswith(stem) for word, stem in vocab.stems.items())
