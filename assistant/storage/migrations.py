"""The schema of every table, as an append-only list of migrations (PRAGMA user_version).

An existing database opens and moves up version by version; a new one goes through them all.
"""

from __future__ import annotations

from assistant.storage.database import Database
from assistant.storage.transactions import transaction

# Append only: each entry moves the schema one version up (PRAGMA user_version in SQLite, the
# schema_version table in PostgreSQL). Never edit a released entry, since databases in the field
# have already applied it. Written in SQLite's DDL; `Dialect.ddl` makes PostgreSQL's of it.
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
    (
        # The kinds the database accepts, one row each (`assistant.reminders.kinds` has the
        # rest). Adding a kind is a migration of one INSERT, not a rebuild of `reminders`.
        "CREATE TABLE reminder_kinds (id TEXT PRIMARY KEY) WITHOUT ROWID",
        "INSERT INTO reminder_kinds (id) VALUES ('hydration'), ('sleep')",
        # `reminders` rebuilt with a foreign key in place of the CHECK listing the kinds.
        """CREATE TABLE reminders_v2 (
            chat_id INTEGER NOT NULL,
            kind TEXT NOT NULL REFERENCES reminder_kinds (id),
            local_time TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
            created_at TEXT NOT NULL,
            next_slot_utc TEXT NOT NULL,
            PRIMARY KEY (chat_id, kind, local_time)
        ) WITHOUT ROWID""",
        """INSERT INTO reminders_v2 (chat_id, kind, local_time, created_at, next_slot_utc)
           SELECT chat_id, kind, local_time, created_at, next_slot_utc FROM reminders""",
        "DROP TABLE reminders",
        "ALTER TABLE reminders_v2 RENAME TO reminders",
        "CREATE INDEX reminders_due ON reminders (next_slot_utc)",
    ),
    (
        # Facts about the database itself; today 'bot_id', the Telegram bot it belongs to
        # (`assistant.storage.ownership`), so another bot's token cannot send its reminders.
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    ),
    (
        # The chat's last topic, for follow-ups ("and the foods?"), in the database so the next
        # message finds it after a restart or on another process.
        "ALTER TABLE chat_settings ADD COLUMN last_topic TEXT",
        # Claims name their holder and a lease (`reminders.deliveries`), so several processes
        # can share one database: an expired lease is taken over, a late 'sent' is fenced off.
        "ALTER TABLE deliveries ADD COLUMN owner TEXT",
        "ALTER TABLE deliveries ADD COLUMN lease_until TEXT",
        "CREATE INDEX deliveries_leases ON deliveries (lease_until) WHERE status = 'sending'",
        "CREATE INDEX deliveries_owner ON deliveries (owner) WHERE status = 'sending'",
    ),
)


def schema_version(db: Database) -> int:
    return int(db.execute(db.dialect.version_query).fetchone()[0])


def migrate(db: Database) -> int:
    """Apply pending migrations, each in its own transaction; returns the final version."""
    for version, statements in enumerate(MIGRATIONS, start=1):
        with transaction(db):
            for statement in db.dialect.migration_setup:
                db.execute(statement)
            # Re-read inside the write lock: another process may have migrated meanwhile.
            if schema_version(db) >= version:
                continue
            for statement in statements:
                db.execute(db.dialect.ddl(statement))
            db.execute(db.dialect.version_update.format(version=version))
    return schema_version(db)
