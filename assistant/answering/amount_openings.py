"""An amount the message names, worked out before the written answer: the alcohol in the drinks
("3 pints of 4% lager, how many units") or a verdict on water ("is 3 litres a day too much")."""

from __future__ import annotations

from itertools import pairwise

from assistant.answering.alcohol_units import alcohol_opening
from assistant.answering.match import CAFFEINE_TOPIC, HYDRATION_TOPIC, TOTAL_WORDS
from assistant.answering.profile import Profile
from assistant.answering.water_amounts import water_opening
from assistant.kb.nutrition import Nutrition

_MINERALS = ("potassium", "sodium", "magnesium", "calcium")


def amount_opening(
    nutrition: Nutrition, topic: str, words: tuple[str, ...], who: Profile
) -> tuple[str, tuple[str, ...]]:
    """The worked-out opening and its sources; ("", ()) when the message names no such amount."""
    if topic == CAFFEINE_TOPIC and nutrition.alcohol is not None:
        units = alcohol_opening(nutrition.alcohol, words, who.sex)
        if units:
            return units, nutrition.alcohol.sources
    if topic == HYDRATION_TOPIC and nutrition.water is not None:
        verdict = water_opening(nutrition.water, words, who)
        if verdict:
            return verdict, nutrition.water.sources
    if topic == CAFFEINE_TOPIC and " much nicotine " in f" {' '.join(words)} ":
        pouches = nicotine_total(words)  # "8 zyn 6mg a day, how much nicotine is that"
        if pouches:
            return pouches, ()
    if topic == HYDRATION_TOPIC and TOTAL_WORDS.intersection(words):
        # "3 liquid iv sticks a day, 370mg potassium each, total?": the sum of the label's figure
        for dose in who.doses:
            mineral = next((w for w in dose.near if w in _MINERALS), "")
            if mineral and dose.unit == "mg":
                return f"That is about {dose.amount:,.0f} mg of {mineral} in all.", ()
    return "", ()


_POUCHES = frozenset({"pouch", "pouches", "zyn", "zyns", "velo", "snus", "nicopods"})


def nicotine_total(words: tuple[str, ...]) -> str:
    """ "i use zyn 6mg, about 8 pouches a day": the strength on the tin times the pouches."""
    strength = next(
        (float(w) for w, u in pairwise(words) if w.isdecimal() and u == "mg"),
        None,
    )
    count = next(
        (float(w) for i, w in enumerate(words[:-1])
         if w.isdecimal() and words[i + 1] in _POUCHES and 1 < int(w) <= 60),
        None,
    )  # fmt: skip
    if strength is None or count is None:
        return ""
    return (
        f"{count:g} pouches of {strength:g} mg are about {count * strength:g} mg of nicotine "
        "a day, going by the strength on the tin; not all of it is absorbed."
    )
