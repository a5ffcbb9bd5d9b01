"""Several `python bot.py` processes for one bot (issue 10): webhook mode answers Telegram only
after handling an update, with a shared secret and a `setWebhook` that is not repeated; in
polling mode with DATABASE_URL one process polls and another stands by and takes over when
the first is killed. Real processes, the fake Bot API and the machine's PostgreSQL."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fleet_database import fresh_database

from assistant.telegram.errors import CONFLICT_LINE

from .fake_bot_api import Call, FakeBotApi
from .harness import exchange
from .test_bot_ownership import until
from .test_bot_process import START_TIMEOUT, bot_process, environment, finish, free_port

SECRET = "fleet-Secret_0123456789"


@pytest.fixture
def database_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


def log_of(process: asyncio.subprocess.Process) -> str:
    return str(process.log.read_text(errors="replace"))  # type: ignore[attr-defined]


def webhook_env(fake: FakeBotApi, data: Path, port: int, **extra: str) -> dict[str, str]:
    return environment(
        fake,
        data,
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        LOG_LEVEL="INFO",
        **extra,
    )


def answers(fake: FakeBotApi, chat_id: int) -> list[Call]:
    return [
        c
        for c in fake.calls
        if c.ok and c.method == "sendMessage" and c.params.get("chat_id") == chat_id
    ]


async def test_an_update_killed_mid_handling_is_delivered_again_and_answered_once(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    port, data = free_port(), tmp_path / "data"
    env = webhook_env(fake_api, data, port)
    fake_api.set_latency("sendMessage", 3.0)  # the answer is on its way when the kill comes
    async with bot_process(env) as process:
        await fake_api.wait_for("setWebhook", timeout=START_TIMEOUT)
        update = fake_api.push_update(fake_api.private_message("magnesium foods"))
        assert update is not None
        await until(lambda: fake_api.requests_in_flight > 0, seconds=20)
        process.send_signal(signal.SIGKILL)
        await process.wait()
    # PTB's own server would have answered 200 before handling: the update would be lost.
    assert (update["update_id"], 200) not in fake_api.webhook_deliveries
    fake_api.set_latency("sendMessage", 0.0)
    async with bot_process(env) as process:
        await until(lambda: len(answers(fake_api, update["message"]["chat"]["id"])) == 1)
        await fake_api.wait_idle(quiet=0.3)
        process.send_signal(signal.SIGTERM)
        assert (await finish(process))[0] == 0
    (answer,) = answers(fake_api, update["message"]["chat"]["id"])
    assert answer.result["text"].startswith("Magnesium: foods")
    assert (update["update_id"], 200) in fake_api.webhook_deliveries


async def test_a_passing_failure_answers_503_and_the_redelivery_is_answered(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    port = free_port()
    async with bot_process(webhook_env(fake_api, tmp_path / "data", port)) as process:
        await fake_api.wait_for("setWebhook", timeout=START_TIMEOUT)
        fake_api.fail_next("sendMessage", status=502)  # Telegram briefly unreachable
        failed, answer = await exchange(
            fake_api, fake_api.private_message("potassium"), count=2, within=20
        )
        process.send_signal(signal.SIGTERM)
        code, output = await finish(process)
    assert code == 0, output[-2000:]
    assert not failed.ok and answer.ok and answer.result["text"].startswith("Potassium")
    statuses = [status for _, status in fake_api.webhook_deliveries]
    assert statuses == [503, 200]  # the failure went back to Telegram, not to the user
    assert len([c for c in fake_api.calls if c.method == "sendMessage" and c.ok]) == 1
    assert "Something went wrong" not in str(answer.result["text"])


@pytest.mark.postgresql_only
async def test_the_shared_secret_is_registered_once_and_pending_updates_are_kept(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    port, data = free_port(), tmp_path / "data"
    env = webhook_env(fake_api, data, port, WEBHOOK_SECRET=SECRET, DATABASE_URL=database_url)
    async with bot_process(env) as first:
        (hook,) = await fake_api.wait_for("setWebhook", timeout=START_TIMEOUT)
        await exchange(fake_api, fake_api.private_message("/start"), within=10)
        first.send_signal(signal.SIGTERM)
        assert (await finish(first))[0] == 0
    assert hook.params["secret_token"] == SECRET
    assert not hook.params.get("drop_pending_updates")
    # An update arrives while no process runs (a redeploy): Telegram keeps it.
    waiting = fake_api.push_update(fake_api.private_message("calcium", user_id=4242))
    assert waiting is not None
    mark = fake_api.mark()
    async with bot_process(env) as second:
        await until(lambda: len(answers(fake_api, 4242)) == 1)
        second.send_signal(signal.SIGTERM)
        code, output = await finish(second)
    assert code == 0, output[-2000:]
    assert fake_api.calls_to("setWebhook")[mark:] == [] or len(fake_api.calls_to("setWebhook")) == 1
    assert "already set" in output and SECRET not in output
    # A new secret (rotated by the operator) is registered, not assumed.
    rotated = dict(env, WEBHOOK_SECRET="rotated-" + SECRET)
    async with bot_process(rotated) as third:
        await until(lambda: len(fake_api.calls_to("setWebhook")) == 2, seconds=START_TIMEOUT)
        third.send_signal(signal.SIGTERM)
        assert (await finish(third))[0] == 0
    assert fake_api.calls_to("setWebhook")[-1].params["secret_token"] == "rotated-" + SECRET


@pytest.mark.sqlite_only
async def test_without_a_shared_secret_the_log_says_a_fleet_needs_one(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    async with bot_process(webhook_env(fake_api, tmp_path / "data", free_port())) as process:
        await fake_api.wait_for("setWebhook", timeout=START_TIMEOUT)
        process.send_signal(signal.SIGTERM)
        code, output = await finish(process)
    assert code == 0
    assert "several processes behind one WEBHOOK_URL need the same WEBHOOK_SECRET" in output


@pytest.mark.postgresql_only
async def test_a_standby_takes_over_polling_when_the_leader_is_killed(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    def env(name: str) -> dict[str, str]:
        return environment(fake_api, tmp_path / name, DATABASE_URL=database_url, LOG_LEVEL="INFO")

    async with bot_process(env("leader")) as leader:
        await until(lambda: "now polls" in log_of(leader), seconds=START_TIMEOUT)
        async with bot_process(env("standby")) as standby:
            await until(lambda: "standby:" in log_of(standby), seconds=START_TIMEOUT)
            await takeover(fake_api, leader, standby)
            standby.send_signal(signal.SIGTERM)
            code, output = await finish(standby)
    assert code == 0, output[-2000:]
    assert output.count("standby: another process polls") == 1  # said once, not per retry
    assert "now polls" in output and "Conflict" not in output
    assert len([c for c in fake_api.calls if c.method == "sendMessage" and c.ok]) == 2


async def takeover(
    fake: FakeBotApi, leader: asyncio.subprocess.Process, standby: asyncio.subprocess.Process
) -> None:
    """An answer from the leader; kill -9 it; the next answer comes from the standby."""
    (first,) = await exchange(fake, fake.private_message("magnesium"), within=10)
    assert first.ok and "now polls" not in log_of(standby)
    leader.send_signal(signal.SIGKILL)
    await leader.wait()
    killed = time.monotonic()
    (second,) = await exchange(fake, fake.private_message("calcium"), within=30)
    print(f"the standby answered {time.monotonic() - killed:.1f} s after the leader's kill -9")
    assert second.ok and second.result["text"].startswith("Calcium")
    assert "now polls" in log_of(standby)


@pytest.mark.postgresql_only
async def test_a_poller_outside_the_fleet_still_ends_with_one_clear_line(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    fake_api.fail_next("getUpdates", status=409, count=1000)
    env = environment(fake_api, tmp_path, DATABASE_URL=database_url, LOG_LEVEL="WARNING")
    async with bot_process(env) as process:
        code, output = await finish(process, within=START_TIMEOUT)
    assert code == 3
    assert [line for line in output.splitlines() if line.strip()] == [CONFLICT_LINE]


@pytest.mark.postgresql_only
async def test_a_leader_whose_lock_connection_breaks_stops_polling_then_polls_again(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    env = environment(fake_api, tmp_path, DATABASE_URL=database_url, LOG_LEVEL="INFO")
    async with bot_process(env) as process:
        await until(lambda: "now polls" in log_of(process), seconds=START_TIMEOUT)
        # The database drops the session that holds the lock (a restart, a network cut).
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'twitch-relief poller' "
                "AND datname = current_database()"  # this test's database only
            )
        await until(lambda: "lost the polling lock" in log_of(process), seconds=20)
        await until(lambda: log_of(process).count("now polls") == 2, seconds=20)
        (answer,) = await exchange(fake_api, fake_api.private_message("stretching"), within=10)
        process.send_signal(signal.SIGTERM)
        code, output = await finish(process)
    assert code == 0, output[-2000:]
    assert answer.ok and "Conflict" not in output


@pytest.mark.sqlite_only
async def test_a_webhook_port_in_use_is_one_clear_line(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = dict(webhook_env(fake_api, tmp_path / "data", port), LOG_LEVEL="WARNING")
        async with bot_process(env) as process:
            code, output = await finish(process, within=START_TIMEOUT)
    lines = [line for line in output.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1, output
    assert lines[0].startswith(f"error: cannot listen on 127.0.0.1:{port}")
    assert fake_api.calls_to("setWebhook") == []  # Telegram is not sent to a dead address


async def test_sigterm_finishes_the_update_being_handled_before_exiting(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    async with bot_process(webhook_env(fake_api, tmp_path / "data", free_port())) as process:
        await fake_api.wait_for("setWebhook", timeout=START_TIMEOUT)
        fake_api.set_latency("sendMessage", 1.5)  # the answer is on its way at SIGTERM
        update = fake_api.push_update(fake_api.private_message("vitamin d", user_id=5151))
        assert update is not None
        await until(lambda: fake_api.requests_in_flight > 0, seconds=20)
        process.send_signal(signal.SIGTERM)  # a redeploy stops the old process
        code, output = await finish(process)
    assert code == 0, output[-2000:]
    assert len(answers(fake_api, 5151)) == 1
    assert (update["update_id"], 200) in fake_api.webhook_deliveries  # finished, then acked
