"""A chat's reminders as the store returns them, and the slots and claims the deliveries
hand out (plain data, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Literal


@dataclass(frozen=True, slots=True)
class Reminder:
    chat_id: int
    kind: str
    time: time
    next_slot_utc: datetime


@dataclass(frozen=True, slots=True)
class Removal:
    """What /stop removed; `token` brings it back with `store.undo_removal`."""

    chat_id: int
    token: int
    reminders: tuple[Reminder, ...]


Source = Literal["reminder", "snooze", "retry", "lease"]


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
