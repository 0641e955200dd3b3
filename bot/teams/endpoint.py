"""POST /api/messages: where Teams delivers every activity for the bot.

Each request is authenticated first (the Bot Framework's JWT, bot/teams/auth.py): anything
else gets 401 and changes nothing, within auth's 2 s budget even when Microsoft's signing
keys cannot be fetched. Then, by kind:

    message              deduplicated on its id, queued, answered 200 at once
    conversationUpdate   the conversation remembered; an install handled after the answer
    adaptiveCard/action  a button press, applied now: the answer carries the new card
    anything else        200, nothing done
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from bot.server import WSGIApp, respond
from bot.teams import buttons, conversation
from bot.teams.activity import Inbound
from bot.teams.auth import Unauthorized, activity_tenant
from commands import boundary

if TYPE_CHECKING:
    from bot.teams.runtime import TeamsRuntime

log = logging.getLogger(__name__)

MESSAGES = "/api/messages"


def endpoint(runtime: TeamsRuntime) -> WSGIApp:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != MESSAGES:
            return respond(start_response, "404 Not Found", "Not found.\n")
        if environ.get("REQUEST_METHOD") != "POST":
            return respond(start_response, "405 Method Not Allowed", "POST only.\n")
        activity = _read(environ["wsgi.input"].read())
        try:
            runtime.auth.verify(
                environ.get("HTTP_AUTHORIZATION"),
                _text(activity.get("serviceUrl")),
                channel_id=_text(activity.get("channelId")),
                tenant_id=activity_tenant(activity),
            )
        except Unauthorized as refused:
            log.info("refused a request to %s: %s", MESSAGES, refused.reason)
            return _json(start_response, "401 Unauthorized", {"error": "Unauthorized"})
        runtime.files.seen_host(environ.get("HTTP_HOST"))
        status, answer = handle(runtime, Inbound(activity))
        return _json(start_response, status, answer)

    return app


def handle(runtime: TeamsRuntime, inbound: Inbound) -> tuple[str, dict[str, Any]]:
    if inbound.type == "message":
        if first_time(runtime, inbound):
            runtime.later(conversation.on_message, runtime, inbound)
        return "200 OK", {}
    if inbound.type == "conversationUpdate":
        runtime.later(conversation.on_update, runtime, inbound)
        return "200 OK", {}
    if inbound.type == "invoke" and inbound.name == "adaptiveCard/action":
        return "200 OK", buttons.on_press(runtime, inbound)
    return "200 OK", {}


def first_time(runtime: TeamsRuntime, inbound: Inbound) -> bool:
    """Teams sends a message again when it had no answer in 15 s: act on it once. Activity ids
    are unique within a conversation; both go into the key, hashed to fit."""
    if not inbound.id:
        return True
    digest = hashlib.sha256(f"{inbound.conversation_id}\0{inbound.id}".encode()).hexdigest()
    return boundary.first_time(runtime.sessions, f"teams-activity:{digest}", runtime.clock.now())


def _read(body: bytes) -> dict[str, Any]:
    """The activity, or {} when the body is not a JSON object (auth then refuses it)."""
    try:
        found = json.loads(body or b"{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    start_response(status, [("Content-Type", "application/json; charset=utf-8")])
    return [json.dumps(body).encode()]
