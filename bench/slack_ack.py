"""Ack latency of /action update through `improvebot serve`, beside a bare Bolt app that only acks.

Both servers run as separate processes on loopback (same waitress settings), against a fake
Slack Web API. Load: ROUNDS rounds of CONCURRENCY simultaneous signed requests, alternating
between the two servers, so both see the same machine state. Prints p50 and p99 of each
and the ratio.

    python bench/slack_ack.py [--rounds 30] [--concurrency 20] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

SECRET = "bench-secret"  # noqa: S105 - signs loopback requests only
TEAM = "T0FAKE"
USER = "UROB"


def bare_server(port: int, api_url: str) -> None:
    """A Bolt app that only acks /action, served exactly like improvebot serve."""
    from slack_bolt import App

    from bot.slack.app import web_client
    from bot.slack.server import make_server

    app = App(
        signing_secret=SECRET,
        client=web_client(api_url, "xoxb-bench"),
        process_before_response=True,
    )

    @app.command("/action")
    def ack_only(ack):  # type: ignore[no-untyped-def]
        ack(text="ok", response_type="ephemeral")

    make_server(app, "127.0.0.1", port, signing_secret=SECRET).run()


def prepare(database_url: str) -> None:
    from bot.app import create_app
    from bot.settings import Settings
    from store import people
    from store.demo import build_demo

    app = create_app(Settings(database_url=database_url))
    with app.sessions.begin() as session:
        build_demo(session, now=datetime.now(UTC))
        rob = people.by_email(session, "rob.newton@northshire.gov.example")
        assert rob is not None
        people.link_identity(session, rob, "slack", TEAM, USER)
    app.close()


def wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(port: int, status: str) -> float:
    form = {
        "team_id": TEAM,
        "user_id": USER,
        "channel_id": "D0",
        "command": "/action",
        "text": f"update 4.2 {status} bench",
        "response_url": "http://127.0.0.1:9/r",
        "trigger_id": "1",
    }
    body = urlencode(form)
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
    with urllib.request.urlopen(req, timeout=30) as answer:
        answer.read()
        assert answer.status == 200
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--with-scheduler",
        action="store_true",
        help="let improvebot serve sweep and deliver too (as it does by default)",
    )
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
    prepare(database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "IMPROVEBOT_"))}
    env |= {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
        "IMPROVEBOT_DATABASE_URL": database_url,
    }
    ours_port, bare_port = free_port(), free_port()
    # The ack path alone, by default: the scheduler's sweeps are measured by bench/sweep.py.
    extra = [] if args.with_scheduler else ["--no-scheduler"]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(ours_port),
                *extra,
            ],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [sys.executable, __file__, "--bare", str(bare_port), "--api-url", fake.base_url],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
        ),
    ]
    try:
        wait_healthy(ours_port)
        wait_healthy(bare_port)
        timings: dict[str, list[float]] = {"improvebot": [], "bare Bolt": []}
        ports = {"improvebot": ours_port, "bare Bolt": bare_port}
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:

            def burst(port: int, status: str) -> list[float]:
                return list(pool.map(lambda _: request(port, status), range(args.concurrency)))

            for port in ports.values():  # warm up both
                burst(port, "amber")
            for n in range(args.rounds):
                order = list(ports) if n % 2 == 0 else list(reversed(ports))
                for name in order:
                    timings[name] += burst(ports[name], "green" if n % 2 else "amber")
        print(
            f"{args.rounds} rounds x {args.concurrency} concurrent /action update requests, "
            f"database {database_url.split(':')[0]}"
        )
        for name, values in timings.items():
            p50, p99 = statistics.median(values), percentile(values, 99)
            print(f"  {name:<11} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms")
        ours, bare = timings["improvebot"], timings["bare Bolt"]
        print(
            f"  ratio       p50 {statistics.median(ours) / statistics.median(bare):7.2f}     "
            f"p99 {percentile(ours, 99) / percentile(bare, 99):7.2f}"
        )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        fake.stop()


if __name__ == "__main__":
    main()
