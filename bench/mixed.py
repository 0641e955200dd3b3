"""200 concurrent mixed slash commands through `improvebot serve`, and each applied once.

Seven people of the demo plan send, all at once, a mix of commands on their own actions and
KPIs: status updates and notes (each with its own note text), shows, lists, histories, KPI
readings and KPI cards, over real signed HTTP to `improvebot serve` (no scheduler) against
the fake Slack Web API. ROUNDS such bursts; prints p50 and p99 of the acks, the requests that
failed (not 200, or a reply that is an error), the SQL per command (bench/rig.py), and then
checks in the database that every change was applied exactly once: one history row per note
text sent, and as many KPI history rows as KPI readings sent. The goal of issue 13:

    200 concurrent mixed commands: p99 <= 1 s, no errors, each applied once

    python bench/mixed.py [--rounds 3] [--concurrency 200] [--workers N]
        [--database-url URL [--reset]]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rig

DOMAIN = "northshire.gov.example"
# Slack user -> (demo person, the actions they own, the KPIs they own)
PEOPLE = {
    "UPRIYA": ("priya.shah", ("1.4", "1.8", "1.9"), ()),
    "UROB": ("rob.newton", ("4.2", "4.3"), ()),
    "UDANIEL": ("daniel.price", ("2.5", "3.2", "3.5"), ()),
    "UFIONA": ("fiona.mcleod", ("2.3", "2.4"), ()),
    "UGRACE": ("grace.adeyemi", ("5.1", "5.5"), ()),
    "UMARK": ("mark.ellison", ("1.2", "1.5", "1.7"), ()),
    "UTOM": ("tom.bradley", ("6.1", "6.2", "6.3"), ("K1", "K2", "K3", "K4", "K5")),
}
STATUSES = ("red", "amber", "green")
FAILED = ("Something went wrong", "already done")


def mix(n: int) -> tuple[str, str]:
    """The n-th command: (Slack user, text). Writes carry a note text of their own, "mix n"."""
    user = list(PEOPLE)[n % len(PEOPLE)]
    _name, refs, kpis = PEOPLE[user]
    ref = refs[(n // len(PEOPLE)) % len(refs)]
    kind = n % 20
    if kpis and kind < 8:
        kpi = kpis[(n // len(PEOPLE)) % len(kpis)]
        if kind < 5:  # a reading for this month, replacing any: both kept in the history
            return user, f"/kpi update {kpi} {40 + n % 50}.{n % 10} correct"
        return user, f"/kpi show {kpi}" if kind < 7 else "/kpi list"
    if kind < 7:
        return user, f"/action update {ref} {STATUSES[n % 3]} mix {n}"
    if kind < 11:
        return user, f"/action note {ref} mix {n}"
    if kind < 15:
        return user, f"/action show {ref}"
    if kind < 18:
        return user, "/action list"
    return user, f"/action history {ref}"


def kpi_history(database_url: str) -> Counter[str]:
    """History rows per KPI code."""
    from sqlalchemy import func, select

    from store import db
    from store.models import Kpi, Update

    engine = db.make_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Kpi.code, func.count()).join(Update, Update.kpi_id == Kpi.id).group_by(Kpi.code)
        ).all()
    engine.dispose()
    return Counter({code: count for code, count in rows})


def check_once(database_url: str, sent: list[str], kpis_before: Counter[str]) -> list[str]:
    """Every change not applied exactly once, as the database has it."""
    from sqlalchemy import func, select

    from store import db
    from store.models import Update

    engine = db.make_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Update.note, func.count()).where(Update.note.like("mix %")).group_by(Update.note)
        ).all()
    engine.dispose()
    notes = Counter({note: count for note, count in rows})
    problems = []
    for text in sent:
        if " mix " in text:
            note = "mix " + text.rsplit(" mix ", 1)[1]
            if notes[note] != 1:
                problems.append(f"{text!r} is in the history {notes[note]} times")
    kpis = kpi_history(database_url) - kpis_before
    for code, times in Counter(t.split()[2] for t in sent if t.startswith("/kpi update")).items():
        if kpis[code] != times:
            problems.append(f"{code}: {times} readings sent, {kpis[code]} in the history")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (PostgreSQL; serve --workers)"
    )
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument(
        "--reset", action="store_true", help="drop every improvebot table in it first"
    )
    args = parser.parse_args()

    from tests.fakes.slack import FakeSlack

    fake = FakeSlack().start()
    tmp = tempfile.mkdtemp(prefix="improvebot-bench-")
    database_url = args.database_url or f"sqlite:///{tmp}/bench.db"
    users = {user: f"{name}@{DOMAIN}" for user, (name, _refs, _kpis) in PEOPLE.items()}
    rig.prepare(database_url, users, reset=args.reset)
    env = rig.server_env(fake.base_url, database_url)
    port = rig.free_port()
    counts = Path(tmp) / "counts.json"
    server = rig.serve(env, tmp, port, counts, workers=args.workers)
    numbers = itertools.count()
    timings: list[float] = []
    failures: list[str] = []
    sent: list[str] = []
    try:
        rig.wait_healthy(port)
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:

            def one(n: int) -> tuple[str, float, int, str]:
                user, text = mix(n)
                ms, status, body = rig.command(port, user, text, f"mix.{n}")
                return text, ms, status, body

            # Warm up: every kind of command once, kept out of the figures and the checks.
            list(pool.map(lambda n: rig.command(port, *mix(n), f"warm.{n}"), range(-140, 0)))
            kpis_before = kpi_history(database_url)
            before = rig.read_counts(counts)
            for _round in range(args.rounds):
                batch = [next(numbers) for _ in range(args.concurrency)]
                for text, ms, status, body in pool.map(one, batch):
                    sent.append(text)
                    timings.append(ms)
                    if status != 200 or any(f in body for f in FAILED):
                        failures.append(f"{text!r}: {status} {body[:160]}")
            after = rig.read_counts(counts)
        problems = check_once(database_url, sent, kpis_before)
    finally:
        server.terminate()
        server.wait(timeout=10)
        fake.stop()
    kind = "postgresql" if database_url.startswith("postgres") else "sqlite"
    p50, p99 = statistics.median(timings), rig.percentile(timings, 99)
    print(
        f"{args.rounds} rounds x {args.concurrency} concurrent mixed commands, database {kind}, "
        f"{args.workers} server process(es)"
    )
    print(f"  kinds: {dict(Counter(' '.join(t.split()[:2]) for t in sent))}")
    print(f"  p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   max {max(timings):7.1f} ms")
    print(f"  errors: {len(failures)}")
    for failure in failures[:5]:
        print(f"    {failure}")
    print(f"  applied exactly once: {'yes' if not problems else 'NO'} ({len(problems)} problems)")
    for problem in problems[:5]:
        print(f"    {problem}")
    print("  " + rig.per_command(before, after, len(timings), kind))
    met = p99 <= 1000 and not failures and not problems
    print(
        f"  goal (200 concurrent mixed, {kind}): p99 <= 1 s, no errors, each applied once: "
        f"{'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
