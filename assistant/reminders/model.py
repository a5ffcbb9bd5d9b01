"""A chat's reminders as the store returns them (plain data, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time


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
