"""All models, importable from one place."""

from .action import Action, Evidence, action_kpis
from .base import Base
from .board import BoardMeeting, BoardSeries
from .events import SeenEvent
from .history import Change, Update
from .kpi import Kpi, KpiReading
from .outbox import OutboxMessage
from .people import ChatIdentity, Person
from .plan import Membership, Plan, Theme
from .recommendation import Recommendation, action_recommendations
from .reminders import ReminderLog
from .risk import Risk, risk_actions
from .teams import TeamsCard, TeamsConversation

__all__ = [
    "Action",
    "Base",
    "BoardMeeting",
    "BoardSeries",
    "Change",
    "ChatIdentity",
    "Evidence",
    "Kpi",
    "KpiReading",
    "Membership",
    "OutboxMessage",
    "Person",
    "Plan",
    "Recommendation",
    "ReminderLog",
    "Risk",
    "SeenEvent",
    "TeamsCard",
    "TeamsConversation",
    "Theme",
    "Update",
    "action_kpis",
    "action_recommendations",
    "risk_actions",
]
