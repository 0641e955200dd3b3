"""Multi-workspace install: slack_sdk's SQLAlchemy stores in our database, tokens encrypted.

slack_sdk stores tokens in plain text; a council's tokens must not sit readable in a backup,
so every token is encrypted with a Fernet key from IMPROVEBOT_TOKEN_KEY before it is saved.
"""

from __future__ import annotations

import copy
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

SCOPES = [
    "commands",
    "chat:write",
    "chat:write.public",
    "im:write",
    "im:history",
    "users:read",
    "users:read.email",
    "files:write",
]
TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")


class MissingKey(RuntimeError):
    pass


def cipher(key: str | None) -> Fernet:
    if not key:
        raise MissingKey(
            "Multi-workspace install stores bot tokens encrypted: set IMPROVEBOT_TOKEN_KEY to a "
            "key made with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    return Fernet(key.encode())


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """SQLAlchemyInstallationStore that never writes a token in clear."""

    def __init__(self, client_id: str, engine: Engine, fernet: Fernet) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.fernet = fernet

    def save(self, installation: Installation) -> None:
        super().save(self._sealed(installation))

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(self._sealed(bot))

    def find_bot(self, **kwargs: Any) -> Bot | None:
        found: Bot | None = self._opened(super().find_bot(**kwargs))
        return found

    def find_installation(self, **kwargs: Any) -> Installation | None:
        found: Installation | None = self._opened(super().find_installation(**kwargs))
        return found

    def _sealed(self, item: Any) -> Any:
        # slack_sdk's save() calls save_bot() itself, so a value may arrive sealed already.
        sealed = copy.copy(item)
        for name in TOKEN_FIELDS:
            value = getattr(sealed, name, None)
            if value and not self._is_sealed(value):
                setattr(sealed, name, self.fernet.encrypt(value.encode()).decode())
        return sealed

    def _is_sealed(self, value: str) -> bool:
        try:
            self.fernet.decrypt(value.encode())
        except InvalidToken:
            return False
        return True

    def _opened(self, item: Any) -> Any:
        if item is None:
            return None
        for name in TOKEN_FIELDS:
            value = getattr(item, name, None)
            if value:
                try:
                    setattr(item, name, self.fernet.decrypt(value.encode()).decode())
                except InvalidToken:
                    # Never hand a ciphertext to Slack as if it were a token.
                    setattr(item, name, None)
        return item


def flow(
    client_id: str, client_secret: str, engine: Engine, key: str | None, client: WebClient
) -> tuple[OAuthFlow, EncryptedInstallationStore]:
    store = EncryptedInstallationStore(client_id, engine, cipher(key))
    state = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
    # slack_sdk keeps these tables in its own metadata; creating them is idempotent.
    store.metadata.create_all(engine)
    state.metadata.create_all(engine)
    settings = OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=SCOPES,
        installation_store=store,
        state_store=state,
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
    )
    return OAuthFlow(client=client, settings=settings), store
