"""Webhook registration: the secret Telegram sends with each update, and an idempotent
`setWebhook` that several processes can all run at start.

With several processes behind one URL they must all accept the same secret: `WEBHOOK_SECRET`.
Without it a single process makes up a random one per start (the old behaviour), and says that
a fleet needs the variable. `setWebhook` never drops pending updates, and a process that finds
the webhook already registered with its URL, updates and secret leaves it alone: on a redeploy
the processes starting one after another do not re-register it each time. Telegram does not
tell which secret is set, so the fleet keeps a fingerprint of it in PostgreSQL (`fleet_db`);
without DATABASE_URL (one process) the webhook is simply set at every start.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence

import psycopg
from psycopg.rows import TupleRow
from telegram import Bot

from assistant.telegram import fleet_db
from assistant.telegram.config import Config
from assistant.telegram.logs import add_secrets

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few kilobytes (a 4,096-character message with entities and a
# reply); 1 MiB leaves ample room and refuses anything meant to exhaust memory.
MAX_BODY_BYTES = 1 << 20
_FINGERPRINT = "webhook"


def new_secret() -> str:
    """A random secret for this process alone; redacted from every log record (PTB logs
    setWebhook's parameters at DEBUG)."""
    secret = secrets.token_urlsafe(32)
    add_secrets([secret])
    return secret


def webhook_secret(config: Config) -> str:
    """WEBHOOK_SECRET, or a random one for this process (logged: a fleet needs the variable)."""
    if config.webhook_secret:
        add_secrets([config.webhook_secret])
        return config.webhook_secret
    log.info(
        "WEBHOOK_SECRET is not set: this process made up its own webhook secret; several "
        "processes behind one WEBHOOK_URL need the same WEBHOOK_SECRET"
    )
    return new_secret()


async def ensure_webhook(
    bot: Bot,
    url: str,
    secret: str,
    allowed_updates: Sequence[str],
    database_url: str | None,
) -> bool:
    """Register the webhook unless it already is, with this URL, these updates and this
    secret; pending updates are never dropped. True if `setWebhook` was called."""
    fingerprint = fleet_db.webhook_fingerprint(url, secret)
    conn = None
    if database_url is not None:
        try:
            conn = await fleet_db.connect(database_url, "webhook")
            await fleet_db.ensure_tables(conn)
        except psycopg.Error as error:  # not knowing only costs one redundant setWebhook
            log.warning("cannot check the fleet's webhook record: %s", fleet_db.describe(error))
            conn = None
    try:
        if conn is not None and await _already_set(bot, conn, url, allowed_updates, fingerprint):
            log.info("the webhook is already set for this URL and secret: left as it is")
            return False
        await bot.set_webhook(
            url,
            secret_token=secret,
            allowed_updates=list(allowed_updates),
            drop_pending_updates=False,
        )
        if conn is not None:
            try:
                await fleet_db.write_meta(conn, _FINGERPRINT, fingerprint)
            except psycopg.Error as error:  # the next start sets it once more, that is all
                log.warning("cannot record the webhook: %s", fleet_db.describe(error))
        return True
    finally:
        if conn is not None:
            await conn.close()


async def _already_set(
    bot: Bot,
    conn: psycopg.AsyncConnection[TupleRow],
    url: str,
    allowed_updates: Sequence[str],
    fingerprint: str,
) -> bool:
    info = await bot.get_webhook_info()
    if info.url != url or sorted(info.allowed_updates or ()) != sorted(allowed_updates):
        return False
    return await fleet_db.read_meta(conn, _FINGERPRINT) == fingerprint
