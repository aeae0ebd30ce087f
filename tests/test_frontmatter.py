"""Front matter splitting and safe YAML loading."""

import pytest

from kls.frontmatter import FrontMatterError, decode, parse, split


def test_split_and_body_line():
    front, body, line = split("---\ntitle: A\n---\n\nText\n")
    assert front == "title: A" and body == "\nText\n" and line == 4


def test_no_front_matter():
    parsed = parse("# Rubrik\n")
    assert not parsed.has_front_matter and parsed.data == {}


def test_dates_stay_text_and_key_lines():
    parsed = parse("---\ntitle: A\nfastställd: 2025-09-01\nrevideras: '2026-09-01'\n---\n")
    assert parsed.data["fastställd"] == "2025-09-01" and parsed.data["revideras"] == "2026-09-01"
    assert parsed.key_lines == {"title": 2, "fastställd": 3, "revideras": 4}


def test_decode_bom_crlf():
    assert decode(b"\xef\xbb\xbf---\r\na: 1\r\n---\r\n") == "---\na: 1\n---\n"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("---\ntitle: A\nb: [1, 2\n---\n", 4, "ogiltig YAML"),
        ("---\ntitle: A\n\tb: 1\n---\n", 3, "tabbtecken"),
        ("---\na: &x [1]\nb: *x\n---\n", 2, "alias"),
        ("---\n- a\n- b\n---\n", 2, "nycklar och värden"),
        ("---\n" + "a: " + "[" * 30 + "]" * 30 + "\n---\n", 2, "nästlad"),
    ],
)
def test_errors_have_lines(text, line, words):
    with pytest.raises(FrontMatterError) as info:
        parse(text)
    assert info.value.line == line and words in info.value.message


def test_huge_front_matter_refused():
    with pytest.raises(FrontMatterError, match="större än"):
        parse("---\ntitle: " + "x" * 100_000 + "\n---\n")


def test_python_tags_not_constructed():
    with pytest.raises(FrontMatterError):
        parse("---\na: !!python/object/apply:os.system ['echo hej']\n---\n")
