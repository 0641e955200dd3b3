"""`improvebot serve --workers N`: N server processes answering on one port.

The parent binds the listening socket, then forks N children that each serve on their
inherited copy of it: every new connection goes to whichever child accepts it first, the
pre-fork model of gunicorn. Each child opens its own engine, Slack and Teams runtimes after
the fork (a connection pool or a thread never crosses a fork). Why one shared socket rather
than SO_REUSEPORT (a socket per child): connections waiting in a dead child's SO_REUSEPORT
queue are reset, while the shared queue is served by the children still alive; the parent
keeps the socket open, so a restarted child starts serving without a gap; and the kernel's
hash spreads SO_REUSEPORT connections by address, unevenly under few clients, where a
shared queue goes to whichever child is free.

The parent only supervises: SIGTERM or SIGINT stops every child gracefully (each finishes
the requests it has taken) and the parent exits 0. A child that dies is reported and
restarted in its place; one that dies before it is ready to serve (bad settings, the
database unreachable, a bot token Slack refuses) would only die again, so the server
stops and exits 1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Callable

# A child restarted sooner than this after the last start waits: no busy crash loop.
RESTART_GAP = 1.0
# How long children have to finish their requests before they are killed.
GRACE = 20.0
POLL = 0.1

# child(index, listening socket, ready): serves until stopped; calls ready() once it can.
Child = Callable[[int, socket.socket, Callable[[], None]], int]


def listen(host: str, port: int) -> socket.socket:
    """The one listening socket every child inherits."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def run(workers: int, sock: socket.socket, child: Child) -> int:
    """Fork `workers` children running `child(index, sock, ready)` (index 0 to workers - 1)
    and supervise them until a signal stops them; the exit code for the parent."""
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
    signal.signal(signal.SIGINT, lambda signum, frame: stopping.append(signum))
    ready_in, ready_out = os.pipe()  # each child writes its index here once it serves
    os.set_blocking(ready_in, False)
    started: dict[int, tuple[int, float]] = {}  # pid -> (index, when)
    ready: set[int] = set()
    for index in range(workers):
        pid = _fork(index, sock, child, ready_out)
        started[pid] = (index, time.monotonic())
        _say(f"worker {index + 1} started (pid {pid})")
    code = 0
    while not stopping:
        ready |= _readied(ready_in)
        pid, status = os.waitpid(-1, os.WNOHANG)
        if not pid:
            time.sleep(POLL)
            continue
        ready |= _readied(ready_in)
        index, when = started.pop(pid)
        _say(f"worker {index + 1} (pid {pid}) {_how(status)}")
        if index not in ready:
            _say(f"worker {index + 1} failed to start: stopping the server")
            code = 1
            break
        ready.discard(index)
        time.sleep(max(0.0, when + RESTART_GAP - time.monotonic()))
        pid = _fork(index, sock, child, ready_out)
        started[pid] = (index, time.monotonic())
        _say(f"worker {index + 1} restarted (pid {pid})")
    _stop(started)
    sock.close()
    return code


def _readied(ready_in: int) -> set[int]:
    try:
        return set(os.read(ready_in, 1024))
    except BlockingIOError:
        return set()


def _fork(index: int, sock: socket.socket, child: Child, ready_out: int) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    # The child: default SIGTERM (the child's own server replaces it), and Ctrl-C in a
    # terminal reaches the whole group, so children leave SIGINT to the parent.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def ready() -> None:
        os.write(ready_out, bytes([index]))

    code = 1
    try:
        code = child(index, sock, ready)
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else int(ended.code is not None)
    except BaseException as error:
        _say(f"worker {index + 1} stopped: {error!r}")
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _stop(started: dict[int, tuple[int, float]]) -> None:
    for pid in started:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE
    while started and time.monotonic() < deadline:
        pid, _ = os.waitpid(-1, os.WNOHANG)
        if pid:
            started.pop(pid, None)
        else:
            time.sleep(POLL)
    for pid in started:
        _say(f"worker pid {pid} did not stop in {GRACE:.0f} s: killed")
        _signal(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"was killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with code {os.waitstatus_to_exitcode(status)}"


def _say(text: str) -> None:
    print(f"improvebot serve: {text}", file=sys.stderr, flush=True)
