"""A sweep's wall time and SQL statements, at 500 actions a plan and at a tenth of that (the
statement count must not grow with the actions); with --processes N also split over N
processes, the runs interleaved so their ratio is fair on a busy machine.

Goals: a sweep of 50,000 actions (100 plans x 500, 2,000 people) in at most 1 s on SQLite and
on PostgreSQL; of 500,000 actions (1,000 plans x 500, 20,000 people) on PostgreSQL in at most
10 s; SQL statements O(plans), not growing with the actions per plan.

The sweep runs at Monday 09:05 London time, so every plan also builds its weekly digest and
each of the people gets a reminder DM: the worst case.

    python bench/sweep.py [--plans 100] [--actions 500] [--people 20] [--processes 1]
                          [--repeat 3] [--only-full] [--database-url URL]
    python bench/sweep.py --plans 1000 --processes 2 --only-full --database-url URL
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 16, 9, 5, tzinfo=UTC)  # Monday 09:05 in London (GMT)
LONG_AGO = date(2026, 11, 2)  # two weeks before: every repeating reminder is due again


def build(url: str, plans: int, actions: int, people: int) -> None:
    """Plans, people and actions written straight into the tables (setup is not measured)."""
    from sqlalchemy import insert

    from bot.app import create_app
    from bot.settings import Settings
    from store.domain import ref_key
    from store.models import Action, Change, Membership, Person, Plan, Theme, Update
    from store.models.reminders import ReminderLog

    ACTION_COLUMNS = (
        "id", "plan_id", "theme_id", "ref", "ref_key", "title", "owner_id", "status",
        "due_date", "created_at", "updated_at", "signoff_pending",
    )  # fmt: skip

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
                due = date(2026, 11, 16) + timedelta(days=rng.randint(-60, 120))
                owner = (p - 1) * people + 1 + n % people
                title = f"Action {ref} of plan {p}"
                rows.append(
                    (action_id, p, (p - 1) * 6 + theme, ref, ref_key(ref), title, owner, status,
                     due, created, updated, False)
                )  # fmt: skip
                updates.append((action_id, p, action_id, created, "import"))
                changes.append((action_id, action_id, "created", ref, created))
                changes.append((action_id, action_id, "status", status, created))
        _load(s, Action, ACTION_COLUMNS, rows)
        _load(s, Update, ("id", "plan_id", "action_id", "at", "via"), updates)
        _load(s, Change, ("update_id", "action_id", "field", "new", "at"), changes)
        # A live plan has been reminded for weeks: its log holds each action's repeating kinds,
        # last sent over a week ago, so today's sweep sends them again (and the database's
        # statistics know the log's size, as autovacuum keeps them).
        log = [(row[0], kind, LONG_AGO) for row in rows for kind in ("overdue", "stale")]
        _load(s, ReminderLog, ("action_id", "kind", "last_on"), log)
    if app.engine.dialect.name == "postgresql":  # statistics, as autovacuum keeps them
        with app.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    app.close()


def _load(s: Any, model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Bulk rows: COPY on PostgreSQL (a million rows in seconds), executemany on SQLite."""
    from sqlalchemy import insert

    connection = s.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(model), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    copying = f"COPY {model.__table__.name} ({', '.join(columns)}) FROM STDIN"
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(copying) as copy:
        for row in rows:
            copy.write_row(row)


def sweep_once(url: str, processes: int) -> tuple[float, tuple[int, float] | None, int]:
    """One sweep at NOW from a clean outbox: seconds; SQL statements and the CPU seconds of
    this process (so with one process only: a figure a busy machine disturbs less than the
    wall time, though it leaves out the database server's); messages queued."""
    from sqlalchemy import event

    from bot import sweep_split
    from bot.app import create_app
    from bot.settings import Settings

    _forget(url)
    settings = Settings(database_url=url)
    if processes > 1:
        started = time.perf_counter()
        result = sweep_split.in_processes(settings, NOW, processes)
        return time.perf_counter() - started, None, len(result.queued)
    app = create_app(settings)
    statements = [0]
    event.listen(
        app.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1)
    )
    started, cpu = time.perf_counter(), time.process_time()
    result = app.sweeper().run(NOW)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    app.close()
    return wall, (statements[0], cpu), len(result.queued)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument(
        "--processes", type=int, default=1, help="also sweep split over N processes"
    )
    parser.add_argument("--repeat", type=int, default=3, help="sweeps timed at each size")
    parser.add_argument(
        "--only-full", action="store_true", help="skip the run at a tenth of the actions"
    )
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    print(__doc__.split("\n\n")[1])
    people = args.plans * args.people
    sizes = [args.actions] if args.only_full else [args.actions // 10, args.actions]
    for actions in sizes:
        if args.database_url:
            url = args.database_url
            _reset(url)
        else:
            url = f"sqlite:///{tempfile.mkdtemp(prefix='improvebot-sweep-')}/bench.db"
        started = time.perf_counter()
        build(url, args.plans, actions, args.people)
        built = time.perf_counter() - started
        total = args.plans * actions
        print(
            f"{url.split(':')[0]}, {args.plans} plans x {actions} actions = {total} actions, "
            f"{people} people (built in {built:.0f} s, not measured)"
        )
        counts = sorted({1, args.processes})
        for n in range(args.repeat):
            for processes in counts:
                wall, counted, queued = sweep_once(url, processes)
                said = ""
                if counted is not None:
                    statements, cpu = counted
                    said = (
                        f" (CPU {cpu:.2f} s), {statements} SQL statements "
                        f"({statements / args.plans:.1f} per plan)"
                    )
                print(
                    f"  run {n + 1}, {processes} process{'es' * (processes > 1)}: "
                    f"{wall:5.2f} s{said}, {queued} messages queued",
                    flush=True,
                )


def _forget(url: str) -> None:
    """Back to before any sweep: nothing queued, nobody reminded this week (setup, not
    measured)."""
    from bot.app import create_app
    from bot.settings import Settings
    from store.models import OutboxMessage, Risk
    from store.models.reminders import ReminderLog

    app = create_app(Settings(database_url=url))
    with app.engine.begin() as conn:
        conn.execute(OutboxMessage.__table__.delete())
        conn.execute(ReminderLog.__table__.update().values(last_on=LONG_AGO))
        conn.execute(Risk.__table__.update().values(reminded_on=None))
    app.close()


def _reset(url: str) -> None:
    from bot.app import create_app
    from bot.settings import Settings
    from store.models import Base

    app = create_app(Settings(database_url=url))
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with app.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # One TRUNCATE: row by row, deleting 20,000 people checked each against the actions.
            conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
    app.close()


if __name__ == "__main__":
    main()
