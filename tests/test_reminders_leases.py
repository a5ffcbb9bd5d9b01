"""Several processes on one database (issue 10, item 3): each due slot is claimed by one
process, a dead process's claims are taken over once their lease expires, a live one keeps
its claims by renewing them, and a late outcome from a lost claim changes nothing.

Two processes are two open databases (two connections, each its own `owner`), on both backends.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from conftest import Backend

from assistant.reminders import deliveries, leases, store
from assistant.reminders.model import Delivery
from assistant.storage.database import Database
from assistant.storage.transactions import transaction

NINE = datetime(2026, 5, 1, 9, tzinfo=UTC)
LATER = NINE + leases.LEASE  # the first instant a lease taken at NINE has run out


@pytest.fixture
def processes(backend: Backend) -> Iterator[tuple[Database, Database]]:
    first, second = backend.open(), backend.open()
    yield first, second
    first.close()
    second.close()


def subscribe(db: Database, chats: range) -> None:
    for chat in chats:
        store.set_reminders(db, chat, "hydration", [time(9)], NINE - timedelta(hours=1))


def claim(db: Database, now: datetime, limit: int = 1000) -> list[Delivery]:
    return deliveries.claim_due(db, now, limit)[0].deliveries


def status(db: Database, chat: int) -> tuple[str, str]:
    row = db.execute("SELECT status, owner FROM deliveries WHERE chat_id = ?", (chat,)).fetchone()
    return str(row[0]), str(row[1])


def test_two_processes_claiming_at_once_share_the_slots_without_overlap(
    processes: tuple[Database, Database],
) -> None:
    first, second = processes
    subscribe(first, range(1, 401))
    claimed: dict[str, list[int]] = {first.owner: [], second.owner: []}

    def worker(db: Database) -> None:
        while batch := claim(db, NINE, limit=25):
            claimed[db.owner].extend(d.chat_id for d in batch)

    threads = [threading.Thread(target=worker, args=(db,)) for db in processes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    together = claimed[first.owner] + claimed[second.owner]
    assert sorted(together) == list(range(1, 401))  # every slot once: none lost, none twice


def test_a_dead_processs_claims_are_taken_over_after_the_lease_and_its_late_sent_is_ignored(
    processes: tuple[Database, Database],
) -> None:
    dead, alive = processes
    subscribe(dead, range(1, 4))
    held = claim(dead, NINE)
    assert len(held) == 3
    assert claim(alive, LATER - timedelta(seconds=1)) == []  # still the first one's
    taken = claim(alive, LATER)
    assert sorted(d.chat_id for d in taken) == [1, 2, 3]
    assert all(
        d.attempt == 2 and d.tip_index == h.tip_index for d, h in zip(taken, held, strict=True)
    )

    # The first process was not dead after all, only frozen: its outcomes arrive late.
    deliveries.mark_sent(dead, held[0], LATER)
    deliveries.mark_retry(dead, held[1], LATER)
    deliveries.mark_failed(dead, held[2])
    assert {status(alive, chat) for chat in (1, 2, 3)} == {("sending", alive.owner)}

    for delivery in taken:
        deliveries.mark_sent(alive, delivery, LATER)
    assert {status(alive, chat)[0] for chat in (1, 2, 3)} == {"sent"}
    assert claim(dead, LATER + leases.LEASE * 2) == []  # nothing left for anyone


def test_a_live_process_keeps_its_claims_by_renewing_them(
    processes: tuple[Database, Database],
) -> None:
    holder, other = processes
    subscribe(holder, range(1, 3))
    held = claim(holder, NINE)
    renewed_at = NINE + leases.RENEW_EVERY
    assert leases.renew_leases(holder, renewed_at) == 2
    assert claim(other, LATER) == []  # the lease runs from the renewal now
    for delivery in held:
        deliveries.mark_sent(holder, delivery, LATER)
    assert {status(other, chat) for chat in (1, 2)} == {("sent", holder.owner)}


def test_a_process_never_takes_over_its_own_claims(processes: tuple[Database, Database]) -> None:
    holder, _ = processes
    subscribe(holder, range(1, 3))
    held = claim(holder, NINE)
    # Its own sends are still in its hands (in flight, or waiting to be written down).
    assert claim(holder, LATER + timedelta(minutes=5)) == []
    for delivery in held:
        deliveries.mark_sent(holder, delivery, LATER)
    assert {status(holder, chat)[0] for chat in (1, 2)} == {"sent"}


def test_with_two_processes_and_one_crash_every_chat_gets_its_reminder(
    processes: tuple[Database, Database],
) -> None:
    """The whole story: one process claims half and dies before sending anything; the other
    sends its own half, then the dead one's after the lease. 0 lost, 0 repeated."""
    crashed, survivor = processes
    subscribe(crashed, range(1, 101))
    claim(crashed, NINE, limit=50)  # then kill -9: never sent, never written
    sent: Counter[int] = Counter()
    for now in (NINE, NINE + timedelta(seconds=20), LATER + timedelta(seconds=1)):
        for delivery in claim(survivor, now):
            sent[delivery.chat_id] += 1
            deliveries.mark_sent(survivor, delivery, now)
    assert set(sent) == set(range(1, 101)) and max(sent.values()) == 1


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_on_postgresql_a_claim_in_progress_is_skipped_not_waited_for(
    processes: tuple[Database, Database],
) -> None:
    """FOR UPDATE SKIP LOCKED: while one process is in the middle of claiming (rows locked,
    not yet committed), another one claims the rest at once instead of waiting or failing."""
    busy, other = processes
    subscribe(busy, range(1, 11))
    with transaction(busy):
        locked = deliveries.due_slots(busy, NINE, limit=4)
        rest = claim(other, NINE)
        assert len(locked) == 4 and len(rest) == 6
        assert not {d.chat_id for d in locked} & {d.chat_id for d in rest}
        deliveries.claim_slots(busy, locked, NINE)
    assert claim(other, NINE) == []
