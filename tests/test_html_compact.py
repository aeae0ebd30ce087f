"""Whitespace compaction of built pages keeps code blocks and text intact."""

import re

from jinja2 import DictLoader, Environment

from kls.html_compact import CompactLoader, compact_html, drop_blank_lines


def test_indentation_blank_lines_and_line_breaks_at_block_tags_go():
    assert compact_html("<div>\n    <p>a\n\n      b</p>\n  </div>\n") == "<div><p>a\nb</p></div>"
    listing = '<ul>\n  <li class="x">\n    <a href="#">t</a>\n  </li>\n</ul>'
    assert compact_html(listing) == '<ul><li class="x"><a href="#">t</a></li></ul>'


def test_pre_textarea_code_and_scripts_are_kept():
    page = '<pre class="x"><code>  indented\n\n    more</code></pre>\n   <textarea>\n  t</textarea>\n  <p>x</p>'
    assert compact_html(page) == '<pre class="x"><code>  indented\n\n    more</code></pre>\n<textarea>\n  t</textarea><p>x</p>'
    assert compact_html("<script>a()\n</script>\n<style>p {}\n</style>") == "<script>a()\n</script>\n<style>p {}\n</style>"
    assert compact_html("<p>x <code>a\n</code>\n</p>") == "<p>x <code>a\n</code></p>"


def test_words_and_inline_elements_stay_separated():
    assert compact_html("en\n    mening") == "en\nmening"
    page = '<p>Se <a href="a">A</a>\n<a href="b">B</a>\n· <span>C</span>\n<label>D</label>\n<button>E</button>\n<img>\nF</p>'
    assert compact_html(page) == page.replace("\n</p>", "</p>")
    # display:none elements are not block tags either: words around them stay apart
    assert compact_html("ord\n<meta content=x>\nord") == "ord\n<meta content=x>\nord"


def test_jinja_tags_are_text_to_the_compaction():
    # Line breaks around statements stay (they may or may not be output; drop_blank_lines
    # collapses the blank lines they leave), only those next to block tags go.
    assert compact_html("a\n  {% if x %}\n  b\n{% endif %}\n<p>") == "a\n{% if x %}\nb\n{% endif %}<p>"
    assert compact_html("<pre>\n{% if x %}\n  y</pre>") == "<pre>\n{% if x %}\n  y</pre>"


def render_both(templates: dict[str, str], name: str, **values: object) -> tuple[str, str]:
    """`name` rendered from compacted templates, and rendered raw then compacted as a page."""
    raw = Environment(loader=DictLoader(templates))
    compacted = Environment(loader=CompactLoader(DictLoader(templates)))
    return compacted.get_template(name).render(**values), compact_html(raw.get_template(name).render(**values))


_TOKEN = re.compile(r"<[^>]*>|[^<\s]+|\s+")
_BLOCK_TAG = re.compile(r"</?(?:body|div|head|html|li|main|nav|p|ul)\b")


def visible_differences(a: str, b: str) -> list[tuple[str, str]]:
    """Where `a` and `b` differ other than in white space next to a block-level tag (which a
    browser never shows): pairs of neighbouring tokens with white space between in one only."""

    def tokens(text: str) -> list[tuple[str, bool]]:
        out: list[tuple[str, bool]] = []
        space = False
        for token in _TOKEN.findall(text):
            if token.isspace():
                space = True
            else:
                out.append((token, space))
                space = False
        return out

    ta, tb = tokens(a), tokens(b)
    assert [t for t, _ in ta] == [t for t, _ in tb], (a, b)
    return [
        (ta[i - 1][0], token)
        for i, ((token, sa), (_, sb)) in enumerate(zip(ta, tb, strict=True))
        if sa != sb and i and not (_BLOCK_TAG.match(token) or _BLOCK_TAG.match(ta[i - 1][0]))
    ]


def test_compacted_templates_render_what_compacting_the_page_gave():
    templates = {
        "page.html": (
            "<!doctype html>\n<html>\n  <head>\n    {% if title %}\n      <title>{{ title }}</title>\n    {% endif %}\n"
            '  </head>\n  <body>\n    {% include "nav.html" %}\n    <main>\n      {% for word in words %}\n'
            "        <span>{{ word }}</span>\n      {% endfor %}\n      <p>\n        {{ content }}\n"
            '        {% include "inline.html" %}\n        mer\n        {% if title %}\n          <b>{{ title }}</b>\n'
            "        {% endif %}\n        slut\n        X{% if title %}\n          y\n        {% endif %}\n        Z\n"
            "        Å{% for word in empty %}\n          <i>{{ word }}</i>\n        {% endfor %}\n        Ä\n"
            "        {% for word in words %}<span>{{ word }}</span>\n        {% endfor %}\n"
            "      </p>\n    </main>\n  </body>\n</html>\n"
        ),
        "nav.html": '<nav>\n  <a href="/">Start</a>\n  <a href="/b/">B</a>\n</nav>\n',
        "inline.html": "<a>länk</a>\n",
    }
    for title in ("T", ""):
        new, old = render_both(templates, "page.html", title=title, words=["en", "två"], empty=[], content="text")
        new = drop_blank_lines(new)
        assert visible_differences(new, old) == []
        assert len(new) <= len(old) + 8
    assert "<span>en</span>\n<span>två</span>" in new and "text\n<a>länk</a>\nmer" in new  # words stay apart


def test_only_html_templates_are_compacted():
    loader = CompactLoader(DictLoader({"sitemap.xml": "<urlset>\n  <url>\n  </url>\n</urlset>\n"}))
    assert Environment(loader=loader).get_template("sitemap.xml").render() == "<urlset>\n  <url>\n  </url>\n</urlset>"


def test_blank_lines_go_outside_kept_blocks():
    page = "<p>a</p>\n\n\n<p>b\n\n</p><pre>x\n\n  y</pre>\n\n<script>f()\n\ng()</script>"
    assert drop_blank_lines(page) == "<p>a</p>\n<p>b\n</p><pre>x\n\n  y</pre>\n<script>f()\n\ng()</script>"
