"""Due slots and their delivery records: the "once per slot, nothing lost" half of the store.

Claiming a slot inserts its delivery record under UNIQUE(chat, kind, slot) and moves the
reminder on to its next slot in the same transaction, so a concurrent tick or a restarted
process that asks again gets nothing.

Delivery states: sending -> sent | retry | blocked | failed; retry -> sending (again) | expired;
skipped when a slot is claimed 30 minutes or more after its time (the bot was down).

Claims and their lease: `leases` (who holds a 'sending' row, until when, and why a late
'sent' from a lost claim changes nothing). Due rows are picked and claimed in one transaction
(`claim_due`); on PostgreSQL the pick skips rows another process is claiming right now
(FOR UPDATE SKIP LOCKED), and UNIQUE(chat, kind, slot) settles every other race.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, time, timedelta

from assistant.reminders.leases import FENCE, lease_end
from assistant.reminders.model import ClaimResult, Delivery, DueSlot, Source
from assistant.reminders.schedule import next_send
from assistant.reminders.store import chat_zone
from assistant.storage.database import Database
from assistant.storage.transactions import transaction
from assistant.storage.utc import parse_utc, utc_iso

# A slot is still worth sending this late (e.g. right after a restart); later it is skipped.
CATCH_UP = timedelta(minutes=30)
# A slot still failing this long after its time is dropped: the next day's slot replaces it.
RETRY_HORIZON = timedelta(hours=12)

# (source, query): each takes (now, limit), "lease" (now, owner, limit); each walks an index
# from its oldest entry.
_DUE_QUERIES: tuple[tuple[Source, str], ...] = (
    (
        "retry",
        """SELECT chat_id, kind, slot_utc, slot_utc FROM deliveries
           WHERE status = 'retry' AND next_attempt_utc <= ? ORDER BY next_attempt_utc LIMIT ?""",
    ),
    (
        "lease",  # claims whose holder stopped renewing them: presumed dead (see `leases`)
        """SELECT chat_id, kind, slot_utc, slot_utc FROM deliveries
           WHERE status = 'sending' AND lease_until <= ? AND owner <> ?
           ORDER BY lease_until LIMIT ?""",
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


def due_slots(db: Database, now_utc: datetime, limit: int = 1000) -> list[DueSlot]:
    """Up to `limit` slots due at `now_utc` (retries, expired leases, reminders, snoozes),
    each source oldest first, so this costs O(due). Inside a transaction on PostgreSQL, the
    rows are locked for the claim, and rows another process is claiming are skipped."""
    now = utc_iso(now_utc)
    due: list[DueSlot] = []
    for source, sql in _DUE_QUERIES:
        if len(due) >= limit:
            break
        wanted = limit - len(due)
        params = (now, db.owner, wanted) if source == "lease" else (now, wanted)
        rows = db.execute(sql + db.dialect.skip_locked, params).fetchall()
        due.extend(DueSlot(int(c), str(k), parse_utc(s), source, str(key)) for c, k, s, key in rows)
    return due


def _record(db: Database, due: DueSlot, now_utc: datetime, result: ClaimResult) -> None:
    """Insert the delivery record for a fresh slot; the UNIQUE constraint settles races."""
    late = now_utc - due.slot_utc
    status = "sending" if late < CATCH_UP else "skipped"
    inserted = db.execute(
        """INSERT INTO deliveries
               (chat_id, kind, slot_utc, status, attempts, next_attempt_utc, owner, lease_until)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
        (
            due.chat_id,
            due.kind,
            utc_iso(due.slot_utc),
            status,
            int(status == "sending"),
            utc_iso(now_utc),
            db.owner,
            lease_end(now_utc),
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
           ON CONFLICT (chat_id, kind) DO UPDATE SET next_index = tip_counters.next_index + 1
           RETURNING next_index - 1""",
        (due.chat_id, due.kind),
    ).fetchone()
    db.execute(
        "UPDATE deliveries SET tip_index = ? WHERE chat_id = ? AND kind = ? AND slot_utc = ?",
        (tip_index, due.chat_id, due.kind, utc_iso(due.slot_utc)),
    )
    result.deliveries.append(Delivery(due.chat_id, due.kind, due.slot_utc, 1, int(tip_index)))


def _claim_reminder(db: Database, due: DueSlot, now_utc: datetime, result: ClaimResult) -> None:
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


def _claim_snooze(db: Database, due: DueSlot, now_utc: datetime, result: ClaimResult) -> None:
    deleted = db.execute(
        "DELETE FROM snoozes WHERE chat_id = ? AND kind = ? AND origin_utc = ?",
        (due.chat_id, due.kind, due.key),
    ).rowcount
    if not deleted:
        result.taken += 1
        return
    _record(db, due, now_utc, result)


def _claim_retry(db: Database, due: DueSlot, now_utc: datetime, result: ClaimResult) -> None:
    """A slot due again: Telegram said "later" ('retry'), or its holder's lease expired."""
    key = (due.chat_id, due.kind, utc_iso(due.slot_utc))
    row = db.execute(
        """SELECT attempts, tip_index, next_attempt_utc, status, owner, lease_until
           FROM deliveries WHERE chat_id = ? AND kind = ? AND slot_utc = ?""",
        key,
    ).fetchone()
    now = utc_iso(now_utc)
    expired = row is not None and row[3] == "sending" and row[4] != db.owner and row[5] <= now
    if row is None or not (row[3] == "retry" or expired):
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
        result.deliveries.append(
            Delivery(due.chat_id, due.kind, due.slot_utc, attempts + 1, tip_index)
        )
    # attempts moves on for every claim, so the previous holder's fenced writes miss.
    db.execute(
        """UPDATE deliveries SET status = ?, attempts = ?, next_attempt_utc = ?, owner = ?,
               lease_until = ? WHERE chat_id = ? AND kind = ? AND slot_utc = ?""",
        (status, attempts + 1, now, db.owner, lease_end(now_utc), *key),
    )


_CLAIMS = {
    "reminder": _claim_reminder,
    "snooze": _claim_snooze,
    "retry": _claim_retry,
    "lease": _claim_retry,
}


def claim_slots(db: Database, dues: Iterable[DueSlot], now_utc: datetime) -> ClaimResult:
    """Claim due slots in one transaction; only the returned deliveries may be sent.

    A slot 30 minutes or more late is recorded as skipped rather than sent."""
    result = ClaimResult()
    with transaction(db):
        for due in dues:
            _CLAIMS[due.source](db, due, now_utc, result)
    return result


def claim_slot(db: Database, due: DueSlot, now_utc: datetime) -> Delivery | None:
    """Claim one slot: the delivery to send, or None (already claimed, or skipped as late)."""
    claimed = claim_slots(db, [due], now_utc).deliveries
    return claimed[0] if claimed else None


def claim_due(db: Database, now_utc: datetime, limit: int) -> tuple[ClaimResult, int]:
    """Pick up to `limit` due slots and claim them, in one transaction: (claims, how many
    were due). Several processes may run this at once; each slot goes to one of them."""
    with transaction(db):
        dues = due_slots(db, now_utc, limit)
        return claim_slots(db, dues, now_utc), len(dues)


def _finish(db: Database, delivery: Delivery, sql: str, *values: str) -> None:
    """Write a claim's outcome, fenced: nothing happens if the claim was lost (see `leases`)."""
    with transaction(db):
        db.execute(
            sql + " WHERE chat_id = ? AND kind = ? AND slot_utc = ?" + FENCE,
            (
                *values,
                delivery.chat_id,
                delivery.kind,
                utc_iso(delivery.slot_utc),
                db.owner,
                delivery.attempt,
            ),
        )


def mark_sent(db: Database, delivery: Delivery, now_utc: datetime) -> None:
    _finish(db, delivery, "UPDATE deliveries SET status = 'sent', sent_at = ?", utc_iso(now_utc))


def mark_retry(db: Database, delivery: Delivery, retry_at: datetime) -> None:
    """Telegram said "later" (429, network): the slot stays pending until `retry_at`."""
    _finish(
        db,
        delivery,
        "UPDATE deliveries SET status = 'retry', next_attempt_utc = ?",
        utc_iso(retry_at),
    )


def mark_failed(db: Database, delivery: Delivery) -> None:
    """Telegram refused this message for good (e.g. no right to post): not retried."""
    _finish(db, delivery, "UPDATE deliveries SET status = 'failed'")


def prune_deliveries(db: Database, before: datetime) -> int:
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


def delivery_status(db: Database, chat_id: int, kind: str, slot_utc: datetime) -> str | None:
    row = db.execute(
        "SELECT status FROM deliveries WHERE chat_id = ? AND kind = ? AND slot_utc = ?",
        (chat_id, kind, utc_iso(slot_utc)),
    ).fetchone()
    return None if row is None else str(row[0])
