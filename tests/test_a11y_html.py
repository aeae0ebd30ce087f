"""kls.a11y_html: labelled scrolling tables and named task-list checkboxes."""

from __future__ import annotations

from bs4 import BeautifulSoup

from kls.a11y_html import accessible_html, label_task_checkboxes, plain_text, wrap_tables

TABLE = "<table>\n<thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody>\n</table>"


def test_tables_get_a_focusable_region_named_after_their_section():
    html = (
        '<h2 id="x">Ansvar &amp; roller<a class="headerlink" href="#x" title="Länk">&para;</a></h2>'
        f"<p>Text</p>{TABLE}{TABLE}<h3>Steg</h3>{TABLE}"
    )
    soup = BeautifulSoup(wrap_tables(html), "html.parser")
    regions = soup.select("div.kls-tabell")
    assert [r["aria-label"] for r in regions] == ["Tabell: Ansvar & roller", "Tabell 2: Ansvar & roller", "Tabell: Steg"]
    assert all(r["role"] == "region" and r["tabindex"] == "0" and r.table for r in regions)
    assert len(soup.find_all("table")) == 3


def test_table_caption_wins_and_a_table_without_heading_still_has_a_name():
    soup = BeautifulSoup(wrap_tables(f"<table><caption>Frister</caption></table>{TABLE}"), "html.parser")
    assert [r["aria-label"] for r in soup.select("div.kls-tabell")] == ["Tabell: Frister", "Tabell 2"]


def test_table_label_is_escaped():
    out = wrap_tables('<h2>"Citat" <em>och</em> &lt;b&gt;</h2>' + TABLE)
    assert 'aria-label="Tabell: &quot;Citat&quot; och &lt;b&gt;"' in out


def test_task_checkboxes_are_named_by_their_text():
    html = (
        '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
        '<input type="checkbox" disabled/><span class="task-list-indicator"></span></label> Vårdnadshavare '
        "<strong>informerad</strong>\n<ul><li>under</li></ul></li>"
        '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled checked/>'
        '<span class="task-list-indicator"></span></label> Klart</li></ul>'
    )
    soup = BeautifulSoup(label_task_checkboxes(html), "html.parser")
    boxes = soup.find_all("input")
    assert [b["aria-label"] for b in boxes] == ["Vårdnadshavare informerad", "Klart"]
    assert boxes[1].has_attr("checked")
    assert soup.find("ul", class_="task-list").find("ul").li.text == "under"


def test_plain_text_and_untouched_html():
    assert plain_text("<b>a</b>\n &amp; b") == "a & b"
    assert accessible_html("<p>Ingen tabell</p>") == "<p>Ingen tabell</p>"


def test_a_table_before_any_heading_is_named_after_the_page():
    soup = BeautifulSoup(wrap_tables(TABLE + "<h2>Ansvar</h2>" + TABLE, "Barn &amp; unga – rutiner"), "html.parser")
    labels = [div["aria-label"] for div in soup.select("div.kls-tabell")]
    assert labels == ["Tabell: Barn & unga – rutiner", "Tabell: Ansvar"]


def test_checkbox_names_leave_out_fill_in_lines():
    item = (
        '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
        '<input type="checkbox" disabled><span class="task-list-indicator"></span></label> Annat: ______________</li></ul>'
    )
    soup = BeautifulSoup(label_task_checkboxes(item), "html.parser")
    assert soup.find("input")["aria-label"] == "Annat:"
