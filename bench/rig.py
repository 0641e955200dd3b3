"""What the Slack benchmarks share: a demo plan with Slack users, `improvebot serve` in its
own process with its SQL counted, and signed slash commands over real HTTP.

Counting: the server runs as `python bench/rig.py --serve COUNTS ARGS…`, which adds
SQLAlchemy event listeners to every engine and then runs `improvebot ARGS…`. On the server's
request threads (waitress-N: the ack path; lazy listeners after the ack are not counted) it
counts each statement sent (`before_cursor_execute`), each transaction begun (`begin`: on
PostgreSQL psycopg sends BEGIN before the first statement, a round trip of its own), each
COMMIT and each ROLLBACK that reaches the server (one when the connection is in a transaction:
psycopg skips it otherwise). Round trips = statements + BEGINs + COMMITs + ROLLBACKs. The
counts go to the file COUNTS.<pid>.json five times a second, one per server process
(`serve --workers N` forks after the listeners are added), and are summed when read. On
SQLite there are no round trips, only calls into the library in-process: the same sum is
printed as "database calls".
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

SECRET = "bench-secret"  # noqa: S105 - signs loopback requests only
TEAM = "T0FAKE"


def prepare(database_url: str, users: dict[str, str], *, reset: bool = False) -> None:
    """The demo plan, with each Slack user id linked to the demo person with that email; with
    reset=True every improvebot table is dropped first (the database must hold no plan)."""
    from sqlalchemy import text

    from bot.app import create_app
    from bot.settings import Settings
    from store import db, people
    from store.demo import build_demo
    from store.models import Base

    if reset:
        engine = db.make_engine(database_url)
        Base.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
    app = create_app(Settings(database_url=database_url))
    with app.sessions.begin() as session:
        build_demo(session, now=datetime.now(UTC))
        for user_id, email in users.items():
            person = people.by_email(session, email)
            assert person is not None, email
            people.link_identity(session, person, "slack", TEAM, user_id)
    app.close()


def server_env(api_url: str, database_url: str) -> dict[str, str]:
    """The environment of a benchmarked server: this one's, less any Slack or improvebot
    settings, plus the fake Slack Web API and the bench database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "IMPROVEBOT_"))}
    return env | {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "IMPROVEBOT_DATABASE_URL": database_url,
    }


def serve(
    env: dict[str, str], cwd: str, port: int, counts: Path, workers: int = 1
) -> subprocess.Popen[bytes]:
    """`improvebot serve` (no scheduler: sweeps are bench/sweep.py's) with its SQL counted;
    with workers > 1, N forked server processes on one port (PostgreSQL only)."""
    args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"]
    if workers > 1:
        args += ["--workers", str(workers)]
    return subprocess.Popen(
        [sys.executable, __file__, "--serve", str(counts), *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        # waitress says so each time its queue grows: kept, not printed among the figures
        stderr=(Path(cwd) / "server.log").open("wb"),
    )


def read_counts(counts: Path) -> Counter[str]:
    """The server's counts so far (let a write or two pass after the last request)."""
    time.sleep(0.5)
    total: Counter[str] = Counter()
    for each in counts.parent.glob(counts.name + ".*.json"):  # one file per server process
        total.update(json.loads(each.read_text()))
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def command(port: int, user: str, text: str, trigger: str) -> tuple[float, int, str]:
    """Send one signed slash command ("/action update 4.2 green"); (ms, HTTP status, body)."""
    name, _, rest = text.partition(" ")
    body = urlencode(
        {
            "team_id": TEAM,
            "user_id": user,
            "channel_id": "D0",
            "command": name,
            "text": rest,
            "response_url": "http://127.0.0.1:9/r",
            "trigger_id": trigger,
        }
    )
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body),
    }
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=headers
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            status, text_back = answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        status, text_back = error.code, error.read().decode()
    return (time.perf_counter() - start) * 1000, status, text_back


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def per_command(before: Counter[str], after: Counter[str], commands: int, kind: str) -> str:
    """Statements and round trips per command between two readings of the counts."""
    d = after - before
    trips = d["statements"] + d["begins"] + d["commits"] + d["rollbacks"]
    calls = "database round trips" if kind == "postgresql" else "database calls (in-process)"
    return (
        f"{d['statements'] / commands:.1f} SQL statements and {trips / commands:.1f} "
        f"{calls} per command (BEGIN {d['begins'] / commands:.1f}, "
        f"COMMIT {d['commits'] / commands:.1f}, ROLLBACK {d['rollbacks'] / commands:.1f})"
    )


# -- the counted server ---------------------------------------------------------------------
def _count_and_serve(counts_path: str, argv: list[str]) -> None:
    from sqlalchemy import Engine, event

    counts: Counter[str] = Counter()
    lock = threading.Lock()

    def on_ack_path() -> bool:
        return threading.current_thread().name.startswith("waitress")

    def add(name: str) -> None:
        if on_ack_path():
            with lock:
                counts[name] += 1

    @event.listens_for(Engine, "before_cursor_execute")
    def _statement(*_args: Any) -> None:
        add("statements")

    @event.listens_for(Engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.dialect.name == "postgresql":  # SQLite's BEGIN is a statement (store.db)
            add("begins")

    @event.listens_for(Engine, "commit")
    def _commit(_conn: Any) -> None:
        add("commits")

    @event.listens_for(Engine, "rollback")
    def _rollback(conn: Any) -> None:
        dbapi = conn.connection.dbapi_connection
        info = getattr(dbapi, "info", None)
        if info is None or info.transaction_status != 0:  # psycopg: 0 is IDLE, nothing to undo
            add("rollbacks")

    def write() -> None:
        path = f"{counts_path}.{os.getpid()}.json"
        while True:
            with lock:
                text = json.dumps(counts)
            Path(path + ".new").write_text(text)
            os.replace(path + ".new", path)  # never read half written
            time.sleep(0.2)

    def writer() -> None:
        threading.Thread(target=write, daemon=True).start()

    def in_forked_server() -> None:
        # `serve --workers N` forks after this ran: a child starts from zero with a writer
        # of its own (threads do not survive a fork) and its own file.
        nonlocal lock
        lock = threading.Lock()
        counts.clear()
        writer()

    os.register_at_fork(after_in_child=in_forked_server)
    writer()

    from bot.cli import main

    main(argv, prog_name="improvebot")


if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    _count_and_serve(sys.argv[2], sys.argv[3:])
