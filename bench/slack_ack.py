"""Ack latency of /action update through `improvebot serve`, beside a bare Bolt app that only acks.

Both servers run as separate processes on loopback (same waitress settings), against a fake
Slack Web API. Load: ROUNDS rounds of CONCURRENCY simultaneous signed requests, alternating
between the two servers, so both see the same machine state. Every request makes a real
change to action 4.2 (the status alternates by round; each carries a new note). Prints p50
and p99 of each and their ratio, measured in the same run; and, counted in the improvebot
server process on its request threads, the SQL statements and the database round trips per
command (how: see bench/rig.py); and the goals of issue 13:

    ack, 20 concurrent, SQLite:      p50 <= 1.3 x bare Bolt, p99 <= 100 ms
    ack, 20 concurrent, PostgreSQL:  p50 <= 2 x bare Bolt,   p99 <= 150 ms

With --spread, the requests of a burst go to different open actions, each sent by the
action's owner, as when a council's owners update their own actions at once; without it they
all queue on action 4.2's row lock. With --workers N (PostgreSQL), improvebot runs as
`serve --workers N` (the bare app stays one process).

    python bench/slack_ack.py [--rounds 30] [--concurrency 20] [--spread] [--workers N]
        [--database-url URL [--reset]]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rig

USER = "UROB"
GOALS = {"sqlite": (1.3, 100.0), "postgresql": (2.0, 150.0)}


def bare_server(port: int, api_url: str) -> None:
    """A Bolt app that only acks /action, served exactly like improvebot serve."""
    from slack_bolt import App

    from bot.slack.app import web_client
    from bot.slack.server import make_server

    app = App(
        signing_secret=rig.SECRET,
        client=web_client(api_url, "xoxb-bench"),
        process_before_response=True,
    )

    @app.command("/action")
    def ack_only(ack):  # type: ignore[no-untyped-def]
        ack(text="ok", response_type="ephemeral")

    make_server(app, "127.0.0.1", port, signing_secret=rig.SECRET).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument(
        "--reset", action="store_true", help="drop every improvebot table in it first"
    )
    parser.add_argument(
        "--spread", action="store_true", help="each request of a burst on its own action"
    )
    parser.add_argument("--workers", type=int, default=1, help="improvebot server processes")
    parser.add_argument("--bare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_server(args.bare, args.api_url)
        return

    from tests.fakes.slack import FakeSlack

    fake = FakeSlack().start()
    tmp = tempfile.mkdtemp(prefix="improvebot-bench-")
    database_url = args.database_url or f"sqlite:///{tmp}/bench.db"
    rig.prepare(database_url, {USER: "rob.newton@northshire.gov.example"}, reset=args.reset)
    senders = owners(database_url, args.concurrency) if args.spread else [(USER, "4.2")]
    env = rig.server_env(fake.base_url, database_url)
    ours_port, bare_port = rig.free_port(), rig.free_port()
    counts = Path(tmp) / "counts.json"
    servers = [
        rig.serve(env, tmp, ours_port, counts, workers=args.workers),
        subprocess.Popen(
            [sys.executable, __file__, "--bare", str(bare_port), "--api-url", fake.base_url],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
        ),
    ]
    numbers = itertools.count()
    try:
        rig.wait_healthy(ours_port)
        rig.wait_healthy(bare_port)
        timings: dict[str, list[float]] = {"improvebot": [], "bare Bolt": []}
        ports = {"improvebot": ours_port, "bare Bolt": bare_port}
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:

            def one(port: int, status: str, i: int) -> float:
                n = next(numbers)
                user, ref = senders[i % len(senders)]
                ms, code, reply = rig.command(
                    port, user, f"/action update {ref} {status} bench note {n}", f"bench.{n}"
                )
                assert code == 200, code
                assert port != ours_port or "Updated" in reply, reply[:200]
                return ms

            def burst(port: int, status: str) -> list[float]:
                return list(pool.map(lambda i: one(port, status, i), range(args.concurrency)))

            for port in ports.values():  # warm up both
                burst(port, "amber")
            before = rig.read_counts(counts)
            for n in range(args.rounds):
                order = list(ports) if n % 2 == 0 else list(reversed(ports))
                for name in order:
                    timings[name] += burst(ports[name], "green" if n % 2 else "amber")
            after = rig.read_counts(counts)
        kind = database_url.split(":")[0].split("+")[0]
        kind = "postgresql" if kind.startswith("postgres") else kind
        print(
            f"{args.rounds} rounds x {args.concurrency} concurrent /action update requests "
            f"on {len(senders)} action(s), database {kind}, improvebot in {args.workers} "
            "process(es)"
        )
        for name, values in timings.items():
            p50, p99 = statistics.median(values), rig.percentile(values, 99)
            print(f"  {name:<11} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms")
        ours, bare = timings["improvebot"], timings["bare Bolt"]
        ratio = statistics.median(ours) / statistics.median(bare)
        print(
            f"  ratio       p50 {ratio:7.2f}     "
            f"p99 {rig.percentile(ours, 99) / rig.percentile(bare, 99):7.2f}"
        )
        print("  " + rig.per_command(before, after, len(ours), kind))
        if kind in GOALS:
            most_ratio, most_p99 = GOALS[kind]
            p99 = rig.percentile(ours, 99)
            print(
                f"  goal ({kind}, {args.concurrency} concurrent): p50 <= {most_ratio} x bare "
                f"Bolt: {'met' if ratio <= most_ratio else 'NOT met'} ({ratio:.2f}); "
                f"p99 <= {most_p99:.0f} ms: {'met' if p99 <= most_p99 else 'NOT met'} "
                f"({p99:.0f} ms)"
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        fake.stop()


def owners(database_url: str, wanted: int) -> list[tuple[str, str]]:
    """Up to `wanted` open actions of the demo plan, each with a Slack user id linked to its
    owner (one id per person)."""
    from sqlalchemy import select

    from bot.app import create_app
    from bot.settings import Settings
    from store import people
    from store.models import Action, Person

    app = create_app(Settings(database_url=database_url))
    found: list[tuple[str, str]] = []
    with app.sessions.begin() as session:
        rows = session.execute(
            select(Action.ref, Person).join(Person, Action.owner_id == Person.id)
            .where(Action.status != "complete")
            .order_by(Action.id)
        ).all()  # fmt: skip
        linked = {"rob.newton@northshire.gov.example": USER}  # by rig.prepare
        for ref, person in rows[:wanted]:
            if person.email not in linked:
                linked[person.email] = f"U{person.id:06d}"
                people.link_identity(session, person, "slack", rig.TEAM, linked[person.email])
            found.append((linked[person.email], ref))
    app.close()
    return found


if __name__ == "__main__":
    main()
