"""Who holds a claimed reminder, and for how long: the rule that lets several processes share
one database without losing a reminder or sending one twice (beyond a crash's sends in flight).

A delivery row in 'sending' is a claim. It names its holder (`owner`: the claiming database
connection's `Database.owner`, new for every process) and a lease (`lease_until`). While the
holder lives it renews the leases of all its claims every LEASE / 3 (`renew_leases`, a job of
the bot); a process that dies (kill -9, a lost host) stops renewing, and once its leases have
expired another process takes those slots over (`deliveries`, source "lease"), with the
attempt counter moved on. Every outcome is written fenced (`FENCE`: same owner, same attempt),
so a late "sent" from a holder that lost its claim changes nothing. A process never takes over
its own claims: it still knows about them (in flight, or waiting in the dispatcher's backlog).

Duplicates. A send that Telegram accepted but whose 'sent' was not yet written when its process
died is sent again by the next holder: at most the sends in flight at that instant
(`dispatch.DEFAULT_CONCURRENCY` per crash). The same holds for a process that stops renewing
while alive for longer than LEASE (frozen, or cut off from the database while its sends
complete): its sends whose slots were taken over meanwhile may repeat. A clean stop repeats
nothing.

SQLite: one process owns the database (`storage.ownership`: the data directory's lock), so at
start every 'sending' row is its dead predecessor's and is released at once
(`release_inflight`) instead of waiting for the lease. On PostgreSQL other processes' claims
are left alone; the expired ones are taken over by whoever claims next.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from assistant.storage.database import Database
from assistant.storage.transactions import transaction
from assistant.storage.utc import utc_iso

# How long a claim stays its holder's without renewal. Long enough for a claimed batch to wait
# its turn in the rate limiter, short enough that a dead process's reminders come late by
# less than a minute.
LEASE = timedelta(seconds=30)
RENEW_EVERY = LEASE / 3
# Appended to every statement that writes a claim's outcome: parameters (owner, attempt).
FENCE = " AND status = 'sending' AND owner = ? AND attempts = ?"


def lease_end(now_utc: datetime) -> str:
    return utc_iso(now_utc + LEASE)


def renew_leases(db: Database, now_utc: datetime) -> int:
    """Extend the leases of every claim this process holds; returns how many."""
    with transaction(db):
        return int(
            db.execute(
                "UPDATE deliveries SET lease_until = ? WHERE status = 'sending' AND owner = ?",
                (lease_end(now_utc), db.owner),
            ).rowcount
        )


def release_inflight(db: Database) -> int:
    """At start-up with SQLite: sends interrupted by a crash or kill are due again (as retries).

    Call only in the process that owns the database, before it starts dispatching. A message
    that reached Telegram in the instant before a kill -9 is sent again (at most the sends in
    flight); the far likelier case, a message waiting in the rate limiter, would otherwise wait
    for its lease. Its claim time stays as the retry time, so the 30-minute catch-up rule
    applies to it like to any missed slot. On a shared database (PostgreSQL) this does nothing:
    the 'sending' rows may be live claims of other processes."""
    if db.dialect.shared:
        return 0
    with transaction(db):
        return int(
            db.execute("UPDATE deliveries SET status = 'retry' WHERE status = 'sending'").rowcount
        )
