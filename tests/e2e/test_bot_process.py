"""`python bot.py` as a user runs it: a real process talking to the fake Bot API over HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from assistant import Assistant

from . import harness
from .fake_bot_api import FakeBotApi
from .harness import check_disclaimers, disclaimer_of, exchange

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0  # a cold interpreter on a slow CI machine


def environment(fake: FakeBotApi, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "WEBHOOK_")) and k != "DATABASE_URL"
    }
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_BASE_URL=fake.base_url,
        BOT_DATA_DIR=str(data_dir),
        LOG_LEVEL="DEBUG",
        PYTHONUNBUFFERED="1",
    )
    if harness.DATABASE_URL is not None:  # the test's PostgreSQL schema (conftest.py)
        env["DATABASE_URL"] = harness.DATABASE_URL
    env.update(extra)
    return env


@asynccontextmanager
async def bot_process(env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    # Output goes to a file, not a pipe: at DEBUG a full pipe buffer would stall the bot.
    log = Path(env["BOT_DATA_DIR"]).with_suffix(".out")
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "bot.py",
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
        )
    process.log = log  # type: ignore[attr-defined]
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def finish(process: asyncio.subprocess.Process, within: float = 15.0) -> tuple[int, str]:
    """Wait for the process to exit; its exit code and everything it wrote."""
    code = await asyncio.wait_for(process.wait(), within)
    return code, process.log.read_text(errors="replace")  # type: ignore[attr-defined]


async def test_python_bot_py_answers_and_stops_cleanly(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with bot_process(environment(fake_api, tmp_path)) as process:
        # Polling starts right after deleteWebhook (getUpdates is recorded only when it ends).
        await fake_api.wait_for("deleteWebhook", timeout=START_TIMEOUT)
        (welcome,) = await exchange(fake_api, fake_api.private_message("/start"))
        assert welcome.result["text"].startswith("Welcome")
        (answer,) = await exchange(fake_api, fake_api.private_message("magnesium foods"))
        assert answer.result["text"].startswith("Magnesium: foods")
        process.send_signal(signal.SIGTERM)
        code, output = await finish(process)
    assert code == 0, output[-2000:]
    secret = fake_api.token.split(":", 1)[1]
    assert "HTTP Request" in output  # DEBUG logging really printed the request URLs...
    assert fake_api.token not in output and secret not in output  # ...with the token redacted
    assert fake_api.commands("all_private_chats")
    assert (tmp_path / "bot.sqlite3").exists() == (harness.DATABASE_URL is None)
    check_disclaimers(fake_api, disclaimer_of(assistant), "python bot.py")
    fake_api.assert_no_errors()


async def test_second_poller_conflict_exits_with_one_clear_line(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    # Telegram answers 409 Conflict while another process polls with the same token.
    fake_api.fail_next("getUpdates", status=409, count=1000)
    env = environment(fake_api, tmp_path, LOG_LEVEL="WARNING")
    async with bot_process(env) as process:
        code, output = await finish(process, within=START_TIMEOUT)
    assert code != 0
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "another process is already polling" in lines[0] and "Conflict" in lines[0]
    assert len(fake_api.calls_to("getUpdates")) <= 3  # stopped, not looping


async def test_malformed_token_fails_fast_with_one_line(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    env = environment(fake_api, tmp_path, TELEGRAM_BOT_TOKEN="12345:not-a-real-token")
    async with bot_process(env) as process:
        code, output = await finish(process, within=START_TIMEOUT)
    assert code == 2
    assert output.strip().count("\n") == 0 and "TELEGRAM_BOT_TOKEN is malformed" in output
    assert "not-a-real-token" not in output
    assert fake_api.calls == []  # refused before touching the network


async def test_rejected_token_exits_non_zero(fake_api: FakeBotApi, tmp_path: Path) -> None:
    wrong = "123456789:AAH-another-valid-looking-token-0123456"
    env = environment(fake_api, tmp_path, TELEGRAM_BOT_TOKEN=wrong, LOG_LEVEL="INFO")
    async with bot_process(env) as process:
        code, output = await finish(process, within=START_TIMEOUT)
    assert code == 2
    assert output.strip().splitlines()[-1].startswith("error: Telegram rejected")
    assert "Traceback" not in output  # one clear line, not PTB's retry-loop traceback
    assert wrong not in output and wrong.split(":")[1] not in output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode(fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant) -> None:
    port = free_port()
    env = environment(
        fake_api,
        tmp_path,
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        LOG_LEVEL="INFO",
    )
    async with bot_process(env) as process:
        (hook,) = await fake_api.wait_for("setWebhook", timeout=START_TIMEOUT)
        assert hook.params["url"] == f"http://127.0.0.1:{port}/telegram"
        assert hook.params["secret_token"]  # only Telegram may post updates
        (answer,) = await exchange(fake_api, fake_api.private_message("potassium"), within=10)
        assert answer.result["text"].startswith("Potassium")
        assert fake_api.calls_to("getUpdates") == []
        process.send_signal(signal.SIGTERM)
        code, output = await finish(process)
    assert code == 0, output[-2000:]
    assert fake_api.token not in output
    check_disclaimers(fake_api, disclaimer_of(assistant), "webhook")
