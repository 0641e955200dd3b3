"""The console workspace: the whole bot in a terminal, no chat platform needed.

Type commands exactly as in Slack, as any person of the plan (`as jane.smith`), in any
channel (`in #improvement`). Replies print under the prompt; channel posts are shown too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import templates
from bot import files
from bot.clock import Clock, FixedClock

if TYPE_CHECKING:
    from bot.app import App
from commands.boundary import run
from commands.context import Reply, Who
from store import people, plans
from store.dates import parse_date, uk
from store.domain import UK_TIME
from store.models import Person

PLATFORM = "console"
WORKSPACE = "console"

CONSOLE_HELP = """\
Console commands (anything else is a bot command, typed as in Slack):
  as <name, @handle or email>   act as someone else
  in <#channel>                 type in a channel (a plan's channel picks that plan)
  people                        who is in the plans, and their roles
  whoami                        who you are acting as
  clock [dd/mm/yyyy hh:mm]      show, or set, the console's simulated time
  advance <n>d | <n>h           move time on, sweeping each morning: see reminders and digests
  sweep                         run a sweep now and show what it sends
  quit                          leave (Ctrl-D works too)
Try: /action list · /action show 4.2 · /action update 4.2 green Backlog cleared ·
     /risk list · /risk show R1 · /plan coverage · help"""


@dataclass
class Console:
    app: App
    handle: str | None = None
    channel: str | None = None
    # Files people ask for (board packs) are saved here, in a folder of their own so they
    # do not pile up among the project's files; it is made when the first file is saved.
    folder: Path = field(default_factory=lambda: Path.cwd() / "reports")

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.app.sessions

    @property
    def clock(self) -> Clock:
        return self.app.clock

    def prompt(self) -> str:
        where = self.channel or "dm"
        return f"{self.handle or 'nobody'} in {where}> "

    def handle_line(self, line: str) -> str:
        text = line.strip()
        if not text:
            return ""
        word, _, rest = text.partition(" ")
        word = word.lower()
        if word == "as":
            return self.act_as(rest)
        if word == "in":
            self.channel = rest.strip() or None
            return f"You are now typing in {self.channel or 'a direct message to the bot'}."
        if word == "people":
            return self.list_people()
        if word == "whoami":
            return f"You are {self.handle or 'nobody'}."
        if word in ("?", "console"):
            return CONSOLE_HELP
        if word == "clock":
            return self.set_clock(rest)
        if word == "advance":
            return self.advance(rest)
        if word == "sweep":
            return self.sweep()
        if self.handle is None:
            return "Choose who you are first: as <name or email>. Type people to see who is here."
        reply = run(text, self.who(), sessions=self.sessions, clock=self.clock.now)
        return self.show(reply)

    def who(self) -> Who:
        return Who(PLATFORM, WORKSPACE, self.handle or "", self.channel)

    def show(self, reply: Reply) -> str:
        out = [templates.render(reply.template, reply.view, "console")]
        for post in reply.posts:
            text = templates.render(post.template, post.view, "console")
            out.append(f"[posted in {post.channel}] {text}")
        for request in reply.files:
            try:
                name, data = files.make(self.sessions, request, self.clock.now())
            except files.FileProblem as problem:
                out.append(str(problem))
                continue
            path = self.folder / name
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            except OSError as error:
                out.append(f"Could not save {path}: {error.strerror or error}.")
                continue
            out.append(f"Saved {path} ({len(data) // 1024 or 1} KB).")
        return "\n".join(out)

    # -- time ------------------------------------------------------------------------------
    def set_clock(self, text: str) -> str:
        if text.strip():
            if not isinstance(self.clock, FixedClock):
                return "This console runs on real time; start it with --now to set the clock."
            try:
                self.clock.at = _read_moment(text, self.clock.now().date())
            except ValueError as error:
                return str(error)
        local = self.clock.now().astimezone(UK_TIME)
        return f"It is {uk(local.date())} {local:%H:%M} (UK time)."

    def advance(self, text: str) -> str:
        if not isinstance(self.clock, FixedClock):
            return "This console runs on real time; start it with --now to move the clock."
        m = re.fullmatch(r"\s*(\d+)\s*([dhw])\w*\s*", text.lower())
        if not m:
            return "Say how far: advance 1d, advance 3h or advance 2w."
        count, unit = int(m[1]), m[2]
        end = self.clock.now() + timedelta(
            **{"d": {"days": count}, "h": {"hours": count}, "w": {"weeks": count}}[unit]
        )
        out = []
        # Sweep each morning on the way, as the scheduler would: today's too, when the clock
        # has not passed it yet.
        morning = self.clock.now().astimezone(UK_TIME).date()
        while (nine := datetime.combine(morning, time(9, 5), tzinfo=UK_TIME)) < end:
            if nine > self.clock.now():
                self.clock.at = nine.astimezone(UTC)
                out.append(self.sweep())
            morning += timedelta(days=1)
        self.clock.at = end
        out.append(self.sweep())
        return "\n".join(o for o in out if o) or self.set_clock("")

    def sweep(self) -> str:
        now = self.clock.now()
        self.app.sweeper(console_only=True).run(now)
        self.app.sender(console_only=True, per_channel=0).deliver_due()
        shown = [f"[{item.where}] {item.text}" for item in self.app.console.take()]
        if not shown:
            return ""
        local = now.astimezone(UK_TIME)
        return f"-- {uk(local.date())} {local:%H:%M} --\n" + "\n\n".join(shown)

    def act_as(self, name: str) -> str:
        with self.sessions.begin() as session:
            everyone = session.scalars(select(Person).order_by(Person.name)).all()
            found = people.match(everyone, name) if name.strip() else []
            if len(found) != 1:
                choices = ", ".join(people.handle(p) for p in (found or everyone))
                what = "Several people match" if found else "Nobody matches"
                return f"{what} '{name.strip()}'. Try one of: {choices}."
            person = found[0]
            self.handle = people.handle(person)
            people.link_identity(session, person, PLATFORM, WORKSPACE, self.handle)
            title = f", {person.job_title}" if person.job_title else ""
            return f"You are now {person.display}{title}."

    def list_people(self) -> str:
        lines = []
        with self.sessions() as session:
            for plan in plans.all_plans(session):
                lines.append(f"{plan.name} ({plan.slug}, channel {plan.channel or 'none'}):")
                for person, role in plans.members(session, plan):
                    title = f", {person.job_title}" if person.job_title else ""
                    lines.append(
                        f"  {people.handle(person):<22} {person.display}{title} [{role.word}]"
                    )
        return "\n".join(lines) or "Nobody yet: import a plan with improvebot plan import FILE."

    def repl(self, lines: Iterable[str] | None = None, out: TextIO = sys.stdout) -> None:
        interactive = lines is None and sys.stdin.isatty()
        print("improvebot console. Type ? for console commands, help for bot commands.", file=out)
        source = lines if lines is not None else _stdin_lines(self, interactive)
        for line in source:
            if line.strip().lower() in ("quit", "exit", "bye"):
                break
            if not interactive and lines is None:
                print(f"{self.prompt()}{line.rstrip()}", file=out)
            answer = self.handle_line(line)
            if answer:
                print(answer, file=out)


def _read_moment(text: str, today: date) -> datetime:
    """'23/11/2026 09:05' (UK time) or an ISO instant."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2}/\d{1,2}/\d{2,4})(?:\s+(\d{1,2}):(\d{2}))?", text)
    if m:
        day = parse_date(m[1], today)
        moment = datetime.combine(day, time(int(m[2] or 9), int(m[3] or 0)), tzinfo=UK_TIME)
        return moment.astimezone(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            "Give a time as 23/11/2026 09:05 (UK time) or 2026-11-23T09:05+00:00."
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UK_TIME)).astimezone(UTC)


def _stdin_lines(console: Console, interactive: bool) -> Iterable[str]:
    while True:
        try:
            line = input(console.prompt()) if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive and line == "":
            return
        yield line
