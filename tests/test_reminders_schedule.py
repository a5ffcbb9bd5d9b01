"""Reminder times: what users can type, and when a daily reminder actually fires."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.reminders.schedule import (
    ParseError,
    local_slot,
    next_send,
    parse_remind,
    parse_time,
    slots_between,
)
from assistant.reminders.zones import TimezoneError, parse_timezone, zone

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- /remind arguments -----------------------------------------------------------------------


def test_typed_times_are_sorted_and_deduplicated() -> None:
    request = parse_remind("hydration 17:00 09:00 13:00 9:00")
    assert request.kind == "hydration"
    assert request.times == (time(9), time(13), time(17))


def test_sleep_reminder_with_one_time() -> None:
    assert parse_remind(["sleep", "22:30"]).times == (time(22, 30),)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09:00", time(9)),
        ("9:05", time(9, 5)),
        ("9am", time(9)),
        ("9:30pm", time(21, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("21h", time(21)),
        ("21h30", time(21, 30)),
        ("7.45", time(7, 45)),
        ("00:00", time(0)),
    ],
)
def test_common_ways_of_writing_a_time(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


def test_am_pm_may_be_a_separate_word() -> None:
    assert parse_remind("water 9 am 3 PM").times == (time(9), time(15))


def test_every_form_expands_to_times_including_the_end() -> None:
    request = parse_remind("hydration every 2h 09:00-21:00")
    assert [t.hour for t in request.times] == [9, 11, 13, 15, 17, 19, 21]
    assert parse_remind("hydration every 90min 9am to 12pm").times == (
        time(9),
        time(10, 30),
        time(12),
    )


def test_every_form_may_cross_midnight() -> None:
    assert parse_remind("sleep every 1h 23:00-01:00").times == (time(0), time(1), time(23))


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "coffee 09:00",
        "hydration",
        "hydration 25:00",
        "hydration 9",
        "hydration noonish",
        "hydration every 10m 09:00-21:00",
        "hydration every 2h",
        "hydration every 30m 00:00-23:30",
        "sleep 13pm",
    ],
)
def test_wrong_forms_get_a_usage_line_and_example(typed: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_remind(typed)
    assert caught.value.problem
    assert caught.value.usage.startswith("/remind")
    assert "/remind" in caught.value.example


@given(st.text(max_size=40))
def test_parsing_never_fails_with_anything_but_a_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_remind(text)


# --- time zones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("america/new york", "America/New_York"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("UTC+2", "UTC+02:00"),
        ("UTC-05:30", "UTC-05:30"),
        ("GMT+1", "UTC+01:00"),
        ("+0545", "UTC+05:45"),
        ("UTC+0", "UTC"),
    ],
)
def test_zones_users_type(typed: str, canonical: str) -> None:
    assert parse_timezone(typed) == canonical


def test_fixed_offset_zone_means_what_the_user_wrote() -> None:
    # "GMT+1" in everyday use is one hour ahead of UTC (unlike POSIX Etc/GMT+1).
    assert zone(parse_timezone("GMT+1")).utcoffset(None) == timedelta(hours=1)
    assert zone(parse_timezone("UTC-05:30")).utcoffset(None) == -timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Europe/Berlinn", "Europe/Berlin"),
        ("berln", "Europe/Berlin"),
        ("Amrica/New_Yrok", "America/New_York"),
    ],
)
def test_mistyped_zone_gets_did_you_mean(typed: str, suggested: str) -> None:
    with pytest.raises(TimezoneError) as caught:
        parse_timezone(typed)
    assert suggested in caught.value.suggestions
    assert 1 <= len(caught.value.suggestions) <= 3


@pytest.mark.parametrize("typed", ["UTC+15", "UTC-13", "UTC+2:75", "Mars/Olympus", ""])
def test_impossible_zones_are_refused(typed: str) -> None:
    with pytest.raises(TimezoneError):
        parse_timezone(typed)


# --- next send -----------------------------------------------------------------------------------


def test_next_send_later_today_or_tomorrow() -> None:
    times = [time(9), time(21)]
    assert next_send(times, UTC, utc(2026, 5, 1, 8, 0)) == utc(2026, 5, 1, 9, 0)
    assert next_send(times, UTC, utc(2026, 5, 1, 9, 0)) == utc(2026, 5, 1, 21, 0)
    assert next_send(times, UTC, utc(2026, 5, 1, 21, 30)) == utc(2026, 5, 2, 9, 0)


def test_zone_east_of_utc_tokyo_morning_is_previous_utc_day() -> None:
    # 07:00 in Tokyo (UTC+9) is 22:00 UTC on the day before.
    assert next_send([time(7)], TOKYO, utc(2026, 5, 1, 12, 0)) == utc(2026, 5, 1, 22, 0)


def test_zone_west_of_utc_los_angeles_evening_is_next_utc_day() -> None:
    # 22:30 in Los Angeles (UTC-7 in summer) is 05:30 UTC the next day.
    assert next_send([time(22, 30)], LOS_ANGELES, utc(2026, 7, 1, 12, 0)) == utc(2026, 7, 2, 5, 30)


def test_midnight_reminder() -> None:
    assert next_send([time(0)], BERLIN, utc(2026, 1, 10, 22, 59)) == utc(2026, 1, 10, 23, 0)
    assert next_send([time(0)], BERLIN, utc(2026, 1, 10, 23, 0)) == utc(2026, 1, 11, 23, 0)


def test_fixed_offset_zone() -> None:
    tz = zone("UTC+05:30")
    assert next_send([time(9)], tz, utc(2026, 1, 1)) == utc(2026, 1, 1, 3, 30)


@pytest.mark.parametrize(
    ("tz", "start", "end"),
    [
        (BERLIN, utc(2026, 3, 26), utc(2026, 4, 2)),  # spring forward, 29 March
        (BERLIN, utc(2026, 10, 22), utc(2026, 10, 29)),  # fall back, 25 October
        (NEW_YORK, utc(2026, 3, 5), utc(2026, 3, 12)),  # spring forward, 8 March
        (NEW_YORK, utc(2026, 10, 29), utc(2026, 11, 5)),  # fall back, 1 November
    ],
)
def test_nine_oclock_stays_nine_oclock_across_dst_once_a_day(
    tz: ZoneInfo, start: datetime, end: datetime
) -> None:
    slots = slots_between([time(9)], tz, start, end)
    local = [slot.astimezone(tz) for slot in slots]
    assert [(moment.hour, moment.minute) for moment in local] == [(9, 0)] * len(local)
    days = [moment.date() for moment in local]
    assert len(days) == len(set(days)) == (end - start).days


def test_new_york_nine_am_in_utc_before_and_after_the_change() -> None:
    assert next_send([time(9)], NEW_YORK, utc(2026, 3, 7, 20)) == utc(2026, 3, 8, 13)  # EDT
    assert next_send([time(9)], NEW_YORK, utc(2026, 3, 6, 20)) == utc(2026, 3, 7, 14)  # EST
    assert next_send([time(9)], NEW_YORK, utc(2026, 10, 31, 20)) == utc(2026, 11, 1, 14)  # EST


def test_time_in_spring_forward_gap_fires_when_the_clock_jumps() -> None:
    # Berlin skips 02:00-03:00 on 29 March 2026: a 02:30 reminder comes at 03:00 CEST.
    slots = slots_between([time(2, 30)], BERLIN, utc(2026, 3, 28), utc(2026, 3, 31))
    assert slots == [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)]
    assert slots[1].astimezone(BERLIN).strftime("%H:%M") == "03:00"
    # New York skips 02:00-03:00 on 8 March 2026.
    assert local_slot(date(2026, 3, 8), time(2, 15), NEW_YORK) == utc(2026, 3, 8, 7, 0)


def test_time_in_fall_back_overlap_fires_once_at_the_first_occurrence() -> None:
    # New York repeats 01:00-02:00 on 1 November 2026: 01:30 EDT (05:30 UTC) comes first.
    slots = slots_between([time(1, 30)], NEW_YORK, utc(2026, 10, 31, 12), utc(2026, 11, 2, 12))
    assert slots == [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]
    # Asking "what next" during the repeated hour does not fire it again that day.
    assert next_send([time(1, 30)], NEW_YORK, utc(2026, 11, 1, 5, 45)) == utc(2026, 11, 2, 6, 30)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31)),
    st.sampled_from([BERLIN, NEW_YORK, TOKYO, LOS_ANGELES, ZoneInfo("Australia/Lord_Howe")]),
    st.lists(st.times().map(lambda t: t.replace(second=0, microsecond=0)), min_size=1, max_size=4),
)
def test_next_send_is_the_first_slot_after_now(
    naive_now: datetime, tz: ZoneInfo, times: list[time]
) -> None:
    now = naive_now.replace(tzinfo=UTC)
    upcoming = next_send(times, tz, now)
    assert now < upcoming <= now + timedelta(days=1, hours=1)
    assert slots_between(times, tz, now + timedelta(microseconds=1), upcoming) == []


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError):
        next_send([time(9)], UTC, datetime(2026, 1, 1))
    assert zone("UTC") is UTC
    assert isinstance(zone("UTC+01:00"), timezone)
