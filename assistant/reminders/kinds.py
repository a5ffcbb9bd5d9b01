"""The reminder kinds: one row each. Everything else (parsing, wording, menus, help) reads it.

Adding a kind: one row here, plus a migration in `assistant.storage.migrations` that inserts its
id into `reminder_kinds` (the database refuses reminders of a kind it does not list). Its tips
come from the knowledge-base topic named by `topic`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True, slots=True)
class Preset:
    """A set of times offered as one button after a bare /remind."""

    label: str
    times: tuple[time, ...]


@dataclass(frozen=True, slots=True)
class Kind:
    id: str  # stored in the database and in buttons: never rename one
    label: str  # "Hydration": titles, listings, the button that picks this kind
    what: str  # what it is, after "Hydration: " when the chat picks a kind
    topic: str  # the knowledge-base topic whose points are the reminders' tips
    example: tuple[time, ...]  # the times in typed examples (/remind hydration 09:00 ...)
    presets: tuple[Preset, ...]
    aliases: tuple[str, ...] = ()  # other words /remind and /stop accept for it


def _every(hours: int, first: int, last: int) -> tuple[time, ...]:
    return tuple(time(h) for h in range(first, last + 1, hours))


KINDS: tuple[Kind, ...] = (
    Kind(
        id="hydration",
        label="Hydration",
        what="a nudge to drink water during the day",
        topic="hydration",
        example=(time(9), time(13), time(17)),
        presets=(
            Preset("09:00, 13:00 and 17:00", (time(9), time(13), time(17))),
            Preset("Every 2 hours, 09:00 to 21:00", _every(2, 9, 21)),
            Preset("Every 3 hours, 08:00 to 20:00", _every(3, 8, 20)),
            Preset("10:00 and 15:00", (time(10), time(15))),
        ),
        aliases=("water", "drink", "hydrate"),
    ),
    Kind(
        id="sleep",
        label="Sleep",
        what="a wind-down reminder before bed",
        topic="sleep",
        example=(time(22, 30),),
        presets=tuple(
            Preset(f"{t:%H:%M}", (t,)) for t in (time(21, 30), time(22), time(22, 30), time(23))
        ),
        aliases=("bed", "bedtime"),
    ),
)


def find(word: str) -> Kind | None:
    """The kind a user's word names (its id or an alias, any case), or None."""
    folded = word.casefold()
    return next((k for k in KINDS if folded == k.id or folded in k.aliases), None)


def get(kind_id: str) -> Kind:
    """The kind with this id (ids come from the database and from buttons)."""
    found = next((k for k in KINDS if k.id == kind_id), None)
    if found is None:
        raise KeyError(kind_id)
    return found


def ids() -> tuple[str, ...]:
    return tuple(k.id for k in KINDS)
