"""The deployment files stay in step with the code (Docker itself may not run in CI)."""

from __future__ import annotations

import re
from pathlib import Path

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
