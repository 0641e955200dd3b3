"""Replies as Slack text: every value escaped for mrkdwn by the templates' finalize hook."""

from __future__ import annotations

import templates
from commands.context import Post, Reply

# Slack cuts messages far beyond this; lists are already shortened by the handlers.
MAX_TEXT = 39_000


def text(reply: Reply) -> str:
    return templates.render(reply.template, reply.view, "slack")[:MAX_TEXT]


def post_text(post: Post) -> str:
    return templates.render(post.template, post.view, "slack")[:MAX_TEXT]
