"""No script injection from content: unsafe raw HTML, URLs and template code are errors."""

from __future__ import annotations

import pytest

from helpers import REPO, write_doc
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
    "{% raw %}{{ vad som helst ~ 'x' }}{% endraw %}",
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
