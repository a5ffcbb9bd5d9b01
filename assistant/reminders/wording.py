"""The words of the reminder commands, Telegram-agnostic: paragraphs for `Assistant.notice`.

Kept apart from the handlers so the wording can be read (and tested) in one place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, time, tzinfo

from assistant.reminders.schedule import EXAMPLE, USAGE, format_time
from assistant.reminders.store import Reminder

LABELS = {"hydration": "Hydration", "sleep": "Sleep"}
ZONE_HINT = (
    "Set your time zone with /settings timezone Europe/Berlin: a zone name, a city "
    "(/settings timezone Tokyo) or an offset (/settings timezone UTC+2)."
)
ADMINS_ONLY = "Only the group's administrators can change this chat's reminders."
CHOOSE_KIND_TITLE = "Daily reminders"
CHOOSE_KIND = (
    "Which reminder would you like?",
    "Hydration: a nudge to drink water during the day. Sleep: a wind-down reminder before bed.",
)
STOP_USAGE = "Use /stop to stop all reminders, or /stop hydration, /stop sleep."
SETTINGS_USAGE = "Change the time zone with /settings timezone Europe/Berlin."
EXPIRED = "This button has expired. Use /remind to set reminders again."
NOTHING_TO_UNDO = "There is nothing left to undo."
# Offered as buttons after a bare /remind, so nobody has to type times.
PRESETS: dict[str, tuple[tuple[str, tuple[time, ...]], ...]] = {
    "hydration": (
        ("09:00, 13:00 and 17:00", (time(9), time(13), time(17))),
        ("Every 2 hours, 09:00 to 21:00", tuple(time(h) for h in range(9, 22, 2))),
        ("Every 3 hours, 08:00 to 20:00", tuple(time(h) for h in range(8, 21, 3))),
        ("10:00 and 15:00", (time(10), time(15))),
    ),
    "sleep": tuple((f"{t:%H:%M}", (t,)) for t in (time(21, 30), time(22), time(22, 30), time(23))),
}


def usage(problem: str) -> tuple[str, ...]:
    return (problem, f"Usage: {USAGE}", f"Example: {EXAMPLE}")


def join_times(times: Sequence[time]) -> str:
    """ "09:00", "09:00 and 13:00", "09:00, 13:00 and 17:00"."""
    texts = [format_time(t) for t in times]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


def when(slot_utc: datetime, tz: tzinfo, now_utc: datetime) -> str:
    """A slot as the chat reads it: "today at 09:00", "tomorrow at 22:30", "Tue 3 Jun at 09:00"."""
    local = slot_utc.astimezone(tz)
    days = (local.date() - now_utc.astimezone(tz).date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b')} at {clock}"


def pick_times(kind: str, zone_name: str | None) -> tuple[str, ...]:
    return (
        f"When should {kind} reminders come? Pick a set of times below, or type your own, "
        f"e.g. /remind {kind} {'22:30' if kind == 'sleep' else '09:00 13:00 17:00'}.",
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
    times = join_times([r.time for r in reminders])
    return (
        f"Every day at {times}.",
        f"Next: {when(upcoming, tz, now)}.",
        zone_line(zone_name),
        f"See them with /reminders; stop them with /stop {kind}.",
    )


def _per_kind(
    reminders: Sequence[Reminder], tz: tzinfo, now: datetime
) -> Iterator[tuple[str, str, str]]:
    """(label, times, next send) for each kind that has reminders, in LABELS order."""
    for kind, label in LABELS.items():
        mine = [r for r in reminders if r.kind == kind]
        if mine:
            upcoming = min(r.next_slot_utc for r in mine)
            yield label, join_times([r.time for r in mine]), when(upcoming, tz, now)


def listing(
    reminders: Sequence[Reminder], tz: tzinfo, zone_name: str | None, now: datetime
) -> tuple[str, ...]:
    if not reminders:
        return ("No reminders yet. Use /remind to get daily hydration or sleep reminders.",)
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
    for each, label in LABELS.items():
        mine = [r.time for r in removed if r.kind == each]
        if mine:
            lines.append(f"{label} at {join_times(mine)}: stopped.")
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
