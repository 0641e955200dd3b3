"""/plan recommendation and /plan coverage: the findings the plan answers (Ofsted
recommendations, areas for improvement, DfE notice items), the actions that answer each, and
the findings nothing answers yet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from commands import permissions, resolve
from commands.args import QUOTES, ActionRef, Args, read_ref
from commands.boards.words import in_plan
from commands.context import Context, Reply
from commands.errors import UsageError, UserError
from commands.spec import Spec
from commands.text import check_length
from store import actions, recommendations
from store.models import Plan
from store.recommendations.codes import read_code
from store.reports.coverage import coverage


@dataclass(frozen=True)
class AddFinding:
    code: str
    text: str
    source: str | None = None
    issued: date | None = None
    refs: tuple[ActionRef, ...] = ()
    plan: str | None = None


@dataclass(frozen=True)
class LinkFinding:
    code: str
    refs: tuple[ActionRef, ...]
    plan: str | None = None


@dataclass(frozen=True)
class ShowCoverage:
    plan: str | None = None


_KEYS = ("source", "date", "actions")


def _refs(text: str) -> tuple[ActionRef, ...]:
    words = [w for w in re.split(r"[,\s]+", text) if w and w.lower() != "and"]
    return tuple(read_ref(w) for w in words)


def _code(args: Args) -> str:
    """'REC3', or 'rec 3' / 'Recommendation 3' typed as two words."""
    word = args.expect("The code (such as REC3 or AFI2)")
    following = args.peek() or ""
    if word.isalpha() and following.isdigit() and args.text[:1] not in QUOTES:
        word = f"{word} {args.take()}"
    return read_code(word)


def read_add(args: Args) -> AddFinding:
    plan = in_plan(args)
    code = _code(args)
    if args.peek() is None or args.text[:1] not in QUOTES:
        raise UsageError('Put the finding\'s text in quotes after the code: REC3 "Improve …".')
    text = args.take() or ""
    check_length(text, "The text")
    found: dict[str, str] = {}
    while not args.at_end():
        key = (args.take() or "").lower()
        if key not in _KEYS:
            raise UsageError(
                f"I did not expect '{key}': after the text come source, date, actions."
            )
        value = args.until(*_KEYS)
        if not value:
            raise UsageError(f"Say what {key} is, after the word {key}.")
        found[key] = value
    return AddFinding(
        code=code,
        text=text,
        source=found.get("source"),
        issued=args.date(found["date"], "The date of the report") if "date" in found else None,
        refs=_refs(found.get("actions", "")),
        plan=plan,
    )


def read_link(args: Args) -> LinkFinding:
    plan = in_plan(args)
    code = _code(args)
    refs = _refs(args.rest())
    if not refs:
        raise UsageError("Name the actions that answer it after the code, such as 2.1 4.3.")
    return LinkFinding(code, refs, plan)


def read_coverage(args: Args) -> ShowCoverage:
    plan = in_plan(args)
    args.end()
    return ShowCoverage(plan)


def add(cmd: AddFinding, ctx: Context) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/plan recommendation add"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "add findings to the plan")
    if recommendations.by_code(ctx.session, plan.id, cmd.code) is not None:
        raise UserError(f"{plan.name} already has {cmd.code}. Link actions to it with "
                        f"/plan recommendation link {cmd.code} <ref…>.")  # fmt: skip
    finding = recommendations.add(
        ctx.session, plan, cmd.code, at=ctx.now, text=cmd.text, source=cmd.source,
        issued=cmd.issued, via=ctx.via, by=ctx.person,
    )  # fmt: skip
    linked = _link(ctx, plan, finding.code, cmd.refs)
    sourced = recommendations.link_sources(ctx.session, plan, at=ctx.now, via=ctx.via)
    linked += [link.split(" -> ")[1] for link in sourced.links if link.startswith(f"{cmd.code} ")]
    view = {
        "code": finding.code,
        "source": finding.source,
        "text": finding.text,
        "linked": list(dict.fromkeys(linked)),
    }
    return Reply("chat/finding_added", view)


def link(cmd: LinkFinding, ctx: Context) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/plan recommendation link"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "link actions to findings")
    linked = _link(ctx, plan, cmd.code, cmd.refs)
    said = f"{cmd.code} is now answered by {', '.join(linked)}." if linked else ""
    return Reply("chat/notice", {"text": said or f"Those actions already answer {cmd.code}."})


def _link(ctx: Context, plan: Plan, code: str, refs: tuple[ActionRef, ...]) -> list[str]:
    finding = recommendations.by_code(ctx.session, plan.id, code)
    if finding is None:
        known = [r.code for r in recommendations.all_recommendations(ctx.session, plan.id)]
        listed = ", ".join(known) or "none yet"
        raise UserError(f"{plan.name} has no finding {code}. Findings: {listed}. Add it with "
                        f'/plan recommendation add {code} "<text>".')  # fmt: skip
    linked = []
    for ref in refs:
        action = actions.by_ref(ctx.session, plan.id, ref.ref)
        if action is None:
            near = actions.nearest_refs(ctx.session, plan.id, ref.ref)
            hint = f" Did you mean {' or '.join(near)}?" if near else ""
            raise UserError(f"There is no action {ref.ref} in {plan.name}.{hint}")
        ctx.hold(action)
        if recommendations.link(ctx.session, action, finding, at=ctx.now, via=ctx.via,
                                by=ctx.person):  # fmt: skip
            linked.append(action.ref)
    return linked


def show_coverage(cmd: ShowCoverage, ctx: Context) -> Reply:
    plan = resolve.plan_for(ctx, cmd.plan, "/plan coverage")
    return Reply("chat/coverage", coverage(ctx.session, plan, ctx.now, ctx.today(plan)))


ROWS = (
    Spec(
        "plan", "recommendation add",
        '/plan recommendation add <code> "<text>" [source <source>] [date <date>] '
        "[actions <ref,…>]",
        "Plan leads: a finding the plan answers: REC3 (an Ofsted recommendation), AFI2 (an area "
        "for improvement), APA1, DFE4 (a DfE notice item) or your own code.",
        ('/plan recommendation add REC3 "Improve the timeliness of assessments" source '
         "Ofsted ILACS date 12/03/2026 actions 2.1, 2.2",),
        AddFinding, read_add, add,
    ),
    Spec(
        "plan", "recommendation link", "/plan recommendation link <code> <ref…>",
        "Plan leads: actions that answer a finding.",
        ("/plan recommendation link REC3 2.3",),
        LinkFinding, read_link, link,
    ),
    Spec(
        "plan", "coverage", "/plan coverage",
        "Each finding with its actions by RAG, and those with no open action or every open "
        "action overdue.",
        ("/plan coverage",),
        ShowCoverage, read_coverage, show_coverage,
    ),
)  # fmt: skip
