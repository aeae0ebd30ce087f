"""Hostile or broken files never crash the tools (property-based, with hypothesis).

Thousands of generated and mutated documents (random YAML, wrong types, huge values, deep
nesting, alias bombs, binary junk, unusual Unicode, CRLF/BOM, encodings) go through
`kls validera`, `kls revision` (every format) and `kls lagrum` when that command exists.
Every run must end with a clear message or success: exit status 0 or 1 and never a traceback
or an "internt fel". In-process runs set KLS_DEBUG=1, so any unexpected exception fails the test.

Profiles: `ci` (default, about a minute) and `lang` (HYPOTHESIS_PROFILE=lang, 10× the examples).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import kls.cli
from helpers import DEFAULT_META, front_matter, make_project
from kls.cli import build_parser, main
from kls.config import load_config

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("KLS_FUZZ_EXEMPEL", "300")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile("lang", parent=settings.get_profile("ci"), max_examples=1500, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TODAY = "2026-11-23"
REL = Path("docs/rutiner/barn-och-unga")
STATS = {"dokument": 0, "mutationer": 0, "körningar": 0, "tracebacks": 0}
KEYS = [*DEFAULT_META, "title", "id", "publicering", "relaterade", "ändringslogg", "upphävd", "ersatt_av", "revideras", "tags"]


def commands() -> list[list[str]]:
    """The tool runs for one corpus: validator, revision report in every format, law checker."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    runs = [["validera", "--per", TODAY]]
    if "revision" in sub.choices:
        runs += [["revision", "--per", TODAY, "--format", f] for f in ("text", "json", "csv", "ics", "markdown")]
    if "lagrum" in sub.choices:
        runs.append(["lagrum", "--per", TODAY] if "--per" in sub.choices["lagrum"].format_usage() else ["lagrum"])
    return runs


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("fuzz") / "projekt", with_pages=False)


def run_tools(root: Path, files: list[bytes], extra: list[list[str]] | None = None) -> None:
    """Write `files` as documents, run every tool in-process, assert a clean ending."""
    folder = root / REL
    shutil.rmtree(root / "docs" / "rutiner", ignore_errors=True)
    folder.mkdir(parents=True)
    for index, data in enumerate(files):
        (folder / f"dok-{index}.md").write_bytes(data)
    STATS["dokument"] += len(files)
    for argv in commands() + (extra or []):
        out, err = _capture(), _capture()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--rot", str(root), *argv])
            except SystemExit as exc:  # argparse only
                code = exc.code
            except Exception:
                STATS["tracebacks"] += 1
                raise
        STATS["körningar"] += 1
        text = err.getvalue()
        assert code in (0, 1), (argv, code, text[-2000:])
        assert "Traceback" not in text and "internt fel" not in text, (argv, text[-2000:])
        if code == 1 and argv[0] == "validera":
            assert "fel:" in out.getvalue() or "kls:" in text, "a failure names its reason"


class _capture(io.TextIOWrapper):
    """A text stream with a `.buffer`, like sys.stdout (the xlsx report writes bytes)."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", errors="replace")

    def getvalue(self) -> str:
        self.flush()
        return self.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def debug_mode(monkeypatch):
    monkeypatch.setenv("KLS_DEBUG", "1")  # unexpected exceptions propagate instead of "internt fel"
    configs: dict[Path, object] = {}

    def cached_config(root=None):  # kls.yml is the same in every run: read it once
        key = Path(root or ".").resolve()
        if key not in configs:
            configs[key] = load_config(root)
        return configs[key]

    monkeypatch.setattr(kls.cli, "load_config", cached_config)


# --- strategies ---------------------------------------------------------------------------------

UNUSUAL = st.sampled_from(
    [
        "\u202e",  # right-to-left override
        "\u200b",  # zero width space
        "\ufeff",  # BOM inside text
        "\u2028",  # line separator (YAML treats it as a break)
        "\u0085",  # NEL
        "a\u0308",  # decomposed ä
        "\U0001f600",
        "\x7f",
        "\x1b[31m",
        "İ",
        "ß",
        "\u0000",
        "---",
        "...",
        ": ",
        "- ",
        "#",
        "&a",
        "*a",
        "!!python/object/apply:os.system ['true']",
        "!!binary aGVq",
        "{{ enhet.namn }}",
        '{{ dok("IFO-RUT-001") }}',
        "{% raw %}",
        "<script>",
    ]
)
TEXT = st.one_of(st.text(max_size=60), UNUSUAL, st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.sampled_from(
        ["2025-09-01", "2025-13-45", "0000-00-00", "12 månader", "-5 år", "9999999 dagar", "1e309", "extern", "IFO-RUT-001"]
    ),
)
VALUES = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12)
META = st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), VALUES, max_size=12)
MARKDOWN = st.sampled_from(["## Rubrik", "| a | b |", "```", "<div>", "[x](y.md)", "\n", "811218-9876", "a@gmail.com"])
BODY = st.lists(st.one_of(TEXT, UNUSUAL, MARKDOWN), max_size=20).map("\n".join)


def dump(meta: dict) -> str | None:
    try:
        return front_matter(meta)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None


@given(docs=st.lists(st.tuples(META, BODY), min_size=1, max_size=5))
def test_random_front_matter_and_body(fuzz_project, docs):
    texts = [dump(meta) for meta, _ in docs]
    assume(all(t is not None for t in texts))
    files = [(t + "\n" + body).encode("utf-8", "surrogatepass") for t, (_, body) in zip(texts, docs, strict=True)]
    run_tools(fuzz_project, files)


def valid_document(title: str = "Rutin", doc_id: str = "IFO-RUT-001") -> bytes:
    meta = {"title": title, "id": doc_id, **DEFAULT_META, "publicering": "extern", "revideras": "2026-12-01"}
    return (front_matter(meta) + "\n## Syfte\n\nRing {{ enhet.telefon_socialjour }}.\n").encode("utf-8")


@st.composite
def mutated(draw) -> bytes:
    """A valid document with a few random byte/text mutations."""
    data = bytearray(valid_document())
    for _ in range(draw(st.integers(1, 6))):
        STATS["mutationer"] += 1
        kind = draw(st.sampled_from(["insert", "delete", "flip", "dup", "text", "truncate", "crlf", "bom", "encode"]))
        pos = draw(st.integers(0, len(data)))
        if kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=12))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        elif kind == "flip" and pos < len(data):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "dup":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 200))] * draw(st.integers(1, 5))
        elif kind == "text":
            data[pos:pos] = draw(UNUSUAL).encode("utf-8")
        elif kind == "truncate":
            del data[pos:]
        elif kind == "crlf":
            data = bytearray(bytes(data).replace(b"\n", b"\r\n"))
        elif kind == "bom":
            data[0:0] = b"\xef\xbb\xbf"
        elif kind == "encode":
            text = bytes(data).decode("utf-8", "replace")
            data = bytearray(text.encode(draw(st.sampled_from(["latin-1", "utf-16", "cp1252", "utf-32"])), "replace"))
    return bytes(data)


@given(files=st.lists(mutated(), min_size=1, max_size=4))
def test_mutated_documents(fuzz_project, files):
    run_tools(fuzz_project, files)


# --- hand-made hostile files ---------------------------------------------------------------------

HOSTILE = {
    "alias-bomb": "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\ntitle: x\n---\n",
    "merge-key": "---\nbase: &b {title: x}\n<<: *b\nid: IFO-RUT-001\n---\n",
    "deep-list": "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n",
    "deep-map": "---\ntitle: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n---\n",
    "python-tag": "---\ntitle: !!python/object/apply:os.system ['echo hacked']\n---\n",
    "set-tag": "---\ntitle: !!set {a, b}\nlagrum: !!omap [{a: 1}]\n---\n",
    "binary-tag": "---\ntitle: !!binary aGVq\n---\n",
    "huge-title": "---\ntitle: " + "x" * 70_000 + "\n---\n",
    "huge-int": "---\ntitle: t\nversion: " + "9" * 5000 + "\nrevisionsintervall: " + "9" * 400 + " månader\n---\n",
    "huge-date": "---\ntitle: t\nfastställd: 999999999-01-01\nrevideras: 0001-01-01\n---\n",
    "many-keys": "---\n" + "".join(f"k{n}: {n}\n" for n in range(3000)) + "---\n",
    "complex-key": "---\n? [a, b]\n: c\n? {x: 1}\n: d\ntitle: t\n---\n",
    "no-end": "---\ntitle: t\n",
    "only-dashes": "---\n---\n",
    "list-root": "---\n- a\n- b\n---\n",
    "scalar-root": "---\njust text\n---\n",
    "tabs": "---\ntitle:\tt\n\tid: x\n---\n",
    "nul": "---\ntitle: t\x00\n---\n",
    "lone-surrogate-bytes": b"---\ntitle: \xed\xa0\x80\n---\n",
    "latin1": "---\ntitle: Återkoppling\n---\n".encode("latin-1"),
    "utf16": "---\ntitle: t\n---\n".encode("utf-16"),
    "bom-crlf": b"\xef\xbb\xbf" + valid_document().replace(b"\n", b"\r\n"),
    "cr-only": valid_document().replace(b"\n", b"\r"),
    "nel-breaks": "---\ntitle: a\u0085id: IFO-RUT-001\u2028ägare: x\n---\n",
    "dup-keys": "---\ntitle: a\ntitle: b\nid: IFO-RUT-001\nid: IFO-RUT-002\n---\n",
    "jinja-body": valid_document().decode() + "\n{{ ''.__class__.__mro__ }}\n{% for x in range(10**9) %}{% endfor %}\n",
    "changelog-junk": "---\ntitle: t\nändringslogg: [1, null, {datum: [1]}, {datum: 2025-99-99, ändring: {}}]\n"
    "relaterade: {a: b}\n---\n",
    "ersatt-self": "---\ntitle: t\nid: IFO-RUT-001\nupphävd: 2025-01-01\nersatt_av: IFO-RUT-001\n---\n",
    "empty": "",
    "whitespace": "   \n\n\t\n",
    "binary": bytes(range(256)) * 40,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hand_made_hostile_files(fuzz_project, name):
    data = HOSTILE[name]
    run_tools(fuzz_project, [data if isinstance(data, bytes) else data.encode("utf-8"), valid_document(doc_id="IFO-RUT-002")])


def test_hostile_files_in_subprocesses(tmp_path):
    """The installed `kls` entry point, without KLS_DEBUG: a clean message, never a traceback."""
    root = make_project(tmp_path / "projekt", with_pages=False)
    folder = root / REL
    folder.mkdir(parents=True)
    for name in ("alias-bomb", "deep-list", "python-tag", "nul", "latin1", "binary", "jinja-body"):
        data = HOSTILE[name]
        (folder / f"{name}.md").write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if k != "KLS_DEBUG"}
    for argv in commands() + [["bygg", "--per", TODAY]]:
        result = subprocess.run(
            [sys.executable, "-m", "kls.cli", "--rot", str(root), *argv], capture_output=True, text=True, timeout=300, env=env
        )
        STATS["körningar"] += 1
        assert result.returncode in (0, 1), (argv, result.stderr[-2000:])
        assert "Traceback" not in result.stderr + result.stdout and "internt fel" not in result.stderr, argv
        if argv[0] in ("validera", "bygg"):
            assert result.returncode == 1 and "alias-bomb.md:" in result.stdout + result.stderr


@pytest.mark.parametrize("hostile", [False, True], ids=["vanlig", "fientlig"])
def test_750_documents_with_a_10_mb_file_finish(tmp_path, hostile):
    """Hang guard only (timings come from bench/robust_bench.py): every tool ends, cleanly."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import robust_bench

    root = robust_bench.make_corpus(tmp_path / "projekt", 750)
    robust_bench.add_big_file(root, 10, hostile=hostile)
    for tool, figures in robust_bench.run(root, timeout=900).items():
        STATS["körningar"] += 1
        assert figures["slutstatus"] in (0, 1) and not figures["traceback"], (tool, figures)


def test_zz_report(capsys):
    with capsys.disabled():
        print(
            f"\n[fuzz] dokument: {STATS['dokument']}, mutationer: {STATS['mutationer']}, "
            f"verktygskörningar: {STATS['körningar']}, tracebacks: {STATS['tracebacks']}"
        )
    assert STATS["tracebacks"] == 0
