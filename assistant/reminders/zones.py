"""Time zones typed by users: IANA names, fixed UTC offsets, and "did you mean" suggestions.

Pure functions, no I/O beyond reading the system's tz database through `zoneinfo`.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import fuzz, process

DEFAULT_ZONE = "UTC"
MAX_SUGGESTIONS = 3

# Zones people live in; legacy aliases (US/Eastern, EST5EDT) still resolve when typed exactly,
# but are not offered as suggestions or matched by city name.
_REGIONS = frozenset(
    (
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    )
)
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})
_OFFSET = re.compile(r"(?:utc|gmt)?\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?")
_UTC_WORDS = frozenset({"utc", "gmt", "z", "zulu", "etc/utc", "universal", "utc0", "gmt0"})
_CANONICAL_OFFSET = re.compile(r"UTC(?P<sign>[+-])(?P<h>\d{2}):(?P<m>\d{2})")


class TimezoneError(ValueError):
    """A zone the user typed that does not exist; carries up to three close matches."""

    def __init__(self, text: str, suggestions: tuple[str, ...]) -> None:
        super().__init__(f"Unknown time zone: {text!r}")
        self.text = text
        self.suggestions = suggestions


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Case-folded name -> canonical IANA name, for every zone on this system."""
    return {
        name.casefold(): name
        for name in available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    }


@lru_cache(maxsize=1)
def available_zone_names() -> frozenset[str]:
    """Canonical names `parse_timezone` can return for IANA zones (offsets excluded)."""
    return frozenset(_zone_names().values()) | {DEFAULT_ZONE}


def _city(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace("_", " ").casefold()


@lru_cache(maxsize=1)
def _city_index() -> dict[str, tuple[str, ...]]:
    """City part ("new york") -> regional zones with that city, so "berlin" resolves."""
    index: dict[str, list[str]] = {}
    for name in sorted(_zone_names().values()):
        if name.split("/", 1)[0] in _REGIONS and "/" in name:
            index.setdefault(_city(name), []).append(name)
    return {city: tuple(names) for city, names in index.items()}


@lru_cache(maxsize=1)
def _suggestion_choices() -> dict[str, str]:
    """Strings to fuzzy-match (full names and city names) -> the zone each stands for."""
    choices: dict[str, str] = {}
    for city, names in _city_index().items():
        for name in names:
            choices.setdefault(name.casefold().replace("_", " "), name)
        choices.setdefault(city, names[0])
    return choices


def _offset_name(sign: str, hours: int, minutes: int) -> str:
    if hours == minutes == 0:
        return DEFAULT_ZONE
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def parse_timezone(text: str) -> str:
    """Turn what a user typed into a canonical zone name that `zone()` accepts.

    Accepts IANA names in any case ("europe/berlin"), a unique city ("Berlin", "new york"),
    "UTC", and fixed offsets ("UTC+2", "GMT-05:30", "+0530"). Raises TimezoneError otherwise.
    """
    raw = " ".join(text.split())
    folded = raw.casefold()
    if not folded:
        raise TimezoneError(raw, ())
    if folded in _UTC_WORDS:
        return DEFAULT_ZONE
    offset = _OFFSET.fullmatch(folded)
    if offset:
        hours, minutes = int(offset["h"]), int(offset["m"] or 0)
        total = hours * 60 + minutes
        sign = offset["sign"]
        # Real-world offsets run from UTC-12 to UTC+14.
        if minutes < 60 and total <= (14 * 60 if sign == "+" else 12 * 60):
            return _offset_name(sign, hours, minutes)
        raise TimezoneError(raw, ())
    key = folded.replace(" / ", "/").replace(" ", "_")
    names = _zone_names()
    if key in names:
        return names[key]
    cities = _city_index().get(folded.replace("_", " "), ())
    if len(cities) == 1:
        return cities[0]
    raise TimezoneError(raw, cities[:MAX_SUGGESTIONS] or suggest_timezones(raw))


def suggest_timezones(text: str, limit: int = MAX_SUGGESTIONS) -> tuple[str, ...]:
    """Up to `limit` zones whose name or city is close to `text`, best first."""
    query = text.casefold().replace("_", " ")
    choices = _suggestion_choices()
    found: list[str] = []
    for match, _score, _index in process.extract(
        query, list(choices), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=70
    ):
        zone_name = choices[match]
        if zone_name not in found:
            found.append(zone_name)
    return tuple(found[:limit])


@lru_cache(maxsize=1024)
def zone(name: str) -> tzinfo:
    """The tzinfo for a canonical name from `parse_timezone` (or stored in the database)."""
    if name == DEFAULT_ZONE:
        return UTC
    offset = _CANONICAL_OFFSET.fullmatch(name)
    if offset:
        delta = timedelta(hours=int(offset["h"]), minutes=int(offset["m"]))
        return timezone(delta if offset["sign"] == "+" else -delta, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise TimezoneError(name, ()) from error
