"""The findings a plan answers, and the actions that answer each.

    codes     reading the finding a source names ("Ofsted recommendation 3" is REC3)
    coverage  per finding, its actions by RAG, and the findings nothing answers

Links between actions and findings are kept in each action's history (a "recommendation"
pseudo-field, as KPI links are), so a past board pack shows them as they stood.

Free-text sources become links by `link_sources`, an idempotent step (it adds only links
not there yet) run at every plan import and whenever findings are added: a source that
names a finding ("Ofsted recommendation 3", or a plan's own code such as FV-2 as a word)
is linked to it. Not a migration: a plan has no findings to link to until they are entered,
and an import or a new finding is exactly when a source can first name one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store import privacy
from store.history import after_last
from store.models import Action, Change, Person, Plan, Recommendation, Update
from store.recommendations.codes import SOURCES, Named, names_code, references, sort_key

MAX_TEXT = 3000


def all_recommendations(session: Session, plan_id: int) -> Sequence[Recommendation]:
    return session.scalars(
        select(Recommendation)
        .where(Recommendation.plan_id == plan_id)
        .options(selectinload(Recommendation.actions))
        .order_by(Recommendation.sort_key)
    ).all()


def by_code(session: Session, plan_id: int, code: str) -> Recommendation | None:
    return session.scalar(
        select(Recommendation).where(
            Recommendation.plan_id == plan_id, Recommendation.code == code.upper()
        )
    )


def add(
    session: Session,
    plan: Plan,
    code: str,
    *,
    at: datetime,
    text: str = "",
    source: str | None = None,
    issued: date | None = None,
    via: str,
    by: Person | None = None,
) -> Recommendation:
    """A new finding, kept in the plan's history; its text is checked by store.privacy."""
    privacy.guard(plan, {"recommendation": text}, at)
    prefix = code.rstrip("0123456789")
    found = Recommendation(
        plan_id=plan.id,
        code=code.upper(),
        sort_key=sort_key(code),
        source=(source or SOURCES.get(prefix, "")).strip()[:200],
        text=text.strip()[:MAX_TEXT],
        issued=issued,
        created_at=at,
    )
    session.add(found)
    session.flush()
    note = f"Finding {found.code} added" + (f": {found.text}" if found.text else "")
    session.add(Update(plan_id=plan.id, person=by, at=at, via=via, note=note[:4000]))
    return found


def link(
    session: Session,
    action: Action,
    finding: Recommendation,
    *,
    at: datetime,
    via: str,
    by: Person | None,
) -> bool:
    """Link an action to a finding it answers, in the action's history; False if linked."""
    if finding in action.recommendations:
        return False
    at = after_last(action, at)
    action.recommendations.append(finding)
    update = Update(plan_id=action.plan_id, action_id=action.id, person=by, at=at, via=via)
    update.changes.append(
        Change(action_id=action.id, field="recommendation", new=finding.code, at=at)
    )
    action.updated_at = at
    session.add(update)
    return True


@dataclass
class Linked:
    """What `link_sources` did: findings it made and links it added ("REC3 -> 1.2")."""

    added: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def link_sources(
    session: Session,
    plan: Plan,
    *,
    at: datetime,
    via: str,
    create: bool = False,
    given: Iterable[tuple[str, str]] = (),
    by: Person | None = None,
) -> Linked:
    """Link each action to the findings its source names; idempotent.

    With `create` (a plan import), a finding a source names that the plan does not have yet
    is added, with the words after the reference as its text ("Recommendation 3: Improve …").
    `given` pairs an action ref with the text of an "Ofsted ref" cell, read the same way
    (a bare number there is a recommendation: "3" is REC3).
    """
    result = Linked()
    findings = {r.code: r for r in all_recommendations(session, plan.id)}
    actions = session.scalars(
        select(Action)
        .where(Action.plan_id == plan.id)
        .options(selectinload(Action.recommendations))
        .order_by(Action.ref_key)
    ).all()
    extra: dict[str, list[Named]] = {}
    for ref, text in given:
        extra.setdefault(ref, []).extend(_cell(text))
    for action in actions:
        named = references(action.source) + extra.get(action.ref, [])
        for item in named:
            finding = findings.get(item.code)
            if finding is None and create:
                finding = add(session, plan, item.code, at=at, text=item.rest, via=via, by=by)
                findings[finding.code] = finding
                result.added.append(finding.code)
            elif finding is not None and not finding.text and item.rest:
                finding.text = item.rest[:MAX_TEXT]
            if finding is not None and link(session, action, finding, at=at, via=via, by=by):
                result.links.append(f"{finding.code} -> {action.ref}")
        codes = {n.code for n in named}
        for code, finding in findings.items():
            own = action.source and code not in codes and names_code(action.source, code)
            if own and link(session, action, finding, at=at, via=via, by=by):
                result.links.append(f"{code} -> {action.ref}")
    return result


def _cell(text: str) -> list[Named]:
    words = " ".join(text.split())
    if words.isdigit() and len(words) <= 2:
        return [Named(f"REC{int(words)}", "")]
    return references(words) or (
        [Named(words.upper(), "")] if words and " " not in words and len(words) <= 24 else []
    )
