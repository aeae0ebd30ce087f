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
MIN_HEAD = 4  # shortest compound head indexed on its own ("plan", "stöd")
MIN_MODIFIER = 3  # shortest first part ("oro" in "orosanmälan")
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
    """The words of one site's documents, with stems and compound heads computed once."""

    words: set[str]
    stems: dict[str, str] = field(default_factory=dict)
    _heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _stem_set: set[str] | None = None

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        vocab: set[str] = set()
        for text in texts:
            vocab.update(words(text))
        stemmed = _stemmer().stemWords(sorted(vocab))
        return cls(vocab, dict(zip(sorted(vocab), stemmed, strict=True)))

    def word_terms(self, word: str) -> tuple[str, ...]:
        """A word's compound heads and other paradigm form (worked out once per site build)."""
        found = self._terms.get(word)
        if found is None:
            found = self.heads(word) if len(word) >= MIN_MODIFIER + MIN_HEAD else ()
            other = self.paradigm(word)
            self._terms[word] = found = (*found, other) if other else found
        return found

    def stem(self, word: str) -> str:
        if word not in self.stems:
            self.stems[word] = _stemmer().stemWord(word)
        return self.stems[word]

    @property
    def stem_set(self) -> set[str]:
        if self._stem_set is None:
            self._stem_set = set(self.stems.values())
        return self._stem_set

    def heads(self, word: str) -> tuple[str, ...]:
        """Compound heads of `word` that are corpus words: "barnavårdsutredning" → ("utredning",)."""
        if word in self._heads:
            return self._heads[word]
        found: list[str] = []
        for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
            head = word[i:]
            if not self._is_word(head):
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

    def _is_word(self, word: str) -> bool:
        """A corpus word, or an inflected form of one ("placeringen" when "placering" is used)."""
        if word in self.words:
            return True
        return any(
            word.endswith(ending) and len(word) - len(ending) >= MIN_HEAD and word[: -len(ending)] in self.words
            for ending in INFLECTIONS
        )

    def _is_part(self, modifier: str) -> bool:
        """A compound's first part: a corpus word or itself a compound of corpus words."""
        return modifier in self.words or bool(self.heads(modifier))

    def paradigm(self, word: str) -> str | None:
        """The other form of an -an / -ning noun when the corpus attests it: "anmälan" ↔ "anmälningar"."""
        if word.endswith("an") and len(word) >= 6:
            if word[:-2] + "ning" in self.stem_set:
                return word[:-2] + "ningar"
            for head in self.heads(word):
                if head.endswith("an") and head[:-2] + "ning" in self.stem_set:
                    return word[:-2] + "ningar"
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
def _synonym_pattern(groups: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """One regex for every synonym: at a word start; short terms (abbreviations) also at a word end."""
    terms = sorted({t for g in groups for t in g}, key=len, reverse=True) or ["(?!)"]
    alternatives = [re.escape(t) + (r"(?![a-zåäö])" if len(t) <= 4 else "") for t in terms]
    return re.compile(r"(?<![a-zåäö])(?:" + "|".join(alternatives) + ")")


def extra_terms(text: str, vocab: Vocabulary, lagrum: Iterable[str] = ()) -> list[str]:
    """The extra index terms for one document's text (title, body, legal references)."""
    lowered = text.lower()
    own = set(WORD.findall(lowered))
    terms: set[str] = set()
    for word in own:
        terms.update(vocab.word_terms(word))
    joined = " ".join([text, *lagrum])
    abbreviations = law_abbreviations()
    for number in set(LAW_NUMBER.findall(joined)):
        terms.update(abbreviations.get(number, ()))
    found = {m.group(0) for m in _synonym_pattern(synonym_groups()).finditer(lowered)}
    for group in synonym_groups():
        if found.intersection(group):
            terms.update(group)
    return sorted(t for t in terms if t.lower() not in own and not (" " in t and t in lowered))
