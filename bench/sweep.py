"""One sweep over 100 plans x 500 actions (50,000 actions, 2,000 people): wall time and SQL
statements, beside the same sweep over 100 plans x 50 actions, to show the statement count
does not grow with the number of actions. Goal: at most 2 s.

The sweep runs at Monday 09:05 London time, so every plan also builds its weekly digest.

    python bench/sweep.py [--plans 100] [--actions 500] [--people 20] [--database-url URL]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 16, 9, 5, tzinfo=UTC)  # Monday 09:05 in London (GMT)


def build(url: str, plans: int, actions: int, people: int) -> None:
    """Plans, people and actions written straight into the tables (setup is not measured)."""
    from sqlalchemy import insert

    from bot.app import create_app
    from bot.settings import Settings
    from store.domain import ref_key
    from store.models import Action, Change, Membership, Person, Plan, Theme, Update

    rng = random.Random(7)
    app = create_app(Settings(database_url=url))
    created = NOW - timedelta(days=200)
    statuses = ["green"] * 5 + ["amber"] * 3 + ["red", "not_started", "complete"]
    with app.sessions.begin() as s:
        s.execute(
            insert(Plan),
            [
                {
                    "id": p,
                    "slug": f"plan{p}",
                    "name": f"Plan {p}",
                    "channel": f"C{p:05d}",
                    "created_at": created,
                    "status_labels": {},
                    "reminder_policy": {},
                    "closure_days": [],
                    "settings": {},
                }
                for p in range(1, plans + 1)
            ],
        )
        s.execute(
            insert(Person),
            [
                {
                    "id": n,
                    "name": f"Person {n}",
                    "email": f"p{n}@council.gov.uk",
                    "created_at": created,
                }
                for n in range(1, plans * people + 1)
            ],
        )
        s.execute(
            insert(Membership),
            [
                {
                    "plan_id": p,
                    "person_id": (p - 1) * people + k,
                    "role": "plan_lead" if k == 1 else "owner",
                }
                for p in range(1, plans + 1)
                for k in range(1, people + 1)
            ],
        )
        s.execute(
            insert(Theme),
            [
                {
                    "id": (p - 1) * 6 + t,
                    "plan_id": p,
                    "number": str(t),
                    "number_key": ref_key(str(t)),
                    "name": f"Theme {t}",
                    "lead_id": (p - 1) * people + 1 + t,
                }
                for p in range(1, plans + 1)
                for t in range(1, 7)
            ],
        )
        rows, updates, changes = [], [], []
        for p in range(1, plans + 1):
            for n in range(1, actions + 1):
                action_id = (p - 1) * actions + n
                theme = (n - 1) % 6 + 1
                ref = f"{theme}.{(n - 1) // 6 + 1}"
                updated = NOW - timedelta(days=rng.randint(0, 60))
                status = rng.choice(statuses)
                rows.append(
                    {
                        "id": action_id,
                        "plan_id": p,
                        "theme_id": (p - 1) * 6 + theme,
                        "ref": ref,
                        "ref_key": ref_key(ref),
                        "title": f"Action {ref} of plan {p}",
                        "owner_id": (p - 1) * people + 1 + n % people,
                        "status": status,
                        "due_date": date(2026, 11, 16) + timedelta(days=rng.randint(-60, 120)),
                        "created_at": created,
                        "updated_at": updated,
                        "signoff_pending": False,
                    }
                )
                updates.append(
                    {
                        "id": action_id,
                        "plan_id": p,
                        "action_id": action_id,
                        "at": created,
                        "via": "import",
                    }
                )
                for field, value in (("created", ref), ("status", status)):
                    changes.append(
                        {
                            "update_id": action_id,
                            "action_id": action_id,
                            "field": field,
                            "new": value,
                            "at": created,
                        }
                    )
        s.execute(insert(Action), rows)
        s.execute(insert(Update), updates)
        s.execute(insert(Change), changes)
    app.close()


def sweep_once(url: str) -> tuple[float, int, int]:
    from sqlalchemy import event

    from bot.app import create_app
    from bot.settings import Settings
    from store.notify.sweep import Sweeper

    app = create_app(Settings(database_url=url))
    statements = [0]
    event.listen(
        app.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1)
    )
    started = time.perf_counter()
    result = Sweeper(app.sessions, lambda plan: ("slack", "")).run(NOW)
    wall = time.perf_counter() - started
    app.close()
    return wall, statements[0], len(result.queued)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    figures = []
    for actions in (args.actions // 10, args.actions):
        if args.database_url:
            url = args.database_url
            _reset(url)
        else:
            url = f"sqlite:///{tempfile.mkdtemp(prefix='improvebot-sweep-')}/bench.db"
        build(url, args.plans, actions, args.people)
        wall, statements, queued = sweep_once(url)
        figures.append((actions, wall, statements, queued))
    people, database = args.plans * args.people, url.split(":")[0]
    print(f"one sweep, {args.plans} plans, {people} people, database {database}")
    for actions, wall, statements, queued in figures:
        total = args.plans * actions
        print(
            f"  {total:>6} actions: {wall:5.2f} s, {statements:>5} SQL statements "
            f"({statements / args.plans:.1f} per plan), {queued} messages queued"
        )


def _reset(url: str) -> None:
    from bot.app import create_app
    from bot.settings import Settings
    from store.models import Base

    app = create_app(Settings(database_url=url))
    with app.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    app.close()


if __name__ == "__main__":
    main()
