"""A verdict on an amount of water the message names ("is 3 litres a day too much for a
woman", "drank 4 litres in 2 hours"): against the usual need and what the kidneys can clear."""

from __future__ import annotations

from assistant.answering.profile import Profile
from assistant.kb.water import Water

_LITRES = {"litre": 1.0, "litres": 1.0, "liter": 1.0, "liters": 1.0, "l": 1.0, "ml": 0.001,
           "cup": 0.24, "cups": 0.24, "glass": 0.25, "glasses": 0.25, "gallon": 3.785,
           "gallons": 3.785, "oz": 0.0296, "ounces": 0.0296}  # fmt: skip
_BOTTLE_LITRES = 0.5  # "10 bottles of water": the usual 500 ml bottle when no size is given
_COUNTS = {"a": 1.0, "one": 1.0, "half": 0.5, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0}
_TOO_MUCH = (" too much ", " too many ", " overdoing ", " dangerous ", " safe ", " is that ok ",
             " is that bad ", " is it bad ", " bad for ", " overhydrat", " good idea ")  # fmt: skip
_ENOUGH = (" enough ", " too little ", " not enough ")
_DAY = frozenset({"day", "daily", "everyday", "days"})
_SAFE = (" safe ", " ok ", " okay ", " fine ", " alright ", " healthy ", " good idea ")
_IN_GENERAL = (" can you ", " can u ", " can drinking ", " can too much ", " is too much ")
_NEAR = 0.85  # "8 glasses a day (2 litres), enough?": about the 2.2 litres of drinks, yes
_PLENTY = 1.5  # up to half as much again as the usual need is "close to" it
ADULT_AGE = 19  # the adult figures; children's needs by age are in the written answer
_EVERYDAY_LITRES = 1.5  # the low end of the NHS's 6 to 8 glasses a day
# "i work outside on building sites", "in summer": more than the everyday amount
_HEAT = frozenset({"summer", "heat", "hot", "outside", "outdoors", "outdoor", "site", "sites",
                   "construction", "sweating", "sweat", "roofer", "labourer", "farm"})  # fmt: skip
_HOURS = {"hour": 1.0, "hours": 1.0, "hr": 1.0, "hrs": 1.0, "minutes": 1 / 60, "mins": 1 / 60}


_NUTRIENTS = frozenset({"potassium", "sodium", "magnesium", "calcium", "electrolytes", "salt"})


def water_opening(water: Water, words: tuple[str, ...], who: Profile) -> str:
    """The verdict on the amount named, or "" when no amount or no such question."""
    text = f" {' '.join(words)} "
    too_much = any(a in text for a in _TOO_MUCH)
    enough = any(a in text for a in _ENOUGH)
    litres = _litres(words)
    hours = _hours(words)
    # "6 litres in training", "drank 3L on my run": not a day's amount, so no verdict on it
    # ("is 1.5 litres enough for me": enough for a day)
    daily = hours is not None or bool(_DAY.intersection(words)) or (enough and not too_much)
    if litres is None or not (too_much or enough) or not daily:
        return ""
    if _NUTRIENTS.intersection(words):
        return ""  # "gatorade 20oz, enough potassium to fix my cramps": not the water asked
    # "is a gallon a day safe": yes; "is 3 litres too much": no
    safe = any(a in text for a in _SAFE) and " too " not in text
    no = "Yes, for a healthy adult" if safe else "No"
    general = any(a in text for a in _IN_GENERAL)  # "can you drink too much? i do 3L a day"
    no = "Too much water can be dangerous, but not this" if general else no
    shown = f"{round(litres, 1):g}"
    amount = f"{shown} litre{'' if shown == '1' else 's'}"
    kidney = water.kidney_litres_per_hour
    if hours is not None:  # "4 litres in 2 hours": the pace is what matters
        fast = litres / hours > kidney
        verdict = "Yes, that is too fast" if fast else "No, not at that pace"
        return (
            f"{verdict}: {amount} in {hours:g} hours is {'more' if fast else 'less'} than the "
            f"about {kidney:g} litre an hour healthy kidneys can clear; drinking faster than "
            "that can dilute the sodium in the blood (hyponatraemia), which can be dangerous "
            "(Mayo Clinic)."
        )
    if (who.age is not None and who.age < ADULT_AGE) or who.pregnant or who.breastfeeding:
        return ""  # the answer written for the age or the pregnancy gives their own need
    female, male = water.female_litres, water.male_litres
    need = male if who.sex == "male" else female
    usual = {
        "male": f"about {male:g} litres a day for a man",
        "female": f"about {female:g} litres a day for a woman",
    }.get(who.sex or "", f"about {female:g} litres a day for women and {male:g} for men")
    usual += " from drinks and food (National Academies)"
    heat = f" {water.heat_advice}" if _HEAT & set(words) else ""
    if enough and not too_much:
        drinks = need * water.from_drinks
        share = f"about {water.from_drinks:.0%} of it from drinks"
        if litres >= drinks * _NEAR:
            yes = "On an ordinary day, yes" if heat else "Yes"
            return (
                f"{yes}: {amount} of drinks a day is about the usual need, {usual}, {share}.{heat}"
            )
        if litres >= _EVERYDAY_LITRES:  # "is 2 litres enough for a guy": by the NHS, yes
            days = "On an ordinary day" if heat else "For most days"
            return (
                f"{days}, yes: {water.everyday_advice}. The National Academies' usual "
                f"need is higher, {usual}, {share}: drink more if you are thirsty or your "
                f"urine is dark.{heat}"
            )
        return f"Less than usual: {amount} a day, when the usual need is {usual}, {share}; " \
            f"drink more if you are thirsty or your urine is dark.{heat}"  # fmt: skip
    spread = (
        "spread through the day, healthy kidneys clear it, as they can remove about "
        f"{kidney:g} litre an hour; only drinking much faster than that is dangerous "
        "(hyponatraemia, Mayo Clinic)"
    )
    if litres <= need * _PLENTY:
        return f"{no}: {amount} a day is close to the usual need, {usual}, and {spread}."
    also = "Too much water can be dangerous, and " if general else ""
    also = "Not needed: " if " good idea " in text and not general else also
    return (
        f"{also}{amount} a day is more than most people need unless they sweat a lot: "
        f"the usual need is {usual}. But {spread}."
    )


def _litres(words: tuple[str, ...]) -> float | None:
    """A day's amount: "3 litres", "2.5l" ("2 5 l"), "a gallon", "10 bottles (500ml)"."""
    for i, word in enumerate(words):
        count = float(word) if word.isdecimal() else _COUNTS.get(word)
        if count is None or i + 1 >= len(words):
            continue
        unit = words[i + 1]
        if unit.isdecimal() and i + 2 < len(words) and words[i + 2] in ("l", "litres", "liters"):
            count, unit = float(f"{word}.{unit}"), words[i + 2]  # "2.5 litres"
        if unit in ("bottle", "bottles"):
            size = next((float(w) / 1000 for w, u in zip(words[i:], words[i + 1 :], strict=False)
                         if w.isdecimal() and u == "ml"), _BOTTLE_LITRES)  # fmt: skip
            return count * size
        if unit in _LITRES and (unit != "ml" or count >= 100):
            return count * _LITRES[unit]
    return None


def _hours(words: tuple[str, ...]) -> float | None:
    """ "in 2 hours", "in an hour", "within 30 minutes"."""
    for i, word in enumerate(words[:-2]):
        if word not in ("in", "within", "over"):
            continue
        count = words[i + 1]
        value = (
            float(count) if count.isdecimal() else _COUNTS.get(count, 1.0 if count == "an" else 0)
        )
        if value and words[i + 2] in _HOURS:
            return value * _HOURS[words[i + 2]]
    return None
