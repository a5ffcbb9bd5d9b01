"""Deleting what the database holds about one chat: `/forget`, and chats that left the bot.

Every table keyed by a chat is listed in CHAT_TABLES; `forget_chat` empties them for one chat id
and nothing else. Anonymous tables (`misses`, `topic_counts`) hold no chat id at all and have
their own retention (`statistics.RETENTION`).
"""

from __future__ import annotations

from assistant.storage.database import Database
from assistant.storage.transactions import transaction

# Every table with a chat_id column (tests/test_privacy.py checks the list against the schema).
CHAT_TABLES = (
    "reminders",
    "snoozes",
    "stopped_reminders",
    "tip_counters",
    "deliveries",
    "chat_settings",
)


def forget_chat(db: Database, chat_id: int) -> int:
    """Delete every row about `chat_id` (reminders, time zone, delivery records, undo data);
    other chats are untouched. Returns how many rows went."""
    removed = 0
    with transaction(db):
        for table in CHAT_TABLES:
            cursor = db.execute(f"DELETE FROM {table} WHERE chat_id = ?", (chat_id,))
            removed += max(cursor.rowcount, 0)
    return removed


def unreachable_chats(db: Database) -> list[int]:
    """Chats a reminder found blocked or gone (their reminders already removed, see
    `reminders.store.unsubscribe_chat`) that still have settings or records stored."""
    rows = db.execute(
        """SELECT DISTINCT chat_id FROM deliveries WHERE status = 'blocked'
           AND chat_id NOT IN (SELECT chat_id FROM reminders)"""
    ).fetchall()
    return [int(chat_id) for (chat_id,) in rows]


def forget_unreachable(db: Database) -> int:
    """Forget every chat `unreachable_chats` finds; returns how many chats."""
    chats = unreachable_chats(db)
    for chat_id in chats:
        forget_chat(db, chat_id)
    return len(chats)
