"""Read and validate the bot's configuration from the environment.

Everything is checked before the bot touches the network, so a typo fails at start with one
clear line instead of an obscure traceback later. Messages never contain the token itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATA_DIR = "./data"
DEFAULT_WEBHOOK_LISTEN = "0.0.0.0"  # reachable from a reverse proxy or a container's port map
DEFAULT_WEBHOOK_PORT = 8443  # one of the four ports Telegram delivers webhooks to
# Telegram's broadcast limit per bot; paid broadcasts allow up to 1,000 (TELEGRAM_RATE_LIMIT).
DEFAULT_RATE_LIMIT = 30.0
MAX_RATE_LIMIT = 1000.0

# BotFather tokens are "<bot id>:<secret>"; the secret is 35 URL-safe characters today. We accept
# a little more (any length from 30) so a future format change does not lock users out.
_TOKEN_RE = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{30,100}$")
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# What Telegram accepts as setWebhook's secret_token: 1-256 of A-Z a-z 0-9 _ -.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(ValueError):
    """A setting is missing or malformed; `str(error)` is one line meant for the user."""


@dataclass(frozen=True, slots=True)
class Config:
    token: str
    base_url: str = DEFAULT_BASE_URL
    data_dir: Path = Path(DEFAULT_DATA_DIR)
    webhook_url: str | None = None
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    log_level: int = logging.INFO
    log_user_text: bool = False  # LOG_USER_TEXT=1: users' words may appear in DEBUG logs
    # DATABASE_URL: PostgreSQL instead of SQLite in data_dir. May hold a password: never logged.
    database_url: str | None = None
    webhook_secret: str | None = None  # WEBHOOK_SECRET: shared by every process of the bot
    rate_limit: float = DEFAULT_RATE_LIMIT  # messages a second for the whole bot (all processes)

    def __repr__(self) -> str:  # keep the token, secret and database password out of prints
        return (
            f"Config(token='<redacted>', base_url={self.base_url!r}, data_dir={self.data_dir!r}, "
            f"webhook_url={self.webhook_url!r}, webhook_listen={self.webhook_listen!r}, "
            f"webhook_port={self.webhook_port!r}, log_level={self.log_level!r}, "
            f"log_user_text={self.log_user_text!r}, "
            f"database_url={'<redacted>' if self.database_url else None!r}, "
            f"webhook_secret={'<redacted>' if self.webhook_secret else None!r}, "
            f"rate_limit={self.rate_limit!r})"
        )

    @property
    def webhook_path(self) -> str:
        """The path the local webhook server listens on: the path part of WEBHOOK_URL."""
        return urlsplit(self.webhook_url or "").path.lstrip("/")


def _get(environ: Mapping[str, str], name: str) -> str | None:
    # An empty or blank variable counts as unset: `FOO= python bot.py` should mean "default".
    value = environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _token(environ: Mapping[str, str]) -> str:
    token = _get(environ, "TELEGRAM_BOT_TOKEN")
    if token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set (get a token from @BotFather)")
    if not _TOKEN_RE.fullmatch(token):
        # Do not echo the value: a malformed token may still be mostly secret.
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<secret>' as issued by @BotFather"
        )
    return token


def _http_url(name: str, value: str, *, https_only: bool = False) -> str:
    parts = urlsplit(value)
    schemes = ("https",) if https_only else ("http", "https")
    if parts.scheme not in schemes or not parts.netloc or any(c.isspace() for c in value):
        need = "an https:// URL" if https_only else "an http:// or https:// URL"
        raise ConfigError(f"{name} must be {need}, got {value!r}")
    return value


def _log_level(environ: Mapping[str, str]) -> int:
    raw = _get(environ, "LOG_LEVEL") or "INFO"
    name = raw.upper()
    if name == "WARN":
        name = "WARNING"
    if name in _LEVELS:
        return int(getattr(logging, name))
    if raw.isdecimal():
        return int(raw)
    raise ConfigError(f"LOG_LEVEL must be one of {', '.join(_LEVELS)}, got {raw!r}")


def _port(environ: Mapping[str, str]) -> int:
    # Heroku, Render and Railway tell a web process its port in PORT.
    name = "WEBHOOK_PORT" if _get(environ, "WEBHOOK_PORT") is not None else "PORT"
    raw = _get(environ, name)
    if raw is None:
        return DEFAULT_WEBHOOK_PORT
    if not raw.isdecimal() or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"{name} must be a port number from 1 to 65535, got {raw!r}")
    return int(raw)


def _flag(environ: Mapping[str, str], name: str) -> bool:
    raw = _get(environ, name) or "0"
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0, got {raw!r}")


def _data_dir(environ: Mapping[str, str]) -> Path:
    path = Path(_get(environ, "BOT_DATA_DIR") or DEFAULT_DATA_DIR)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"BOT_DATA_DIR {str(path)!r} exists but is not a directory")
    return path


def _database_url(environ: Mapping[str, str]) -> str | None:
    url = _get(environ, "DATABASE_URL")
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql") or any(c.isspace() for c in url):
        # Not echoed: the URL may carry a password.
        raise ConfigError(
            "DATABASE_URL must be a PostgreSQL URL such as postgresql://user:password@host/db "
            f"(got one starting {parts.scheme + '://' if parts.scheme else 'without a scheme'})"
        )
    return url


def _webhook_secret(environ: Mapping[str, str]) -> str | None:
    secret = _get(environ, "WEBHOOK_SECRET")
    if secret is not None and not _SECRET_RE.fullmatch(secret):
        raise ConfigError(
            "WEBHOOK_SECRET must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (what "
            "Telegram accepts); make one with: python3 -c "
            "'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return secret


def _rate_limit(environ: Mapping[str, str]) -> float:
    raw = _get(environ, "TELEGRAM_RATE_LIMIT")
    if raw is None:
        return DEFAULT_RATE_LIMIT
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 1.0 <= value <= MAX_RATE_LIMIT:  # also refuses nan and inf
        raise ConfigError(
            f"TELEGRAM_RATE_LIMIT must be messages per second from 1 to {MAX_RATE_LIMIT:g}, "
            f"got {raw!r}"
        )
    return value


def load_config(environ: Mapping[str, str]) -> Config:
    """Build a validated `Config`, or raise `ConfigError` naming the first bad setting."""
    token = _token(environ)
    try:
        return _load_rest(environ, token)
    except ConfigError as exc:
        # A user may paste the token into another variable by mistake; never echo it back.
        raise ConfigError(str(exc).replace(token, "<redacted>")) from None


def _load_rest(environ: Mapping[str, str], token: str) -> Config:
    base_url = _http_url(
        "TELEGRAM_BASE_URL", _get(environ, "TELEGRAM_BASE_URL") or DEFAULT_BASE_URL
    )
    webhook_url = _get(environ, "WEBHOOK_URL")
    if webhook_url is not None:
        # api.telegram.org only delivers webhooks over HTTPS; a self-hosted Bot API server
        # (a custom TELEGRAM_BASE_URL) may post to plain HTTP, so allow it there.
        official = urlsplit(base_url).hostname == urlsplit(DEFAULT_BASE_URL).hostname
        webhook_url = _http_url("WEBHOOK_URL", webhook_url, https_only=official)
    return Config(
        token=token,
        base_url=base_url,
        data_dir=_data_dir(environ),
        webhook_url=webhook_url,
        webhook_listen=_get(environ, "WEBHOOK_LISTEN") or DEFAULT_WEBHOOK_LISTEN,
        webhook_port=_port(environ),
        log_level=_log_level(environ),
        log_user_text=_flag(environ, "LOG_USER_TEXT"),
        database_url=_database_url(environ),
        webhook_secret=_webhook_secret(environ),
        rate_limit=_rate_limit(environ),
    )
