"""Resident memory of `improvebot serve` while it answers 10,000 commands. Goal: RSS <= 150 MB.

One server process on loopback against the fake Slack Web API, 10 requests at a time: a mix
of updates, notes, shows, lists, history, KPI and risk reads from the demo plan's Rob Newton.
RSS is read from /proc/<pid>/status (Linux) after a warm-up and every 2,000 commands, so a
leak shows as a climb, not only as the end figure.

    python bench/memory.py [--commands 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import rig  # noqa: E402

GOAL_MB = 150
USER = "UROB"
MIX = [
    "/action update 4.2 green memory bench {n}",
    "/action show 4.2",
    "/action note 4.2 Memory bench note {n}",
    "/action list",
    "/action update 4.2 amber memory bench {n}",
    "/action history 4.2",
    "/kpi list",
    "/risk list",
    "/board next",
    "/action list overdue",
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS (this bench reads /proc, so it runs on Linux)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--reset", action="store_true", help="drop every improvebot table in the database first"
    )
    args = parser.parse_args()

    from tests.fakes.slack import FakeSlack

    fake = FakeSlack().start()
    tmp = tempfile.mkdtemp(prefix="improvebot-memory-")
    database_url = args.database_url or f"sqlite:///{tmp}/bench.db"
    rig.prepare(database_url, {USER: "rob.newton@northshire.gov.example"}, reset=args.reset)
    env = rig.server_env(fake.base_url, database_url)
    port = rig.free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp,
        stdout=subprocess.DEVNULL,
    )
    counter = itertools.count()
    failures = 0
    timings: list[float] = []

    def one(n: int) -> None:
        nonlocal failures
        # Each request its own trigger: a repeated one is refused as a replay, changing nothing.
        ms, status, reply = rig.command(port, USER, MIX[n % len(MIX)].format(n=n), f"mem.{n}")
        timings.append(ms)
        # A bug answers 200 too, with a reference id: counted as a failure.
        if status != 200 or "Something went wrong" in reply or "already done" in reply:
            failures += 1

    try:
        rig.wait_healthy(port)
        print(
            f"{args.commands} commands, {args.concurrency} at a time, "
            f"database {database_url.split(':')[0]}; goal RSS <= {GOAL_MB} MB"
        )
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            list(pool.map(one, (next(counter) for _ in range(200))))
            start = rss_mb(server.pid)
            print(f"  after warm-up (200)   RSS {start:6.1f} MB")
            done, step, peak = 0, 2_000, start
            began = time.perf_counter()
            while done < args.commands:
                batch = min(step, args.commands - done)
                list(pool.map(one, (next(counter) for _ in range(batch))))
                done += batch
                now = rss_mb(server.pid)
                peak = max(peak, now)
                print(f"  after {done:>6,} commands RSS {now:6.1f} MB")
            elapsed = time.perf_counter() - began
        verdict = "met" if peak <= GOAL_MB else "NOT met"
        print(
            f"  peak {peak:.1f} MB, growth {now - start:+.1f} MB over {done:,} commands "
            f"({done / elapsed:.0f} commands/s, p50 {rig.percentile(timings, 50):.0f} ms, "
            f"p99 {rig.percentile(timings, 99):.0f} ms); failures {failures}; goal {verdict}"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
        fake.stop()


if __name__ == "__main__":
    main()
