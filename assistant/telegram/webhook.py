"""Webhook mode's guards: a body size limit enforced before reading, and a secret never logged.

PTB's webhook server (tornado) would read any request body in full before checking the
secret header, so an unauthenticated 90 MB POST cost memory first. Tornado refuses a body over
`max_body_size` from its Content-Length (or while streaming a chunked one) without buffering
it; PTB builds the server without that option, so `limit_body_size` supplies it.
"""

from __future__ import annotations

import functools
import secrets

from telegram.ext._utils import webhookhandler
from tornado.httpserver import HTTPServer

from assistant.telegram.logs import add_secrets

# Telegram's updates are a few kilobytes (a 4,096-character message with entities and a
# reply); 1 MiB leaves ample room and refuses anything meant to exhaust memory.
MAX_BODY_BYTES = 1 << 20


def limit_body_size(limit: int = MAX_BODY_BYTES) -> None:
    """Make PTB's webhook server refuse bodies over `limit` bytes before reading them."""
    setattr(webhookhandler, "HTTPServer", functools.partial(HTTPServer, max_body_size=limit))  # noqa: B010


def new_secret() -> str:
    """The secret Telegram puts in each webhook request's header; redacted from every log
    record (PTB logs setWebhook's parameters at DEBUG)."""
    secret = secrets.token_urlsafe(32)
    add_secrets([secret])
    return secret
