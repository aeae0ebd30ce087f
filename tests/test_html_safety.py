"""No script injection from content: unsafe raw HTML, URLs and template code are errors."""

from __future__ import annotations

import pytest

from helpers import REPO, write, write_doc
from kls.cli import main
from kls.config import load_config
from kls.corpus import load_corpus
from kls.html_safety import check_html_safety, scan_body

REL = "rutiner/barn-och-unga/testrutin.md"

UNSAFE = [
    "<script>alert(1)</script>",
    "<SCRIPT src=//evil.example/x.js></SCRIPT>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    "<style>body{display:none}</style>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<div\n  class="x"\n  onclick="alert(1)">text</div>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<a href='  JaVaScRiPt:alert(1)'>x</a>",
    "[klicka](javascript:alert(1))",
    "[klicka](javascript&#58;alert(1))",
    "[klicka](<javascript:alert(1)>)",
    "![bild](data:image/svg+xml;base64,PHN2Zz4=)",
    "[ref]: javascript:alert(1)",
    '[länk](https://example.org){ onclick="alert(1)" }',
    "## Rubrik { onmouseover=alert(1) }",
    '{{ "<scr" ~ "ipt>alert(1)</script>" }}',
    "{% set x = 1 %}",
    "{{ page.meta.description }}",
    "{{ description }}",
    "<div>\n```\n<script>alert(1)</script>\n```\n</div>",
    "<div>`<script>alert(1)</script>`</div>",
    "\\`<script>alert(1)</script>\\`",
    # template code beyond the documented few (mkdocs-macros' own macros print the server's paths)
    "{{ macros_info() }}",
    "{{ lipsum(3) }}",
    "{{ range(3) }}",
    "{% for x in enhet %}{{ x }}{% endfor %}",
    "{{ dok() }}",
    "{{ dok(1) }}",
    '{{ dok("IFO-RUT-001", "x") }}',
    "{{ intern.x }}",
    "{% if config.extra.x %}x{% endif %}",
    "{% if dok('IFO-RUT-999') %}x{% endif %}",
    "{% if intern %}utan slut",
    "{% endif %}",
    "{% raw %}utan slut",
    # markers only a naive scan would pair: Jinja's lexer sees comments and raw blocks first
    '{# {% raw %} #}QA{{ "MARK" ~ "RAWCOMM" }}{# {% endraw %} #}',
    '{% raw %}{{ {% endraw %}{{ "QAMARK" ~ "RAWNEST" }}{% raw %}}}{% endraw %}',
    "{% if intern %}HEMLIGT{# {% endif %} #}",
    "Text {{ enhet.kommun",
    "Text {# en kommentar utan slut",
    "{%- raw %}{{ x }}",
    "{% raw +%}{{ 7 * 191 }}{% endraw %}",  # no raw block for Jinja: `+` only opens a tag
    # forbidden HTML joined by what the template engine removes
    "<scr{# x #}ipt>document.title='x'</script>",
    '<img src=x on{# #}error="alert(1)">',
    "[klick](java{# #}script:alert(1))",
    "<scr{% if intern %}{% endif %}ipt>x</script>",
    "<sty{% if not intern %}{% endif %}le>body{display:none}</style>",
    '<scr{% if webbplats == "publik" %}{% else %}X{% endif %}ipt>x</script>',
]

SAFE = [
    "Skriv aldrig `<script>` i ett dokument.",
    "```html\n<script>alert(1)</script>\n<iframe src=x></iframe>\n```",
    "~~~\n[x](javascript:alert(1))\n~~~",
    "- punkt\n\n    ```\n    <script>x</script>\n    ```",
    '<div class="grid cards" markdown>\n\n- Kort\n\n</div>',
    "<details><summary>Mer</summary>Text</details>",
    "[Socialstyrelsen](https://www.socialstyrelsen.se/) och [rutin](../annan.md)",
    'Ring {{ enhet.telefon_socialjour }}, se {{ dok("IFO-RUT-001") }}.',
    "{% if intern %}Bara personal.{% endif %}",
    '{% if not intern %}Alla.{% else %}Personal.{% endif %} {% if webbplats == "publik" %}P{% endif %}',
    "{{ omradestabell() }} {{ jourlankar() }} {{ enhet.kommun | upper }} {{ webbplats }}",
    "{% raw %}{{ vad som helst ~ 'x' }}{% endraw %}",
    "{%- raw -%}{% if x %}{%+ endraw %} {# en kommentar med {{ x }} #}",
    "Kontakta oss: data, onsdag = dag. Metadata: klart.",
    "Knappen ``<button onclick>`` i koden.",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_unsafe_content_is_found(text):
    assert list(scan_body(text)), text


@pytest.mark.parametrize("text", SAFE)
def test_safe_content_passes(text):
    assert list(scan_body(text)) == [], text


def test_reported_with_file_line_and_blocks_build(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    body = "## Syfte\n\nText.\n\n<img src=x\n  onerror=alert(1)>\n\n[x](javascript:alert(1))\n"
    path = write_doc(project, REL, body=body, title="T", id="IFO-RUT-901", publicering="extern")
    lines = path.read_text(encoding="utf-8").split("\n")
    img_line = lines.index("<img src=x") + 1
    link_line = lines.index("[x](javascript:alert(1))") + 1
    assert main(["validera"]) == 1
    out = capsys.readouterr().out
    assert f"docs/{REL}:{img_line}: fel: HTML-attributet onerror=" in out
    assert f"docs/{REL}:{link_line}: fel: länken 'javascript:alert(1)'" in out
    assert main(["bygg"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_repo_content_is_clean():
    found = [p.format() for p in check_html_safety(load_corpus(load_config(REPO)), __import__("datetime").date.today())]
    assert found == []


def test_unknown_unit_key_is_found_with_a_suggestion():
    found = [m for _, m in scan_body("Ring {{ enhet.telefon_socialjor }}.", {"telefon_socialjour", "kommun"})]
    assert found == ["'enhet.telefon_socialjor' finns inte i kls.yml (under 'enhet'). Menade du 'enhet.telefon_socialjour'?"]
    assert list(scan_body("Ring {{ enhet.telefon_socialjour }}.", {"telefon_socialjour"})) == []


def test_a_rejected_if_does_not_also_report_its_endif():
    assert len(list(scan_body("{% if config.x %}a{% endif %}"))) == 1


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("enhet", {"telefon_vaxel": "<script>alert(1)</script>"}),
        ("intern", True),
        ("render_macros", False),
        ("ignore_macros", True),
        ("dok", "x"),
    ],
)
def test_front_matter_may_not_redefine_template_names(project, monkeypatch, capsys, key, value):
    """mkdocs-macros lets front matter redefine template variables: `intern: true` would print
    staff-only text on the public site, `enhet:` raw HTML, `render_macros: false` the raw code."""
    monkeypatch.chdir(project)
    body = "## Syfte\n\nRing {{ enhet.telefon_vaxel }}.{% if intern %} HEMLIGMARKOR{% endif %}\n"
    path = write_doc(project, REL, body=body, title="T", id="IFO-RUT-901", publicering="extern", **{key: value})
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text.startswith(f"{key}:"))
    assert main(["validera"]) == 1
    out = capsys.readouterr().out
    assert f"docs/{REL}:{line}: fel: nyckeln '{key}' är reserverad för mallkoden" in out
    assert main(["bygg"]) == 1


def test_the_build_ignores_such_keys_even_without_validation(project):
    """`mkdocs build` run by hand skips `kls validera`: the glue drops the keys itself."""
    import os
    import subprocess
    import sys

    body = "## Syfte\n\nRing {{ enhet.telefon_vaxel }}.{% if intern %} HEMLIGMARKOR{% endif %}\n"
    unit = {"telefon_vaxel": "<script>alert(1)</script>"}
    meta = {"intern": True, "enhet": unit, "ignore_macros": True}
    path = write_doc(project, REL, body=body, title="T", id="IFO-RUT-901", publicering="extern", **meta)
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n1: ett tal som nyckel\n", 1), encoding="utf-8")
    env = dict(os.environ, KLS_WEBBPLATS="publik", KLS_BYGGDATUM="2026-11-23", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "ut"], cwd=project, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    page = (project / "ut/rutiner/barn-och-unga/testrutin/index.html").read_text(encoding="utf-8")
    assert "Ring " in page
    assert "HEMLIGMARKOR" not in page and "<script>alert(1)" not in page


def test_template_code_in_front_matter_is_an_error(project, monkeypatch, capsys):
    """Front matter is not rendered: `{% if intern %}…` in a title would show as written publicly."""
    monkeypatch.chdir(project)
    title = "{% if intern %}HEMLIGTITEL{% endif %}Förhandsbedömning"
    path = write_doc(project, REL, title=title, id="IFO-RUT-901", publicering="extern")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text.startswith("title:"))
    assert main(["validera"]) == 1
    assert f"docs/{REL}:{line}: fel: 'title' innehåller mallkod" in capsys.readouterr().out


BAD_FOR_MKDOCS = {
    "timestamp-tag": ("description: Text\n", "description: !!timestamp Text\n"),
    "impossible-date": ("version: '1.0'\n", "version: '1.0'\nanteckning: 2025-02-30\n"),
    "form-feed-after-closing-line": ("\n---\n", "\n---\x0c\n"),
}


@pytest.mark.parametrize("case", list(BAD_FOR_MKDOCS))
def test_front_matter_mkdocs_cannot_read_is_an_error_and_never_run(case, project, monkeypatch, capsys):
    """MkDocs gives up on such front matter and hands the whole file, YAML comments included, to
    mkdocs-macros: `# {{ … }}` in it ran Python and printed an internal document publicly."""
    import os
    import subprocess
    import sys

    monkeypatch.chdir(project)
    old, new = BAD_FOR_MKDOCS[case]
    path = write_doc(project, REL, title="T", id="IFO-RUT-901", publicering="extern", description="Text")
    text = path.read_text(encoding="utf-8").replace("---\n", "---\n# {{ 7 * 191 }}KÖRDES\n", 1)
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["validera"]) == 1
    assert f"docs/{REL}:1: fel: front matter kan inte läsas av MkDocs" in capsys.readouterr().out
    env = dict(os.environ, KLS_WEBBPLATS="publik", KLS_BYGGDATUM="2026-11-23", NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", "ut"]
    subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    built = project / "ut/rutiner/barn-och-unga/testrutin/index.html"
    assert not built.exists() or "1337KÖRDES" not in built.read_text(encoding="utf-8")


def test_a_heading_title_is_escaped_in_the_html_title(project, monkeypatch):
    """A page without `title:` takes its first heading; Jinja's striptags turns its entities back
    into characters, so `&lt;script&gt;` would have become a real script in <title>."""
    monkeypatch.chdir(project)
    write(
        project / "docs",
        "om/ledningssystemet.md",
        "---\npublicering: extern\n---\n\n# Om &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;\n\nText.\n",
    )
    assert main(["bygg", "--per", "2026-11-23"]) == 0
    page = (project / "site/publik/om/ledningssystemet/index.html").read_text(encoding="utf-8")
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<script>" not in page and "&lt;script&gt;x()" in title


def test_template_code_anywhere_in_front_matter_values():
    from kls.html_safety import template_code_in_values

    meta = {"title": "Rutin {# kommentar", "ändringslogg": [{"ändring": "{{ x }}"}], "lagrum": ["1 §"], "id": "IFO-RUT-1"}
    assert template_code_in_values(meta) == ["title", "ändringslogg"]


@pytest.mark.parametrize(
    "text",
    [
        '--- \ntitle: "\\x7b{ 7*191 }}KÖRDES"\n---\n\n# Rubrik\n\n{% if intern %}Hej{% endif %}\n',
        "a: {#\ntitle: {{ 7*191 }}KÖRDES\nb: #}\n\n# Rubrik\n\n{% if intern %}Hej{% endif %}\n",
    ],
)
def test_a_start_mkdocs_reads_as_meta_data_is_an_error(text, project, monkeypatch, capsys):
    """kls saw no front matter here, MkDocs did (a trailing space after '---', or MultiMarkdown
    'key: value' lines), and mkdocs-macros rendered the title it found."""
    monkeypatch.chdir(project)
    write(project / "docs", "om/qa-test.md", text)
    assert main(["validera"]) == 1
    assert "docs/om/qa-test.md:1: fel: front matter kan inte läsas av MkDocs" in capsys.readouterr().out


def test_renderings_without_jinja_are_jinjas_renderings():
    """Text whose only template code is dok("ID") / enhet.key is rendered without compiling it
    (kls.html_safety._renderings); the result must be what Jinja's sandbox renders, and text with
    any other template code must still go to Jinja."""
    import random

    from kls.html_safety import _jinja_renderings, _renderings

    pieces = [
        '{{ dok("IFO-RUT-001") }}', "{{enhet.telefon}}", "{{  enhet.namn\n}}", '{{ dok("A b") }}', "<scr", "ipt>",
        "text ", "\n", "\n\n", "å ä ö", "{", "}", "{ {", "} }", "<a href='x'>", "[l](u)", "\r\n", "{% if intern %}",
        "{% endif %}", "{# k #}", "{{ intern }}", "{{- enhet.namn -}}", '{{ dok("X") | upper }}', "%}", "#}",
    ]
    rng = random.Random(7)
    fast = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        jinja = list(_jinja_renderings(text))
        ours = list(_renderings(text))
        if ours != jinja:  # the fast path gives one rendering where both sites' are the same
            assert len(ours) == 1 and jinja == [ours[0], ours[0]], text
            fast += 1
    assert fast > 300


def test_link_targets_skips_only_what_cannot_match():
    """link_targets' shortcuts (no 'href'/'src', no 'http' in the text) never lose a target."""
    import random

    from kls import mdscan

    pieces = ["href", "HREF", "ſrc", "src", "SRC", "=", '"', "'", "javascript:x", "http", "HTTPS", "://", "ex.se", " "]
    pieces += ["\n", "<a ", ">", "](", ")", "[r]: ", "K", "ß"]
    rng = random.Random(11)

    def unwrapped(target: str) -> str:
        target = target.strip()
        return target[1:-1].strip() if target.startswith("<") and target.endswith(">") else target

    patterns = (mdscan._INLINE_LINK, mdscan._REF_DEF, mdscan._ATTR_URL, mdscan._BARE_URL)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        expected = sorted((m.start("target"), unwrapped(m["target"])) for p in patterns for m in p.finditer(text))
        assert sorted(mdscan.link_targets(text)) == expected, text
