"""Hostile input and floods: every command and button gets a clear answer, and one chat's
state stays bounded however often it presses (issue 12, items 5 and 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.reminders import commands, store, wording
from assistant.reminders.commands import Chat, Outcome
from assistant.reminders.schedule import MAX_TIMES, ParseError, parse_remind
from assistant.storage.database import Database
from assistant.telegram import keyboards

CHAT = 77
NOON = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def run(db: Database, request: commands.Request, now: datetime = NOON) -> Outcome:
    return commands.run(Chat(db, CHAT, now), request)


def said(outcome: Outcome) -> str:
    return "\n".join((outcome.title, *outcome.paragraphs))


@pytest.mark.parametrize(
    "typed",
    [
        "hydration every 99999999999h 09:00-21:00",
        "hydration every 99999999999999999999min 09:00-21:00",
        "hydration every 25h 09:00-21:00",
        "hydration every 1e308h 09:00-21:00",
        "hydration 99:99",
        "hydration every 0.0000001h 09:00-10:00",
    ],
)
def test_out_of_range_remind_forms_get_the_usage(db: Database, typed: str) -> None:
    with pytest.raises(ParseError):
        parse_remind(typed.split())
    outcome = run(db, commands.remind(typed.split()))
    assert wording.remind_usage() in said(outcome)
    assert store.list_reminders(db, CHAT) == []


@pytest.mark.parametrize(
    "data",
    [
        "r:snooze:hydration:253402300800",  # year 10000
        "r:snooze:hydration:99999999999999999999999",
        "r:snooze:hydration:-5",
        "r:undo:99999999999999999999999",
        "r:undo:٣",  # a digit, but not ASCII
        "r:set:hydration:2500",
        "r:kind:coffee",
        "r:stop:coffee",
        "r:nonsense",
    ],
)
def test_forged_reminder_buttons_expire_without_touching_the_database(
    db: Database, data: str
) -> None:
    action = keyboards.parse(data)
    assert isinstance(action, commands.Expired)
    assert said(run(db, action)).strip() == wording.EXPIRED


@given(st.text(max_size=64))
@settings(max_examples=300, deadline=None)
def test_any_callback_data_parses_without_raising(data: str) -> None:
    keyboards.parse(data)
    keyboards.parse("r:" + data)
    keyboards.parse("r:snooze:sleep:" + data)


def test_a_snooze_for_a_slot_that_cannot_have_been_sent_is_refused(
    db: Database,
) -> None:
    for origin in (NOON + timedelta(days=365), NOON - timedelta(days=30)):
        assert said(run(db, commands.Snooze("hydration", origin))).strip() == wording.EXPIRED
    assert db.execute("SELECT count(*) FROM snoozes").fetchone()[0] == 0


def test_a_flood_from_one_chat_keeps_its_rows_bounded(db: Database) -> None:
    every = ["hydration", "every", "30min", "00:00-11:30"]  # the most one /remind sets: 24
    tokens = []
    for second in range(600):
        now = NOON + timedelta(seconds=second)
        run(db, commands.remind(every), now)
        run(db, commands.remind(["sleep", *[f"{h:02d}:15" for h in range(24)]]), now)
        stop = run(db, commands.stop([]), now)
        tokens += [
            b.request.token for row in stop.buttons for b in row if hasattr(b.request, "token")
        ]
        run(db, commands.Snooze("hydration", now - timedelta(seconds=second % 90)), now)
        if tokens and second % 3 == 0:
            run(db, commands.Undo(tokens[len(tokens) // 2]), now)
    counts = {
        table: db.execute(f"SELECT count(*) FROM {table} WHERE chat_id = ?", (CHAT,)).fetchone()[0]
        for table in ("reminders", "snoozes", "stopped_reminders")
    }
    assert counts["reminders"] <= 2 * MAX_TIMES
    assert counts["snoozes"] <= store.MAX_SNOOZES
    distinct = db.execute(
        "SELECT count(DISTINCT token) FROM stopped_reminders WHERE chat_id = ?", (CHAT,)
    ).fetchone()[0]
    assert distinct <= store.MAX_UNDO
    assert counts["stopped_reminders"] <= store.MAX_UNDO * 2 * MAX_TIMES


def test_the_snooze_limit_is_said_in_words(db: Database) -> None:
    for minute in range(store.MAX_SNOOZES):
        run(db, commands.Snooze("sleep", NOON - timedelta(minutes=minute)))
    outcome = run(db, commands.Snooze("sleep", NOON - timedelta(minutes=99)))
    assert said(outcome).strip() == wording.too_many_snoozes(store.MAX_SNOOZES)
