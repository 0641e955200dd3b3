"""`improvebot serve --workers N`: several server processes on one port and one PostgreSQL,
beside `improvebot worker` processes, run as real processes over real HTTP."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store.models import OutboxMessage, Update
from tests.bot.slack_rig import SECRET, TEAM, wait_until
from tests.bot.test_workers import _delivered, _queue
from tests.conftest import POSTGRES_URL
from tests.fakes.slack import FakeSlack
from tests.fakes.teams import APP_ID

needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="several server processes need PostgreSQL: set IMPROVEBOT_TEST_POSTGRES_URL (CI does)",
)


def _env(database_url: str, fake: FakeSlack) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "IMPROVEBOT_"))}
    return env | {
        "IMPROVEBOT_DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
    }


def _start(log: Path, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def _serve(log: Path, env: dict[str, str], *args: str) -> tuple[subprocess.Popen[bytes], int]:
    """`serve --workers 2` on a free port, once both workers answer /healthz."""
    server = _start(
        log, env, "serve", "--host", "127.0.0.1", "--port", "0", "--workers", "2", *args
    )
    try:
        found = wait_until(
            lambda: re.search(r"2 workers on 127\.0\.0\.1:(\d+)", log.read_text()), 30
        )
        port = int(found.group(1))
        assert _answering(port) == {"1", "2"}
    except BaseException:
        server.send_signal(signal.SIGTERM)  # never leave a server running after a failure
        server.wait(timeout=30)
        raise
    return server, port


def _answering(port: int) -> set[str]:
    """Which workers answer /healthz: each connection goes to whichever worker takes it
    (one still starting takes none yet)."""
    seen: set[str] = set()
    deadline = time.monotonic() + 30
    while len(seen) < 2 and time.monotonic() < deadline:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as answer:
            assert answer.read() == b"ok\n"
            seen.add(answer.headers["X-Improvebot-Worker"])
    return seen


def _command(port: int, user: str, text: str) -> str:
    name, _, rest = text.partition(" ")
    body = urlencode(
        {
            "team_id": TEAM,
            "channel_id": "D0DM",
            "user_id": user,
            "command": name,
            "text": rest,
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": f"{time.time_ns()}",
        }
    )
    ts = str(int(time.time()))
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events",
        data=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
                timestamp=ts, body=body
            ),
        },
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
        return str(answer.read().decode())


@needs_postgres
def test_two_servers_and_two_workers_apply_and_deliver_each_once(
    db: sessionmaker[Session],
    database_url: str,
    fake: FakeSlack,
    plan_in_slack: None,
    tmp_path: Path,
) -> None:
    """Commands sent to two server processes are each applied once, and messages queued for
    two `improvebot worker` processes are each delivered once, all on one PostgreSQL."""
    texts = [f"queued {n}" for n in range(40)]
    _queue(db, texts, channels=8)
    env = _env(database_url, fake)
    server, port = _serve(tmp_path / "serve.log", env, "--no-scheduler")
    workers = [_start(tmp_path / f"worker{n}.log", env, "worker", "--pace", "0.05") for n in (1, 2)]
    try:
        commands = [
            ("UAMIRA", f"/action update 1.1 {('green', 'amber')[n % 2]} note {n}")
            if n % 2
            else ("UJANE", f"/action update 4.2 {('green', 'amber')[n // 2 % 2]} note {n}")
            for n in range(30)
        ]
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda c: _command(port, *c), commands))
        assert all('"Updated *' in answer for answer in answers), answers

        def all_sent() -> bool:
            with db() as s:
                rows = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "test"))
                return {m.state for m in rows} == {"sent"}

        wait_until(all_sent, 60)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0, (tmp_path / "serve.log").read_text()
    with db() as s:
        notes = Counter(u.note for u in s.scalars(select(Update)) if u.note)
    assert notes == Counter(f"note {n}" for n in range(30))
    assert Counter({t: n for t, n in _delivered(fake).items() if t in texts}) == Counter(texts)


@needs_postgres
def test_a_dead_worker_is_reported_and_restarted(
    database_url: str, fake: FakeSlack, tmp_path: Path
) -> None:
    """A server process killed outright is reported and replaced while the other keeps
    answering; the scheduler runs in one process only; SIGTERM stops everything with 0, even
    with a client's keep-alive connection open."""
    log = tmp_path / "serve.log"
    server, port = _serve(log, _env(database_url, fake))
    idle = http.client.HTTPConnection("127.0.0.1", port)  # kept open: must not hold a stop
    try:
        pids = dict(re.findall(r"worker (\d) started \(pid (\d+)\)", log.read_text()))
        assert re.findall(r"worker (\d) runs the scheduler", log.read_text()) == ["1"]
        os.kill(int(pids["2"]), signal.SIGKILL)
        wait_until(lambda: "worker 2 restarted" in log.read_text(), 30)
        assert f"worker 2 (pid {pids['2']}) was killed by SIGKILL" in log.read_text()
        assert _answering(port) == {"1", "2"}
        assert re.findall(r"worker (\d) runs the scheduler", log.read_text()) == ["1"]
        idle.request("GET", "/healthz")
        idle.getresponse().read()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        idle.close()
    assert server.returncode == 0, log.read_text()
    assert "did not stop" not in log.read_text()


def test_sqlite_refuses_several_workers(tmp_path: Path) -> None:
    """SQLite takes one writer at a time: --workers 2 on it is refused, saying what to use."""
    result = CliRunner().invoke(
        main,
        ["serve", "--workers", "2"],
        env={
            "IMPROVEBOT_DATABASE_URL": f"sqlite:///{tmp_path}/improvebot.db",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_BOT_TOKEN": "xoxb-test",
        },
    )
    assert result.exit_code != 0
    assert "--workers needs PostgreSQL" in result.output
    assert not (tmp_path / "improvebot.db").exists()


@needs_postgres
def test_a_worker_that_cannot_start_stops_the_server(database_url: str, tmp_path: Path) -> None:
    """Workers that fail while starting (here: Teams without authentication on a public
    address) would only fail again: the server says why and exits 1 instead of looping."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "IMPROVEBOT_"))}
    env |= {
        "IMPROVEBOT_DATABASE_URL": database_url,
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_APP_PASSWORD": "",
        "IMPROVEBOT_TEAMS_NO_AUTH": "1",
    }
    log = tmp_path / "serve.log"
    server = _start(log, env, "serve", "--host", "0.0.0.0", "--port", "0", "--workers", "2")  # noqa: S104
    assert server.wait(timeout=60) == 1
    out = log.read_text()
    assert "127.0.0.1 or localhost" in out
    assert "failed to start: stopping the server" in out
