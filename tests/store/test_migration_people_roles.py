"""Migration 0006 (people roles): everyone an existing plan names gets a role in it, so the rule
"only people in the plan can own, lead or act as delegate" holds for old databases too."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from store.db import make_engine, upgrade
from tests.conftest import POSTGRES_URL, _with_schema


@pytest.fixture
def old_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty database of its own (a fresh PostgreSQL schema, or a SQLite file)."""
    if not POSTGRES_URL:
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    schema = f"improvebot_mig_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(_with_schema(POSTGRES_URL, schema))
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


ROWS = """
INSERT INTO plans (id, slug, name, timezone, region, digest_weekday, digest_time, status_labels,
  reminder_policy, closure_days, require_evidence, require_signoff, public_confirmations,
  settings, created_at)
VALUES (1, 'westshire', 'Westshire', 'Europe/London', 'ENG', 0, '09:00', '{}', '{}', '[]',
  false, false, false, '{}', '2026-01-01 00:00:00');
INSERT INTO people (id, name, email, created_at) VALUES
  (1, 'Grace Obi', 'grace@w.gov.uk', '2026-01-01 00:00:00'),
  (2, 'Mark Hughes', 'mark@w.gov.uk', '2026-01-01 00:00:00'),
  (3, 'Owen Price', 'owen@w.gov.uk', '2026-01-01 00:00:00'),
  (4, 'Rhys Evans', 'rhys@w.gov.uk', '2026-01-01 00:00:00'),
  (5, 'Dr Priya Shah', 'priya@w.gov.uk', '2026-01-01 00:00:00');
INSERT INTO memberships (plan_id, person_id, role) VALUES (1, 1, 'plan_lead'), (1, 5, 'viewer');
INSERT INTO themes (id, plan_id, number, number_key, name, lead_id) VALUES
  (1, 1, '2', '0002', 'The front door', 2), (2, 1, '3', '0003', 'Practice', 5),
  (3, 1, '1', '0001', 'Leadership', 1);
INSERT INTO actions (id, plan_id, theme_id, ref, ref_key, title, owner_id, status,
  signoff_pending, created_at, updated_at) VALUES
  (1, 1, 1, '2.1', '0002.0001', 'Contacts', 3, 'amber', false, '2026-01-01 00:00:00',
   '2026-01-01 00:00:00'),
  (2, 1, 1, '2.2', '0002.0002', 'Audits', 2, 'red', false, '2026-01-01 00:00:00',
   '2026-01-01 00:00:00');
INSERT INTO kpis (id, plan_id, code, name, unit, polarity, tolerance, frequency, owner_id,
  created_at) VALUES (1, 1, 'K1', 'Contacts', '%', 'higher', 0.1, 'monthly', 4,
  '2026-01-01 00:00:00');
"""


def test_named_people_get_the_role_they_act_in(old_engine: Engine) -> None:
    """Theme leads become theme leads (a viewer leading a theme too), owners of actions and
    KPIs become owners, and nobody's stronger role is lowered."""
    upgrade(old_engine, "0004")
    with old_engine.begin() as conn:
        for statement in filter(str.strip, ROWS.split(";")):
            conn.execute(text(statement))
    upgrade(old_engine)
    with old_engine.connect() as conn:
        roles = dict(
            conn.execute(text("SELECT person_id, role FROM memberships WHERE plan_id = 1")).all()
        )
    assert roles == {1: "plan_lead", 2: "theme_lead", 3: "owner", 4: "owner", 5: "theme_lead"}
