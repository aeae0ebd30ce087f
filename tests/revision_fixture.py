"""Fixture documents with known review dates for the revision-report tests (reference day 2026-11-23).

| id           | case                                         | status on 2026-11-23 | days |
|--------------|----------------------------------------------|----------------------|------|
| IFO-RUT-001  | revideras 2026-11-13                         | overdue              | 10   |
| IFO-RIK-001  | fastställd 2024-11-01 + type default 24 mån  | overdue              | 22   |
| IFO-PRO-001  | revideras 2026-10-24 (missbruk, vuxen)       | overdue              | 30   |
| IFO-RUT-002  | revideras 2026-12-03 (public)                | due                  | 10   |
| IFO-RUT-003  | fastställd 2025-11-30 + 12 månader           | due                  | 7    |
| IFO-RUT-004  | revideras 2027-01-22 (window edge, 60 days)  | due                  | 60   |
| IFO-RUT-005  | revideras 2027-01-23 (61 days, outside)      | later                | 61   |
| IFO-RUT-006  | no fastställd, no revideras                  | missing              | –    |
| IFO-RUT-007  | unreadable revisionsintervall 'snart'        | missing              | –    |
| IFO-RUT-008  | fastställd 2026-11-01 + 12 månader           | later + changed      | 22 since approval |
| IFO-RUT-009  | withdrawn (upphävd), overdue date            | not reported         |      |
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import write_doc

TODAY = dt.date(2026, 11, 23)
BARN = "Förste socialsekreterare barn och unga"
CHEF = "Enhetschef IFO"
VUXEN = "Förste socialsekreterare vuxen"

OVERDUE = {"IFO-RUT-001": 10, "IFO-RIK-001": 22, "IFO-PRO-001": 30}
DUE = {"IFO-RUT-003": 7, "IFO-RUT-002": 10, "IFO-RUT-004": 60}
MISSING = {"IFO-RUT-006", "IFO-RUT-007"}
CHANGED = {"IFO-RUT-008": 22}
LATER = {"IFO-RUT-005": 61, "IFO-RUT-008": 343}


def write_fixture(project: Path) -> Path:
    """Write the documents into `project/docs`; returns the project."""
    w = write_doc
    w(project, "rutiner/barn-och-unga/forsenad.md", title="Försenad rutin", id="IFO-RUT-001", ägare=BARN, revideras="2026-11-13")
    w(
        project,
        "riktlinjer/barn-och-unga/standard.md",
        title="Riktlinje med standardintervall",
        id="IFO-RIK-001",
        ägare=CHEF,
        fastställd="2024-11-01",
        revisionsintervall=None,
    )
    w(
        project,
        "processer/missbruk/process.md",
        title="Process inom missbruk",
        id="IFO-PRO-001",
        ägare=VUXEN,
        fastställd="2025-10-24",
        revideras="2026-10-24",
    )
    w(
        project,
        "rutiner/barn-och-unga/snart.md",
        title="Snart förfallande rutin",
        id="IFO-RUT-002",
        ägare=CHEF,
        revideras="2026-12-03",
        publicering="extern",
    )
    w(
        project,
        "rutiner/barn-och-unga/intervall.md",
        title="Rutin med intervall",
        id="IFO-RUT-003",
        ägare=BARN,
        fastställd="2025-11-30",
    )
    w(
        project,
        "rutiner/barn-och-unga/kant.md",
        title="Rutin på fönstrets kant",
        id="IFO-RUT-004",
        ägare=BARN,
        revideras="2027-01-22",
    )
    w(
        project,
        "rutiner/barn-och-unga/utanfor.md",
        title="Rutin strax utanför",
        id="IFO-RUT-005",
        ägare=CHEF,
        revideras="2027-01-23",
    )
    w(
        project,
        "rutiner/barn-och-unga/utan-datum.md",
        title="Rutin utan datum",
        id="IFO-RUT-006",
        ägare=CHEF,
        fastställd=None,
        revisionsintervall=None,
    )
    w(
        project,
        "rutiner/barn-och-unga/olasbart.md",
        title="Rutin med oläsbart intervall",
        id="IFO-RUT-007",
        ägare=BARN,
        revisionsintervall="snart",
    )
    w(project, "rutiner/barn-och-unga/ny.md", title="Ny rutin", id="IFO-RUT-008", ägare=CHEF, fastställd="2026-11-01")
    w(
        project,
        "rutiner/barn-och-unga/gammal.md",
        title="Upphävd rutin",
        id="IFO-RUT-009",
        ägare=CHEF,
        revideras="2026-01-01",
        upphävd="2026-06-01",
        ersatt_av="IFO-RUT-001",
    )
    return project
