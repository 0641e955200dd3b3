"""The command boundary over arbitrary text: whatever is typed, the bot answers in words that
fit the platform, and nothing escapes as a crash ("Something went wrong")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

import templates
from commands.boundary import run
from commands.context import Who
from commands.table import TABLE
from tests.plan_builder import build_plan

# Bounded so CI stays quick; a developer can raise it with --hypothesis-seed and a profile.
EXAMPLES = 250
SLACK_TEXT = 39_000

STARTS = sorted({spec.usage.split("<")[0].split("[")[0].strip() for spec in TABLE})
WORDS = st.sampled_from(
    ["4.2", "send:4.2", "K1", "green", "in 999999 weeks", "31/12/9999", "because", "owner",
     "@jane.smith", "<@U123|x>", "<!channel>", "theme", "1e309", "nan", "-0", "Q4 2026/27",
     "next Friday", "anyway", "correct", "\u202e", "\x00", "\n", '"', "“quoted”", "🟢", "in"]
)  # fmt: skip
TAILS = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=8).map(" ".join)
EXAMPLES_TYPED = [example for spec in TABLE for example in spec.examples]


VALUE = re.compile(r"\d|^@|^K\d", re.I)


def _mutate(example: str, swaps: list[tuple[int, str]]) -> str:
    """A help example with some of its values (dates, numbers, refs, people) replaced: well
    formed enough to reach the handlers, with awkward values where the real ones were."""
    words = example.split(" ")
    slots = [n for n, word in enumerate(words) if VALUE.search(word)] or list(range(len(words)))
    for index, word in swaps:
        words[slots[index % len(slots)]] = word
    return " ".join(words)


TYPED = st.one_of(
    st.text(max_size=200),
    st.builds(lambda start, tail: f"{start} {tail}", st.sampled_from(STARTS), TAILS),
    st.builds(
        _mutate,
        st.sampled_from(EXAMPLES_TYPED),
        st.lists(st.tuples(st.integers(0, 12), st.one_of(WORDS, st.text(max_size=8))), max_size=3),
    ),
)


@pytest.fixture(scope="module")
def plan_db(
    tmp_path_factory: pytest.TempPathFactory, _template_db: str
) -> Iterator[sessionmaker[Session]]:
    """One plan for every example (state left by one example is fine for the next)."""
    from store.db import make_engine, session_factory
    from tests.conftest import POSTGRES_URL, empty

    if POSTGRES_URL:
        url = _template_db
    else:
        import shutil

        path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
        shutil.copyfile(_template_db, path)
        url = f"sqlite:///{path}"
    engine = make_engine(url)
    sessions = session_factory(engine)
    now = datetime.fromisoformat("2026-11-16T10:00:00+00:00")
    with sessions.begin() as s:
        build_plan(s, now)
    yield sessions
    engine.dispose()
    if POSTGRES_URL:
        empty(url)  # the schema is shared: the next test starts from an empty database


# Inputs that once crashed the bot stay here as fixed examples.
KNOWN = [
    "/action due 4.2 in 999999 weeks because the year ran out",
    "/action due 4.2 31/12/9999 because x",
    '/action add 4.9 "x" owner @jane.smith due in 999999 weeks',
    "/remind away until 31/12/9999",
    "/board add 31/12/9999 10:00",
    "/board schedule every 6 weeks on Thursday at 10:00 from 31/12/9999",
    "/plan closure 31/12/9999",
    "/kpi update K1 nan",
    "/kpi update K1 1e309",
    "/action note 4.2 \x00",
]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=TYPED, who=st.sampled_from(["jane.smith", "amira.khan", "val.jones"]))
def test_any_text_gets_an_answer_that_fits(
    plan_db: sessionmaker[Session], text: str, who: str
) -> None:
    """No input crashes the bot, and every reply renders within Slack's message limit."""
    _answered(plan_db, text, who)


@pytest.mark.parametrize("text", KNOWN)
def test_inputs_that_once_crashed_get_an_answer(plan_db: sessionmaker[Session], text: str) -> None:
    """Dates past year 9999, NaN and NUL: each is answered with what to type instead."""
    _answered(plan_db, text, "amira.khan")


def _answered(sessions: sessionmaker[Session], text: str, who: str) -> None:
    now = datetime.fromisoformat("2026-11-16T10:00:00+00:00")
    reply = run(text, Who("console", "console", who, None), sessions=sessions, clock=lambda: now)
    slack = templates.render(reply.template, reply.view, "slack")
    console = templates.render(reply.template, reply.view, "console")
    assert "Something went wrong" not in console, (text, console)
    assert 0 < len(slack) <= SLACK_TEXT
    assert "<!channel>" not in slack
