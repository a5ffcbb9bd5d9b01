"""How long a sign has lasted ("for 3 weeks", "since last month") and counts of pills ("took
20 of them"), read from a message's words for triage."""

from __future__ import annotations

from datetime import date

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBER_WORDS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "couple": 2, "few": 3}
_NUMBER_WORDS |= {"several": 3, "many": 3}
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "wk": 7, "wks": 7, "month": 30}
# other languages mixed into English: "3 hafte se" (Hindi), "3 semanas" (Spanish)
_UNIT_DAYS |= {"hafte": 7, "hafta": 7, "semanas": 7, "semana": 7}
_UNIT_DAYS |= {"months": 30, "mo": 30, "mos": 30, "year": 365, "years": 365, "yr": 365}
_UNIT_DAYS |= {"yrs": 365}
# "took ten of my capsules": counts written as words.
_COUNT_WORDS = {"ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15, "twenty": 20}
_COUNT_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_NOT_A_DURATION = frozenset({"old", "pregnant", "postpartum", "pp", "gestation", "along"})
_PLURAL_UNITS = frozenset({"weeks", "months", "years"})  # "for weeks"
_BABY_WORDS = frozenset({"baby", "babys", "newborn", "infant", "preemie"})  # "newborn 3 weeks"
_SINCE = frozenset({"since", "the", "from", "started", "starting", "began", "begun", "start"})
_AGE_WORDS = frozenset({"im", "am", "aged", "age", "is", "hes", "shes", "turned", "turning"})
# "im a guy 35", "female 29", "im f, 30": who is asking, then an age
_AGE_WORDS |= {"guy", "man", "woman", "girl", "boy", "male", "female", "lady", "dude", "mum", "dad"}
_AGE_WORDS |= {"f", "m"}


def could_be_a_time_or_count(word: str, unit: str) -> bool:
    """ "3 weeks", "for months" or a count ("20", "twenty"): worth reading; most words are not."""
    return unit in _UNIT_DAYS or word in _PLURAL_UNITS or word.isdecimal() or word in _COUNT_WORDS


def duration_days(words: list[str], i: int, pregnant: bool, personal: frozenset[str]) -> int:
    """Days in "3 weeks", "a month", "for months" starting at word i (0 when none)."""
    word = words[i]
    unit = words[i + 1] if i + 1 < len(words) else ""
    after = words[i + 2] if i + 2 < len(words) else ""
    if unit not in _UNIT_DAYS or after in _NOT_A_DURATION:
        # "for weeks", "for months": a plural unit alone is more than two of them
        if word in ("weeks", "months", "years") and i and words[i - 1] in ("for", "since"):
            return 2 * _UNIT_DAYS[word] + 1
        return 0
    count = int(word) if word.isdecimal() else _NUMBER_WORDS.get(word, 0)
    if word == "many" and i and words[i - 1] == "how":
        return 0  # "after how many weeks should i see a dr": asked, not lasted
    if i and (words[i - 1] in _AGE_WORDS | _BABY_WORDS or words[i - 1] in personal):
        return 0  # "baby is 5 weeks", "my daughter 10 years": an age, not how long it lasts
    if pregnant and unit in ("week", "weeks", "wk", "wks") and count >= 4:
        return 0  # "34 weeks": how far along a pregnancy is, not how long a twitch lasts
    if word in ("last", "past", "this") and unit in ("month", "year"):
        if word == "last" and i and words[i - 1] in _UNIT_DAYS:
            return 0  # "twitched for 2 days last month": when, not how long
        if word == "last" and not _SINCE.intersection(words[max(0, i - 3) : i]):
            return 0  # "had a panic attack last month": when ("since", "over the last": how long)
        count = 1  # "since last month"
    # "for 2 weeks now": still going; "for over 2 weeks": past them
    still = after == "now" or (i > 0 and words[i - 1] in ("over", "more"))
    return count * _UNIT_DAYS[unit] + still


def is_large_count(words: list[str], i: int, least: int, units: frozenset[str]) -> bool:
    """A count of pills ("took 20 magnesium"), not an amount ("5000 iu") or an age."""
    count = int(words[i]) if words[i].isdecimal() else _COUNT_WORDS.get(words[i], 0)
    if not least <= count <= 1000:
        return False
    unit = words[i + 1] if i + 1 < len(words) else ""
    return unit not in units and not (i and words[i - 1] in _AGE_WORDS)


def years_gone_by(words: list[str]) -> list[int]:
    """Where "in 2019" names a past year: that dates its clause like "last year" does."""
    this_year = date.today().year
    return [
        i
        for i, word in enumerate(words)
        if i
        and words[i - 1] in ("in", "back")
        and word.isdecimal()
        and word.isascii()
        and 1950 <= int(word) < this_year
    ]
