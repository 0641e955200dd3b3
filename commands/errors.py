"""Expected failures, whose text is safe to show in chat.

    UserError          anything the user can fix; the message says what to type instead
     ├── UsageError    the text did not parse; carries the command's usage line
     ├── NotFound      no such action, person, KPI or plan
     ├── Forbidden     not allowed; says who can do it
     ├── NeedPlan      several plans could be meant; says how to name one
     └── Stranger      the sender is not a person of any plan yet

Anything else raised by a handler is a bug: the boundary logs it with a reference id.
"""

from __future__ import annotations


class UserError(Exception):
    def __init__(self, message: str, *, usage: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


class UsageError(UserError):
    pass


class NotFound(UserError):
    pass


class Forbidden(UserError):
    pass


class NeedPlan(UserError):
    pass


class Stranger(UserError):
    pass
