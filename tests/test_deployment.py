"""The deployment files stay in step with the code (Docker itself may not run in CI)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from assistant.telegram import health
from assistant.telegram.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip().removeprefix("# ")
        if re.fullmatch(r"[A-Z_]+=\S*", line):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def test_env_example_names_every_setting_and_loads() -> None:
    example = _env_example()
    source = (ROOT / "assistant" / "telegram" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'"([A-Z][A-Z_]+)"', source)) - {"WARN", *example.values()}
    read = {name for name in read if "_" in name}
    assert read <= set(example), f"missing from .env.example: {sorted(read - set(example))}"
    config = load_config({**example, "TELEGRAM_BOT_TOKEN": "123:" + "a" * 35})
    assert config.webhook_url is None and not config.log_user_text


def test_dockerfile_runs_unprivileged_with_a_volume_and_a_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    user = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
    assert 'VOLUME ["/data"]' in text and "BOT_DATA_DIR=/data" in text
    assert "HEALTHCHECK" in text and "assistant.telegram.health" in text
    assert health.__name__ == "assistant.telegram.health"


def test_systemd_unit_restarts_on_failure_but_not_on_a_setting_to_fix() -> None:
    text = (ROOT / "deploy" / "twitch-relief.service").read_text(encoding="utf-8")
    assert "Restart=on-failure" in text and "RestartPreventExitStatus=2 3" in text
    assert "User=twitch-relief" in text and "StateDirectory=twitch-relief" in text


def test_compose_runs_the_bot_on_its_postgresql_without_a_password_in_the_file() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["build"] == "." and db["image"].startswith("postgres:")
    url = bot["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql://") and "@db:5432/" in url
    assert "${POSTGRES_PASSWORD" in url and "${POSTGRES_PASSWORD" in str(db["environment"])
    assert "POSTGRES_PASSWORD" in _env_example()
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["deploy"]["replicas"] >= 2 and bot["restart"] != "always"
    as_compose_fills_it = re.sub(r"\$\{POSTGRES_PASSWORD[^}]*\}", "s3cret", url)
    config = load_config(
        {"TELEGRAM_BOT_TOKEN": "123:" + "a" * 35, "DATABASE_URL": as_compose_fills_it}
    )
    assert config.database_url == as_compose_fills_it
