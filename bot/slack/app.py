"""Build the Bolt app: one factory, nothing at import time."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App as Bolt
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.app import App
from bot.slack import buttons, events, oauth, slash
from bot.slack.refresh import HomeRefresher

DEFAULT_API_URL = "https://slack.com/api/"
# Lazy listeners (follow-ups) run here; the ack work itself runs on the server's threads.
LISTENER_THREADS = 16


def web_client(api_url: str | None, token: str | None = None) -> WebClient:
    """A client for work off the ack path: it waits out 429s (Retry-After) and retries."""
    base = api_url or DEFAULT_API_URL
    client = WebClient(token=token, base_url=base if base.endswith("/") else base + "/", timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return client


@dataclass
class SlackRuntime:
    """The Bolt app and the background threads it owns, so they can be stopped together."""

    bolt: Bolt
    executor: ThreadPoolExecutor
    refresher: HomeRefresher

    def close(self) -> None:
        """Let follow-up work finish, then stop the threads (servers in tests, shutdowns)."""
        self.executor.shutdown(wait=True)
        self.refresher.stop()


def _slack_answers(client: WebClient) -> bool:
    """Whether Slack's Web API answers now, so Bolt may check the bot token as it starts.

    During a Slack outage the server still starts: requests wait for Slack to be back (Bolt
    then checks the token on the first one) and messages wait in the outbox. A token Slack
    answers and refuses still stops the start, with Bolt's reason."""
    try:
        client.auth_test()
    except SlackApiError:
        return True  # it answered: Bolt's own check says what is wrong with the token
    except OSError as error:  # URLError, refused connection, timeout: no answer at all
        logging.getLogger("improvebot.slack").warning(
            "Slack's Web API at %s does not answer (%s): serving anyway; the bot token is "
            "checked when Slack is back, and messages wait in the outbox",
            client.base_url,
            error,
        )
        return False
    return True


def create_bolt_app(services: App) -> Bolt:
    return build(services).bolt


def build(services: App) -> SlackRuntime:
    s = services.settings
    if not s.slack_signing_secret:
        raise ValueError("SLACK_SIGNING_SECRET is required for Slack")
    executor = ThreadPoolExecutor(max_workers=LISTENER_THREADS)
    options: dict[str, object] = {
        "signing_secret": s.slack_signing_secret,
        "process_before_response": True,
        "listener_executor": executor,
        "logger": logging.getLogger("improvebot.slack"),
        "name": "improvebot",
    }
    if s.slack_client_id and s.slack_client_secret:
        flow, store = oauth.flow(
            s.slack_client_id,
            s.slack_client_secret,
            services.engine,
            s.token_key,
            web_client(s.slack_api_url),
        )
        options |= {
            "client": web_client(s.slack_api_url),
            "oauth_flow": flow,
            "installation_store": store,
        }
    else:
        client = web_client(s.slack_api_url, s.slack_bot_token)
        options |= {"client": client, "token_verification_enabled": _slack_answers(client)}
    bolt = Bolt(**options)  # type: ignore[arg-type]
    refresher = HomeRefresher(services)
    events.register(bolt, services)
    slash.register(bolt, services, refresher)
    buttons.register(bolt, services, refresher)
    return SlackRuntime(bolt, executor, refresher)
