"""Due slots and their delivery records: the "once per slot, nothing lost" half of the store.

Claiming a slot inserts its delivery record under UNIQUE(chat, kind, slot) and moves the
reminder on to its next slot in the same transaction, so a concurrent tick or a restarted
process that asks again gets nothing.

Delivery states: sending -> sent | retry | blocked | failed; retry -> sending (again) | expired;
skipped when a slot is claimed 30 minutes or more after its time (the bot was down).

Claims and their lease. A row in 'sending' is a claim held by the process that made it, for
as long as that process lives: nothing else ever takes it back. With SQLite exactly one
process owns the database (`storage.ownership`: the data directory's lock, the bot id), so at
start that process knows every 'sending' row is its own dead predecessor's and releases them
(`release_inflight`), and no process that merely meets `Conflict` ever can. Several processes
on one database (PostgreSQL) would need the claim to name its holder and a lease expiry
(e.g. `claimed_by`, `lease_until` columns, renewed while sending), and `release_inflight` to
take back only expired leases; the rest of this module stays as it is.

Duplicates. A send that Telegram accepted but whose 'sent' was not yet written when the
process died is sent again after the restart: at most the sends in flight at that instant
(`dispatch.DEFAULT_CONCURRENCY` per crash). A clean stop repeats nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Literal

from assistant.reminders.schedule import next_send
from assistant.reminders.store import chat_zone
from assistant.storage.transactions import transaction
from assistant.storage.utc import parse_utc, utc_iso

# A slot is still worth sending this late (e.g. right after a restart); later it is skipped.
CATCH_UP = timedelta(minutes=30)
# A slot still failing this long after its time is dropped: the next day's slot replaces it.
RETRY_HORIZON = timedelta(hours=12)

Source = Literal["reminder", "snooze", "retry"]


@dataclass(frozen=True, slots=True)
class DueSlot:
    chat_id: int
    kind: str
    slot_utc: datetime
    source: Source
    key: str  # reminder: its local time "HH:MM"; snooze: the origin slot; retry: the slot


@dataclass(frozen=True, slots=True)
class Delivery:
    """A claimed slot: send it, then report with mark_sent / mark_retry / unsubscribe_chat."""

    chat_id: int
    kind: str
    slot_utc: datetime
    attempt: int
    tip_index: int


@dataclass(slots=True)
class ClaimResult:
    deliveries: list[Delivery] = field(default_factory=list)
    skipped: int = 0  # too late to be useful, recorded as skipped
    expired: int = 0  # retried for RETRY_HORIZON without success
    taken: int = 0  # claimed by someone else first (or a duplicate slot)


_DUE_QUERIES: tuple[tuple[Source, str], ...] = (
    (
        "retry",
        """SELECT chat_id, kind, slot_utc, slot_utc FROM deliveries
           WHERE status = 'retry' AND next_attempt_utc <= ? ORDER BY next_attempt_utc LIMIT ?""",
    ),
    (
        "reminder",
        """SELECT chat_id, kind, next_slot_utc, local_time FROM reminders
           WHERE next_slot_utc <= ? ORDER BY next_slot_utc LIMIT ?""",
    ),
    (
        "snooze",
        """SELECT chat_id, kind, slot_utc, origin_utc FROM snoozes
           WHERE slot_utc <= ? ORDER BY slot_utc LIMIT ?""",
    ),
)


def due_slots(db: sqlite3.Connection, now_utc: datetime, limit: int = 1000) -> list[DueSlot]:
    """Up to `limit` slots due at `now_utc` (retries, reminders, snoozes), each source oldest
    first. Every query walks an index from its oldest entry, so this costs O(due)."""
    now = utc_iso(now_utc)
    due: list[DueSlot] = []
    for source, sql in _DUE_QUERIES:
        if len(due) >= limit:
            break
        rows = db.execute(sql, (now, limit - len(due))).fetchall()
        due.extend(DueSlot(int(c), str(k), parse_utc(s), source, str(key)) for c, k, s, key in rows)
    return due


def _record(db: sqlite3.Connection, due: DueSlot, now_utc: datetime, result: ClaimResult) -> None:
    """Insert the delivery record for a fresh slot; the UNIQUE constraint settles races."""
    late = now_utc - due.slot_utc
    status = "sending" if late < CATCH_UP else "skipped"
    inserted = db.execute(
        """INSERT INTO deliveries (chat_id, kind, slot_utc, status, attempts, next_attempt_utc)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
        (
            due.chat_id,
            due.kind,
            utc_iso(due.slot_utc),
            status,
            int(status == "sending"),
            utc_iso(now_utc),
        ),
    ).rowcount
    if not inserted:
        result.taken += 1
        return
    if status == "skipped":
        result.skipped += 1
        return
    (tip_index,) = db.execute(
        """INSERT INTO tip_counters (chat_id, kind, next_index) VALUES (?, ?, 1)
           ON CONFLICT DO UPDATE SET next_index = next_index + 1 RETURNING next_index - 1""",
        (due.chat_id, due.kind),
    ).fetchone()
    db.execute(
        "UPDATE deliveries SET tip_index = ? WHERE chat_id = ? AND kind = ? AND slot_utc = ?",
        (tip_index, due.chat_id, due.kind, utc_iso(due.slot_utc)),
    )
    result.deliveries.append(Delivery(due.chat_id, due.kind, due.slot_utc, 1, int(tip_index)))


def _claim_reminder(
    db: sqlite3.Connection, due: DueSlot, now_utc: datetime, result: ClaimResult
) -> None:
    key = (due.chat_id, due.kind, due.key)
    row = db.execute(
        "SELECT next_slot_utc FROM reminders WHERE chat_id = ? AND kind = ? AND local_time = ?",
        key,
    ).fetchone()
    if row is None or row[0] != utc_iso(due.slot_utc):
        result.taken += 1  # stopped, rescheduled, or another tick got here first
        return
    # After a long outage, jump straight to the first slot still inside the catch-up window
    # (possibly one due right now) instead of walking through every missed day.
    after = max(due.slot_utc, now_utc - CATCH_UP)
    upcoming = next_send([time.fromisoformat(due.key)], chat_zone(db, due.chat_id), after)
    db.execute(
        "UPDATE reminders SET next_slot_utc = ? WHERE chat_id = ? AND kind = ? AND local_time = ?",
        (utc_iso(upcoming), *key),
    )
    _record(db, due, now_utc, result)
    if upcoming <= now_utc:
        # The slot just skipped was days old, and a recent one is still worth sending.
        _claim_reminder(db, replace(due, slot_utc=upcoming), now_utc, result)


def _claim_snooze(
    db: sqlite3.Connection, due: DueSlot, now_utc: datetime, result: ClaimResult
) -> None:
    deleted = db.execute(
        "DELETE FROM snoozes WHERE chat_id = ? AND kind = ? AND origin_utc = ?",
        (due.chat_id, due.kind, due.key),
    ).rowcount
    if not deleted:
        result.taken += 1
        return
    _record(db, due, now_utc, result)


def _claim_retry(
    db: sqlite3.Connection, due: DueSlot, now_utc: datetime, result: ClaimResult
) -> None:
    key = (due.chat_id, due.kind, utc_iso(due.slot_utc))
    row = db.execute(
        """SELECT attempts, tip_index, next_attempt_utc FROM deliveries
           WHERE chat_id = ? AND kind = ? AND slot_utc = ? AND status = 'retry'""",
        key,
    ).fetchone()
    if row is None:
        result.taken += 1
        return
    attempts, tip_index, next_attempt = int(row[0]), int(row[1]), parse_utc(row[2])
    if now_utc - due.slot_utc >= RETRY_HORIZON:
        status = "expired"
        result.expired += 1
    elif now_utc - next_attempt >= CATCH_UP:
        # Its retry fell due while the bot was down: same catch-up rule as a missed slot.
        status = "skipped"
        result.skipped += 1
    else:
        status = "sending"
        attempts += 1
        result.deliveries.append(Delivery(due.chat_id, due.kind, due.slot_utc, attempts, tip_index))
    db.execute(
        """UPDATE deliveries SET status = ?, attempts = ?, next_attempt_utc = ?
           WHERE chat_id = ? AND kind = ? AND slot_utc = ?""",
        (status, attempts, utc_iso(now_utc), *key),
    )


_CLAIMS = {"reminder": _claim_reminder, "snooze": _claim_snooze, "retry": _claim_retry}


def claim_slots(db: sqlite3.Connection, dues: Iterable[DueSlot], now_utc: datetime) -> ClaimResult:
    """Claim due slots in one transaction; only the returned deliveries may be sent.

    A slot 30 minutes or more late is recorded as skipped rather than sent."""
    result = ClaimResult()
    with transaction(db):
        for due in dues:
            _CLAIMS[due.source](db, due, now_utc, result)
    return result


def claim_slot(db: sqlite3.Connection, due: DueSlot, now_utc: datetime) -> Delivery | None:
    """Claim one slot: the delivery to send, or None (already claimed, or skipped as late)."""
    claimed = claim_slots(db, [due], now_utc).deliveries
    return claimed[0] if claimed else None


def _finish(db: sqlite3.Connection, delivery: Delivery, sql: str, *values: str) -> None:
    with transaction(db):
        db.execute(
            sql + " WHERE chat_id = ? AND kind = ? AND slot_utc = ? AND status = 'sending'",
            (*values, delivery.chat_id, delivery.kind, utc_iso(delivery.slot_utc)),
        )


def mark_sent(db: sqlite3.Connection, delivery: Delivery, now_utc: datetime) -> None:
    _finish(db, delivery, "UPDATE deliveries SET status = 'sent', sent_at = ?", utc_iso(now_utc))


def mark_retry(db: sqlite3.Connection, delivery: Delivery, retry_at: datetime) -> None:
    """Telegram said "later" (429, network): the slot stays pending until `retry_at`."""
    _finish(
        db,
        delivery,
        "UPDATE deliveries SET status = 'retry', next_attempt_utc = ?",
        utc_iso(retry_at),
    )


def mark_failed(db: sqlite3.Connection, delivery: Delivery) -> None:
    """Telegram refused this message for good (e.g. no right to post): not retried."""
    _finish(db, delivery, "UPDATE deliveries SET status = 'failed'")


def release_inflight(db: sqlite3.Connection) -> int:
    """At start-up: sends interrupted by a crash or kill are due again (as retries).

    Call only in the process that owns the database (see the module's note on claims), before
    it starts dispatching. A message that reached Telegram in the instant before a kill -9 is
    sent again (at most the sends in flight); the far likelier case, a message waiting in
    the rate limiter, would otherwise be lost. Its claim time stays as the retry time, so the
    30-minute catch-up rule applies to it like to any missed slot."""
    with transaction(db):
        return int(
            db.execute("UPDATE deliveries SET status = 'retry' WHERE status = 'sending'").rowcount
        )


def prune_deliveries(db: sqlite3.Connection, before: datetime) -> int:
    """Drop finished delivery records (and stale undo data) older than `before`.

    Slots older than the catch-up window can never be claimed again, so a margin of a few days
    keeps the de-duplication intact while the table stays small."""
    stamp = utc_iso(before)
    with transaction(db):
        db.execute("DELETE FROM stopped_reminders WHERE stopped_at < ?", (stamp,))
        return int(
            db.execute(
                "DELETE FROM deliveries WHERE slot_utc < ? AND status NOT IN ('sending', 'retry')",
                (stamp,),
            ).rowcount
        )


def delivery_status(
    db: sqlite3.Connection, chat_id: int, kind: str, slot_utc: datetime
) -> str | None:
    row = db.execute(
        "SELECT status FROM deliveries WHERE chat_id = ? AND kind = ? AND slot_utc = ?",
        (chat_id, kind, utc_iso(slot_utc)),
    ).fetchone()
    return None if row is None else str(row[0])
