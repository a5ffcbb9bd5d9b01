"""When reminders fire: `/remind` argument parsing and DST-correct slot computation.

Pure functions, no I/O, no clock: callers pass "now", which keeps every rule testable.
A *slot* is the UTC instant at which a local wall-clock time occurs on a given local date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from assistant.reminders import kinds, wording

MAX_TIMES = 24
MIN_INTERVAL = timedelta(minutes=30)
MAX_INTERVAL = timedelta(hours=24)

_AMPM = re.compile(r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?P<p>am|pm)")
_CLOCK = re.compile(r"(?P<h>\d{1,2})[:.h](?P<m>\d{2})|(?P<hh>\d{1,2})h")
_HOURS = re.compile(
    r"(?P<h>\d+(?:\.\d+)?)(?:h|hr|hrs|hour|hours)(?:(?P<m>\d{1,2})(?:m|min|mins)?)?"
)
_MINUTES = re.compile(r"(?P<m>\d+)(?:m|min|mins|minute|minutes)")


class ParseError(ValueError):
    """A `/remind` form the bot cannot read; `problem` is shown with the usage and an example."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.usage = wording.remind_usage()
        self.example = wording.remind_example()


@dataclass(frozen=True, slots=True)
class RemindRequest:
    kind: str
    times: tuple[time, ...]


def format_time(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def parse_time(token: str) -> time:
    """ "09:00", "9:00", "9.30", "9am", "9:30pm", "21h", "21h30" -> time. Bare "9" is ambiguous."""
    text = token.strip().casefold().replace("a.m.", "am").replace("p.m.", "pm")
    ampm = _AMPM.fullmatch(text)
    if ampm:
        hour, minute = int(ampm["h"]), int(ampm["m"] or 0)
        if not 1 <= hour <= 12:
            raise ParseError(wording.bad_ampm(token))
        hour = hour % 12 + (12 if ampm["p"] == "pm" else 0)
    else:
        clock = _CLOCK.fullmatch(text)
        if not clock:
            raise ParseError(wording.unreadable_time(token))
        hour = int(clock["h"] or clock["hh"])
        minute = int(clock["m"] or 0)
    if hour > 23 or minute > 59:
        raise ParseError(wording.not_a_time_of_day(token))
    return time(hour, minute)


def _parse_interval(text: str) -> timedelta:
    """ "2h", "1.5hours", "1h30", "90min"; anything over a day is refused before arithmetic,
    so a number of any size gives the usage, never an overflow."""
    hours = _HOURS.fullmatch(text)
    minutes = _MINUTES.fullmatch(text)
    if hours and len(hours["h"]) <= 6:
        total = float(hours["h"]) * 60 + int(hours["m"] or 0)
    elif minutes and len(minutes["m"]) <= 6:
        total = float(minutes["m"])
    elif hours or minutes:
        total = float("inf")
    else:
        raise ParseError(wording.bad_interval(text))
    if total > MAX_INTERVAL.total_seconds() / 60:
        raise ParseError(wording.LONGEST)
    return timedelta(minutes=total)


def _expand_every(rest: str) -> tuple[time, ...]:
    """Expand "2h 09:00-21:00" to 09:00, 11:00 ... 21:00 (the end counts if a step lands on it)."""
    rest = re.sub(r"\s*(?:-|\u2013|\u2014|\bto\b|\buntil\b)\s*", "-", rest.strip())
    rest = re.sub(r"^(\d+(?:\.\d+)?)\s+", r"\1", rest)  # "2 hours" -> "2hours"
    parts = rest.split(maxsplit=1)
    if len(parts) != 2 or rest.count("-") != 1:
        raise ParseError(wording.NEED_RANGE)
    interval = _parse_interval(parts[0].replace(" ", ""))
    if interval < MIN_INTERVAL:
        raise ParseError(wording.SHORTEST)
    start_text, end_text = parts[1].replace(" ", "").split("-")
    start, end = parse_time(start_text), parse_time(end_text)
    start_minutes = start.hour * 60 + start.minute
    span = (end.hour * 60 + end.minute - start_minutes) % (24 * 60)  # a range may cross midnight
    step = int(interval.total_seconds() // 60)
    count = span // step + 1
    if count > MAX_TIMES:
        raise ParseError(wording.too_many(count, MAX_TIMES, expanded=True))
    times = []
    for i in range(count):
        minute_of_day = (start_minutes + i * step) % (24 * 60)
        times.append(time(minute_of_day // 60, minute_of_day % 60))
    return tuple(times)


def parse_remind(args: Sequence[str] | str) -> RemindRequest:
    """Parse `/remind` arguments (without the command): a kind, then times or an "every" form.

    Times come back sorted and without duplicates. Raises ParseError with a user-facing problem.
    """
    text = args if isinstance(args, str) else " ".join(args)
    text = " ".join(text.casefold().replace("a.m.", "am").replace("p.m.", "pm").split())
    text = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", text)  # "9 am" -> "9am"
    words = text.split()
    if not words:
        raise ParseError(wording.NO_REQUEST)
    found = kinds.find(words[0])
    if found is None:
        raise ParseError(wording.unknown_kind(words[0]))
    kind = found.id
    rest = words[1:]
    if not rest:
        raise ParseError(wording.need_time(kind))
    if rest[0] == "every":
        times: Iterable[time] = _expand_every(" ".join(rest[1:]))
    else:
        times = [parse_time(word) for word in rest if word not in {"at", "and", ","}]
    unique = tuple(sorted(set(times)))
    if not unique:
        raise ParseError(wording.need_time(kind))
    if len(unique) > MAX_TIMES:
        raise ParseError(wording.too_many(len(unique), MAX_TIMES, expanded=False))
    return RemindRequest(kind, unique)


def local_slot(day: date, at: time, tz: tzinfo) -> datetime:
    """The UTC instant of wall-clock `at` on local `day` in `tz`.

    An ambiguous time (the repeated hour when clocks go back) gives its first occurrence; a
    time that does not exist (skipped when clocks go forward) gives the first valid instant
    after the gap, i.e. the moment of the change.
    """
    wall = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=tz)
    instant = wall.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return instant
    # In a gap, fold=1 applies the offset from after the change and lands before it, fold=0
    # the offset from before and lands after it; the change itself lies in between.
    before = int(wall.replace(fold=1).astimezone(UTC).timestamp())
    after = int(instant.timestamp())
    offset_before = datetime.fromtimestamp(before, UTC).astimezone(tz).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(tz).utcoffset() == offset_before:
            before = middle
        else:
            after = middle
    return datetime.fromtimestamp(after, UTC)


def _check_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC datetime")


def next_send(times: Iterable[time], tz: tzinfo, now_utc: datetime) -> datetime:
    """The first slot strictly after `now_utc` for any of `times` in `tz`, in UTC."""
    _check_aware(now_utc)
    wanted = list(times)
    if not wanted:
        raise ValueError("no times given")
    today = now_utc.astimezone(tz).date()
    # Yesterday and two days ahead cover gap shifts and zones that skipped a whole day.
    candidates = (
        local_slot(today + timedelta(days=offset), at, tz)
        for offset in range(-1, 3)
        for at in wanted
    )
    return min(slot for slot in candidates if slot > now_utc)


def slots_between(
    times: Iterable[time], tz: tzinfo, start_utc: datetime, end_utc: datetime
) -> list[datetime]:
    """Every slot in [start_utc, end_utc), sorted, each instant once."""
    _check_aware(start_utc)
    _check_aware(end_utc)
    wanted = list(times)
    first = start_utc.astimezone(tz).date() - timedelta(days=1)
    last = end_utc.astimezone(tz).date() + timedelta(days=1)
    found: set[datetime] = set()
    day = first
    while day <= last:
        for at in wanted:
            slot = local_slot(day, at, tz)
            if start_utc <= slot < end_utc:
                found.add(slot)
        day += timedelta(days=1)
    return sorted(found)
