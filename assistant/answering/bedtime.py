"""A bedtime worked out from the wake-up time a message gives ("I get up at 6:30, when should I
go to bed?"): the person's hours of sleep, counted back from that time."""

from __future__ import annotations

import re

# "wake up at 6 30 am", "alarm at 5 45", "up by 6", "shift starts at 7": the words as matched
_WAKE = re.compile(
    r"\b(?:wake|wakes|waking|woke|up|alarm|alarms|start|starts|leave)"
    r"(?: up)?(?: at| around| by| about)? (\d{1,2})(?: (\d{2}))?(?: (am|pm))?\b"
)
# "i sleep 5 hours", "sleeps only 6 hrs", "5 hours of sleep"
_SLEPT = re.compile(
    r"\b(?:sleep|sleeps|sleeping|slept|get|gets|getting)(?: only| about| like| around)? "
    r"(\d{1,2}) (?:hours|hour|hrs|hr|h)\b|\b(\d{1,2}) (?:hours|hrs|h) (?:of )?sleep\b"
)
# "sleep at 9am", "bed at 11", "bedtime is 10 30 pm"; not hours slept ("sleep 5h", "4 5 hours")
_SLEEP = re.compile(
    r"\b(?:sleep|bed|asleep|bedtime)(?: is)?(?: at| around| by| about)? "
    r"(\d{1,2})(?!(?: \d{1,2})? ?(?:h|hr|hrs|hour|hours)\b)(?: (\d{2}))?(?: (am|pm))?\b"
)
# The caffeine-free hours as the curator wrote them: "no tea or coffee in the 6 hours before bed"
_FREE_HOURS = re.compile(r"(\d{1,2}) hours before (?:bed|sleep|you sleep|you plan to sleep)")
# A bedtime said without am or pm from this hour is in the evening; before it, after midnight
_EVENING_FROM = 6
# The need as the curator wrote it in the sleep answer: "7 to 9 hours", "8 to 10 hours"
_HOURS = re.compile(r"(\d{1,2}) to (\d{1,2}) hours")


def bedtime(words: tuple[str, ...], need: str) -> str:
    """'To sleep 7 to 9 hours before a 6:30 am alarm, be asleep by 9:30 to 11:30 pm.', or ""
    when the message gives no wake-up time or `need` no range of hours."""
    found = list(_WAKE.finditer(" ".join(words)))
    # "school starts 7:30 and she wakes at 6:45": the waking time, before a start or leave
    wake = next((m for m in found if not m[0].startswith(("start", "leave"))), None)
    wake = wake or next(iter(found), None)
    hours = _HOURS.search(need)
    if wake is None or hours is None:
        return ""
    hour, minute = int(wake[1]), int(wake[2] or 0)
    if hour > 23 or minute > 59:
        return ""
    if wake[3] == "pm" and hour < 12:
        hour += 12  # a night-shift worker's "wake at 2 pm"
    fewest, most = sorted((int(hours[1]), int(hours[2])))
    woken = hour * 60 + minute
    earliest, latest = (woken - most * 60) % 1440, (woken - fewest * 60) % 1440
    return (
        f"To sleep {fewest} to {most} hours before getting up at {_clock(woken)}, "
        f"be asleep by {_clock(earliest)} to {_clock(latest)}."
    )


def hours_slept(words: tuple[str, ...], need: str) -> str:
    """'No: 5 hours is less than the 7 to 9 hours needed.', from the hours of sleep the message
    gives ("i sleep 5 hours", "6 hrs on school nights") and the person's need in `need`."""
    slept = _SLEPT.search(" ".join(words))
    hours = _HOURS.search(need)
    if slept is None or hours is None:
        return ""
    value = int(slept[1] or slept[2])
    fewest, most = sorted((int(hours[1]), int(hours[2])))
    needed = f"the {fewest} to {most} hours needed"
    if value < fewest:
        return f"No: {value} hours is less than {needed}."
    if value > most:
        return f"{value} hours is more than {needed}."
    return f"Yes: {value} hours is within {needed}."


def last_caffeine(words: tuple[str, ...], advice: str) -> str:
    """'For sleep at 9:00 am, have your last caffeine by 3:00 am.', from the sleep time the
    message gives and the hours the `advice` keeps free of caffeine ("6 hours before bed")."""
    sleep = _SLEEP.search(" ".join(words).replace("midnight", "12"))  # "bedtime is midnight"
    hours = _FREE_HOURS.search(advice)
    if sleep is None or hours is None:
        return ""
    hour, minute = int(sleep[1]), int(sleep[2] or 0)
    if hour > 23 or minute > 59:
        return ""
    if sleep[3] == "pm" and hour < 12:
        hour += 12
    elif sleep[3] is None:  # "bed at 11" is at night, "bed at 12" midnight, "sleep around 1"
        hour = 0 if hour == 12 else hour + 12 if _EVENING_FROM <= hour < 12 else hour
    asleep = hour * 60 + minute
    stop = (asleep - int(hours[1]) * 60) % 1440
    return f"For sleep at {_clock(asleep)}, have your last caffeine by {_clock(stop)}."


def _clock(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    half = "am" if hour < 12 else "pm"
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {half}"
