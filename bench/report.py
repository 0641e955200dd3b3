"""The board pack for one plan of 500 actions with a year of history, in each format:
in-process, after start-up (the first pack of each format is a warm-up, then the median of
several). Goals: HTML at most 0.5 s, PDF at most 3 s.

The plan has 8 themes, 40 people, a status change with a note for every action about every
month for a year, a due date moved for one action in ten, 12 KPIs with a year of readings,
and a monthly board that has met eleven times.

    python bench/report.py [--actions 500] [--rounds 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
GOALS = {"html": 0.5, "pdf": 3.0}


def build(url: str, actions: int) -> None:
    """One plan written straight into the tables (setup is not measured)."""
    from sqlalchemy import insert

    from bot.app import create_app
    from bot.settings import Settings
    from store.domain import ref_key
    from store.models import (
        Action,
        BoardMeeting,
        Change,
        Kpi,
        KpiReading,
        Membership,
        Person,
        Plan,
        Theme,
        Update,
    )

    rng = random.Random(11)
    app = create_app(Settings(database_url=url))
    start = NOW - timedelta(days=365)
    statuses = ["green"] * 4 + ["amber"] * 3 + ["red", "complete", "not_started"]
    with app.sessions.begin() as s:
        s.execute(insert(Plan), [{
            "id": 1, "slug": "bench", "name": "Benchshire Improvement Plan", "channel": "#bench",
            "created_at": start, "status_labels": {}, "reminder_policy": {}, "closure_days": [],
            "settings": {},
        }])  # fmt: skip
        s.execute(insert(Person), [
            {"id": n, "name": f"Officer {n}", "email": f"o{n}@bench.gov.uk", "created_at": start}
            for n in range(1, 41)
        ])  # fmt: skip
        s.execute(insert(Membership), [
            {"plan_id": 1, "person_id": n, "role": "plan_lead" if n == 1 else "owner"}
            for n in range(1, 41)
        ])  # fmt: skip
        s.execute(insert(Theme), [
            {"id": t, "plan_id": 1, "number": str(t), "number_key": ref_key(str(t)),
             "name": f"Theme {t}", "lead_id": 1 + t}
            for t in range(1, 9)
        ])  # fmt: skip
        rows, updates, changes = [], [], []
        update_id = 0
        for n in range(1, actions + 1):
            theme = (n - 1) % 8 + 1
            ref = f"{theme}.{(n - 1) // 8 + 1}"
            due = date(2026, 6, 1) + timedelta(days=rng.randint(0, 400))
            status = "not_started"
            history = []
            for month in range(12):
                at = start + timedelta(days=30 * month + rng.randint(0, 25))
                new = rng.choice(statuses)
                history.append((at, "status", status, new, f"Progress note {month} on {ref}"))
                status = new
            if n % 10 == 0:
                at = start + timedelta(days=rng.randint(100, 360))
                moved = due + timedelta(days=60)
                history.append((at, "due_date", due.isoformat(), moved.isoformat(), None))
                due = moved
            rows.append({
                "id": n, "plan_id": 1, "theme_id": theme, "ref": ref, "ref_key": ref_key(ref),
                "title": f"Action {ref}: a realistic title of a few words",
                "owner_id": 2 + n % 39, "status": status, "due_date": due,
                "baseline_due": due, "created_at": start, "updated_at": history[-1][0],
                "signoff_pending": False, "latest_note": history[-1][4],
            })  # fmt: skip
            update_id += 1
            updates.append({"id": update_id, "plan_id": 1, "action_id": n, "at": start,
                            "via": "import"})  # fmt: skip
            changes.append({"update_id": update_id, "action_id": n, "field": "created",
                            "new": ref, "at": start})  # fmt: skip
            for at, field, old, new, note in sorted(history):
                update_id += 1
                reason = "recruitment" if field == "due_date" else None
                updates.append({"id": update_id, "plan_id": 1, "action_id": n, "at": at,
                                "via": "slack", "person_id": 2 + n % 39, "note": note,
                                "reason": reason})  # fmt: skip
                changes.append({"update_id": update_id, "action_id": n, "field": field,
                                "old": old, "new": new, "at": at})  # fmt: skip
        s.execute(insert(Action), rows)
        s.execute(insert(Update), updates)
        s.execute(insert(Change), changes)
        s.execute(insert(Kpi), [
            {"id": k, "plan_id": 1, "code": f"K{k}", "name": f"Measure {k}", "unit": "%",
             "polarity": "higher", "baseline": 60.0, "target": 90.0, "created_at": start}
            for k in range(1, 13)
        ])  # fmt: skip
        s.execute(insert(KpiReading), [
            {"kpi_id": k, "period": f"{(start + timedelta(days=31 * m)):%Y-%m}",
             "value": 60.0 + rng.randint(0, 35), "recorded_at": start + timedelta(days=31 * m)}
            for k in range(1, 13) for m in range(12)
        ])  # fmt: skip
        s.execute(insert(BoardMeeting), [
            {"plan_id": 1, "title": "Improvement Board",
             "starts_at": start + timedelta(days=30 * m), "occurrence": None,
             "themes": [str(m % 8 + 1), str((m + 1) % 8 + 1)],
             "status": "held" if m < 12 else "scheduled", "created_at": start}
            for m in range(1, 14)
        ])  # fmt: skip
    app.close()


def measure(url: str, rounds: int) -> dict[str, list[float]]:
    from bot.app import create_app
    from bot.reports import FORMATS, write_board_pack
    from bot.settings import Settings
    from store.models import Plan

    app = create_app(Settings(database_url=url))
    times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    with app.sessions() as session:
        plan = session.get_one(Plan, 1)
        for fmt in FORMATS:
            write_board_pack(session, plan, fmt=fmt, now=NOW)  # warm-up: imports, caches
            for _ in range(rounds):
                started = time.perf_counter()
                write_board_pack(session, plan, fmt=fmt, now=NOW)
                times[fmt].append(time.perf_counter() - started)
    app.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='improvebot-report-')}/r.db"
    build(url, args.actions)
    times = measure(url, args.rounds)
    print(f"board pack, {args.actions} actions, a year of history, database {url.split(':')[0]}")
    for fmt, runs in times.items():
        median = statistics.median(runs)
        goal = GOALS.get(fmt)
        verdict = f"goal {goal:.1f} s: {'met' if median <= goal else 'NOT met'}" if goal else ""
        print(f"  {fmt:<5} median {median:6.2f} s  (min {min(runs):.2f}, max {max(runs):.2f})  "
              f"{verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
