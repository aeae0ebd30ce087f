"""Whitespace compaction of built pages keeps code blocks and text intact."""

from kls.html_compact import compact_html


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
