"""Daily reminders end to end: the real Application, over HTTP, against the fake Bot API.

Time is injected through `Services.clock` and reminders go out when a test calls the
dispatcher (`dispatch(app)`, i.e. `reminder_jobs.dispatch_now`), except in the one test
that lets the production job queue tick. Dates are around the 2026 US daylight-saving change
(Sunday 8 March): 09:00 in New York is 14:00 UTC on the 7th and 13:00 UTC from the 8th.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.reminders import deliveries, store, wording
from assistant.storage import chat_settings
from assistant.telegram import reminder_jobs
from assistant.telegram.rate_limit import FairRateLimiter

from .fake_bot_api import DEFAULT_GROUP_ID, DEFAULT_USER_ID, FakeBotApi
from .harness import buttons, disclaimer_of, open_db
from .reminder_harness import (
    Clock,
    dispatch,
    press,
    reminder_attempts,
    reminder_bot,
    reminders_sent,
    say,
    say_in_group,
    services,
    text_of,
)

USER = DEFAULT_USER_ID
GROUP = DEFAULT_GROUP_ID
ADMIN = 30001


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def labels(call: object) -> list[str]:
    return [b["text"] for b in buttons(call)]  # type: ignore[arg-type]


def per_chat(calls: list) -> Counter[int]:  # type: ignore[type-arg]
    return Counter(c.params["chat_id"] for c in calls)


def tips(assistant: Assistant, kind: str) -> list[str]:
    return [" ".join(p.split()) for p in assistant.kb.topics[kind].points]


# --------------------------------------------------------------------------- subscribing


async def test_typed_commands_subscribe_and_reminders_lists_next_times_in_the_chats_zone(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    clock = Clock(utc(2026, 3, 7, 12, 0))  # 07:00 in New York, 21:00 in Tokyo
    async with reminder_bot(fake_api, tmp_path, assistant, clock):
        text = text_of(await say(fake_api, "/remind hydration 09:00 13:00"))
        assert text.startswith("Hydration reminders on")
        assert "Every day at 09:00 and 13:00." in text
        assert "Next: today at 13:00." in text  # 09:00 UTC has passed
        assert "Times are in UTC because this chat has no time zone yet." in text

        text = text_of(await say(fake_api, "/remind sleep 22:30"))
        assert "Every day at 22:30." in text and "Next: today at 22:30." in text

        # A new hydration schedule replaces the old one.
        text = text_of(await say(fake_api, "/remind hydration every 2h 09:00-21:00"))
        assert "Every day at 09:00, 11:00, 13:00, 15:00, 17:00, 19:00 and 21:00." in text

        text = text_of(await say(fake_api, "/settings timezone America/New_York"))
        assert "Time zone: America/New_York. It is 07:00 there now." in text
        assert "Your reminders now follow this time zone." in text

        text = text_of(await say(fake_api, "/reminders"))
        assert text.startswith("Your reminders")
        assert (
            "Hydration: 09:00, 11:00, 13:00, 15:00, 17:00, 19:00 and 21:00; next today at 09:00."
        ) in text
        assert "Sleep: 22:30; next today at 22:30." in text
        assert "Times are in America/New_York." in text

        # East of UTC: 09:00 in Tokyo has passed (it is 21:00 there), so tomorrow.
        tokyo = 20002
        await say(fake_api, "/settings timezone Asia/Tokyo", user_id=tokyo)
        text = text_of(await say(fake_api, "/remind water 9am", user_id=tokyo))
        assert "Next: tomorrow at 09:00." in text and "Times are in Asia/Tokyo." in text
        text = text_of(await say(fake_api, "/reminders", user_id=tokyo))
        assert "Hydration: 09:00; next tomorrow at 09:00." in text
        assert "Sleep" not in text.split("\n\n", 1)[1]  # only this chat's reminders

        text = text_of(await say(fake_api, "/settings"))
        assert "Time zone: America/New_York." in text

        db = open_db(tmp_path)  # as another process would see it
        stored = {(r.chat_id, r.kind, f"{r.time:%H:%M}") for r in store.list_reminders(db, USER)}
        assert (USER, "sleep", "22:30") in stored and len(stored) == 8
        db.close()


async def test_bare_remind_subscribes_with_buttons_only(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    clock = Clock(utc(2026, 3, 7, 12, 0))
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        menu = await say(fake_api, "/remind")
        assert text_of(menu).startswith("Daily reminders")
        assert labels(menu) == ["Hydration", "Sleep"]

        edit = await press(fake_api, "Sleep", "editMessageText")
        assert text_of(edit).startswith("Sleep reminders")
        assert labels(edit) == ["21:30", "22:00", "22:30", "23:00", "« Back"]
        assert "UTC" in text_of(edit)
        edit = await press(fake_api, "« Back", "editMessageText")
        assert labels(edit) == ["Hydration", "Sleep"]
        edit = await press(fake_api, "Sleep", "editMessageText")
        edit = await press(fake_api, "22:30", "editMessageText")
        assert text_of(edit).startswith("Sleep reminders on")
        assert "Every day at 22:30." in text_of(edit)
        assert buttons(edit) == []  # the keyboard is gone once chosen

        await say(fake_api, "/remind")
        await press(fake_api, "Hydration", "editMessageText")
        edit = await press(fake_api, "09:00, 13:00 and 17:00", "editMessageText")
        assert "Every day at 09:00, 13:00 and 17:00." in text_of(edit)
        assert "Next: today at 13:00." in text_of(edit)

        listing = text_of(await say(fake_api, "/reminders"))
        assert "Hydration: 09:00, 13:00 and 17:00; next today at 13:00." in listing
        assert "Sleep: 22:30; next today at 22:30." in listing

        # And they are real: the sleep reminder comes at 22:30.
        mark = fake_api.mark()
        clock.set(2026, 3, 7, 22, 30, 2)
        report = await dispatch(app)
        assert report.sent == 1 and report.skipped == 2  # 13:00 and 17:00 passed unseen
        (reminder,) = reminders_sent(fake_api, mark)
        assert text_of(reminder).startswith("Sleep reminder")


# --------------------------------------------------------------------------- receiving


async def test_reminder_comes_at_9_new_york_time_with_tip_buttons_disclaimer_and_snooze(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    clock = Clock(utc(2026, 3, 7, 12, 0))
    disclaimer = disclaimer_of(assistant)
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        await say(fake_api, "/remind hydration 09:00")
        await say(fake_api, "/settings timezone America/New_York")

        mark = fake_api.mark()
        clock.set(2026, 3, 7, 13, 59, 50)  # 08:59:50 in New York (EST, UTC-5)
        assert (await dispatch(app)).sent == 0
        clock.set(2026, 3, 7, 14, 0, 5)  # 09:00:05 EST
        assert (await dispatch(app)).sent == 1
        assert (await dispatch(app)).sent == 0  # the same slot never twice
        (first,) = reminders_sent(fake_api, mark)
        assert first.params["chat_id"] == USER
        text = text_of(first)
        assert text.startswith("Hydration reminder")
        assert any(tip in " ".join(text.split()) for tip in tips(assistant, "hydration"))
        assert text.rstrip().endswith(disclaimer)
        assert labels(first) == [wording.SNOOZE_LABEL, wording.STOP_LABEL]
        assert len(first.params["text"]) <= 4096

        # Snooze: a one-off reminder 30 minutes later (09:30 New York), a double tap counts once.
        toast = await press(fake_api, "Snooze 30 min", "answerCallbackQuery")
        assert toast.params["text"] == "Snoozed: one more hydration reminder at 09:30."
        toast = await press(fake_api, "Snooze 30 min", "answerCallbackQuery")
        assert toast.params["text"] == "Snoozed: one more hydration reminder at 09:30."
        mark = fake_api.mark()
        clock.set(2026, 3, 7, 14, 30, 4)  # pressed at 14:00:05 UTC: due at 14:30:05
        assert (await dispatch(app)).sent == 0
        clock.set(2026, 3, 7, 14, 30, 6)
        assert (await dispatch(app)).sent == 1
        clock.advance(minutes=5)
        assert (await dispatch(app)).sent == 0
        (snoozed,) = reminders_sent(fake_api, mark)
        assert text_of(snoozed).startswith("Hydration reminder")
        assert text_of(snoozed).rstrip().endswith(disclaimer)

        # The day of the change to daylight time (EDT, UTC-4): still 09:00 local, once.
        mark = fake_api.mark()
        clock.set(2026, 3, 8, 12, 59, 55)
        assert (await dispatch(app)).sent == 0
        clock.set(2026, 3, 8, 13, 0, 1)
        assert (await dispatch(app)).sent == 1
        clock.set(2026, 3, 8, 14, 0, 1)  # 09:00 by yesterday's offset: nothing more
        assert (await dispatch(app)).sent == 0
        clock.set(2026, 3, 9, 13, 0, 1)
        assert (await dispatch(app)).sent == 1
        later = reminders_sent(fake_api, mark)
        assert len(later) == 2
        # The tip rotates from one reminder to the next.
        texts = [text_of(c) for c in (first, snoozed, *later)]
        assert len(set(texts)) == len(texts)

        listing = text_of(await say(fake_api, "/reminders"))
        assert "Hydration: 09:00; next tomorrow at 09:00." in listing


async def test_stop_with_undo_and_the_stop_button(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    clock = Clock(utc(2026, 3, 7, 8, 0))
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        await say(fake_api, "/remind hydration 09:00 13:00")
        await say(fake_api, "/remind sleep 22:30")

        stopped = await say(fake_api, "/stop hydration")
        assert "Hydration at 09:00 and 13:00: stopped." in text_of(stopped)
        assert labels(stopped) == ["Undo"]
        listing = text_of(await say(fake_api, "/reminders"))
        assert "Hydration" not in listing and "Sleep: 22:30" in listing

        undone = await press(fake_api, "Undo", "editMessageText")
        assert "Hydration at 09:00 and 13:00 is back; next today at 09:00." in text_of(undone)
        assert buttons(undone) == []
        # A second tap that raced the edit: nothing left to undo, nothing doubled.
        mark = fake_api.mark()
        stale = fake_api.callback_query(
            stopped.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
            message_id=stopped.result["message_id"],
            strict=False,
        )
        fake_api.push_update(stale)
        (again,) = await fake_api.wait_for("editMessageText", since=mark)
        assert wording.NOTHING_TO_UNDO in text_of(again)
        assert len(store.list_reminders(services(app).db, USER)) == 3

        # /stop stops everything; nothing comes any more.
        stopped = await say(fake_api, "/stop")
        assert "Hydration at 09:00 and 13:00: stopped." in text_of(stopped)
        assert "Sleep at 22:30: stopped." in text_of(stopped)
        assert "There are no reminders to stop." in text_of(await say(fake_api, "/stop all"))
        mark = fake_api.mark()
        clock.set(2026, 3, 7, 9, 0, 5)
        assert (await dispatch(app)).sent == 0
        assert not reminders_sent(fake_api, mark)
        assert "No reminders yet" in text_of(await say(fake_api, "/reminders"))

        # Undo still works on the older message, then the "Stop these reminders" button.
        await press(fake_api, "Undo", "editMessageText")
        clock.set(2026, 3, 7, 13, 0, 5)
        assert (await dispatch(app)).sent == 1
        stopped = await press(fake_api, "Stop these reminders", "sendMessage")
        assert "Hydration at 09:00 and 13:00: stopped." in text_of(stopped)
        assert labels(stopped) == ["Undo"]
        mark = fake_api.mark()
        clock.set(2026, 3, 8, 9, 0, 5)
        assert (await dispatch(app)).sent == 0
        clock.set(2026, 3, 8, 22, 30, 5)
        assert (await dispatch(app)).sent == 1  # only hydration was stopped
        assert [text_of(c).split("\n")[0] for c in reminders_sent(fake_api, mark)] == [
            "Sleep reminder"
        ]


# --------------------------------------------------------------------------- mistakes


@pytest.mark.parametrize(
    "command",
    [
        "/remind hydration 25:00",
        "/remind coffee 09:00",
        "/remind hydration",
        "/remind sleep at",
        "/remind hydration 9",
        "/remind hydration every 10min 09:00-10:00",
        "/remind hydration every 2h",
        "/remind hydration every 30min 00:00-23:30",
        "/remind sleep 13:00pm",
        "/remind hydration every 2h 09:00-21:00-23:00",
    ],
)
async def test_a_wrong_form_gets_a_usage_line_with_an_example(
    fake_api: FakeBotApi,
    tmp_path: Path,
    assistant: Assistant,
    command: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock(utc(2026, 3, 7, 8, 0))
    with caplog.at_level(logging.WARNING):
        async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
            text = text_of(await say(fake_api, command))
            assert store.list_reminders(services(app).db, USER) == []
    assert "Usage: /remind hydration 09:00 13:00 17:00" in text
    assert f"Example: {wording.remind_example()}" in text
    assert "Traceback" not in text and "error" not in text.lower()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_other_wrong_forms_and_a_mistyped_zone_gets_did_you_mean(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock(utc(2026, 3, 7, 12, 0))
    with caplog.at_level(logging.WARNING):
        async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
            assert wording.stop_usage() in text_of(await say(fake_api, "/stop coffee"))
            assert wording.stop_usage() in text_of(await say(fake_api, "/stop sleep now"))
            text = text_of(await say(fake_api, "/settings timezone"))
            assert "Which time zone?" in text and "/settings timezone Europe/Berlin" in text
            text = text_of(await say(fake_api, "/settings timezone Mars/Olympus_Mons"))
            assert "I don't know the time zone “Mars/Olympus_Mons”." in text

            await say(fake_api, "/remind hydration 09:00")
            typo = await say(fake_api, "/settings timezone America/New_Yrok")
            assert "I don't know the time zone “America/New_Yrok”." in text_of(typo)
            assert "Did you mean America/New_York" in text_of(typo)
            assert labels(typo)[0] == "America/New_York"
            edit = await press(fake_api, "America/New_York", "editMessageText")
            assert "Time zone: America/New_York. It is 07:00 there now." in text_of(edit)
            assert "Hydration: 09:00; next today at 09:00." in text_of(edit)
            assert chat_settings.get_timezone(services(app).db, USER) == "America/New_York"

            typo = await say(fake_api, "/settings timezone Europe/Berln")
            assert "Europe/Berlin" in labels(typo)
            # Cities and offsets need no suggestion.
            text = text_of(await say(fake_api, "/settings timezone berlin"))
            assert "Time zone: Europe/Berlin. It is 13:00 there now." in text
            text = text_of(await say(fake_api, "/settings timezone UTC+2"))
            assert "Time zone: UTC+02:00. It is 14:00 there now." in text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# --------------------------------------------------------------------------- restarts


async def test_restart_sends_no_duplicate_and_loses_nothing(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    a, b, c, d = 20001, 20002, 20003, 20004
    clock = Clock(utc(2026, 3, 7, 8, 0))
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        for user in (a, b, c):
            await say(fake_api, "/remind hydration 09:00", user_id=user)
        await say(fake_api, "/remind sleep 09:10", user_id=a)  # comes due while the bot is down
        await say(fake_api, "/remind hydration 09:01", user_id=d)
        clock.set(2026, 3, 7, 9, 0, 5)
        assert (await dispatch(app)).sent == 3
    first = reminders_sent(fake_api)
    assert per_chat(first) == {a: 1, b: 1, c: 1}

    # A process that claimed d's 09:01 slot and was killed (-9) before it could send it.
    clock.set(2026, 3, 7, 9, 1, 5)
    db = open_db(tmp_path)
    claimed = deliveries.claim_slots(db, deliveries.due_slots(db, clock()), clock()).deliveries
    assert [(x.chat_id, x.kind) for x in claimed] == [(d, "hydration")]
    db.close()

    # A new process, same BOT_DATA_DIR, twelve minutes later.
    mark = fake_api.mark()
    clock.set(2026, 3, 7, 9, 12)
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        report = await dispatch(app)
        assert (report.sent, report.skipped) == (2, 0)
        assert (await dispatch(app)).sent == 0
    second = reminders_sent(fake_api, mark)
    assert sorted((x.params["chat_id"], text_of(x).split("\n")[0]) for x in second) == [
        (a, "Sleep reminder"),
        (d, "Hydration reminder"),
    ]

    # And once more: everything is recorded as sent, nothing goes out again.
    mark = fake_api.mark()
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        assert (await dispatch(app)).sent == 0
        clock.set(2026, 3, 7, 9, 40)
        assert (await dispatch(app)).sent == 0
        db = services(app).db
        for chat, kind, minute in (
            (a, "hydration", 0),
            (b, "hydration", 0),
            (a, "sleep", 10),
            (d, "hydration", 1),
        ):
            assert deliveries.delivery_status(db, chat, kind, utc(2026, 3, 7, 9, minute)) == "sent"
    assert not reminders_sent(fake_api, mark)
    assert per_chat(reminders_sent(fake_api)) == {a: 2, b: 1, c: 1, d: 1}


async def test_a_slot_missed_while_down_is_sent_if_less_than_30_minutes_late(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    a, b = 20001, 20002
    clock = Clock(utc(2026, 3, 7, 8, 0))
    async with reminder_bot(fake_api, tmp_path, assistant, clock):
        await say(fake_api, "/remind hydration 08:20 08:45", user_id=a)
        await say(fake_api, "/remind sleep 08:25", user_id=a)
        await say(fake_api, "/remind sleep 08:26", user_id=b)

    # Down from 08:00 to 08:55: 08:20 is 35 min late, 08:25 exactly 30, 08:26 29, 08:45 10.
    mark = fake_api.mark()
    clock.set(2026, 3, 7, 8, 55)
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        report = await dispatch(app)
        assert (report.sent, report.skipped) == (2, 2)
        db = services(app).db
        status = {
            (chat, kind, minute): deliveries.delivery_status(
                db, chat, kind, utc(2026, 3, 7, 8, minute)
            )
            for chat, kind, minute in (
                (a, "hydration", 20),
                (a, "hydration", 45),
                (a, "sleep", 25),
                (b, "sleep", 26),
            )
        }
        assert status == {
            (a, "hydration", 20): "skipped",
            (a, "hydration", 45): "sent",
            (a, "sleep", 25): "skipped",
            (b, "sleep", 26): "sent",
        }
        listing = text_of(await say(fake_api, "/reminders", user_id=a))
        assert "Hydration: 08:20 and 08:45; next tomorrow at 08:20." in listing
    sent = reminders_sent(fake_api, mark)
    assert sorted((x.params["chat_id"], text_of(x).split("\n")[0]) for x in sent) == [
        (a, "Hydration reminder"),
        (b, "Sleep reminder"),
    ]

    # Down for three days: no backlog of old slots, only the one still worth sending (08:45,
    # 13 minutes late; the sleep reminders at 08:25 and 08:26 are 33 and 32 minutes late).
    mark = fake_api.mark()
    clock.set(2026, 3, 10, 8, 58)
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        report = await dispatch(app)
        assert report.sent == 1
        assert (await dispatch(app)).sent == 0
    (late,) = reminders_sent(fake_api, mark)
    assert late.params["chat_id"] == a and text_of(late).startswith("Hydration reminder")


# --------------------------------------------------------------------------- failures


async def test_a_blocked_or_deleted_chat_is_unsubscribed_and_not_retried(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    ok, blocked, gone = 20001, 20002, 20003
    clock = Clock(utc(2026, 3, 7, 8, 0))
    async with reminder_bot(fake_api, tmp_path, assistant, clock, allow_errors=True) as app:
        for user in (ok, blocked, gone):
            await say(fake_api, "/remind hydration 09:00 13:00", user_id=user)
        fake_api.block_chat(blocked)
        fake_api.delete_chat(gone)

        clock.set(2026, 3, 7, 9, 0, 5)
        report = await dispatch(app)
        assert (report.sent, report.blocked, report.retried) == (1, 2, 0)
        assert sorted(report.unsubscribed) == [blocked, gone]
        db = services(app).db
        assert store.list_reminders(db, blocked) == store.list_reminders(db, gone) == []
        assert len(store.list_reminders(db, ok)) == 2

        # Later slots, and the retry window, bring no new attempt at the lost chats.
        for moment in (utc(2026, 3, 7, 9, 1), utc(2026, 3, 7, 13, 0, 5), utc(2026, 3, 8, 9, 0, 5)):
            clock.now = moment
            await dispatch(app)
        attempts = per_chat(reminder_attempts(fake_api))
        assert attempts == {ok: 3, blocked: 1, gone: 1}
        assert per_chat(reminders_sent(fake_api)) == {ok: 3}
        assert {(e.status, e.description) for e in fake_api.errors()} == {
            (403, "Forbidden: bot was blocked by the user"),
            (400, "Bad Request: chat not found"),
        }

        # Unblocking does not resubscribe by itself; the user starts again with /remind.
        fake_api.unblock_chat(blocked)
        assert "No reminders yet" in text_of(await say(fake_api, "/reminders", user_id=blocked))


async def test_a_429_storm_delays_but_delivers_everything_exactly_once(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    users = list(range(40001, 40013))
    clock = Clock(utc(2026, 3, 7, 8, 0))
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        for user in users:
            await say(fake_api, "/remind hydration 09:00", user_id=user)
        mark = fake_api.mark()
        fake_api.fail_next(None, status=429, retry_after=1, count=8)
        clock.set(2026, 3, 7, 9, 0, 5)
        started = time.monotonic()
        report = await dispatch(app)
        elapsed = time.monotonic() - started
        assert (report.sent, report.retried, report.blocked) == (len(users), 0, 0)
        assert elapsed >= 1.0  # retry_after was honoured
        attempts = reminder_attempts(fake_api, mark)
        assert sum(c.status == 429 for c in attempts) == 8
        assert per_chat(reminders_sent(fake_api, mark)) == dict.fromkeys(users, 1)
        assert (await dispatch(app)).sent == 0


async def test_a_flood_limit_through_the_job_queue_loses_nothing(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    """The production path: the repeating job sends, the server enforces a rate limit."""
    users = list(range(41001, 41013))
    clock = Clock(utc(2026, 3, 7, 8, 0))
    async with reminder_bot(fake_api, tmp_path, assistant, clock, tick=True) as app:
        for user in users:
            await say(fake_api, "/remind sleep 09:00", user_id=user)
        mark = fake_api.mark()
        fake_api.rate_limit(10, burst=4)
        reminder_jobs.set_tick_interval(app, 0.2)
        clock.set(2026, 3, 7, 9, 0, 5)
        await fake_api.wait_for(
            "sendMessage",
            count=len(users),
            timeout=20,
            since=mark,
            predicate=lambda c: c.ok and c.params.get("reply_markup") is not None,
        )
        await fake_api.wait_idle(quiet=0.3)
        fake_api.rate_limit(None)
        assert per_chat(reminders_sent(fake_api, mark)) == dict.fromkeys(users, 1)
        assert any(c.status == 429 for c in reminder_attempts(fake_api, mark))


async def test_when_the_rate_limiter_gives_up_the_slot_is_retried_with_the_same_tip(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    users = [42001, 42002, 42003]
    clock = Clock(utc(2026, 3, 7, 8, 0))
    no_retries = FairRateLimiter(max_retries=0)
    async with reminder_bot(fake_api, tmp_path, assistant, clock, rate_limiter=no_retries) as app:
        for user in users:
            await say(fake_api, "/remind hydration 09:00", user_id=user)
        mark = fake_api.mark()
        fake_api.fail_next("sendMessage", status=429, retry_after=1, count=1)
        fake_api.fail_next("sendMessage", status=502, count=1)
        clock.set(2026, 3, 7, 9, 0, 5)
        report = await dispatch(app)
        assert (report.sent, report.retried) == (1, 2)
        clock.advance(seconds=3)  # the dispatcher backs off 5 s before the second try
        assert (await dispatch(app)).sent == 0
        clock.advance(seconds=3)
        assert (await dispatch(app)).sent == 2
        assert (await dispatch(app)).sent == 0
        attempts = reminder_attempts(fake_api, mark)
        assert len(attempts) == 5
        assert per_chat(reminders_sent(fake_api, mark)) == dict.fromkeys(users, 1)
        for user in users:  # a retry sends the very same message
            assert len({c.params["text"] for c in attempts if c.params["chat_id"] == user}) == 1
            assert (
                deliveries.delivery_status(services(app).db, user, "hydration", utc(2026, 3, 7, 9))
                == "sent"
            )


# --------------------------------------------------------------------------- groups


async def test_in_a_group_only_administrators_change_reminders(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    # Two groups: the rate limiter allows bursts of 10 messages per group, then 20 a minute.
    buttons_group = -1002000000001
    clock = Clock(utc(2026, 3, 7, 12, 0))
    for group in (GROUP, buttons_group):
        fake_api.set_chat_member(group, ADMIN, "administrator")
        fake_api.set_chat_member(group, USER, "member")
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        for command in ("/remind sleep 22:00", "/stop", "/settings tz Europe/Berlin"):
            refused = await say_in_group(fake_api, command)
            assert wording.ADMINS_ONLY in text_of(refused), command
        assert fake_api.calls_to("getChatMember")
        assert store.list_reminders(services(app).db, GROUP) == []
        # Anyone may look.
        listing = text_of(await say_in_group(fake_api, "/reminders"))
        assert listing.startswith("This chat's reminders") and "No reminders yet" in listing

        text = text_of(
            await say_in_group(fake_api, "/remind@TwitchReliefBot sleep 22:00", user_id=ADMIN)
        )
        assert text.startswith("Sleep reminders on")
        text = text_of(
            await say_in_group(fake_api, "/settings timezone Europe/Berlin", user_id=ADMIN)
        )
        assert "Time zone: Europe/Berlin." in text
        fake_api.set_chat_member(GROUP, 30002, "creator")
        text = text_of(await say_in_group(fake_api, "/remind hydration 10:00", user_id=30002))
        assert text.startswith("Hydration reminders on")
        text = text_of(
            await say_in_group(
                fake_api, "/remind sleep 21:00", chat_id=buttons_group, user_id=ADMIN
            )
        )
        assert text.startswith("Sleep reminders on")

        # 22:00 in Berlin (UTC+1 in March) is 21:00 UTC, like 21:00 in the group without a zone.
        mark = fake_api.mark()
        clock.set(2026, 3, 7, 21, 0, 5)
        assert (await dispatch(app)).sent == 2
        sent = reminders_sent(fake_api, mark)
        assert sorted(c.params["chat_id"] for c in sent) == sorted([GROUP, buttons_group])
        assert all(text_of(c).startswith("Sleep reminder") for c in sent)

        # A member's tap on the reminder's buttons is refused with an alert.
        where = {"chat_id": buttons_group}
        for label in ("Stop these reminders", "Snooze 30 min"):
            alert = await press(fake_api, label, "answerCallbackQuery", **where, user_id=USER)
            assert alert.params.get("show_alert") is True
            assert "administrators" in alert.params["text"]
        assert len(store.list_reminders(services(app).db, buttons_group)) == 1
        # An administrator's tap works, and so does the Undo (for administrators only).
        stopped = await press(
            fake_api, "Stop these reminders", "sendMessage", **where, user_id=ADMIN
        )
        assert "Sleep at 21:00: stopped." in text_of(stopped)
        alert = await press(fake_api, "Undo", "answerCallbackQuery", **where, user_id=USER)
        assert alert.params.get("show_alert") is True
        edit = await press(fake_api, "Undo", "editMessageText", **where, user_id=ADMIN)
        assert "Sleep at 21:00 is back" in text_of(edit)
        assert len(store.list_reminders(services(app).db, buttons_group)) == 1


async def test_the_bot_removed_from_a_group_removes_its_reminders(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    basic = -4001  # a basic group, besides the default supergroup
    clock = Clock(utc(2026, 3, 7, 8, 0))
    for group in (GROUP, basic):
        fake_api.set_chat_member(group, ADMIN, "administrator")
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        for group in (GROUP, basic):
            await say_in_group(fake_api, "/remind hydration 09:00", chat_id=group, user_id=ADMIN)
        await say(fake_api, "/remind hydration 09:00")
        await say(fake_api, "/remind hydration 09:00", user_id=20009)
        db = services(app).db
        assert all(store.list_reminders(db, c) for c in (GROUP, basic, USER, 20009))

        fake_api.push_update(fake_api.my_chat_member(GROUP, "member", "kicked", user_id=ADMIN))
        fake_api.push_update(fake_api.my_chat_member(basic, "member", "left", user_id=ADMIN))
        # A private user blocking the bot arrives the same way.
        fake_api.push_update(fake_api.my_chat_member(20009, "member", "kicked", user_id=20009))
        await fake_api.wait_idle(quiet=0.2)
        assert [c for c in (GROUP, basic, USER, 20009) if store.list_reminders(db, c)] == [USER]

        mark = fake_api.mark()
        clock.set(2026, 3, 7, 9, 0, 5)
        report = await dispatch(app)
        assert (report.sent, report.blocked) == (1, 0)
        assert per_chat(reminder_attempts(fake_api, mark)) == {USER: 1}


# --------------------------------------------------------------------------- disclaimer


async def test_every_reminder_related_message_carries_the_disclaimer(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    """Confirmations, listings, usage lines, refusals, edits and the reminders themselves."""
    disclaimer = disclaimer_of(assistant)
    clock = Clock(utc(2026, 3, 7, 8, 0))
    async with reminder_bot(fake_api, tmp_path, assistant, clock) as app:
        await say(fake_api, "/remind")
        await press(fake_api, "Hydration", "editMessageText")
        await press(fake_api, "10:00 and 15:00", "editMessageText")
        for command in (
            "/remind sleep 22:30",
            "/remind nonsense",
            "/reminders",
            "/settings",
            "/settings timezone Amerca/Chicgo",
            "/stop sleep",
            "/stop nonsense",
        ):
            await say(fake_api, command)
        await press(fake_api, "Undo", "editMessageText")
        await say_in_group(fake_api, "/remind sleep 22:00")
        clock.set(2026, 3, 7, 10, 0, 5)
        assert (await dispatch(app)).sent == 1
        await press(fake_api, "Stop these reminders", "sendMessage")
    texts = [
        (c.method, text_of(c))
        for c in fake_api.calls
        if c.ok and c.method in ("sendMessage", "editMessageText")
    ]
    assert len(texts) >= 14
    missing = [t[:60] for _, t in texts if not t.rstrip().endswith(disclaimer)]
    assert not missing, missing
    assert {m for m, _ in texts} == {"sendMessage", "editMessageText"}
