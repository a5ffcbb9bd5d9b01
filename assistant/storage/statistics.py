"""Anonymous usage counts: questions the bot could not answer, and topics asked about.

No user or chat id is stored: curators only need the question and how often it came.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from assistant.storage.transactions import transaction
from assistant.storage.utc import utc_iso

MAX_MISS_CHARS = 300


def normalise_question(text: str) -> str:
    return " ".join(text.casefold().split())[:MAX_MISS_CHARS]


def record_miss(db: sqlite3.Connection, text: str, now: datetime | None = None) -> None:
    """Count a question the bot could not answer (for `kb misses`)."""
    question = normalise_question(text)
    if not question:
        return
    stamp = utc_iso(now or datetime.now(UTC))
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
