"""The table of contents written in Python is the HTML the template per heading wrote (up to line
breaks next to block tags, which no browser shows)."""

from __future__ import annotations

from pathlib import Path

import markdown
from jinja2 import DictLoader, Environment
from mkdocs.structure.toc import get_toc

from kls.corpus_gen import generate
from kls.html_compact import CompactLoader, compact_html, drop_blank_lines
from kls.toc_html import toc_item_html

# overrides/partials/toc-item.html before it called kls.toc_html (Material 9.8's, less the
# md-ellipsis span and the md-nav__item class): the reference the Python code must match.
TEMPLATE = """<li>
  <a href="{{ toc_item.url }}" class="md-nav__link">
    {% if toc_item.typeset %}
      <span class="md-typeset">
        {{ toc_item.typeset.title }}
      </span>
    {% else %}
      {{ toc_item.title }}
    {% endif %}
  </a>
  {% if toc_item.children %}
    <nav class="md-nav" aria-label="{{ toc_item.title | striptags | e }}">
      <ul class="md-nav__list">
        {% for toc_item in toc_item.children %}
          {% include "partials/toc-item.html" %}
        {% endfor %}
      </ul>
    </nav>
  {% endif %}
</li>
"""

TRICKY = """# Sida

## Barn & unga – "akut" <sv>

### `kod` i rubrik och *betoning*

#### Fjärde nivån

## Tom rubrik {#eget-ankare}

### Under 'citat'

## Sist
"""


def tocs(texts: list[str]) -> list:
    md = markdown.Markdown(extensions=["toc", "attr_list", "abbr", "footnotes", "md_in_html", "tables", "admonition"])
    items = []
    for text in texts:
        md.reset()
        md.convert(text)
        items.extend(get_toc(md.toc_tokens))
    return items


def test_python_toc_is_the_template_output(tmp_path: Path):
    generate(tmp_path, 60, seed=3)
    texts = [TRICKY, *(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "docs").rglob("*.md")))]
    template = Environment(loader=CompactLoader(DictLoader({"partials/toc-item.html": TEMPLATE}))).get_template(
        "partials/toc-item.html"
    )
    items = tocs(texts)
    assert len(items) > 200 and sum(1 for item in items if item.children) > 20
    for item in items:
        # equal up to line breaks next to block tags, which the compaction removes anyway
        assert compact_html(toc_item_html(item)) == compact_html(drop_blank_lines(template.render(toc_item=item)))


def test_label_is_the_heading_as_text():
    html = toc_item_html(tocs([TRICKY.split("\n", 1)[1]])[0])
    assert 'aria-label="Barn &amp; unga – &#34;akut&#34;' in html


def test_our_toc_partial_is_materials_with_the_loop_in_python(tmp_path: Path):
    """overrides/partials/toc.html (kls_toc_items) gives exactly what Material's partials/toc.html,
    including our toc-item.html once per heading, gave – both read through kls.html_compact, after
    the blank lines every finished page loses (drop_blank_lines, hooks/kls_site.py)."""
    import material
    from mkdocs.structure.toc import TableOfContents

    from kls.toc_html import toc_items_html

    repo = Path(__file__).resolve().parent.parent
    partials = Path(material.__file__).parent / "templates" / "partials"
    ours = (repo / "overrides/partials/toc.html").read_text(encoding="utf-8")
    item = (repo / "overrides/partials/toc-item.html").read_text(encoding="utf-8")

    def render(toc_template: str, toc) -> str:
        loader = CompactLoader(DictLoader({"partials/toc.html": toc_template, "partials/toc-item.html": item}))
        env = Environment(loader=loader)
        env.globals.update(kls_toc_item=toc_item_html, kls_toc_items=toc_items_html)
        lang = {"t": lambda key: {"toc": "Innehållsförteckning"}[key]}
        page = {"toc": toc}
        return env.get_template("partials/toc.html").render(page=page, lang=lang, config={"mdx_configs": {"toc": {}}})

    generate(tmp_path, 30, seed=5)
    documents = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "docs").rglob("*.md"))]
    texts = [TRICKY, TRICKY.split("\n", 1)[1], "Bara text.\n", *documents]
    material_toc = (partials / "toc.html").read_text(encoding="utf-8")
    for text in texts:
        md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html", "tables"])
        md.convert(text)
        toc = TableOfContents(get_toc(md.toc_tokens).items)
        assert drop_blank_lines(render(ours, toc)) == drop_blank_lines(render(material_toc, toc))
