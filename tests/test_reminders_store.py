"""Reminder subscriptions and deliveries, on SQLite and PostgreSQL: due once, never twice,
restart-safe."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from conftest import Backend

from assistant.reminders import deliveries, leases, store
from assistant.storage import chat_settings
from assistant.storage.database import Database

CHAT = 1001


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def send_all(db: Database, now: datetime) -> list[deliveries.Delivery]:
    """Claim everything due and report it sent, as a dispatcher tick would."""
    claimed = deliveries.claim_slots(db, deliveries.due_slots(db, now), now).deliveries
    for delivery in claimed:
        deliveries.mark_sent(db, delivery, now)
    return claimed


def test_new_chat_reminders_are_in_utc_and_listed_with_next_send(db: Database) -> None:
    store.set_reminders(db, CHAT, "hydration", [time(13), time(9)], utc(2026, 5, 1, 10))
    listed = store.list_reminders(db, CHAT)
    assert [(r.kind, r.time) for r in listed] == [("hydration", time(9)), ("hydration", time(13))]
    assert [r.next_slot_utc for r in listed] == [utc(2026, 5, 2, 9), utc(2026, 5, 1, 13)]


def test_setting_a_kind_replaces_its_times_and_leaves_the_other_kind(
    db: Database,
) -> None:
    now = utc(2026, 5, 1)
    store.set_reminders(db, CHAT, "sleep", [time(22, 30)], now)
    store.set_reminders(db, CHAT, "hydration", [time(9)], now)
    previous = store.set_reminders(db, CHAT, "hydration", [time(10), time(16)], now)
    assert [r.time for r in previous] == [time(9)]
    assert [(r.kind, r.time) for r in store.list_reminders(db, CHAT)] == [
        ("hydration", time(10)),
        ("hydration", time(16)),
        ("sleep", time(22, 30)),
    ]


def test_reminder_comes_at_its_time_in_the_chats_zone_and_only_once(
    db: Database,
) -> None:
    store.set_reminders(db, CHAT, "hydration", [time(9)], utc(2026, 5, 1, 0))
    store.change_timezone(db, CHAT, "America/New_York", utc(2026, 5, 1, 0))
    assert send_all(db, utc(2026, 5, 1, 12, 59)) == []  # 08:59 in New York
    first = send_all(db, utc(2026, 5, 1, 13, 0))
    assert [(d.chat_id, d.kind, d.slot_utc) for d in first] == [
        (CHAT, "hydration", utc(2026, 5, 1, 13))
    ]
    assert send_all(db, utc(2026, 5, 1, 13, 1)) == []
    assert store.list_reminders(db, CHAT)[0].next_slot_utc == utc(2026, 5, 2, 13)


def test_a_slot_is_never_claimed_twice_even_after_reopening_the_database(backend: Backend) -> None:
    now = utc(2026, 5, 1, 9, 0)
    db = backend.open()
    store.set_reminders(db, CHAT, "hydration", [time(9)], now - timedelta(hours=1))
    stale = deliveries.due_slots(db, now)
    assert len(send_all(db, now)) == 1
    db.close()

    restarted = backend.open()
    assert deliveries.due_slots(restarted, now + timedelta(minutes=1)) == []
    # Even a due list read before the restart cannot be claimed again.
    assert deliveries.claim_slots(restarted, stale, now).deliveries == []
    assert deliveries.delivery_status(restarted, CHAT, "hydration", now) == "sent"


def test_concurrent_claims_of_the_same_slot_give_it_to_one(db: Database) -> None:
    now = utc(2026, 5, 1, 9)
    store.set_reminders(db, CHAT, "sleep", [time(9)], now - timedelta(hours=1))
    first_read = deliveries.due_slots(db, now)
    second_read = deliveries.due_slots(db, now)
    assert len(deliveries.claim_slots(db, first_read, now).deliveries) == 1
    result = deliveries.claim_slots(db, second_read, now)
    assert result.deliveries == []
    assert result.taken == 1


def test_missed_slot_less_than_30_minutes_late_is_still_sent(db: Database) -> None:
    store.set_reminders(db, CHAT, "hydration", [time(9)], utc(2026, 5, 1, 8))
    # The bot was down from 08:55 and starts again at 09:29.
    sent = send_all(db, utc(2026, 5, 1, 9, 29))
    assert [d.slot_utc for d in sent] == [utc(2026, 5, 1, 9)]


def test_missed_slot_30_minutes_or_more_late_is_skipped_and_recorded(
    db: Database,
) -> None:
    store.set_reminders(db, CHAT, "hydration", [time(9)], utc(2026, 5, 1, 8))
    now = utc(2026, 5, 1, 9, 30)
    result = deliveries.claim_slots(db, deliveries.due_slots(db, now), now)
    assert result.deliveries == []
    assert result.skipped == 1
    assert deliveries.delivery_status(db, CHAT, "hydration", utc(2026, 5, 1, 9)) == "skipped"
    assert store.list_reminders(db, CHAT)[0].next_slot_utc == utc(2026, 5, 2, 9)


def test_after_days_down_only_a_recent_slot_is_caught_up(db: Database) -> None:
    store.set_reminders(db, CHAT, "hydration", [time(9), time(13)], utc(2026, 5, 1, 8))
    # Down for three days; back at 13:10 on 4 May: only the 13:00 slot is worth sending.
    sent = send_all(db, utc(2026, 5, 4, 13, 10))
    assert [d.slot_utc for d in sent] == [utc(2026, 5, 4, 13)]
    assert [r.next_slot_utc for r in store.list_reminders(db, CHAT)] == [
        utc(2026, 5, 5, 9),
        utc(2026, 5, 5, 13),
    ]


def test_changing_the_zone_moves_pending_reminders(db: Database) -> None:
    store.set_reminders(db, CHAT, "sleep", [time(22, 30)], utc(2026, 5, 1))
    store.change_timezone(db, CHAT, "Asia/Tokyo", utc(2026, 5, 1))
    assert chat_settings.get_timezone(db, CHAT) == "Asia/Tokyo"
    assert store.list_reminders(db, CHAT)[0].next_slot_utc == utc(2026, 5, 1, 13, 30)


def test_stop_one_kind_then_undo_restores_it(db: Database) -> None:
    now = utc(2026, 5, 1)
    store.set_reminders(db, CHAT, "hydration", [time(9), time(13)], now)
    store.set_reminders(db, CHAT, "sleep", [time(22)], now)
    removal = store.remove_reminders(db, CHAT, "hydration", now)
    assert [r.time for r in removal.reminders] == [time(9), time(13)]
    assert [r.kind for r in store.list_reminders(db, CHAT)] == ["sleep"]
    restored = store.undo_removal(db, CHAT, removal.token, now + timedelta(minutes=1))
    assert [(r.kind, r.time) for r in restored] == [("hydration", time(9)), ("hydration", time(13))]
    assert len(store.list_reminders(db, CHAT)) == 3
    # A second tap on "Undo" changes nothing.
    assert store.undo_removal(db, CHAT, removal.token, now) == []


def test_stop_all_then_undo_survives_a_restart(backend: Backend) -> None:
    now = utc(2026, 5, 1)
    db = backend.open()
    store.set_reminders(db, CHAT, "hydration", [time(9)], now)
    store.set_reminders(db, CHAT, "sleep", [time(22)], now)
    removal = store.remove_reminders(db, CHAT, None, now)
    assert len(removal.reminders) == 2
    assert store.list_reminders(db, CHAT) == []
    assert deliveries.due_slots(db, now + timedelta(days=2)) == []
    db.close()
    db = backend.open()
    store.undo_removal(db, CHAT, removal.token, now)
    assert [r.kind for r in store.list_reminders(db, CHAT)] == ["hydration", "sleep"]


def test_undo_belongs_to_the_chat_that_stopped(db: Database) -> None:
    now = utc(2026, 5, 1)
    store.set_reminders(db, CHAT, "hydration", [time(9)], now)
    removal = store.remove_reminders(db, CHAT, None, now)
    assert store.undo_removal(db, 999, removal.token, now) == []
    assert store.list_reminders(db, 999) == []


def test_snooze_brings_one_extra_reminder_30_minutes_later(db: Database) -> None:
    store.set_reminders(db, CHAT, "hydration", [time(9)], utc(2026, 5, 1, 8))
    (delivered,) = send_all(db, utc(2026, 5, 1, 9))
    pressed = utc(2026, 5, 1, 9, 2)
    at = store.snooze(db, CHAT, "hydration", pressed, delivered.slot_utc)
    # A double tap on the same message does not add a second snooze.
    assert (
        store.snooze(db, CHAT, "hydration", pressed + timedelta(seconds=5), delivered.slot_utc)
        == at
    )
    assert at == utc(2026, 5, 1, 9, 32)
    assert send_all(db, utc(2026, 5, 1, 9, 31)) == []
    assert [d.slot_utc for d in send_all(db, at)] == [at]
    assert send_all(db, at + timedelta(minutes=5)) == []


def test_unsubscribed_chat_gets_nothing_more(db: Database) -> None:
    now = utc(2026, 5, 1, 8)
    store.set_reminders(db, CHAT, "hydration", [time(9)], now)
    store.set_reminders(db, 2002, "hydration", [time(9)], now)
    store.snooze(db, CHAT, "hydration", now, now)
    assert store.unsubscribe_chat(db, CHAT) == 1
    assert [d.chat_id for d in send_all(db, utc(2026, 5, 1, 9))] == [2002]


def test_retry_keeps_the_slot_until_it_is_sent(db: Database) -> None:
    now = utc(2026, 5, 1, 9)
    store.set_reminders(db, CHAT, "hydration", [time(9)], now - timedelta(hours=1))
    (delivery,) = deliveries.claim_slots(db, deliveries.due_slots(db, now), now).deliveries
    deliveries.mark_retry(db, delivery, now + timedelta(seconds=10))
    assert deliveries.due_slots(db, now + timedelta(seconds=5)) == []
    (again,) = send_all(db, now + timedelta(seconds=10))
    assert (again.slot_utc, again.attempt, again.tip_index) == (now, 2, delivery.tip_index)
    assert deliveries.delivery_status(db, CHAT, "hydration", now) == "sent"


def test_send_interrupted_by_a_crash_is_retried_after_restart(backend: Backend) -> None:
    now = utc(2026, 5, 1, 9)
    db = backend.open()
    store.set_reminders(db, CHAT, "hydration", [time(9)], now - timedelta(hours=1))
    assert len(deliveries.claim_slots(db, deliveries.due_slots(db, now), now).deliveries) == 1
    db.close()  # killed while the message waited in the rate limiter
    db = backend.open()
    if backend.url is None:  # SQLite: the one owner releases its predecessor's sends at once
        assert leases.release_inflight(db) == 1
        assert [d.slot_utc for d in send_all(db, now + timedelta(seconds=1))] == [now]
        return
    # PostgreSQL: another process's claim stays its own until its lease runs out.
    assert leases.release_inflight(db) == 0
    assert send_all(db, now + leases.LEASE - timedelta(seconds=1)) == []
    assert [d.slot_utc for d in send_all(db, now + leases.LEASE)] == [now]


def test_tips_rotate_from_one_reminder_to_the_next(db: Database) -> None:
    store.set_reminders(db, CHAT, "hydration", [time(9), time(13)], utc(2026, 5, 1))
    indexes = [
        d.tip_index
        for hour in (9, 13, 33, 37)
        for d in send_all(db, utc(2026, 5, 1) + timedelta(hours=hour))
    ]
    assert indexes == [0, 1, 2, 3]


def test_old_delivery_records_are_pruned_but_pending_ones_kept(db: Database) -> None:
    store.set_reminders(db, CHAT, "hydration", [time(9)], utc(2026, 5, 1))
    send_all(db, utc(2026, 5, 1, 9))
    assert deliveries.prune_deliveries(db, utc(2026, 5, 4)) == 1
    assert deliveries.delivery_status(db, CHAT, "hydration", utc(2026, 5, 1, 9)) is None


def test_a_group_that_became_a_supergroup_keeps_its_reminders_and_settings(db: Database) -> None:
    old, new, now = -100, -1001234567890, utc(2026, 5, 1, 8)
    store.set_reminders(db, old, "hydration", [time(9), time(13)], now)
    store.set_reminders(db, old, "sleep", [time(22, 30)], now)
    store.set_reminders(db, new, "hydration", [time(9)], now)  # one already at the new id
    store.snooze(db, old, "sleep", now, now - timedelta(hours=1))
    chat_settings.set_timezone(db, old, "Europe/Berlin")
    chat_settings.set_last_topic(db, old, "magnesium")
    store.move_chat(db, old, new)
    assert [(r.kind, r.time) for r in store.list_reminders(db, new)] == [
        ("hydration", time(9)),
        ("hydration", time(13)),
        ("sleep", time(22, 30)),
    ]
    assert store.list_reminders(db, old) == []
    assert chat_settings.get_timezone(db, new) == "Europe/Berlin"
    assert chat_settings.get_last_topic(db, new) == "magnesium"
    assert chat_settings.get_timezone(db, old) is None
    snoozed = [d.chat_id for d in send_all(db, now + timedelta(minutes=30))]
    assert snoozed == [new]
