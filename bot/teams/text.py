"""Text for Teams: the bot's own @mention removed from what people type, and (from
templates.teams_text, where every surface's escaping lives) the escape for what it shows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from templates.teams_text import NO_BREAK_SPACE, WORD_JOINER, escape

__all__ = ["NO_BREAK_SPACE", "WORD_JOINER", "Mention", "escape", "mentions", "strip_bot_mention"]

_AT_TAG = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Mention:
    id: str
    name: str


def strip_bot_mention(
    text: str | None, entities: Iterable[Mapping[str, Any]] | None, bot_id: str
) -> str:
    """What someone said to the bot: the bot's own <at>…</at> removed, other people's mentions
    left as their plain names, spacing tidied ("<at>improvebot</at> action 4.2" -> "action 4.2").

    `bot_id` is the activity's recipient id ("28:<app id>"); the entities say which <at> is it.
    """
    said = (text or "").replace("&nbsp;", " ")
    for mention, tag in _mention_entities(entities):
        if _same_account(mention.id, bot_id):
            said = said.replace(tag, " ")
    said = _AT_TAG.sub(lambda m: m.group(1), said)
    lines = [_SPACES.sub(" ", line).strip() for line in said.splitlines()]
    return "\n".join(line for line in lines if line)


def mentions(entities: Iterable[Mapping[str, Any]] | None, bot_id: str) -> list[Mention]:
    """The people mentioned in a message, in order, without the bot and without repeats."""
    found: list[Mention] = []
    for mention, _tag in _mention_entities(entities):
        if not _same_account(mention.id, bot_id) and mention not in found:
            found.append(mention)
    return found


def _mention_entities(
    entities: Iterable[Mapping[str, Any]] | None,
) -> Iterable[tuple[Mention, str]]:
    for entity in entities or ():
        if entity.get("type") != "mention":
            continue
        mentioned = entity.get("mentioned")
        if not isinstance(mentioned, Mapping) or not mentioned.get("id"):
            continue
        name = str(mentioned.get("name") or "")
        tag = str(entity.get("text") or f"<at>{name}</at>")
        yield Mention(str(mentioned["id"]), name), tag


def _same_account(one: str, other: str) -> bool:
    """Teams writes a bot as "28:<app id>"; accept the bare app id too."""
    a, b = one.strip().lower(), other.strip().lower()
    return a == b or a.removeprefix("28:") == b.removeprefix("28:")
