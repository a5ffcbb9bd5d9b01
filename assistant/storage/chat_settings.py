"""Per-chat settings (today: the time zone's name). The only place their SQL is written."""

from __future__ import annotations

import sqlite3

from assistant.storage.transactions import transaction


def get_timezone(db: sqlite3.Connection, chat_id: int) -> str | None:
    """The zone name the chat chose, or None (the chat has not chosen: UTC)."""
    row = db.execute("SELECT timezone FROM chat_settings WHERE chat_id = ?", (chat_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def set_timezone(db: sqlite3.Connection, chat_id: int, tz: str | None) -> None:
    """Store a chat's zone name. Callers with reminders use `reminders.store.change_timezone`,
    which also moves the pending slots."""
    with transaction(db):
        db.execute(
            """INSERT INTO chat_settings (chat_id, timezone) VALUES (?, ?)
               ON CONFLICT (chat_id) DO UPDATE SET timezone = excluded.timezone""",
            (chat_id, tz),
        )


def move_settings(db: sqlite3.Connection, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup (new id): its settings follow, unless the new id has some."""
    with transaction(db):
        db.execute(
            """INSERT OR IGNORE INTO chat_settings (chat_id, timezone)
               SELECT ?, timezone FROM chat_settings WHERE chat_id = ?""",
            (new_chat_id, old_chat_id),
        )
        db.execute("DELETE FROM chat_settings WHERE chat_id = ?", (old_chat_id,))
