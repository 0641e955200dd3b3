"""Expected failures of the command language, whose text is safe to show in chat.

    UserError          (store.errors) anything the user can fix; says what to type instead
     ├── UsageError    the text did not parse; carries the command's usage line
     ├── NotFound      no such action, person, KPI or plan
     ├── Forbidden     not allowed; says who can do it
     ├── NeedPlan      several plans could be meant; says how to name one
     └── Stranger      the sender is not a person of any plan yet

Anything else raised by a handler is a bug: the boundary logs it with a reference id.
"""

from __future__ import annotations

from store.errors import UserError

__all__ = ["Forbidden", "NeedPlan", "NotFound", "Stranger", "UsageError", "UserError"]


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
