"""A chat's reminder subscriptions: set, list, stop and undo, snooze, time zone, moves.

Each reminder row keeps its next slot (`next_slot_utc`, indexed), so finding what is due costs
O(due) (see `deliveries`, which hands the slots out). Works on the connection from
`assistant.storage`; the chat's zone name is kept by `assistant.storage.chat_settings`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta, tzinfo

from assistant.reminders.model import Reminder, Removal
from assistant.reminders.schedule import MAX_TIMES, format_time, next_send
from assistant.reminders.zones import DEFAULT_ZONE, zone
from assistant.storage.chat_settings import get_timezone, move_settings, set_timezone
from assistant.storage.database import Database
from assistant.storage.transactions import transaction
from assistant.storage.utc import parse_utc, utc_iso

SNOOZE = timedelta(minutes=30)
# Bounds per chat, so no sequence of commands or forged buttons grows the database without
# limit: reminders are at most MAX_TIMES per kind (schedule.py), and besides them
SNOOZE_WINDOW = timedelta(days=2)  # a Snooze button works this long after its reminder
MAX_SNOOZES = 10  # snoozes waiting at once
MAX_UNDO = 5  # /stop removals kept for Undo (older ones are forgotten)


def chat_zone(db: Database, chat_id: int) -> tzinfo:
    """The chat's zone; UTC until the chat sets one."""
    return zone(get_timezone(db, chat_id) or DEFAULT_ZONE)


def _reminders(db: Database, chat_id: int, kind: str | None) -> list[Reminder]:
    rows = db.execute(
        """SELECT kind, local_time, next_slot_utc FROM reminders
           WHERE chat_id = ? AND kind = COALESCE(?, kind) ORDER BY kind, local_time""",
        (chat_id, kind),
    ).fetchall()
    return [Reminder(chat_id, k, time.fromisoformat(t), parse_utc(slot)) for k, t, slot in rows]


def list_reminders(db: Database, chat_id: int) -> list[Reminder]:
    return _reminders(db, chat_id, None)


def _insert(
    db: Database, chat_id: int, kind: str, times: Iterable[time], now_utc: datetime
) -> None:
    tz = chat_zone(db, chat_id)
    for at in times:
        db.execute(
            """INSERT INTO reminders (chat_id, kind, local_time, created_at, next_slot_utc)
               VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            (
                chat_id,
                kind,
                format_time(at),
                utc_iso(now_utc),
                utc_iso(next_send([at], tz, now_utc)),
            ),
        )


def set_reminders(
    db: Database, chat_id: int, kind: str, times: Iterable[time], now_utc: datetime
) -> list[Reminder]:
    """Make `times` the chat's reminders of `kind`; returns the ones this replaced."""
    with transaction(db):
        previous = _reminders(db, chat_id, kind)
        db.execute("DELETE FROM reminders WHERE chat_id = ? AND kind = ?", (chat_id, kind))
        _insert(db, chat_id, kind, times, now_utc)
    return previous


def remove_reminders(db: Database, chat_id: int, kind: str | None, now_utc: datetime) -> Removal:
    """Stop the chat's reminders of `kind` (all kinds if None), keeping them for an undo."""
    token = int(now_utc.timestamp() * 1000)
    with transaction(db):
        removed = _reminders(db, chat_id, kind)
        # Two stops in the same millisecond must not share a token.
        while db.execute(
            "SELECT 1 FROM stopped_reminders WHERE chat_id = ? AND token = ?", (chat_id, token)
        ).fetchone():
            token += 1
        db.executemany(
            """INSERT INTO stopped_reminders (chat_id, token, kind, local_time, stopped_at)
               VALUES (?, ?, ?, ?, ?)""",
            [(chat_id, token, r.kind, format_time(r.time), utc_iso(now_utc)) for r in removed],
        )
        db.execute(
            """DELETE FROM stopped_reminders WHERE chat_id = ? AND token NOT IN (
                   SELECT DISTINCT token FROM stopped_reminders WHERE chat_id = ?
                   ORDER BY token DESC LIMIT ?)""",
            (chat_id, chat_id, MAX_UNDO),
        )
        db.execute(
            "DELETE FROM reminders WHERE chat_id = ? AND kind = COALESCE(?, kind)", (chat_id, kind)
        )
        db.execute(
            "DELETE FROM snoozes WHERE chat_id = ? AND kind = COALESCE(?, kind)", (chat_id, kind)
        )
    return Removal(chat_id, token, tuple(removed))


def undo_removal(db: Database, chat_id: int, token: int, now_utc: datetime) -> list[Reminder]:
    """Bring back what a /stop removed (merged with anything set since); returns it."""
    with transaction(db):
        rows = db.execute(
            """SELECT kind, local_time FROM stopped_reminders WHERE chat_id = ? AND token = ?
               ORDER BY kind, local_time""",
            (chat_id, token),
        ).fetchall()
        for kind, at in rows:
            if len(_reminders(db, chat_id, kind)) < MAX_TIMES:  # merged, never beyond the cap
                _insert(db, chat_id, kind, [time.fromisoformat(at)], now_utc)
        db.execute(
            "DELETE FROM stopped_reminders WHERE chat_id = ? AND token = ?", (chat_id, token)
        )
        restored = {(k, t) for k, t in rows}
        return [r for r in list_reminders(db, chat_id) if (r.kind, format_time(r.time)) in restored]


def change_timezone(db: Database, chat_id: int, tz_name: str, now_utc: datetime) -> None:
    """Set the chat's zone and move its pending slots to the same wall-clock times there."""
    tz = zone(tz_name)
    with transaction(db):
        set_timezone(db, chat_id, tz_name)
        for reminder in list_reminders(db, chat_id):
            db.execute(
                """UPDATE reminders SET next_slot_utc = ?
                   WHERE chat_id = ? AND kind = ? AND local_time = ?""",
                (
                    utc_iso(next_send([reminder.time], tz, now_utc)),
                    chat_id,
                    reminder.kind,
                    format_time(reminder.time),
                ),
            )


def snooze(
    db: Database, chat_id: int, kind: str, now_utc: datetime, origin_utc: datetime
) -> datetime | None:
    """A one-off extra reminder 30 minutes from now; pressing again on the same message
    (same `origin_utc`) keeps the first snooze. Returns when it will come; None when
    MAX_SNOOZES are already waiting."""
    with transaction(db):
        (waiting,) = db.execute(
            "SELECT count(*) FROM snoozes WHERE chat_id = ?", (chat_id,)
        ).fetchone()
        if waiting >= MAX_SNOOZES:
            return None
        db.execute(
            """INSERT INTO snoozes (chat_id, kind, origin_utc, slot_utc) VALUES (?, ?, ?, ?)
               ON CONFLICT DO NOTHING""",
            (chat_id, kind, utc_iso(origin_utc), utc_iso(now_utc + SNOOZE)),
        )
        row = db.execute(
            "SELECT slot_utc FROM snoozes WHERE chat_id = ? AND kind = ? AND origin_utc = ?",
            (chat_id, kind, utc_iso(origin_utc)),
        ).fetchone()
    # Already delivered and gone: the press still means "in 30 minutes", but only once.
    return parse_utc(row[0]) if row else now_utc + SNOOZE


def unsubscribe_chat(db: Database, chat_id: int) -> int:
    """Forget a chat's reminders (blocked the bot, deleted, bot removed from the group).
    Returns how many reminders were removed."""
    with transaction(db):
        removed = db.execute("DELETE FROM reminders WHERE chat_id = ?", (chat_id,)).rowcount
        db.execute("DELETE FROM snoozes WHERE chat_id = ?", (chat_id,))
        db.execute("DELETE FROM stopped_reminders WHERE chat_id = ?", (chat_id,))
        db.execute(
            """UPDATE deliveries SET status = 'blocked'
               WHERE chat_id = ? AND status IN ('sending', 'retry')""",
            (chat_id,),
        )
    return int(removed)


# Each chat table's key besides chat_id: a row moves to the new id unless one is there already.
_CHAT_KEYS = {
    "reminders": ("kind", "local_time"),
    "snoozes": ("kind", "origin_utc"),
    "stopped_reminders": ("token", "kind", "local_time"),
    "tip_counters": ("kind",),
}


def move_chat(db: Database, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup (new id): its reminders and settings move with it."""
    with transaction(db):
        for table, key in _CHAT_KEYS.items():
            same = " AND ".join(f"taken.{column} = {table}.{column}" for column in key)
            db.execute(
                f"""UPDATE {table} SET chat_id = ? WHERE chat_id = ? AND NOT EXISTS (
                        SELECT 1 FROM {table} AS taken WHERE taken.chat_id = ? AND {same})""",
                (new_chat_id, old_chat_id, new_chat_id),
            )
            db.execute(f"DELETE FROM {table} WHERE chat_id = ?", (old_chat_id,))
        move_settings(db, old_chat_id, new_chat_id)
