"""Doses read from a message: "5000 iu", "2 tabs of 250mg twice a day", "50,000 IU weekly";
not a medicine's dose ("omeprazole 40 mg") and not a blood level ("10.8 mg/dL")."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.match import TOTAL_WORDS

# Calcium antacids: tablets, and the product a calcium dose is in (not a medicine beside it)
ANTACIDS = frozenset({"tums", "rennie", "rennies", "rolaids"})
_PILL_WORDS = frozenset({"tab", "tabs", "tablet", "tablets", "pill", "pills", "capsule",
                         "capsules", "caps", "gummy", "gummies", "softgel", "softgels", "scoop",
                         "scoops", "caplet", "caplets", "sachet", "sachets", "stick", "sticks",
                         "chewable", "chewables", "packet", "packets", "serving",
                         "servings"}) | ANTACIDS  # fmt: skip
_SPOONS = frozenset({"tsp", "tbsp", "teaspoon", "teaspoons", "tablespoon", "tablespoons"})
_UNITS_TAKEN = _PILL_WORDS | _SPOONS  # "2 tsp = 325 mg, i take 3 tsp"
_A_DAY = (["a", "day"], ["per", "day"], ["each", "day"], ["every", "day"], ["daily"],
          ["every", "morning"], ["every", "night"], ["each", "morning"], ["each", "night"],
          ["at", "night"], ["in", "the"])  # fmt: skip
_COUNTS = {"one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0}
_TAKEN_REACH = 14  # "120mg per capsule, take 1-4 daily.. if i take all 4"
_TIMES_A_DAY = {"twice": 2.0, "thrice": 3.0}
_MORNING = frozenset({"morning", "am", "breakfast"})
_EVENING = frozenset({"night", "evening", "pm", "bed", "bedtime", "dinner"})
_WHEN = (["on"], ["when"], ["if"], ["most"], ["some"])  # after a count of tablets taken
# "like 4 a day", "120mg per capsule, if i take all 4"
_ABOUT = frozenset({"like", "about", "around", "maybe", "said", "says", "all"})
_TAKE = frozenset(
    {"take", "takes", "taking", "took", "have", "has", "give", "eats", "chews", "for"}
)
# after a count, words that make it a count of something else: "i have 2 red bulls after"
# "120mg elemental per cap": the amount in one of the pills counted before it
_PER_ONE = frozenset({"per cap", "per capsule", "per tablet", "per tab", "per gummy", "per pill"})
_OTHER_THINGS = frozenset({"red", "coffee", "coffees", "cups", "cans", "monsters", "kids", "eggs"})
_WEEKLY = frozenset({"week", "weekly", "wk"})
_MONTHLY = frozenset({"month", "monthly"})
_WEEKS, _MONTHS = _WEEKLY | {"weeks", "wks"}, _MONTHLY | {"months"}
_DAILY = frozenset({"daily", "everyday", "day", "days", "nightly"})  # "every day", "a day"
_DURATION_BEFORE = frozenset({"for", "since", "past", "last", "this", "few", "couple"})
DOSE_UNITS = {"mg": "mg", "mcg": "mcg", "ug": "mcg", "iu": "IU", "g": "g", "units": "IU"}


@dataclass(frozen=True, slots=True)
class Dose:
    amount: float
    unit: str  # "mg", "mcg", "IU", "g"
    days: int = 1  # 7 for "50,000 IU once a week"
    near: tuple[str, ...] = ()  # the words around it, which say what it is a dose of
    at: int = 0  # where the number stands in `near`


_MOST_PILLS = 6
_MOST_GRAMS = 10  # "1 g of calcium" is a dose; "100g of ragi flour" is food
# after a number, words that make it something other than a count of pills: "2 weeks", "2 mg"
_NOT_COUNTED = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "yr",
                          "yrs", "yo", "yos", "times", "hour", "hours", "hrs", "am", "pm", "kids",
                          "children",
                          *DOSE_UNITS})  # fmt: skip
_NUTRIENT_WORDS = frozenset({"magnesium", "mag", "calcium", "potassium", "vitamin", "vit",
                             "d", "d3", "d2", "b12", "b6", "folic", "folate", "iu"})  # fmt: skip
# Calcium products named by their milligrams per tablet ("Caltrate 600", "Os-Cal 500"), with
# the share of it that is calcium: Tums' number is the calcium carbonate, 40% calcium (NIH ODS)
_STRENGTH_NAMED = {"caltrate": 1.0, "oscal": 1.0, "cal": 1.0, "tums": 0.4}
CALCIUM_PRODUCTS = frozenset(_STRENGTH_NAMED) - {"cal"}  # "caltrate 600": its calcium's mg
_NAME_REACH = 3  # "tums extra strength 750"
# Tums by strength when no figure is named ("2 regular tums a day"): calcium a tablet (NIH ODS:
# calcium carbonate is 40% calcium; Regular 500 mg, Extra Strength 750 mg, Ultra 1,000 mg)
_TUMS_CALCIUM = {"regular": 200.0, "extra": 300.0, "ultra": 400.0}
# Words that make an amount a goal, not a dose taken: "how do i hit 1000mg calcium a day"
_TARGET = frozenset({"hit", "reach", "aim", "target", "goal", "meet"})
_PROVIDING = frozenset({"providing", "provides", "giving", "gives", "yielding", "yields"})
_EXTRA = frozenset({"extra", "more"})
_PER_VOLUME = frozenset({"dl", "l", "ml", "decilitre", "deciliter", "litre", "liter"})


def read_goals(words: tuple[str, ...]) -> tuple[Dose, ...]:
    """The amounts aimed at ("how many glasses of milk to hit 1000mg calcium")."""
    return read_doses([w for w in words if w not in _TARGET], frozenset())


def read_doses(words: list[str], medicines: frozenset[str]) -> tuple[Dose, ...]:
    """ "5000 iu", "500mg"; not a medicine's dose ("omeprazole 40 mg") and not zero."""
    found: list[Dose] = []
    words = _thousands(words)
    for i, word in enumerate(words[:-1]):
        if not word.isdecimal():
            continue
        thousands = words[i + 1] == "k"  # "60k", "50k iu": vitamin D is counted in IU
        unit = DOSE_UNITS.get(words[i + 2] if thousands and i + 2 < len(words) else words[i + 1])
        unit = unit or ("IU" if thousands else None)
        preceding = reversed(words[max(0, i - _NAME_REACH) : i]) if unit is None else ()
        name = next((w for w in preceding if w in _STRENGTH_NAMED), "")
        named = bool(name)
        unit = "mg" if named else unit  # "caltrate 600 twice a day": 600 mg of calcium a tablet
        if unit is None and found and words[i + 1] in _EXTRA:
            unit = found[-1].unit  # "1000 mcg folic acid, and 400 extra": 400 mcg more
        # "levothyroxine every morning (75mcg)", "40 mg of omeprazole": the medicine's dose,
        # unless a nutrient is named as close ("omeprazole and 400mg magnesium")
        medicine = _closest(words, i, medicines) < _closest(words, i, _NUTRIENT_WORDS)
        level = i + 2 < len(words) and words[i + 2] in _PER_VOLUME  # "10.8 mg/dL": a blood level
        level = level or words[i + 2 : i + 3] == ["dfe"]  # "1360 mcg DFE": folate, not folic acid
        grams_of_food = unit == "g" and word.isdecimal() and int(word) > _MOST_GRAMS  # "100g ragi"
        # "magnesium citrate 1000 mg providing 160 mg magnesium": the compound's weight
        compound = bool(_PROVIDING.intersection(words[i + 2 : i + 5]))
        target = bool(_TARGET.intersection(words[max(0, i - 3) : i]))  # "how do i hit 1000mg"
        if compound or not (int(word) > 0 and unit) or medicine or level or grams_of_food or target:
            continue
        days = _period(words[i + 1 : i + 8])
        amount = float(word) * (1000 if thousands else 1) * (_STRENGTH_NAMED[name] if named else 1)
        if i and words[i - 1].isdecimal() and len(word) <= 2 and not thousands:
            amount = float(f"{words[i - 1]}.{word}")  # "71.5 mg" reads as "71 5 mg"
        near, at = tuple(words[max(0, i - 5) : i + 6]), i - max(0, i - 5)
        pills, times = _taken(words, i - 1 if named else i)  # no unit word after a name's
        if pills > 1:  # "120mg per 2 caps, im taking 4 caps": per cap; no count: the serving
            amount /= _per_units(words, i)
        before = _count_before(words, i)
        if before > 1 and pills > 1 and words[i - 1] in _UNITS_TAKEN:
            amount /= before  # "serving 2 tablets = 200 mg, i take 3 tabs": 100 mg each
        elif pills == 1 and ("each" in words[i + 2 : i + 4] or _PER_ONE.intersection(
                [" ".join(words[j : j + 2]) for j in range(i + 2, i + 5)])):  # fmt: skip
            # "2 calcium gummies (250mg each)", "3 liquid iv sticks a day, box says 370mg each"
            amount *= before if before > 1 else _count_of_pills(words, i)
        elif before > 1 and pills == 1 and words[i - 1] not in _PILL_WORDS | _SPOONS:
            # "2 nature made 250mg", not "3 capsules = 360 mg" or "2 tsp (325 mg)": the label
            amount *= before
        if "half" in words[max(0, i - 4) : i]:
            amount /= 2  # "half of my 1000 IU gummy"
        amount *= _hundreds_of_ml(words, i)  # "120mg per 100ml, 2 glasses (250ml)": 600 mg
        found.append(Dose(amount * pills * times, unit, days, near, at))
    return tuple(found or _tums(words))


def states_a_label(words: tuple[str, ...] | list[str]) -> bool:
    """A supplement label's arithmetic: "2 tsp = 325 mg", "120mg per 2 caps" (so "i put 3 tsp
    in my tea" is about the supplement, not the tea), or doses added up ("my prenatal has 800
    mcg and the cereal box says 400 mcg per bowl, whats my total")."""
    doses = [i for i, w in enumerate(words[:-1]) if w.isdecimal() and words[i + 1] in DOSE_UNITS]
    if len(doses) >= 2 and TOTAL_WORDS.intersection(words):
        return True
    return any(
        word.isdecimal() and words[i + 1] in _UNITS_TAKEN and any(abs(j - i) <= 4 for j in doses)
        for i, word in enumerate(words[:-1])
    )


def _per_units(words: list[str], i: int) -> float:
    """How many pills or spoons the amount at `i` is for: "120mg per 2 caps", "300mg
    caffeine per 2 scoops" (1: not said)."""
    start = i + 2 if words[i + 2 : i + 3] == ["per"] else i + 3
    per = words[start : start + 3]
    if len(per) == 3 and per[0] == "per" and per[1].isdecimal() and per[2] in _UNITS_TAKEN:
        return max(1.0, float(per[1]))
    return 1.0


def _hundreds_of_ml(words: list[str], i: int) -> float:
    """How many 100 ml a label's "per 100ml" amount at `i` was drunk in ("2 big glasses
    (250ml)": 5); 1 when the label is not per 100 ml or no amount drunk is named."""
    per = next((j for j in range(i + 2, min(len(words), i + 4)) if words[j] == "per"), None)
    if per is None or words[per + 1 : per + 3] != ["100", "ml"]:
        return 1.0
    later = words[per + 3 :]
    for j, word in enumerate(later[:-1]):
        if word.isdecimal() and later[j + 1] == "ml":
            before = later[max(0, j - 4) : j]
            count = next((float(w) for w in before if w.isdecimal() and 0 < int(w) <= 10), 1.0)
            return count * float(word) / 100
    return 1.0


def _period(later: list[str]) -> int:
    """Days one dose covers: "50,000 IU once a week" 7, "every 2 weeks" 14; "every day since a
    month" and "daily for 2 weeks" 1 (how long it has been taken is not how often)."""
    for j, word in enumerate(later):
        if word in _DAILY:
            return 1
        if word in _WEEKS or word in _MONTHS:
            before = later[j - 1] if j else ""
            unit = 7 if word in _WEEKS else 30
            if before.isdecimal() and later[j - 2 : j - 1] == ["every"]:
                return int(before) * unit  # "every 2 weeks"
            duration = before in _DURATION_BEFORE or before.isdecimal() or later[j + 1 : j + 2] in (
                ["ago"], ["now"])  # fmt: skip
            if not duration:
                return unit
    return 1


def _count_before(words: list[str], i: int) -> float:
    """ "i take 2 nature made 250mg", "2 x 250mg": how many, said before the amount (1: none).
    Not a number just before it ("71 5 mg" is 71.5) nor one with its own unit ("2 weeks")."""
    for j in range(i - 2, max(-1, i - 7), -1):  # "2 vit d gummies of 1000 iu"
        word = words[j]
        if word in ("plus", "also", "and"):
            return 1.0  # "i take 2, plus a multivitamin with 100mg": not 2 multivitamins
        count = float(word) if word.isdecimal() else _COUNTS.get(word, 0.0)
        if count and words[j + 1] not in _NOT_COUNTED:
            return count if 1 < count <= _MOST_PILLS else 1.0
        if word.isdecimal():
            return 1.0
    return 1.0


def _count_of_pills(words: list[str], i: int) -> float:
    """ "3 liquid iv sticks a day, box says 370mg potassium each": a count up to ten words
    before the amount that is followed by a pill word within three (1: none)."""
    for j in range(i - 1, max(-1, i - 11), -1):
        word = words[j]
        if (
            word.isdecimal()
            and 1 < int(word) <= _MOST_PILLS
            and _PILL_WORDS & set(words[j + 1 : j + 4])
        ):
            return float(word)
    return 1.0


def _closest(words: list[str], i: int, names: frozenset[str], reach: int = 4) -> int:
    """How many words from the number at `i` the nearest of `names` stands (reach + 1: none)."""
    near = [abs(j - i) for j in range(max(0, i - reach), min(len(words), i + reach + 1))
            if words[j] in names]  # fmt: skip
    return min(near, default=reach + 1)


def _taken(words: list[str], i: int) -> tuple[float, float]:
    """How many pills of the dose at `i`, how many times a day: "250mg, i take 2 tabs a day"
    (2, 1), "71.5 mg per tab, 2 tabs twice a day" (2, 2); (1, 1) when not said. A count
    followed by its own dose ("2 gummies of 400mcg") is that dose's, and the search stops at
    another dose."""
    count, times = 1.0, 1.0
    for j in range(i + 2, min(len(words), i + _TAKEN_REACH)):
        word, before, after = words[j], words[j - 1], words[j + 1 : j + 4]
        another = word.isdecimal() and after[:1] and after[0] in DOSE_UNITS
        if another and "plus" not in words[j - 2 : j]:
            break  # another dose; "600mg plus d3 400 iu, 1 twice a day": the same tablet
        own_dose = any(a.isdecimal() for a in after)
        if word in _UNITS_TAKEN and (before.isdecimal() or before in _COUNTS) and not own_dose:
            count = float(before) if before.isdecimal() else _COUNTS[before]
            if before.isdecimal() and len(before) == 1 and words[j - 2].isdecimal():
                count = float(f"{words[j - 2]}.{before}")  # "1.5 scoops" reads as "1 5 scoops"
        elif (
            word.isdecimal()
            and not _OTHER_THINGS.intersection(words[j + 1 : j + 2])  # "then i have 2 red bulls"
            and (
                words[j + 1 : j + 3] in _A_DAY  # "250mg, taking 2 a day", "10mg b6, 2 a day"
                or (
                    (before in _TAKE or before in _ABOUT)
                    and (
                        _PILL_WORDS & set(words[max(0, i - 3) : j])
                        or words[j + 1 : j + 2] in _WHEN  # "i take 2 on bad days"
                    )
                )
            )
        ):
            count = float(word)  # "250mg per tablet, i take 2"
        if word in _TIMES_A_DAY:
            times = _TIMES_A_DAY[word]
        elif word == "times" and (before.isdecimal() or before in _COUNTS):
            times = float(before) if before.isdecimal() else _COUNTS[before]
        elif word == "x" and before.isdecimal() and words[j + 1 : j + 3] in _A_DAY:
            times = float(before)  # "50mg of B6, i take it 2x a day"
        elif j == i + 2 and len(word) == 2 and word[0] == "x" and word[1].isdecimal():
            count = float(word[1])  # "magnesium 250mg x2": two of them
    window = set(words[i + 2 : i + 16])
    if times == 1.0 and window & _MORNING and window & _EVENING:
        times = 2.0  # "i take 2 in the morning and 2 at night"
    return count if count <= _MOST_PILLS else 1.0, times


def _thousands(words: list[str]) -> list[str]:
    """ "10", "000" -> "10000": a comma in "10,000 IU" may have split the number."""
    out: list[str] = []
    for word in words:
        if (
            out
            and out[-1].isdecimal()
            and len(word) == 3
            and word.isdecimal()
            and len(out[-1]) <= 3
        ):
            out[-1] += word
        else:
            out.append(word)
    return out


def _tums(words: list[str]) -> tuple[Dose, ...]:
    """ "2 regular tums every day": the calcium in that many tablets of that strength."""
    if "tums" not in words:
        return ()
    i = words.index("tums")
    strength = next((_TUMS_CALCIUM[w] for w in words[max(0, i - 2) : i + 3] if w in _TUMS_CALCIUM),
                    None)  # fmt: skip
    count = next((int(w) for w in words[max(0, i - 3) : i] if w.isdecimal() and 0 < int(w) <= 20),
                 None)  # fmt: skip
    if strength is None or count is None:
        return ()
    return (Dose(strength * count, "mg", 1, ("tums", "calcium"), 0),)
