"""Writing checked rows into a plan: themes, people and their roles, actions, evidence and
KPI links.

Every action field is written through store.history with via "import", so each change has a
history row and an unchanged row writes none. A theme lead or plan lead the file gives is kept
as a plan-level Update (via "import") saying who now holds the role; roles are only ever
raised, never taken away, by an import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store import history
from store.domain import Role, Via, ref_key
from store.imports.cells import KpiRef
from store.imports.rows import Checked, OwnerRef, PlanRow
from store.imports.themes import ThemeRef
from store.models import Action, Kpi, Person, Plan, Theme, Update
from store.people import find_or_create
from store.plans import ensure_theme, grant, role_of

BLANK = "(blank)"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class ImportResult:
    file_name: str
    plan_slug: str
    plan_name: str
    plan_created: bool
    chosen_by: str = ""  # why this plan: "as --plan says", "which the file's title names" …
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[FieldChange]] = field(default_factory=dict)
    unchanged: int = 0
    people_added: list[str] = field(default_factory=list)  # new to improvebot
    roles_given: dict[str, list[str]] = field(default_factory=dict)  # person -> roles now held
    no_email: list[str] = field(default_factory=list)  # people named who have no email
    themes_added: list[str] = field(default_factory=list)
    kpis_added: list[str] = field(default_factory=list)
    findings_added: list[str] = field(default_factory=list)  # REC3, AFI2 …
    findings_linked: list[str] = field(default_factory=list)  # "REC3 -> 2.1"
    ignored_columns: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)


class Applier:
    """Applies one file's rows to one plan, filling in an ImportResult as it goes."""

    def __init__(
        self, session: Session, plan: Plan, result: ImportResult, *, at: datetime, reason: str
    ) -> None:
        self.session = session
        self.plan = plan
        self.result = result
        self.at = at
        self.reason = reason  # kept with every due-date change the file makes
        self.people_before = set(session.scalars(select(Person.id)))
        # Keyed by ref_key, so "04.2" in a file is the plan's 4.2. Held until the import
        # commits, so a change made in chat meanwhile is neither lost nor misread as old.
        self.actions = {
            a.ref_key: a
            for a in session.scalars(
                select(Action)
                .where(Action.plan_id == plan.id)
                .options(selectinload(Action.evidence), selectinload(Action.kpis))
                .with_for_update(of=Action)
                .execution_options(populate_existing=True)
            )
        }
        self.themes = {
            t.number: t for t in session.scalars(select(Theme).where(Theme.plan_id == plan.id))
        }
        self.kpis = {
            k.code.upper(): k for k in session.scalars(select(Kpi).where(Kpi.plan_id == plan.id))
        }
        self.named: dict[int, Person] = {}  # everyone the file names, in file order
        self.new: list[int] = []  # people this import makes
        self.roles: dict[int, list[str]] = {}  # person id -> roles this import gives
        self.granted: set[tuple[int, Role]] = set()  # asked already: a lead owns many actions

    def apply(self, checked: Checked) -> None:
        in_file: set[str] = set()
        before = sorted(self.actions.values(), key=lambda a: a.ref_key)
        for row in checked.rows:
            in_file.add(ref_key(row.ref))
            self._row(row)
        for number, (lead, _row) in checked.leads.themes.items():
            self._theme_lead(self.themes[number], lead)
        for lead in checked.leads.plan:
            self._plan_lead(lead)
        # Labelled at the end: a later row may give an earlier person their email.
        self.result.people_added = [_label(self.named[i]) for i in self.new]
        self.result.roles_given = {_label(self.named[i]): r for i, r in self.roles.items()}
        self.result.no_email = [p.display for p in self.named.values() if not p.email]
        self.result.not_in_file = [a.ref for a in before if a.ref_key not in in_file]
        # Reported in plan order (1.9 before 1.10), whatever order the file had.
        self.result.added.sort(key=ref_key)
        self.result.updated = dict(sorted(self.result.updated.items(), key=lambda i: ref_key(i[0])))

    def _row(self, row: PlanRow) -> None:
        fields: dict[str, Any] = dict(row.values)
        if row.theme is not None:
            fields["theme_id"] = self._theme(row.theme).id
        if row.owner is not None:
            owner = self._owner(row.owner)
            fields["owner_id"] = owner.id if owner else None
        action = self.actions.get(ref_key(row.ref))
        if action is None:
            self._create(row, fields)
            return
        changes = self._update(action, fields)
        changes += self._evidence(action, row.evidence)
        changes += self._link(action, row.kpis)
        if changes:
            self.result.updated[row.ref] = changes
        else:
            self.result.unchanged += 1

    def _create(self, row: PlanRow, fields: dict[str, Any]) -> None:
        action = Action(plan_id=self.plan.id, ref=row.ref, ref_key=ref_key(row.ref), **fields)
        action.baseline_due = action.due_date
        history.create_action(self.session, action, at=self.at, via=Via.IMPORT)
        self.actions[action.ref_key] = action
        self._evidence(action, row.evidence)
        self._link(action, row.kpis)
        self.result.added.append(row.ref)

    def _update(self, action: Action, fields: dict[str, Any]) -> list[FieldChange]:
        changes = [
            FieldChange(_field_name(name), self._show(name, old), self._show(name, new))
            for name, new in fields.items()
            if history.as_text(old := getattr(action, name)) != history.as_text(new)
        ]
        if changes:
            reason = self.reason if "due_date" in fields and _moved(action, fields) else None
            history.record(self.session, action, fields, at=self.at, via=Via.IMPORT, reason=reason)
        return changes

    def _evidence(self, action: Action, items: tuple[str, ...]) -> list[FieldChange]:
        if not items:
            return []  # and no query for the evidence already there
        known = {_key(e.text) for e in action.evidence}
        added = []
        for text in items:
            if _key(text) not in known:
                known.add(_key(text))
                history.add_evidence(
                    self.session, action, text, at=self.at, via=Via.IMPORT, by=None
                )
                added.append(FieldChange("evidence", BLANK, text))
        return added

    def _link(self, action: Action, refs: tuple[KpiRef, ...]) -> list[FieldChange]:
        linked = []
        for ref in refs:
            kpi = self._kpi(ref)
            if history.link_kpi(self.session, action, kpi, at=self.at, via=Via.IMPORT, by=None):
                linked.append(FieldChange("kpi", BLANK, kpi.code))
        return linked

    def _theme(self, ref: ThemeRef) -> Theme:
        found = self.themes.get(ref.number)
        if found is None:
            # An existing theme keeps its name: renaming it is a plan setting, not an import.
            found = ensure_theme(self.session, self.plan, ref.number, ref.name or None)
            self.themes[ref.number] = found
            self.result.themes_added.append(_theme_label(found))
        return found

    def _owner(self, ref: OwnerRef) -> Person | None:
        if not ref.name and not ref.email:
            return None
        person = self._person(ref)
        self._grant(person, Role.OWNER, "action owner")
        return person

    def _theme_lead(self, theme: Theme, ref: OwnerRef) -> None:
        person = self._person(ref)
        grant(self.session, self.plan, person, Role.THEME_LEAD)
        if theme.lead_id == person.id:
            return
        was = self.session.get(Person, theme.lead_id) if theme.lead_id else None
        theme.lead_id = person.id
        role = f"theme lead of {_theme_label(theme)}"
        self._given(person, role)
        self._history(f"{_label(person)} is now {role}, after {_label(was) if was else 'nobody'}.")

    def _plan_lead(self, ref: OwnerRef) -> None:
        person = self._person(ref)
        if self._grant(person, Role.PLAN_LEAD, "plan lead"):
            self._history(f"{_label(person)} is now a plan lead.")

    def _person(self, ref: OwnerRef) -> Person:
        person = find_or_create(self.session, name=ref.name, email=ref.email, at=self.at)
        self.named.setdefault(person.id, person)
        if person.id not in self.people_before:
            self.people_before.add(person.id)
            self.new.append(person.id)
        return person

    def _grant(self, person: Person, role: Role, what: str) -> bool:
        """Give `person` at least `role`; True, and noted in the result, when that is new."""
        if (person.id, role) in self.granted:
            return False
        self.granted.add((person.id, role))
        before = role_of(self.session, self.plan, person)
        grant(self.session, self.plan, person, role)
        if role_of(self.session, self.plan, person) == before:
            return False
        self._given(person, what)
        return True

    def _given(self, person: Person, role: str) -> None:
        self.roles.setdefault(person.id, []).append(role)

    def _history(self, note: str) -> None:
        self.session.add(Update(plan_id=self.plan.id, at=self.at, via=Via.IMPORT, note=note))

    def _kpi(self, ref: KpiRef) -> Kpi:
        found = self.kpis.get(ref.code.upper())
        if found is None:
            found = Kpi(plan_id=self.plan.id, code=ref.code, name=ref.name, created_at=self.at)
            self.session.add(found)
            self.session.flush()
            self.kpis[ref.code.upper()] = found
            self.result.kpis_added.append(ref.code)
        return found

    def _show(self, name: str, value: object) -> str:
        """A field's value as the import report shows it: names, not ids; the plan's words."""
        if value is None or value == "":
            return BLANK
        if name == "owner_id":
            person = self.session.get(Person, value)
            return person.display if person else BLANK
        if name == "theme_id":
            theme = self.session.get(Theme, value)
            return _theme_label(theme) if theme else BLANK
        if name == "status":
            return self.plan.label(str(value))
        if isinstance(value, date):
            return value.isoformat()
        return str(value)


def _moved(action: Action, fields: dict[str, Any]) -> bool:
    return history.as_text(action.due_date) != history.as_text(fields["due_date"])


def _field_name(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ")


def _label(person: Person) -> str:
    """A person as the import report names them: 'Jane Smith <jane.smith@…>', or what is known."""
    if person.name and person.email and person.name != person.email:
        return f"{person.name} <{person.email}>"
    return person.display


def _theme_label(theme: Theme) -> str:
    return f"{theme.number}. {theme.name}" if theme.name else theme.number


def _key(text: str) -> str:
    return " ".join(text.casefold().split())
