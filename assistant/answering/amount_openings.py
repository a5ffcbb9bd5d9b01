"""An amount the message names, worked out before the written answer: the alcohol in the drinks
("3 pints of 4% lager, how many units") or a verdict on water ("is 3 litres a day too much")."""

from __future__ import annotations

from assistant.answering.alcohol_units import alcohol_opening
from assistant.answering.match import CAFFEINE_TOPIC, HYDRATION_TOPIC
from assistant.answering.profile import Profile
from assistant.answering.water_amounts import water_opening
from assistant.kb.nutrition import Nutrition


def amount_opening(
    nutrition: Nutrition, topic: str, words: tuple[str, ...], who: Profile
) -> tuple[str, tuple[str, ...]]:
    """The worked-out opening and its sources; ("", ()) when the message names no such amount."""
    if topic == CAFFEINE_TOPIC and nutrition.alcohol is not None:
        units = alcohol_opening(nutrition.alcohol, words)
        if units:
            return units, nutrition.alcohol.sources
    if topic == HYDRATION_TOPIC and nutrition.water is not None:
        verdict = water_opening(nutrition.water, words, who)
        if verdict:
            return verdict, nutrition.water.sources
    return "", ()
