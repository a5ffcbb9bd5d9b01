"""The bot's SQLite database: one file under BOT_DATA_DIR, a versioned schema, small helpers.

The database is the source of truth for everything that must survive a restart (or a kill -9):
chat settings, reminder subscriptions, delivery records, and anonymous usage counts. Reminder
queries live in `assistant.reminders.store`; this module owns the connection and the schema.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DB_FILENAME = "bot.sqlite3"
MAX_MISS_CHARS = 300

# Append only: each entry moves the schema one version up (PRAGMA user_version). Never edit a
# released entry, since databases in the field have already applied it.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        # No user or chat id here on purpose: curators only need the question and how often.
        """CREATE TABLE misses (
            question TEXT PRIMARY KEY,
            count INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        )""",
        """CREATE TABLE topic_counts (
            topic TEXT PRIMARY KEY,
            count INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE chat_settings (
            chat_id INTEGER PRIMARY KEY,
            timezone TEXT
        )""",
        # next_slot_utc is the next instant this reminder is due; the dispatcher asks the index
        # for rows at or before "now", so a tick costs O(due), not O(subscribers).
        """CREATE TABLE reminders (
            chat_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('hydration', 'sleep')),
            local_time TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
            created_at TEXT NOT NULL,
            next_slot_utc TEXT NOT NULL,
            PRIMARY KEY (chat_id, kind, local_time)
        ) WITHOUT ROWID""",
        "CREATE INDEX reminders_due ON reminders (next_slot_utc)",
        # One row per (chat, kind, slot): the UNIQUE constraint is what makes "never sent twice"
        # hold across concurrent ticks and restarts.
        """CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            slot_utc TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('sending', 'retry', 'sent', 'skipped', 'blocked', 'expired', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            tip_index INTEGER NOT NULL DEFAULT 0,
            next_attempt_utc TEXT,
            sent_at TEXT,
            UNIQUE (chat_id, kind, slot_utc)
        )""",
        "CREATE INDEX deliveries_retry ON deliveries (next_attempt_utc) WHERE status = 'retry'",
        "CREATE INDEX deliveries_slot ON deliveries (slot_utc)",
        # Keyed by the slot of the message whose button was pressed, so a double tap snoozes once.
        """CREATE TABLE snoozes (
            chat_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            origin_utc TEXT NOT NULL,
            slot_utc TEXT NOT NULL,
            PRIMARY KEY (chat_id, kind, origin_utc)
        ) WITHOUT ROWID""",
        "CREATE INDEX snoozes_due ON snoozes (slot_utc)",
        # What /stop removed, kept so the "Undo" button works even after a restart.
        """CREATE TABLE stopped_reminders (
            chat_id INTEGER NOT NULL,
            token INTEGER NOT NULL,
            kind TEXT NOT NULL,
            local_time TEXT NOT NULL,
            stopped_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, token, kind, local_time)
        ) WITHOUT ROWID""",
        """CREATE TABLE tip_counters (
            chat_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            next_index INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (chat_id, kind)
        ) WITHOUT ROWID""",
    ),
)


class Database(sqlite3.Connection):
    """A connection that carries a lock, so transactions from two threads never interleave."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock = threading.RLock()


def utc_iso(moment: datetime) -> str:
    """Fixed-width UTC text, so SQL string comparison orders instants correctly."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT; joins an enclosing transaction instead of nesting."""
    lock = getattr(db, "lock", None) or threading.RLock()
    with lock:
        if db.in_transaction:
            yield db
            return
        # IMMEDIATE takes the write lock up front, so read-then-write cannot be raced.
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def open_database(data_dir: Path) -> sqlite3.Connection:
    """Open (creating if needed) `<data_dir>/bot.sqlite3` and bring its schema up to date."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(
        data_dir / DB_FILENAME,
        factory=Database,
        check_same_thread=False,
        # Autocommit mode: transactions are explicit (see `transaction`), never implicit.
        isolation_level=None,
        timeout=10.0,
    )
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL loses nothing on a process crash (kill -9), only on power loss.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> int:
    """Apply pending migrations, each in its own transaction; returns the final version."""
    for version, statements in enumerate(MIGRATIONS, start=1):
        with transaction(db):
            # Re-read inside the write lock: another process may have migrated meanwhile.
            if schema_version(db) >= version:
                continue
            for statement in statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version}")
    return schema_version(db)


def _now(now: datetime | None) -> str:
    return utc_iso(now or datetime.now(UTC))


def normalise_question(text: str) -> str:
    return " ".join(text.casefold().split())[:MAX_MISS_CHARS]


def record_miss(db: sqlite3.Connection, text: str, now: datetime | None = None) -> None:
    """Count a question the bot could not answer (for `kb misses`)."""
    question = normalise_question(text)
    if not question:
        return
    stamp = _now(now)
    with transaction(db):
        db.execute(
            """INSERT INTO misses (question, count, first_seen, last_seen) VALUES (?, 1, ?, ?)
               ON CONFLICT (question)
               DO UPDATE SET count = count + 1, last_seen = excluded.last_seen""",
            (question, stamp, stamp),
        )


def top_misses(db: sqlite3.Connection, limit: int = 20) -> list[tuple[str, int]]:
    rows = db.execute(
        "SELECT question, count FROM misses ORDER BY count DESC, last_seen DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [(str(question), int(count)) for question, count in rows]


def record_topic(db: sqlite3.Connection, topic: str) -> None:
    with transaction(db):
        db.execute(
            """INSERT INTO topic_counts (topic, count) VALUES (?, 1)
               ON CONFLICT (topic) DO UPDATE SET count = count + 1""",
            (topic,),
        )


def top_topics(db: sqlite3.Connection, limit: int = 10) -> list[str]:
    rows = db.execute(
        "SELECT topic FROM topic_counts ORDER BY count DESC, topic LIMIT ?", (limit,)
    ).fetchall()
    return [str(topic) for (topic,) in rows]


def get_timezone(db: sqlite3.Connection, chat_id: int) -> str | None:
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
