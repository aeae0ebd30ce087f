"""Extra search terms for each document, so Swedish search finds what stemming alone misses.

Pagefind stems Swedish words and folds diacritics itself. What it cannot know is the unit's
language, so each document's index entry gets a short list of extra terms (never shown on the page):

- compound heads found against the site's own vocabulary: "orosanmälan" also indexes "anmälan",
  but only when both parts are words used in the corpus ("without flooding");
- the -an / -ningar noun paradigm ("anmälan", plural "anmälningar"), when both forms are attested;
- law abbreviations from the law registry (`data/lagar.yaml`): a document citing "(1990:52)"
  also indexes "LVU";
- a small maintained synonym list (`data/synonymer.yaml`): "ekonomiskt bistånd" ↔ "försörjningsstöd".

Pure functions; the vocabulary is built from one site's documents only, so the public index never
holds anything derived from internal text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer
import yaml

DATA = Path(__file__).parent / "data"
# On lower-cased text: the same words as `[a-zåäöéü]+` with re.IGNORECASE (which also takes the
# dotless ı and the long ſ), without case folding at every character (faster).
WORD = re.compile(r"[a-zåäöéüıſ]+")
LAW_NUMBER = re.compile(r"(?:(?:SOSFS|HSLF-FS)\s+)?\d{4}:\d+")
LAW_PREFIXES = ("SOSFS", "HSLF-FS")  # the optional prefixes in LAW_NUMBER
MIN_HEAD = 4  # shortest compound head indexed on its own ("plan", "stöd")
MIN_MODIFIER = 3  # shortest first part ("oro" in "orosanmälan")
SYNONYM_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzåäö")  # what ends a word around a synonym
INFLECTIONS = ("arna", "erna", "orna", "ens", "ets", "en", "et", "ar", "er", "or", "na", "n", "s")
LINKING = ("s", "e", "a", "")  # Swedish linking morphemes: oro-s-anmälan, familj-e-hem, barn-a-vård

# TODO(issue 4): used only when data/lagar.yaml (the law registry) is missing.
FALLBACK_ABBREVIATIONS: dict[str, list[str]] = {
    "2025:400": ["SoL"],
    "2001:453": ["SoL"],
    "1990:52": ["LVU"],
    "1988:870": ["LVM"],
    "1993:387": ["LSS"],
    "2009:400": ["OSL"],
    "2017:900": ["FL"],
    "1949:381": ["FB"],
    "2017:30": ["HSL"],
}


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("swedish")


def words(text: str) -> list[str]:
    """Lower-case words of a text."""
    return WORD.findall(text.lower())


def law_numbers(text: str) -> set[str]:
    """The law numbers a text cites: what `LAW_NUMBER.findall(text)` finds, found faster.

    Each match holds exactly one colon with four digits just before it, so only the colons are
    looked at: a match begins at those digits, or at the "SOSFS " / "HSLF-FS " before them. The
    regex engine tries that one or two places per colon instead of every position of the text."""
    found: set[str] = set()
    end = 0  # matches do not overlap: the next begins at or after the previous one's end
    colon = text.find(":", 4)
    while colon >= 0:
        digits = colon - 4
        if digits >= end:
            start = _prefix_start(text, digits)
            match = (start is not None and start >= end and LAW_NUMBER.match(text, start)) or LAW_NUMBER.match(text, digits)
            if match:
                found.add(match.group())
                end = match.end()
        colon = text.find(":", colon + 1)
    return found


def _prefix_start(text: str, digits: int) -> int | None:
    """Where a "SOSFS" / "HSLF-FS" and the whitespace after it begin, when they end at `digits`."""
    space = digits
    while space > 0 and text[space - 1].isspace():  # str.isspace() is the regex's \s
        space -= 1
    if space == digits:
        return None
    for prefix in LAW_PREFIXES:
        if space >= len(prefix) and text.startswith(prefix, space - len(prefix)):
            return space - len(prefix)
    return None


@lru_cache(maxsize=4)
def law_abbreviations(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Law number ("1990:52", "SOSFS 2011:9") → abbreviations, from the law registry."""
    path = path or DATA / "lagar.yaml"
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError):
        return {k: tuple(v) for k, v in FALLBACK_ABBREVIATIONS.items()}
    found: dict[str, tuple[str, ...]] = {}
    for law in (raw or {}).get("laws", []) if isinstance(raw, dict) else []:
        number = str(law.get("number") or "")
        names = [str(a) for a in (law.get("abbreviations") or []) + (law.get("abbreviations_unverified") or [])]
        if LAW_NUMBER.fullmatch(number) and names:
            found[number] = tuple(dict.fromkeys((*found.get(number, ()), *names)))
    return found or {k: tuple(v) for k, v in FALLBACK_ABBREVIATIONS.items()}


@lru_cache(maxsize=4)
def synonym_groups(path: Path | None = None) -> tuple[tuple[str, ...], ...]:
    """Groups of terms that mean the same thing to the unit (`data/synonymer.yaml`)."""
    path = path or DATA / "synonymer.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ()
    groups = raw.get("synonymer", []) if isinstance(raw, dict) else []
    return tuple(tuple(str(t).strip().lower() for t in g if str(t).strip()) for g in groups if isinstance(g, list) and len(g) > 1)


@dataclass
class Vocabulary:
    """The words of one site's documents, with compound heads and paradigm forms worked out once.

    Everything is computed lazily, once per site build: a word's stem only when it can matter
    (see `paradigm`), a word's terms the first time a document uses it.
    """

    words: set[str]
    stems: dict[str, str] = field(default_factory=dict)
    _heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _termless: set[str] = field(default_factory=set)  # words whose terms are ()
    _text_words: dict[str, frozenset[str]] = field(default_factory=dict)  # from_texts' texts → their words
    _forms: set[str] | None = None
    _ning_stems: set[str] | None = None

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        text_words: dict[str, frozenset[str]] = {}
        vocab: set[str] = set()
        for text in texts:
            if text not in text_words:
                text_words[text] = found = frozenset(words(text))
                vocab |= found
        return cls(vocab, _text_words=text_words)

    def words_in(self, text: str) -> frozenset[str]:
        """The set of a text's lower-case words. No word spans a line break, so a title line and a
        text give the title's words and the text's, and a text `from_texts` had is not scanned again."""
        title, _, rest = text.partition("\n")
        return self._words_of(title) | self._words_of(rest)

    def _words_of(self, text: str) -> frozenset[str]:
        found = self._text_words.get(text)
        return frozenset(words(text)) if found is None else found

    def word_terms(self, word: str) -> tuple[str, ...]:
        """A word's compound heads and other paradigm form (worked out once per site build)."""
        found = self._terms.get(word)
        if found is None:
            found = self.heads(word) if len(word) >= MIN_MODIFIER + MIN_HEAD else ()
            other = self.paradigm(word)
            self._terms[word] = found = (*found, other) if other else found
            if not found:
                self._termless.add(word)
        return found

    def terms_of(self, own: AbstractSet[str]) -> set[str]:
        """The terms of all these words (words already known to have none are skipped at once)."""
        terms: set[str] = set()
        for word in own - self._termless:
            terms.update(self.word_terms(word))
        return terms

    def stem(self, word: str) -> str:
        if word not in self.stems:
            self.stems[word] = _stemmer().stemWord(word)
        return self.stems[word]

    @property
    def ning_stems(self) -> set[str]:
        """The corpus words' stems that end in -ning. Snowball's Swedish stemmer only removes or
        shortens endings, so a stem is the start of its word: only words with "ning" are stemmed."""
        if self._ning_stems is None:
            stems = (self.stem(w) for w in self.words if "ning" in w)
            self._ning_stems = {s for s in stems if s.endswith("ning")}
        return self._ning_stems

    @property
    def forms(self) -> set[str]:
        """The corpus words and their inflected forms ("placeringen" when "placering" is used)."""
        if self._forms is None:
            bases = [w for w in self.words if len(w) >= MIN_HEAD]
            self._forms = self.words.union(*([b + ending for b in bases] for ending in INFLECTIONS))
        return self._forms

    def heads(self, word: str) -> tuple[str, ...]:
        """Compound heads of `word` that are corpus words: "barnavårdsutredning" → ("utredning",)."""
        if word in self._heads:
            return self._heads[word]
        found: list[str] = []
        forms = self.forms
        for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
            head = word[i:]
            if head not in forms:  # neither a corpus word nor an inflected form of one
                continue
            modifier = word[:i]
            if any(
                modifier.endswith(link)
                and len(modifier) - len(link) >= MIN_MODIFIER
                and self._is_part(modifier[: len(modifier) - len(link)])
                for link in LINKING
            ):
                found.append(head)
                found.extend(self.heads(head))
                break
        self._heads[word] = tuple(dict.fromkeys(found))
        return self._heads[word]

    def _is_part(self, modifier: str) -> bool:
        """A compound's first part: a corpus word or itself a compound of corpus words."""
        return modifier in self.words or bool(self.heads(modifier))

    def paradigm(self, word: str) -> str | None:
        """The other form of an -an / -ning noun when the corpus attests it: "anmälan" ↔ "anmälningar"."""
        if word.endswith("an") and len(word) >= 6:
            if word[:-2] + "ning" in self.ning_stems:
                return word[:-2] + "ningar"
            for head in self.heads(word):
                if head.endswith("an") and head[:-2] + "ning" in self.ning_stems:
                    return word[:-2] + "ningar"
        if "ning" not in word:  # its stem, the start of the word, cannot end in -ning
            return None
        stem = self.stem(word)
        if stem.endswith("ning") and len(stem) >= 8:
            base = stem[:-4] + "an"
            if base in self.words:
                return base
            for head in self.heads(stem):
                if head.endswith("ning") and head[:-4] + "an" in self.words:
                    return base
        return None


@lru_cache(maxsize=8)
def _synonym_terms(groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Every synonym, longest first."""
    return tuple(sorted({t for g in groups for t in g}, key=len, reverse=True))


def _at_word_edges(lowered: str, start: int, term: str) -> bool:
    """A synonym at a word start; a short one (an abbreviation: "sip", "ivo") also at a word end."""
    end = start + len(term)
    if start and lowered[start - 1] in SYNONYM_LETTERS:
        return False
    return len(term) > 4 or lowered[end : end + 1] not in SYNONYM_LETTERS


def _synonyms_in(lowered: str, groups: tuple[tuple[str, ...], ...]) -> set[str]:
    """The synonyms a lower-cased text uses, read left to right: where several begin at one place
    the longest counts, and none overlaps the one before (what one regex alternation of them all,
    longest first, finds; plain substring search is several times faster than that regex)."""
    hits = []
    for term in _synonym_terms(groups):
        start = lowered.find(term)
        while start >= 0:
            if _at_word_edges(lowered, start, term):
                hits.append((start, -len(term), term))
            start = lowered.find(term, start + 1)
    found: set[str] = set()
    end = 0
    for start, minus_length, term in sorted(hits):
        if start >= end:
            found.add(term)
            end = start - minus_length
    return found


def extra_terms(text: str, vocab: Vocabulary, lagrum: Iterable[str] = ()) -> list[str]:
    """The extra index terms for one document's text (title, body, legal references)."""
    lowered = text.lower()
    own = vocab.words_in(text)
    terms = vocab.terms_of(own)
    joined = " ".join([text, *lagrum])
    abbreviations = law_abbreviations()
    for number in law_numbers(joined):
        terms.update(abbreviations.get(number, ()))
    found = _synonyms_in(lowered, synonym_groups())
    for group in synonym_groups():
        if found.intersection(group):
            terms.update(group)
    return sorted(t for t in terms if t.lower() not in own and not (" " in t and t in lowered))
