"""What each reminder command does to a chat, returned as the words to confirm it.

Telegram-agnostic (the Telegram layer turns a `Notice` into a Reply and sends it), so the
whole command flow can be tested with a database and a clock only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from assistant.reminders import store, wording
from assistant.storage import chat_settings


@dataclass(frozen=True, slots=True)
class Notice:
    title: str
    paragraphs: tuple[str, ...]


def set_times(
    db: sqlite3.Connection, chat_id: int, kind: str, times: Sequence[time], now: datetime
) -> Notice:
    store.set_reminders(db, chat_id, kind, times, now)
    mine = [r for r in store.list_reminders(db, chat_id) if r.kind == kind]
    zone_name = chat_settings.get_timezone(db, chat_id)
    paragraphs = wording.confirm_set(kind, mine, store.chat_zone(db, chat_id), zone_name, now)
    return Notice(f"{wording.LABELS[kind]} reminders on", paragraphs)


def listing(db: sqlite3.Connection, chat_id: int, now: datetime, private: bool) -> Notice:
    tz, zone_name = store.chat_zone(db, chat_id), chat_settings.get_timezone(db, chat_id)
    paragraphs = wording.listing(store.list_reminders(db, chat_id), tz, zone_name, now)
    return Notice("Your reminders" if private else "This chat's reminders", paragraphs)


def stop(
    db: sqlite3.Connection, chat_id: int, kind: str | None, now: datetime
) -> tuple[Notice, int | None]:
    """Stop reminders; the token (None if nothing stopped) is what an "Undo" button carries."""
    removal = store.remove_reminders(db, chat_id, kind, now)
    notice = Notice("Reminders", wording.stopped(removal.reminders, kind))
    return notice, (removal.token if removal.reminders else None)


def undo(db: sqlite3.Connection, chat_id: int, token: int, now: datetime) -> Notice:
    back = store.undo_removal(db, chat_id, token, now)
    return Notice("Reminders", wording.restored(back, store.chat_zone(db, chat_id), now))


def set_zone(db: sqlite3.Connection, chat_id: int, zone_name: str, now: datetime) -> Notice:
    store.change_timezone(db, chat_id, zone_name, now)
    tz = store.chat_zone(db, chat_id)
    paragraphs = [wording.zone_now(zone_name, tz, now)]
    listed = store.list_reminders(db, chat_id)
    if listed:
        paragraphs.append("Your reminders now follow this time zone.")
        paragraphs.extend(wording.listing(listed, tz, zone_name, now)[:-1])
    return Notice("Time zone set", tuple(paragraphs))


def settings(db: sqlite3.Connection, chat_id: int, now: datetime) -> Notice:
    zone_name = chat_settings.get_timezone(db, chat_id)
    current = (
        wording.zone_now(zone_name, store.chat_zone(db, chat_id), now)
        if zone_name
        else wording.zone_line(None)
    )
    return Notice("Settings", (current, wording.SETTINGS_USAGE))


def snooze(
    db: sqlite3.Connection, chat_id: int, kind: str, now: datetime, origin: datetime
) -> Notice:
    at = store.snooze(db, chat_id, kind, now, origin)
    return Notice("", (wording.snoozed(kind, at, store.chat_zone(db, chat_id)),))
