"""A blood-test result the message reports ("my magnesium came back 0.7 mmol/L"), compared with
the usual range in the unit it was written in: low, within range or high, then what to do.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answering.nutrient_answers import Answer
from assistant.kb.blood_levels import BloodLevel, LabRange
from assistant.kb.nutrition import Nutrition

# How units arrive after normalising ("mmol/L" -> "mmol l", "mg/dL" -> "mg dl").
_UNIT_WORDS = {
    ("mmol",): "mmol/L",
    ("meq",): "mEq/L",
    ("mg", "dl"): "mg/dL",
    ("mgdl",): "mg/dL",
    ("ng", "ml"): "ng/mL",
    ("ng",): "ng/mL",
    ("nmol",): "nmol/L",
    ("pg", "ml"): "pg/mL",
    ("pg",): "pg/mL",
    ("pmol",): "pmol/L",
}
# Without a unit, a number is a result only when the message talks about a test.
_TEST_WORDS = frozenset(
    {"level", "levels", "result", "results", "test", "tested", "blood", "serum", "lab", "labs",
     "bloodwork", "report", "reading", "range"}
)  # fmt: skip
# ... or when it follows the result's name: "my potassium is 5.8", "b12 was 180".
_RESULT_NAMES = frozenset(
    {"magnesium", "calcium", "potassium", "b12", "folate", "d", "d3", "level", "levels"}
)
_LINKING = frozenset({"is", "was", "of", "at", "came", "back", "my", "a", "only", "just"})
# A number followed by these is an age, a dose or a duration, not a result.
_NOT_RESULTS = frozenset(
    {"mg", "mcg", "ug", "iu", "g", "k", "years", "year", "yrs", "yr", "yo", "y", "weeks",
     "week", "wks", "months", "month", "days", "day", "hours", "times", "x", "kg", "lbs",
     "percent", "dv", "oh", "hydroxy", "am", "pm", "ml", "oz", "tablets", "pills", "cups",
     "min", "minutes"}
)  # fmt: skip
_RANGE_WORDS = frozenset({"level", "levels", "range", "value", "values", "result"})
_OTHER_TESTS = frozenset({"ionized", "ionised", "urine", "urinary", "24"})
_SODIUM = frozenset({"sodium", "na"})
_NUTRIENT_NAMES = frozenset({"magnesium", "mg", "calcium", "potassium", "k", "d", "b12", "folate"})
_LAB = "Labs differ slightly: the range printed on your report is the one to go by."
# A unitless number is read in the unit whose range it falls nearest, within this factor.
_PLAUSIBLE = 2.5


def lab_result(
    nutrition: Nutrition, nutrients: tuple[str, ...], words: tuple[str, ...]
) -> Answer | None:
    """The verdict on a reported result for one of `nutrients`, or None when none is reported."""
    levels = [b for b in nutrition.blood_levels if b.nutrient in nutrients]
    if not levels or _OTHER_TESTS & set(words):
        return None  # ionized calcium has other ranges than the total calcium given here
    if _SODIUM & set(words) and not _NUTRIENT_NAMES & set(words):
        return None  # "his sodium came back 131": not a magnesium result
    for value, unit in _readings(words):
        for level in levels:
            fitting = _ranges_for(level, value, unit)
            if len({_side(r, value) for r in fitting}) > 1:  # "b12 was 150": pg/mL or pmol/L?
                return _either(level, fitting, value)
            if fitting:
                return _verdict(level, fitting[0], value)
    if _asks_the_range(words):
        level = levels[0]  # "whats a normal magnesium level": the range itself
        spans = " (".join(f"{_span(r)} {r.unit}" for r in level.ranges[:2])
        opening = f"A normal {level.test} is {spans}{')' if len(level.ranges) > 1 else ''}."
        return Answer(opening, notes=(_LAB,), sources=level.sources, decisive=True)
    return None


def _readings(words: tuple[str, ...]) -> Iterator[tuple[float, str | None]]:
    """The numbers that may be a result: with a lab unit, or unitless beside test words."""
    tests = bool(_TEST_WORDS & set(words))
    i = 0
    while i < len(words):
        word = words[i]
        if not word.replace(".", "", 1).isdecimal():
            i += 1
            continue
        start = i
        value, i = _decimal(words, i)
        after = words[i : i + 2]
        unit = next((u for w, u in _UNIT_WORDS.items() if after[: len(w)] == w), None)
        if after[:1] == ("meq",) and after[1:2] != ("l",):
            continue  # "klor con 20 meq": a tablet's dose, not a level in mEq/L
        named = _follows_a_name(words, start)
        thousands = bool(after) and after[0].isdecimal()  # "50 000 iu" is a dose, not a level
        if unit is not None:
            yield value, unit
        elif thousands:
            continue
        elif (tests or named) and (not after or not _counts_things(after[0])):
            yield value, None


def _counts_things(word: str) -> bool:
    """ "4 beers", "2 tablets", "10 years": a number of something, not a result."""
    plural = len(word) > 3 and word.endswith("s") and not word.endswith("ss")
    return word in _NOT_RESULTS or (plural and word not in _TEST_WORDS | {"this", "thats"})


def _asks_the_range(words: tuple[str, ...]) -> bool:
    """ "whats a normal magnesium level", "b12 normal range" (not "doc said it was normal")."""
    for i, word in enumerate(words):
        if word == "range" or (word == "normal" and _RANGE_WORDS & set(words[i + 1 : i + 4])):
            return True
    return False


def _follows_a_name(words: tuple[str, ...], start: int) -> bool:
    """ "potassium 5.8", "b12 level was 180", "my level of 9" (not "potassium? i eat 5")."""
    for j in range(start - 1, max(-1, start - 5), -1):
        if words[j] in _RESULT_NAMES:
            return True
        if words[j] not in _LINKING:
            return False
    return False


def _decimal(words: tuple[str, ...], i: int) -> tuple[float, int]:
    """ "0.7" arrives as "0 7": a whole part then one or two digits is one number."""
    whole, nxt = words[i], words[i + 1] if i + 1 < len(words) else ""
    if whole.isdecimal() and len(whole) <= 2 and nxt.isdecimal() and len(nxt) <= 2:
        return float(f"{whole}.{nxt}"), i + 2
    return float(whole), i + 1


def _ranges_for(level: BloodLevel, value: float, unit: str | None) -> list[LabRange]:
    """The range in the unit written; without one, every unit the number is plausible in,
    nearest first."""
    if unit is not None:
        return [r for r in level.ranges if r.unit == unit]
    plausible = [r for r in level.ranges if r.low / _PLAUSIBLE <= value <= r.high * _PLAUSIBLE]
    return sorted(plausible, key=lambda r: _distance(r, value))


def _distance(r: LabRange, value: float) -> float:
    return 0.0 if r.low <= value <= r.high else min(abs(value / r.low - 1), abs(value / r.high - 1))


def _side(r: LabRange, value: float) -> str:
    return "low" if value < r.low else "high" if value > r.high else "normal"


def _either(level: BloodLevel, ranges: list[LabRange], value: float) -> Answer:
    readings = "; ".join(f"in {r.unit} it is {_side(r, value)} (usual {_span(r)})" for r in ranges)
    opening = (
        f"A {level.test} of {value:g} depends on the unit on your report: {readings}. "
        f"If low: {level.low_note}"
    )
    return Answer(opening, notes=(_LAB,), sources=level.sources, decisive=True)


def _verdict(level: BloodLevel, r: LabRange, value: float) -> Answer:
    others = "; ".join(f"{_span(o)} {o.unit}" for o in level.ranges if o.unit != r.unit)
    usual = f"the usual range of {_span(r)} {r.unit}" + (f" ({others})" if others else "")
    # the result in the lab's other unit too: "45 ng/mL (about 112 nmol/L)"
    other = next((o for o in level.ranges if o.unit != r.unit and o.high and r.high
                  and abs(o.high / r.high - 1) > 0.01), None)  # not mmol/L as mEq/L  # fmt: skip
    converted = f" (about {value * other.high / r.high:.3g} {other.unit})" if other else ""
    result = f"A {level.test} of {value:g} {r.unit}{converted}"
    if value < r.low:
        opening, note = f"{result} is low: below {usual}.", level.low_note
    elif value > r.high:
        opening, note = f"{result} is high: above {usual}.", level.high_note
    elif r.borderline is not None and value < r.borderline:
        opening = f"{result} is borderline low: within {usual}, but below about {r.borderline:g}."
        note = level.normal_note
    else:
        opening, note = f"{result} is within {usual}, so it is normal.", ""
    opening = f"{opening} {note}".strip()
    return Answer(opening, notes=(_LAB,), sources=level.sources, decisive=True)


def _span(r: LabRange) -> str:
    return f"{r.low:g} to {r.high:g}"
