"""The benchmark corpus generator: deterministic, valid against the real contract, realistic mix."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kls.config import load_config
from kls.corpus import load_corpus
from kls.corpus_gen import AREAS, generate
from kls.errors import ERROR
from kls.validate import validate


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted((root / "docs").rglob("*.md")):
        h.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def test_generated_project_validates_and_mixes(tmp_path, today):
    root = generate(tmp_path / "a", 60, seed=3)
    config = load_config(root)
    assert len(config.areas) == len(AREAS) == 40
    corpus = load_corpus(config)
    assert len(corpus.documents) == 60
    errors = [p for p in validate(corpus, today) if p.severity == ERROR]
    assert errors == []
    assert {d.doc_type.key for d in corpus.documents} == {"riktlinje", "rutin", "process", "mall"}
    internal = sum(not d.public for d in corpus.documents) / len(corpus.documents)
    assert 0.15 <= internal <= 0.45
    bodies = [d.body for d in corpus.documents]
    assert any("|---" in b for b in bodies) and any("!!! " in b for b in bodies)
    assert any("socialtjänstlagen (2025:400)" in b for b in bodies)
    assert (root / "mkdocs.yml").is_file() and (root / "overrides" / "hooks" / "kls_site.py").is_file()


def test_same_seed_same_files(tmp_path):
    assert digest(generate(tmp_path / "a", 25)) == digest(generate(tmp_path / "b", 25))
    assert digest(generate(tmp_path / "c", 25, seed=2)) != digest(tmp_path / "a")
