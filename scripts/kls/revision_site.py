"""The revision report on the staff site: the "Revisionsläge" page and the calendar feeds.

Staff site only; `kls.site.SiteState` calls these for the staff build and never for the
public one. Pure: documents and the build date in, Markdown or iCalendar bytes out.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from kls.build_cache import cached, code_version
from kls.config import Config
from kls.model import Document
from kls.revision import Entry, Report, build_report, owner_slugs
from kls.revision_format import ics_calendar, ics_event, options_from_config, plural, to_markdown

PAGE = "revision/index.md"
CALENDAR_DIR = "revision/kalender"
ALL_FEED = "alla.ics"
SCRIPT = "assets/kls-revision.js"  # client-side overdue marker, registered on the staff site only
NAV_TITLE = "Revisionsläge"


def feed_names(config: Config, report: Report) -> dict[str, str]:
    """Owner → feed file name (`enhetschef-ifo.ics`) for every owner with a review date."""
    owners = {e.doc.owner for e in report.scheduled() if e.doc.owner}
    ordered = [o for o in config.owner_roles if o in owners] + sorted(owners - set(config.owner_roles), key=str.casefold)
    return {owner: f"{name}.ics" for owner, name in owner_slugs(ordered).items()}


def calendar_feeds(
    config: Config, documents: Iterable[Document], build_date: dt.date, cache: Path | None = None
) -> dict[str, bytes]:
    """docs/-relative path → iCalendar: one feed for all documents and one per owner.

    Feeds hold every current document's next review (also those beyond the report window),
    so a subscriber's calendar reminds them in time. Each event is serialised once, and kept
    in the build cache (`kalender`) under everything it shows."""
    report = build_report(documents, build_date)
    options = options_from_config(config)

    def event(e: Entry) -> bytes:
        shown = (e.id, e.title, e.doc.owner, e.type_key, options.area_name(e.area), e.approved, e.due, e.path, e.doc.url)
        parts = (code_version(), repr(shown), options.uid_domain, options.base_url or "", build_date.isoformat())
        return cached(cache, "kalender", parts, lambda: ics_event(e, options, build_date))

    events = [(e, event(e)) for e in report.scheduled()]
    everyone = replace(options, calendar_name="Revisioner – alla styrdokument")
    feeds = {f"{CALENDAR_DIR}/{ALL_FEED}": ics_calendar([data for _, data in events], everyone)}
    for owner, name in feed_names(config, report).items():
        mine = [data for e, data in events if e.doc.owner == owner]
        feeds[f"{CALENDAR_DIR}/{name}"] = ics_calendar(mine, replace(options, calendar_name=f"Revisioner – {owner}"))
    return feeds


def revision_page(config: Config, documents: Iterable[Document], build_date: dt.date) -> str:
    """Markdown for `revision/index.md`: the report on the build date, linking each document."""
    report = build_report(documents, build_date)
    options = replace(
        options_from_config(config),
        link=lambda e: posixpath.relpath(e.doc.rel, posixpath.dirname(PAGE)),
        html_safe=True,
    )
    scheduled = report.scheduled()
    feeds = [f"- [Alla dokument](kalender/{ALL_FEED}) ({plural(len(scheduled), 'revision', 'revisioner')})"]
    for owner, name in feed_names(config, report).items():
        count = sum(1 for e in scheduled if e.doc.owner == owner)
        text = html.escape(owner, quote=True).replace("[", "\\[").replace("]", "\\]")
        feeds.append(f"- [{text}](kalender/{name}) ({plural(count, 'revision', 'revisioner')})")
    lines = [
        "---",
        f"title: {NAV_TITLE}",
        "---",
        "",
        f"Läget när webbplatsen byggdes, **{build_date.isoformat()}**. Dagens läge får du med kommandot `kls revision`.",
        "",
        '<div class="kls-revisionslage" markdown>',
        "",
        to_markdown(report, options, level=2, title=False),
        "</div>",
        "",
        "## Kalender",
        "",
        "Prenumerera på revisionsdatumen i Outlook: kopiera adressen till en kalender nedan, "
        "välj *Lägg till kalender → Prenumerera från webben* och klistra in den. "
        "Kalendern uppdateras när webbplatsen byggs om. Varje revision är en heldagshändelse "
        "med en påminnelse en vecka före.",
        "",
        *feeds,
        "",
    ]
    return "\n".join(lines)
