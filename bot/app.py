"""All wiring in one factory: database, clock, and (when configured) the chat adapters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, SystemClock
from bot.settings import Settings
from store import db


@dataclass
class App:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock

    def close(self) -> None:
        """Release database connections (commands run in-process, e.g. in tests, need this)."""
        self.engine.dispose()


def create_app(
    settings: Settings,
    *,
    sessions: sessionmaker[Session] | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
) -> App:
    """Open (and upgrade) the database and gather what every entry point needs."""
    if sessions is None:
        engine = db.make_engine(settings.database_url)
        if migrate:
            db.upgrade(engine)
        sessions = db.session_factory(engine)
    bind = sessions.kw["bind"]
    return App(settings=settings, engine=bind, sessions=sessions, clock=clock or SystemClock())
