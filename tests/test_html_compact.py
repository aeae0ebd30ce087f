"""Whitespace compaction of built pages keeps code blocks and text intact."""

from kls.html_compact import compact_html


def test_indentation_and_blank_lines_go():
    assert compact_html("<div>\n    <p>a\n\n      b</p>\n  </div>\n") == "<div>\n<p>a\nb</p>\n</div>\n"


def test_pre_and_textarea_are_kept():
    page = '<pre class="x"><code>  indented\n\n    more</code></pre>\n   <textarea>\n  t</textarea>\n  <p>x</p>'
    assert compact_html(page) == '<pre class="x"><code>  indented\n\n    more</code></pre>\n<textarea>\n  t</textarea>\n<p>x</p>'


def test_words_stay_separated():
    assert compact_html("en\n    mening") == "en\nmening"
