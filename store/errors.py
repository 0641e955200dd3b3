"""The one base for failures whose text is written for the person who caused them.

    UserError                 safe to show; says what was wrong and what to type instead
     ├── DateError, TimeError             store.dates
     ├── PeriodError                      store.periods
     ├── RegionError                      store.workdays
     ├── SettingError, PolicyError        store.plan_settings, store.policy
     ├── RuleError, BoardError            store.boards
     ├── PlanChoiceError                  store.plan_choice
     ├── ImportFailed, KpiImportRejected  store.imports, store.kpis.imports
     ├── ExportFailed, ReportError        store.exporter, store.reports
     └── (commands.errors) UsageError, NotFound, Forbidden, NeedPlan, Stranger, …

Anything else is a bug. Chat adapters catch UserError once, at the boundary
(commands.boundary), and the command line once, in bot.cli; never ValueError, which real
bugs raise too.
"""

from __future__ import annotations


class UserError(Exception):
    # Lines that follow the message where there is room (the command line): each problem
    # of a rejected import, by row and column.
    details: tuple[str, ...] = ()

    def __init__(self, message: str, *, usage: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage
