"""Per-chat settings: the time zone's name, and the topic of the chat's last answer (so a
follow-up like "and the foods?" works whichever process gets it). The only place their SQL is
written."""

from __future__ import annotations

from assistant.storage.database import Database
from assistant.storage.transactions import transaction


def get_timezone(db: Database, chat_id: int) -> str | None:
    """The zone name the chat chose, or None (the chat has not chosen: UTC)."""
    row = db.execute("SELECT timezone FROM chat_settings WHERE chat_id = ?", (chat_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def set_timezone(db: Database, chat_id: int, tz: str | None) -> None:
    """Store a chat's zone name. Callers with reminders use `reminders.store.change_timezone`,
    which also moves the pending slots."""
    with transaction(db):
        db.execute(
            """INSERT INTO chat_settings (chat_id, timezone) VALUES (?, ?)
               ON CONFLICT (chat_id) DO UPDATE SET timezone = excluded.timezone""",
            (chat_id, tz),
        )


def get_last_topic(db: Database, chat_id: int) -> str | None:
    """The topic of the last answer in this chat, or None."""
    row = db.execute(
        "SELECT last_topic FROM chat_settings WHERE chat_id = ?", (chat_id,)
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def set_last_topic(db: Database, chat_id: int, topic: str) -> None:
    with transaction(db):
        db.execute(
            """INSERT INTO chat_settings (chat_id, last_topic) VALUES (?, ?)
               ON CONFLICT (chat_id) DO UPDATE SET last_topic = excluded.last_topic""",
            (chat_id, topic),
        )


def move_settings(db: Database, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup (new id): its settings follow, unless the new id has some."""
    with transaction(db):
        db.execute(
            """INSERT INTO chat_settings (chat_id, timezone, last_topic)
               SELECT ?, timezone, last_topic FROM chat_settings WHERE chat_id = ?
               ON CONFLICT DO NOTHING""",
            (new_chat_id, old_chat_id),
        )
        db.execute("DELETE FROM chat_settings WHERE chat_id = ?", (old_chat_id,))
