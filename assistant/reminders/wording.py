"""Every sentence the reminders say, Telegram-agnostic: titles, paragraphs, button labels and
the problems `/remind` parsing reports. Kinds are named from `kinds.KINDS`, read at call time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, time, tzinfo

from assistant.reminders import kinds
from assistant.reminders.model import Reminder

ZONE_HINT = (
    "Set your time zone with /settings timezone Europe/Berlin: a zone name, a city "
    "(/settings timezone Tokyo) or an offset (/settings timezone UTC+2)."
)
ADMINS_ONLY = "Only the group's administrators can change this chat's reminders."
CHOOSE_KIND_TITLE = "Daily reminders"
SETTINGS_USAGE = "Change the time zone with /settings timezone Europe/Berlin."
EXPIRED = "This button has expired. Use /remind to set reminders again."
NOTHING_TO_UNDO = "There is nothing left to undo."
REMINDERS_TITLE = "Reminders"
SETTINGS_TITLE = "Settings"
ZONE_SET_TITLE = "Time zone set"
FOLLOW_ZONE = "Your reminders now follow this time zone."
# Button labels
SNOOZE_LABEL = "Snooze 30 min"
STOP_LABEL = "Stop these reminders"
UNDO_LABEL = "Undo"
BACK_LABEL = "« Back"


def join_words(words: Sequence[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def clock(at: time) -> str:
    return f"{at:%H:%M}"


def join_times(times: Sequence[time]) -> str:
    """ "09:00", "09:00 and 13:00", "09:00, 13:00 and 17:00"."""
    return join_words([clock(t) for t in times])


def kind_names(last: str = "or") -> str:
    """ "hydration or sleep": for menus, help and hints."""
    return join_words(kinds.ids(), last)


# --- /remind: usage and parse problems -----------------------------------------------------


def remind_usage() -> str:
    forms = (f"/remind {k.id} {' '.join(clock(t) for t in k.example)}" for k in kinds.KINDS)
    return " · ".join(forms)


def remind_example() -> str:
    return f"/remind {kinds.KINDS[0].id} every 2h 09:00-21:00"


def usage(problem: str) -> tuple[str, ...]:
    return (problem, f"Usage: {remind_usage()}", f"Example: {remind_example()}")


NO_REQUEST = "Tell me which reminder and when."
NEED_RANGE = "After “every”, give an interval and a time range."
SHORTEST = "The shortest interval is 30 minutes."
LONGEST = "The longest interval is 24 hours."


def unknown_kind(word: str) -> str:
    return f"“{word}” is not a reminder I know: choose {kind_names()}."


def need_time(kind: str) -> str:
    return f"At what time should the {kind} reminder come?"


def bad_ampm(token: str) -> str:
    return f"“{token}” is not a time: with am/pm the hour runs from 1 to 12."


def unreadable_time(token: str) -> str:
    return f"“{token}” is not a time I can read; write it like 09:00 or 9am."


def not_a_time_of_day(token: str) -> str:
    return f"“{token}” is not a time of day (00:00 to 23:59)."


def bad_interval(text: str) -> str:
    return f"“{text}” is not an interval; write it like 2h or 90min."


def too_many(count: int, most: int, *, expanded: bool) -> str:
    verb = "makes" if expanded else "is"
    return f"That {verb} {count} reminders a day; the most is {most}."


# --- confirmations and listings --------------------------------------------------------------


def choose_kind() -> tuple[str, ...]:
    what = " ".join(f"{k.label}: {k.what}." for k in kinds.KINDS)
    return ("Which reminder would you like?", what)


def stop_usage() -> str:
    each = ", ".join(f"/stop {k}" for k in kinds.ids())
    return f"Use /stop to stop all reminders, or {each}."


def set_title(kind: str) -> str:
    return f"{kinds.get(kind).label} reminders on"


def pick_title(kind: str) -> str:
    return f"{kinds.get(kind).label} reminders"


def listing_title(private: bool) -> str:
    return "Your reminders" if private else "This chat's reminders"


def when(slot_utc: datetime, tz: tzinfo, now_utc: datetime) -> str:
    """A slot as the chat reads it: "today at 09:00", "tomorrow at 22:30", "Tue 3 Jun at 09:00"."""
    local = slot_utc.astimezone(tz)
    days = (local.date() - now_utc.astimezone(tz).date()).days
    at = local.strftime("%H:%M")
    if days == 0:
        return f"today at {at}"
    if days == 1:
        return f"tomorrow at {at}"
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b')} at {at}"


def pick_times(kind: str, zone_name: str | None) -> tuple[str, ...]:
    example = " ".join(clock(t) for t in kinds.get(kind).example)
    return (
        f"When should {kind} reminders come? Pick a set of times below, or type your own, "
        f"e.g. /remind {kind} {example}.",
        zone_line(zone_name),
    )


def zone_line(zone_name: str | None) -> str:
    if zone_name is None:
        return f"Times are in UTC because this chat has no time zone yet. {ZONE_HINT}"
    return f"Times are in {zone_name}."


def confirm_set(
    kind: str, reminders: Sequence[Reminder], tz: tzinfo, zone_name: str | None, now: datetime
) -> tuple[str, ...]:
    upcoming = min(r.next_slot_utc for r in reminders)
    return (
        f"Every day at {join_times([r.time for r in reminders])}.",
        f"Next: {when(upcoming, tz, now)}.",
        zone_line(zone_name),
        f"See them with /reminders; stop them with /stop {kind}.",
    )


def _per_kind(
    reminders: Sequence[Reminder], tz: tzinfo, now: datetime
) -> Iterator[tuple[str, str, str]]:
    """(label, times, next send) for each kind that has reminders, in the kinds' order."""
    for kind in kinds.KINDS:
        mine = [r for r in reminders if r.kind == kind.id]
        if mine:
            upcoming = min(r.next_slot_utc for r in mine)
            yield kind.label, join_times([r.time for r in mine]), when(upcoming, tz, now)


def listing(
    reminders: Sequence[Reminder], tz: tzinfo, zone_name: str | None, now: datetime
) -> tuple[str, ...]:
    if not reminders:
        return (f"No reminders yet. Use /remind to get daily {kind_names()} reminders.",)
    lines = [
        f"{label}: {times}; next {upcoming}."
        for label, times, upcoming in _per_kind(reminders, tz, now)
    ]
    return (*lines, zone_line(zone_name))


def stopped(removed: Sequence[Reminder], kind: str | None) -> tuple[str, ...]:
    if not removed:
        what = f"{kind} reminders" if kind else "reminders"
        return (f"There are no {what} to stop.",)
    lines = []
    for each in kinds.KINDS:
        mine = [r.time for r in removed if r.kind == each.id]
        if mine:
            lines.append(f"{each.label} at {join_times(mine)}: stopped.")
    return (*lines, "Changed your mind? Tap Undo.")


def restored(reminders: Sequence[Reminder], tz: tzinfo, now: datetime) -> tuple[str, ...]:
    if not reminders:
        return (NOTHING_TO_UNDO,)
    per_kind = _per_kind(reminders, tz, now)
    return tuple(
        f"{label} at {times} is back; next {upcoming}." for label, times, upcoming in per_kind
    )


def zone_now(zone_name: str, tz: tzinfo, now: datetime) -> str:
    return f"Time zone: {zone_name}. It is {now.astimezone(tz).strftime('%H:%M')} there now."


def unknown_zone(text: str, suggestions: Sequence[str]) -> tuple[str, ...]:
    first = f"I don't know the time zone “{text}”." if text else "Which time zone?"
    if suggestions:
        return (first, f"Did you mean {' or '.join(suggestions)}? Tap one below.")
    return (first, ZONE_HINT)


def snoozed(kind: str, slot_utc: datetime, tz: tzinfo) -> str:
    return f"Snoozed: one more {kind} reminder at {slot_utc.astimezone(tz).strftime('%H:%M')}."


def too_many_snoozes(most: int) -> str:
    return f"{most} snoozed reminders are already waiting; this one was not added."
