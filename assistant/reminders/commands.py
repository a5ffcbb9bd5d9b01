"""The reminders' front door: every command and button, read into a request and carried out.

The Telegram layer reads a command (`remind`, `reminders`, `stop`, `settings`) or decodes a
button into one of the requests below, checks `request.changes` (in groups only
administrators may change reminders), calls `run`, and renders the `Outcome`: title,
paragraphs and buttons, each button carrying the request it makes when pressed. Nothing here
knows Telegram, so the whole flow is tested with a database and a clock only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import ClassVar

from assistant.reminders import kinds, store, wording
from assistant.reminders.schedule import ParseError, parse_remind
from assistant.reminders.zones import TimezoneError, available_zone_names, parse_timezone
from assistant.storage.chat_settings import get_timezone
from assistant.storage.database import Database

TIMEZONE_WORDS = frozenset({"timezone", "tz", "zone", "time_zone"})


@dataclass(frozen=True, slots=True)
class Chat:
    """The chat a request is about, at a moment."""

    db: Database
    id: int
    now: datetime
    private: bool = True

    @property
    def tz(self) -> tzinfo:
        return store.chat_zone(self.db, self.id)

    @property
    def zone_name(self) -> str | None:
        return get_timezone(self.db, self.id)


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    request: ButtonRequest


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to tell the chat; `buttons` are rows."""

    title: str
    paragraphs: tuple[str, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()


def _say(*paragraphs: str, title: str = "") -> Outcome:
    return Outcome(title, paragraphs)


class Request:
    """Something a chat asked for. `changes`: it changes the chat's reminders or settings."""

    changes: ClassVar[bool] = True

    def run(self, chat: Chat) -> Outcome:
        raise NotImplementedError


def _kinds_menu() -> Outcome:
    row = tuple(Button(k.label, ChooseKind(k.id)) for k in kinds.KINDS)
    return Outcome(wording.CHOOSE_KIND_TITLE, wording.choose_kind(), (row,))


def _set_times(chat: Chat, kind: str, times: Sequence[time]) -> Outcome:
    store.set_reminders(chat.db, chat.id, kind, times, chat.now)
    mine = [r for r in store.list_reminders(chat.db, chat.id) if r.kind == kind]
    paragraphs = wording.confirm_set(kind, mine, chat.tz, chat.zone_name, chat.now)
    return Outcome(wording.set_title(kind), paragraphs)


def _set_zone(chat: Chat, zone_name: str) -> Outcome:
    store.change_timezone(chat.db, chat.id, zone_name, chat.now)
    tz = chat.tz
    paragraphs = [wording.zone_now(zone_name, tz, chat.now)]
    listed = store.list_reminders(chat.db, chat.id)
    if listed:
        paragraphs.append(wording.FOLLOW_ZONE)
        paragraphs.extend(wording.listing(listed, tz, zone_name, chat.now)[:-1])
    return _say(*paragraphs, title=wording.ZONE_SET_TITLE)


# --- requests typed as commands --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Remind(Request):
    """/remind [kind times]: the kinds menu when bare, else set the times."""

    args: tuple[str, ...]

    def run(self, chat: Chat) -> Outcome:
        if not self.args:
            return _kinds_menu()
        try:
            wanted = parse_remind(self.args)
        except ParseError as error:
            return _say(*wording.usage(error.problem))
        return _set_times(chat, wanted.kind, wanted.times)


@dataclass(frozen=True, slots=True)
class ListReminders(Request):
    changes: ClassVar[bool] = False

    def run(self, chat: Chat) -> Outcome:
        listed = store.list_reminders(chat.db, chat.id)
        paragraphs = wording.listing(listed, chat.tz, chat.zone_name, chat.now)
        return _say(*paragraphs, title=wording.listing_title(chat.private))


@dataclass(frozen=True, slots=True)
class StopUsage(Request):
    changes: ClassVar[bool] = False

    def run(self, chat: Chat) -> Outcome:
        return _say(wording.stop_usage())


@dataclass(frozen=True, slots=True)
class ShowSettings(Request):
    changes: ClassVar[bool] = False

    def run(self, chat: Chat) -> Outcome:
        name = chat.zone_name
        current = wording.zone_now(name, chat.tz, chat.now) if name else wording.zone_line(None)
        return _say(current, wording.SETTINGS_USAGE, title=wording.SETTINGS_TITLE)


@dataclass(frozen=True, slots=True)
class SetZone(Request):
    """/settings timezone <what the user typed>."""

    typed: str

    def run(self, chat: Chat) -> Outcome:
        try:
            zone_name = parse_timezone(self.typed)
        except TimezoneError as error:
            rows = tuple((Button(z, PickZone(z)),) for z in error.suggestions)
            return Outcome("", wording.unknown_zone(self.typed, error.suggestions), rows)
        return _set_zone(chat, zone_name)


# --- requests that buttons carry (the Telegram layer encodes them as callback data) -------


@dataclass(frozen=True, slots=True)
class ShowKinds(Request):
    changes: ClassVar[bool] = False  # looking at the menu changes nothing

    def run(self, chat: Chat) -> Outcome:
        return _kinds_menu()


@dataclass(frozen=True, slots=True)
class ChooseKind(Request):
    """The presets of one kind (a bare /remind's second step)."""

    changes: ClassVar[bool] = False
    kind: str

    def run(self, chat: Chat) -> Outcome:
        rows = tuple(
            (Button(p.label, SetTimes(self.kind, p.times)),) for p in kinds.get(self.kind).presets
        )
        back = ((Button(wording.BACK_LABEL, ShowKinds()),),)
        paragraphs = wording.pick_times(self.kind, chat.zone_name)
        return Outcome(wording.pick_title(self.kind), paragraphs, rows + back)


@dataclass(frozen=True, slots=True)
class SetTimes(Request):
    kind: str
    times: tuple[time, ...]

    def run(self, chat: Chat) -> Outcome:
        return _set_times(chat, self.kind, self.times)


@dataclass(frozen=True, slots=True)
class Stop(Request):
    """/stop [kind], or a reminder's "Stop" button; None stops every kind."""

    kind: str | None

    def run(self, chat: Chat) -> Outcome:
        removal = store.remove_reminders(chat.db, chat.id, self.kind, chat.now)
        paragraphs = wording.stopped(removal.reminders, self.kind)
        undo = ((Button(wording.UNDO_LABEL, Undo(removal.token)),),) if removal.reminders else ()
        return Outcome(wording.REMINDERS_TITLE, paragraphs, undo)


@dataclass(frozen=True, slots=True)
class Undo(Request):
    token: int

    def run(self, chat: Chat) -> Outcome:
        back = store.undo_removal(chat.db, chat.id, self.token, chat.now)
        return _say(*wording.restored(back, chat.tz, chat.now), title=wording.REMINDERS_TITLE)


@dataclass(frozen=True, slots=True)
class Snooze(Request):
    """A reminder's "Snooze" button; `origin` (its slot) makes a double tap snooze once."""

    kind: str
    origin: datetime

    def run(self, chat: Chat) -> Outcome:
        # Only a reminder sent lately has a Snooze button; any other slot is forged or stale.
        if not chat.now - store.SNOOZE_WINDOW <= self.origin <= chat.now + store.SNOOZE:
            return Expired().run(chat)
        at = store.snooze(chat.db, chat.id, self.kind, chat.now, self.origin)
        if at is None:
            return _say(wording.too_many_snoozes(store.MAX_SNOOZES))
        return _say(wording.snoozed(self.kind, at, chat.tz))


@dataclass(frozen=True, slots=True)
class PickZone(Request):
    """One of the zones offered after a time zone the bot did not know."""

    zone: str

    def run(self, chat: Chat) -> Outcome:
        if self.zone not in available_zone_names():
            return Expired().run(chat)
        return _set_zone(chat, self.zone)


@dataclass(frozen=True, slots=True)
class Expired(Request):
    """A button this version cannot read (stale, or from an older version)."""

    def run(self, chat: Chat) -> Outcome:
        return _say(wording.EXPIRED)


ButtonRequest = ShowKinds | ChooseKind | SetTimes | Stop | Undo | Snooze | PickZone


# --- reading commands ------------------------------------------------------------------------


def remind(args: Sequence[str]) -> Request:
    return Remind(tuple(args))


def reminders(args: Sequence[str]) -> Request:
    return ListReminders()


def stop(args: Sequence[str]) -> Request:
    words = [a.casefold() for a in args]
    if not words or words == ["all"]:
        return Stop(None)
    kind = kinds.find(words[0])
    return Stop(kind.id) if kind is not None and len(words) == 1 else StopUsage()


def settings(args: Sequence[str]) -> Request:
    if not args or args[0].casefold() not in TIMEZONE_WORDS:
        return ShowSettings()
    return SetZone(" ".join(args[1:]))


def run(chat: Chat, request: Request) -> Outcome:
    return request.run(chat)


def refused() -> Outcome:
    """What a member who is not an administrator hears when asking for a change in a group."""
    return _say(wording.ADMINS_ONLY)


def reminder_buttons(kind: str, slot_utc: datetime) -> tuple[tuple[Button, ...], ...]:
    """The buttons under every reminder message."""
    return (
        (
            Button(wording.SNOOZE_LABEL, Snooze(kind, slot_utc)),
            Button(wording.STOP_LABEL, Stop(kind)),
        ),
    )
