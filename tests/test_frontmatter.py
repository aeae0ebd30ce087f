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
        ("---\ntitle: A\nb: [1, 2\n---\n", 3, "hakparentesen [ avslutas aldrig"),
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


def _error(front: str) -> FrontMatterError:
    with pytest.raises(FrontMatterError) as info:
        parse("---\n" + front + "---\n")
    return info.value


def test_duplicate_key_is_an_error_at_the_second_line():
    error = _error("title: A\nägare: Enhetschef\nid: X\nägare: Anna Svensson\n")
    assert error.line == 5 and "nyckeln 'ägare' finns två gånger (rad 3 och 5)" in error.message


def test_duplicate_key_differently_quoted_and_nested():
    assert _error("publicering: extern\ntitle: A\n'publicering': intern\n").line == 4
    error = _error("ändringslogg:\n  - datum: '2025-01-01'\n    ändring: a\n    datum: '2025-02-01'\n")
    assert error.line == 5 and "'datum' finns två gånger (rad 3 och 5)" in error.message


def test_keys_are_the_text_as_written_with_their_own_lines():
    parsed = parse("---\ntitle: A\nyes: 1\n12: 2\n~: 3\n---\n")
    assert list(parsed.data) == ["title", "yes", "12", "~"]
    assert parsed.key_lines == {"title": 2, "yes": 3, "12": 4, "~": 5}
    assert parse("---\nx:\n  - {true: 1, 7: 2}\n---\n").data == {"x": [{"true": 1, "7": 2}]}


def test_infinite_and_explicit_timestamps_stay_text():
    data = parse("---\na: .inf\nb: .nan\nc: 1e999\nd: !!timestamp 2025-01-01\ne: 2.5\n---\n").data
    assert data == {"a": ".inf", "b": ".nan", "c": "1e999", "d": "2025-01-01", "e": 2.5}


@pytest.mark.parametrize(
    "front, line, words",
    [
        # an unclosed quote is reported where it opens, not where libyaml gives up
        ('title: "Förhandsbedömning\nid: X\ndokumenttyp: rutin\nversion: "2.1"\nx: 1\n', 2, 'citattecknet " avslutas inte'),
        ('title: A\nid: "X\n', 3, 'citattecknet " avslutas aldrig'),
        ("title: 'Barn's rätt'\n", 2, "text efter det avslutande citattecknet '"),
        ("title: A\nbeskrivning: a: b\n", 3, "kolon och mellanslag (': ') på fel ställe"),
        ("title: A\nid X\nx: 1\n", 3, "kolon (:) saknas"),
        ("tags: [a,\n  b\nlagrum: x\n", 2, "hakparentesen [ avslutas aldrig"),
        ("title: A\n[a, b]: c\n", 3, "en nyckel kan inte vara en lista"),
        ("title: A\nx: !!python/object/apply:os.system ['echo hej']\n", 3, "YAML-taggen !!python/object/apply:os.system"),
        ("title: A\nversion: " + "1" * 5000 + "\n", 3, "talet är för långt (5000 siffror)"),
        ("title: A\nx: !!bool kanske\n", 3, "'kanske' är inte true eller false"),
        ("title: A\nx: @foo\n", 3, "ett värde kan inte börja med '@'"),
        ("title: A\nx: b\x01\n", 3, "otillåtet tecken (U+0001)"),
    ],
)
def test_yaml_errors_in_swedish_at_the_right_line(front, line, words):
    error = _error(front)
    assert error.line == line and words in error.message, (error.line, error.message)
    english = ("found", "expected", "mapping values", "constructor", "Exceeds", "not allowed", "could not")
    assert not any(word in error.message for word in english), error.message
