"""Logging set-up that keeps the bot token out of every log line.

Bot API URLs contain the token (`.../bot<token>/sendMessage`) and httpx logs each request URL at
INFO, PTB logs request details at DEBUG, and exception texts can quote URLs too. Rather than hope
the level hides them, every record is redacted when it is created (so it holds for any handler,
including pytest's caplog) and again by a filter on our own handler (belt and braces).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

REDACTED = "<redacted>"
HIDDEN = "<user text hidden: LOG_USER_TEXT=1 shows it>"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# python-telegram-bot's DEBUG lines that print whole updates or request bodies (users' words):
# template -> index of that argument, replaced by HIDDEN unless the operator asked for it.
_USER_TEXT_ARGUMENT = {
    "Calling Bot API endpoint `%s` with parameters `%s`": 1,
    "Call to Bot API endpoint `%s` finished with return value `%s`": 1,
    "Processing update %s": 0,
    "Dropping pending update: %s": 0,
}

_secrets: set[str] = set()
_base_factory: Any = None
_show_user_text = False


def redact(text: str, secrets: Iterable[str] | None = None) -> str:
    """Replace every secret (longest first, so a token wins over its own parts) in `text`."""
    for secret in sorted(_secrets if secrets is None else set(secrets), key=len, reverse=True):
        if secret and secret in text:
            text = text.replace(secret, REDACTED)
    return text


def secrets_for_token(token: str) -> set[str]:
    """The token and its secret half: the part after ':' is what actually grants access."""
    found = {token}
    _, _, secret = token.partition(":")
    if len(secret) >= 16:  # never redact short fragments, they would mangle ordinary text
        found.add(secret)
    return found


def database_secrets(url: str | None) -> set[str]:
    """The password in a DATABASE_URL (`postgresql://user:password@host/db`), if any."""
    if not url:
        return set()
    try:
        password = urlsplit(url).password
    except ValueError:
        return set()
    return {password, unquote(password)} if password and len(password) >= 4 else set()


def redact_record(record: logging.LogRecord, secrets: Iterable[str] | None = None) -> None:
    """Freeze `record`'s message and exception text into redacted strings, in place."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string must not break logging; keep what we have
        message = str(record.msg)
    record.msg = redact(message, secrets)
    record.args = None
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    if record.exc_text:
        record.exc_text = redact(record.exc_text, secrets)
    if record.stack_info:
        record.stack_info = redact(record.stack_info, secrets)


class RedactingFilter(logging.Filter):
    """A handler filter that redacts the registered secrets; it never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


class _AbortedStartFilter(logging.Filter):
    """When start-up fails (token rejected, API unreachable) PTB logs a long traceback, and
    `app.main` prints one clear line about it; below DEBUG the traceback is only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Aborting" not in record.getMessage()


class _BotHandler(logging.StreamHandler[TextIO]):
    """Ours: a second `setup_logging` replaces it instead of logging every line twice."""


def hide_user_text(record: logging.LogRecord) -> None:
    """Replace the update or request body in PTB's DEBUG lines that carry users' text."""
    index = _USER_TEXT_ARGUMENT.get(record.msg) if isinstance(record.msg, str) else None
    if index is None:
        return
    if isinstance(record.args, tuple) and len(record.args) > index:
        record.args = (*record.args[:index], HIDDEN, *record.args[index + 1 :])
    elif index == 0 and record.args:  # one mapping argument: logging unpacks it to a dict
        record.args = (HIDDEN,)


def _redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record: logging.LogRecord = _base_factory(*args, **kwargs)
    if not _show_user_text:
        hide_user_text(record)
    if _secrets:
        redact_record(record)
    return record


def add_secrets(secrets: Iterable[str]) -> None:
    """Register secrets for redaction in every log record from now on (idempotent)."""
    global _base_factory
    _secrets.update(s for s in secrets if s)
    if _base_factory is None:
        _base_factory = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_redacting_factory)


def setup_logging(
    level: int, token: str, stream: TextIO | None = None, user_text: bool = False
) -> None:
    """Log to stderr at `level`, with the token redacted from every record, and users' message
    text left out of PTB's DEBUG lines unless `user_text` (LOG_USER_TEXT=1).

    httpx logs every request URL at INFO; below DEBUG that is noise, so it is raised to WARNING
    unless the user asked for DEBUG (and even then the token is redacted).
    """
    global _show_user_text
    _show_user_text = user_text
    add_secrets(secrets_for_token(token))
    handler = _BotHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _BotHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    chatty = level if level <= logging.DEBUG else logging.WARNING
    logging.getLogger("httpx").setLevel(chatty)
    # The reminder tick runs every few seconds; APScheduler would log two INFO lines each time.
    logging.getLogger("apscheduler").setLevel(chatty)
    logging.getLogger("httpcore").setLevel(max(level, logging.INFO))
    ptb_loop = logging.getLogger("telegram.ext")
    for old_filter in [f for f in ptb_loop.filters if isinstance(f, _AbortedStartFilter)]:
        ptb_loop.removeFilter(old_filter)
    if level > logging.DEBUG:
        ptb_loop.addFilter(_AbortedStartFilter())
    logging.captureWarnings(True)  # PTB's warnings go through the same redaction
