"""Configuration from the environment: defaults, validation, one-line errors, no token leaks."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.telegram.config import (
    DEFAULT_BASE_URL,
    DEFAULT_WEBHOOK_PORT,
    ConfigError,
    load_config,
)

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def env(**extra: str) -> dict[str, str]:
    return {"TELEGRAM_BOT_TOKEN": TOKEN, **extra}


def error_for(environ: dict[str, str]) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(environ)
    message = str(info.value)
    assert "\n" not in message, "a config error is one line"
    assert TOKEN not in message and TOKEN.split(":")[1] not in message
    return message


def test_defaults() -> None:
    config = load_config(env())
    assert config.token == TOKEN
    assert config.base_url == DEFAULT_BASE_URL
    assert config.data_dir == Path("./data")
    assert config.webhook_url is None
    assert config.webhook_port == DEFAULT_WEBHOOK_PORT
    assert config.log_level == logging.INFO


def test_everything_set(tmp_path: Path) -> None:
    config = load_config(
        env(
            TELEGRAM_BASE_URL="http://127.0.0.1:8081/bot",
            BOT_DATA_DIR=str(tmp_path),
            WEBHOOK_URL="https://bot.example.org/telegram/hook",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT="88",
            LOG_LEVEL="debug",
        )
    )
    assert config.base_url == "http://127.0.0.1:8081/bot"
    assert config.data_dir == tmp_path
    assert config.webhook_url == "https://bot.example.org/telegram/hook"
    assert config.webhook_path == "telegram/hook"
    assert (config.webhook_listen, config.webhook_port) == ("127.0.0.1", 88)
    assert config.log_level == logging.DEBUG


def test_blank_values_mean_default() -> None:
    config = load_config(env(TELEGRAM_BASE_URL="  ", LOG_LEVEL="", WEBHOOK_URL=""))
    assert config.base_url == DEFAULT_BASE_URL and config.webhook_url is None


def test_token_is_trimmed() -> None:
    assert load_config({"TELEGRAM_BOT_TOKEN": f"  {TOKEN}\n"}).token == TOKEN


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        "123456789",
        "123456789:",
        "abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        "123456789:short",
        "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDs aw",
        "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/extra",
    ],
)
def test_malformed_token(token: str) -> None:
    message = error_for({"TELEGRAM_BOT_TOKEN": token})
    assert "TELEGRAM_BOT_TOKEN" in message
    if len(token) > 12:
        assert token.strip() not in message


def test_missing_token() -> None:
    assert "TELEGRAM_BOT_TOKEN is not set" in error_for({})


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("TELEGRAM_BASE_URL", "api.telegram.org/bot", "http"),
        ("TELEGRAM_BASE_URL", "ftp://example.org/bot", "http"),
        ("WEBHOOK_URL", "http://bot.example.org/hook", "https"),
        ("WEBHOOK_URL", "bot.example.org", "https"),
        ("WEBHOOK_PORT", "eighty", "WEBHOOK_PORT"),
        ("WEBHOOK_PORT", "70000", "65535"),
        ("WEBHOOK_PORT", "0", "WEBHOOK_PORT"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL"),
    ],
)
def test_bad_settings(name: str, value: str, words: str) -> None:
    message = error_for(env(**{name: value}))
    assert name in message and words in message


def test_plain_http_webhook_allowed_with_a_self_hosted_api() -> None:
    config = load_config(
        env(TELEGRAM_BASE_URL="http://localhost:8081/bot", WEBHOOK_URL="http://10.0.0.2:8443/h")
    )
    assert config.webhook_url == "http://10.0.0.2:8443/h"


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "data"
    file.write_text("x")
    assert "BOT_DATA_DIR" in error_for(env(BOT_DATA_DIR=str(file)))


def test_token_pasted_into_another_variable_is_not_echoed() -> None:
    message = error_for(env(TELEGRAM_BASE_URL=f"api.telegram.org/bot{TOKEN}"))
    assert "<redacted>" in message


def test_repr_hides_the_token() -> None:
    config = load_config(env())
    assert TOKEN not in repr(config) and TOKEN.split(":")[1] not in repr(config)


def test_fleet_settings() -> None:
    url = "postgresql://bot:s3cret-pass@db.internal:5432/bot"
    config = load_config(
        env(DATABASE_URL=url, WEBHOOK_SECRET="Abc_123-xyz", TELEGRAM_RATE_LIMIT="300")
    )
    assert config.database_url == url
    assert config.webhook_secret == "Abc_123-xyz"
    assert config.rate_limit == 300.0
    assert "s3cret-pass" not in repr(config) and "Abc_123-xyz" not in repr(config)


def test_fleet_defaults() -> None:
    config = load_config(env())
    assert config.database_url is None and config.webhook_secret is None
    assert config.rate_limit == 30.0


@pytest.mark.parametrize(
    "secret", ["has space", "ümlaut", "semi;colon", "x" * 257, "dots.are.refused"]
)
def test_webhook_secret_telegram_would_refuse(secret: str) -> None:
    message = error_for(env(WEBHOOK_SECRET=secret))
    assert "WEBHOOK_SECRET" in message and "A-Z" in message
    assert secret not in message  # a secret is never echoed


@pytest.mark.parametrize(
    "url", ["mysql://u:pw-123456@h/db", "sqlite:///data/bot.sqlite3", "postgresql://u:p w@h/db"]
)
def test_database_url_must_be_postgresql(url: str) -> None:
    message = error_for(env(DATABASE_URL=url))
    assert "DATABASE_URL" in message and "postgresql://" in message
    assert url not in message and "pw-123456" not in message


@pytest.mark.parametrize("value", ["0", "fast", "nan", "inf", "1000.5", "-30"])
def test_rate_limit_out_of_range(value: str) -> None:
    assert "TELEGRAM_RATE_LIMIT" in error_for(env(TELEGRAM_RATE_LIMIT=value))


def test_a_hosting_platforms_port_is_the_webhook_port_unless_one_is_set() -> None:
    assert load_config(env(PORT="5000")).webhook_port == 5000
    assert load_config(env(PORT="5000", WEBHOOK_PORT="8443")).webhook_port == 8443
    assert "PORT" in error_for(env(PORT="web"))


def test_database_url_is_postgresql_only_and_never_echoed() -> None:
    url = "postgresql://bot:s3cret-pw@db.internal:5432/twitch"
    config = load_config(env(DATABASE_URL=url))
    assert config.database_url == url and "s3cret-pw" not in repr(config)
    assert load_config(env()).database_url is None
    assert load_config(env(DATABASE_URL="  ")).database_url is None  # blank: SQLite
    message = error_for(env(DATABASE_URL="mysql://bot:s3cret-pw@db/twitch"))
    assert "DATABASE_URL" in message and "s3cret-pw" not in message
