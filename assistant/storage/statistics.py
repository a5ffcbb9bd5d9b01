"""Anonymous usage counts: questions the bot could not answer, and topics asked about.

No user or chat id is stored: curators only need the question and how often it came. Before a
question is stored it is scrubbed of what could identify someone (`scrub`: e-mail addresses,
@names, links, digits, and the names people give: "I'm Anna", "my son Tom"), and a question is
kept for RETENTION after it was first recorded, then deleted (`prune_misses`); `top_misses`
never lists older ones, even before the hourly clean-up has run.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from assistant.storage.database import Database
from assistant.storage.transactions import transaction
from assistant.storage.utc import utc_iso

MAX_MISS_CHARS = 300
RETENTION = timedelta(days=90)
REMOVED = "…"  # what stands in for a removed piece, so curators see something was there

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"@\w+")
# Numbers (ages, dates, phone numbers), but not a vitamin's name: "b12", "d3" stay.
_DIGITS = re.compile(r"(?<!\w)\+?\d+(?:[\s.,:/()+-]*\d+)*")
# "my name is Anna", "I'm Tom", "call me Jo", "this is Sam", "my son Ben", "my wife, Mary":
# after "my name is" / "call me" the next word is a name however it is typed; after "I'm",
# "this is" or "my son" only a capitalised word is ("I'm tired" keeps its word).
_RELATIONS = (
    "son|daughter|kid|child|boy|girl|wife|husband|partner|mum|mom|mother|dad|father|"
    "brother|sister|friend|boyfriend|girlfriend|grandma|grandmother|grandpa|grandfather|"
    "aunt|uncle|cousin|colleague|boss|baby|fiance|fiancee|niece|nephew"
)
_SURNAME = r"(?:\s+(?-i:[A-Z])[\w'-]*)?"
_NAMED_ALWAYS = re.compile(
    rf"(?i:\b(my name is|my name's|i am called|i'm called|call me|name:))\s+\w[\w'-]*{_SURNAME}"
)
_NAMED_CAPITAL = re.compile(
    rf"(?i:\b(i am|i'm|im|this is|it's|it is|(?:my|our) (?:{_RELATIONS}))[,:]?)\s+"
    rf"[A-Z][\w'-]*{_SURNAME}"
)


def _cut(text: str) -> str:
    """E-mail addresses, links, @names and numbers out: safe to apply to any text, twice."""
    for pattern in (_EMAIL, _LINK, _HANDLE, _DIGITS):
        text = pattern.sub(REMOVED, text)
    return text


def scrub(text: str) -> str:
    """The question as typed, without e-mail addresses, links, @names, numbers and the names
    people give. Run it before any normalising: names are recognised by their capitals."""
    text = _cut(text)
    text = _NAMED_ALWAYS.sub(lambda m: f"{m.group(1)} {REMOVED}", text)
    return _NAMED_CAPITAL.sub(lambda m: f"{m.group(1)} {REMOVED}", text)


def normalise_question(text: str) -> str:
    return " ".join(_cut(text).casefold().split())[:MAX_MISS_CHARS]


def record_miss(db: Database, text: str, now: datetime | None = None) -> None:
    """Count a question the bot could not answer (for `kb misses`), scrubbed first."""
    question = normalise_question(text)
    if not question.strip(f" {REMOVED}"):
        return
    now = now or datetime.now(UTC)
    stamp = utc_iso(now)
    with transaction(db):
        # A row past its retention (not yet pruned) starts again, rather than living on.
        db.execute(
            """INSERT INTO misses (question, count, first_seen, last_seen) VALUES (?, 1, ?, ?)
               ON CONFLICT (question) DO UPDATE SET
                   count = CASE WHEN misses.first_seen < ? THEN 1 ELSE misses.count + 1 END,
                   first_seen = CASE WHEN misses.first_seen < ? THEN excluded.first_seen
                                ELSE misses.first_seen END,
                   last_seen = excluded.last_seen""",
            (question, stamp, stamp, _cutoff(now), _cutoff(now)),
        )


def _cutoff(now: datetime | None) -> str:
    return utc_iso((now or datetime.now(UTC)) - RETENTION)


def top_misses(db: Database, limit: int = 20, now: datetime | None = None) -> list[tuple[str, int]]:
    """The most frequent unanswered questions first recorded within RETENTION of `now`."""
    rows = db.execute(
        """SELECT question, count FROM misses WHERE first_seen >= ?
           ORDER BY count DESC, last_seen DESC LIMIT ?""",
        (_cutoff(now), limit),
    ).fetchall()
    return [(str(question), int(count)) for question, count in rows]


def prune_misses(db: Database, now: datetime | None = None) -> int:
    """Delete questions first recorded more than RETENTION ago; returns how many."""
    with transaction(db):
        cursor = db.execute("DELETE FROM misses WHERE first_seen < ?", (_cutoff(now),))
    return int(cursor.rowcount)


def record_topic(db: Database, topic: str) -> None:
    with transaction(db):
        db.execute(
            """INSERT INTO topic_counts (topic, count) VALUES (?, 1)
               ON CONFLICT (topic) DO UPDATE SET count = topic_counts.count + 1""",
            (topic,),
        )


def top_topics(db: Database, limit: int = 10) -> list[str]:
    rows = db.execute(
        "SELECT topic FROM topic_counts ORDER BY count DESC, topic LIMIT ?", (limit,)
    ).fetchall()
    return [str(topic) for (topic,) in rows]
