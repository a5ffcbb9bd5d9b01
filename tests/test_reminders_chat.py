"""What the reminder commands tell a chat: confirmations, listings, stop and undo."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from assistant import storage
from assistant.reminders import chat, wording

CHAT = 5
NOON = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)  # a Friday


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    return storage.open_database(tmp_path)


def text(notice: chat.Notice) -> str:
    return "\n".join((notice.title, *notice.paragraphs))


def test_confirmation_says_utc_until_a_zone_is_set(db: sqlite3.Connection) -> None:
    said = text(chat.set_times(db, CHAT, "hydration", [time(9), time(13), time(17)], NOON))
    assert "09:00, 13:00 and 17:00" in said
    assert "Next: today at 13:00" in said
    assert "UTC because this chat has no time zone" in said
    assert "/settings timezone" in said


def test_after_setting_a_zone_times_are_that_zones(db: sqlite3.Connection) -> None:
    chat.set_zone(db, CHAT, "America/New_York", NOON)  # 08:00 in New York
    said = text(chat.set_times(db, CHAT, "hydration", [time(9)], NOON))
    assert "Next: today at 09:00" in said
    assert "Times are in America/New_York." in said
    assert "UTC because" not in said


def test_listing_shows_next_send_in_the_chats_zone(db: sqlite3.Connection) -> None:
    chat.set_times(db, CHAT, "sleep", [time(22, 30)], NOON)
    chat.set_times(db, CHAT, "hydration", [time(9)], NOON)
    said = chat.set_zone(db, CHAT, "Asia/Tokyo", NOON)  # 21:00 in Tokyo
    assert "It is 21:00 there now" in text(said)
    listed = text(chat.listing(db, CHAT, NOON, private=True))
    assert "Hydration: 09:00; next tomorrow at 09:00." in listed
    assert "Sleep: 22:30; next today at 22:30." in listed
    assert "Asia/Tokyo" in listed
    empty = text(chat.listing(db, 99, NOON, private=False))
    assert "No reminders yet" in empty
    assert empty.startswith("This chat's reminders")


def test_stop_offers_undo_only_when_something_stopped(db: sqlite3.Connection) -> None:
    chat.set_times(db, CHAT, "hydration", [time(9)], NOON)
    said, token = chat.stop(db, CHAT, "sleep", NOON)
    assert token is None
    assert "no sleep reminders" in text(said)
    said, token = chat.stop(db, CHAT, None, NOON)
    assert token is not None
    assert "Hydration at 09:00: stopped." in text(said)
    assert "is back" in text(chat.undo(db, CHAT, token, NOON))
    assert wording.NOTHING_TO_UNDO in text(chat.undo(db, CHAT, token, NOON))


def test_snooze_says_when_in_local_time(db: sqlite3.Connection) -> None:
    chat.set_zone(db, CHAT, "Europe/Berlin", NOON)
    said = text(chat.snooze(db, CHAT, "hydration", NOON, NOON))
    assert "at 14:30" in said  # 12:30 UTC is 14:30 in Berlin (summer time)


def test_when_reads_naturally() -> None:
    assert wording.when(datetime(2026, 5, 5, 9, tzinfo=UTC), UTC, NOON) == "Tue 5 May at 09:00"
    assert wording.join_times([time(9), time(13)]) == "09:00 and 13:00"
