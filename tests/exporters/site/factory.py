"""Recommendations made in memory for the site tests: the seed page and synthetic ledgers."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from rectrack.domain.events import Comment, Event, EvidenceAdded, FieldChange, StatusChange
from rectrack.domain.state import Recommendation
from rectrack.domain.workflow import AUDIT_WORKFLOW, DEFAULT_WORKFLOW, Workflow
from rectrack.exporters.site import SiteSource
from rectrack.importers.tracker import parse_page

SEED = Path(__file__).resolve().parents[2] / "data" / "tracker_seed_000.txt"
TODAY = dt.date(2026, 11, 25)
SOURCE = SiteSource(
    commit="4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    committed=dt.datetime(2026, 11, 24, 16, 5, tzinfo=dt.UTC),
    ledger_root="990dfdc0a6f1c9b7e1d2c3b4a5968778695a4b3c",
)


def seed_rec(rec_id: int = 5) -> Recommendation:
    """The seed tracker page as `rec import tracker` records it: ten events by HMICFRS."""
    page = parse_page(SEED.read_text(encoding="utf-8"), source=SEED.name)
    events: list[Event] = []
    for item in page.events:
        if item.status is not None:
            events.append(StatusChange(date=item.date, by="HMICFRS", status=item.status))
        else:
            events.append(Comment(date=item.date, by="HMICFRS", text=item.comment or ""))
    header = {
        "title": page.title, "text": page.text, "report": "HMIC: organised crime group mapping",
        "number": page.number, "kind": page.kind, "section": page.section,
        "concern": page.concern, "due": dt.date(2017, 9, 30),
    }  # fmt: skip
    return Recommendation(id=rec_id, header=header, events=tuple(events))


_OWNERS = ("DCI Smith", "Supt. R. Okafor", "Head of Contact", "Ch. Insp. L. Bennett", None)
_REPORTS = ("PEEL 2025", "PEEL: legitimacy 2025", "Custody inspection 2024", None)
_WORDS = [
    "force",
    "review",
    "custody",
    "data",
    "mapping",
    "digest",
    "scrutiny",
    "panel",
    "audit",
    "victims",
    "call",
]


def synthetic(
    count: int, *, events: int = 10, workflow: Workflow = DEFAULT_WORKFLOW, seed: int = 13
) -> list[Recommendation]:
    """`count` varied recommendations of about `events` events each, the same for a seed."""
    rng = random.Random(seed)
    return [_one(rng, rec_id, events=events, workflow=workflow) for rec_id in range(1, count + 1)]


def _one(rng: random.Random, rec_id: int, *, events: int, workflow: Workflow) -> Recommendation:
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000))
    by = rng.choice(("HMICFRS", "Performance & Analysis", "Jo Densford"))
    timeline: list[Event] = [StatusChange(date=day, by=by, status=workflow.initial)]
    status = workflow.initial
    for _ in range(events - 1):
        day += dt.timedelta(days=rng.randrange(0, 40))
        roll = rng.random()
        if roll < 0.15:
            status = rng.choice([s for s in workflow.statuses if s != status])
            timeline.append(StatusChange(date=day, by=by, status=status))
        elif roll < 0.22:
            due = day + dt.timedelta(days=rng.randrange(30, 400))
            timeline.append(FieldChange(date=day, by=by, field="due", value=due, reason="Slipped"))
        elif roll < 0.25:
            sha = f"{rng.getrandbits(256):064x}"
            timeline.append(
                EvidenceAdded(
                    date=day, by=by, name="audit.pdf", sha256=sha, size=rng.randrange(1, 10**6)
                )
            )
        else:
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(8, 60)))
            timeline.append(Comment(date=day, by=by, text=text.capitalize() + "."))
    header = {
        "title": f"Recommendation {rec_id}: " + " ".join(rng.choice(_WORDS) for _ in range(6)),
        "text": " ".join(rng.choice(_WORDS) for _ in range(40)),
        "report": rng.choice(_REPORTS), "owner": rng.choice(_OWNERS),
        "due": day + dt.timedelta(days=rng.randrange(-300, 300)), "number": str(rec_id % 17 + 1),
    }  # fmt: skip
    return Recommendation(id=rec_id, header=header, events=tuple(timeline))


AUDIT = AUDIT_WORKFLOW
