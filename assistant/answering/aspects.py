"""Which aspect of a nutrient the reply answers: the matcher's, refined by what the message
asks for that the aspect words alone miss."""

from __future__ import annotations

from assistant.answering.food_lists import asks_for_low
from assistant.answering.intake_answers import asks_label_value
from assistant.answering.matching import Match
from assistant.answering.profile import Profile


def answered_aspect(match: Match, names_a_medicine: bool, who: Profile) -> str:
    aspect = match.aspect or "overview"
    if aspect == "overview" and who.diet:
        aspect = "foods"  # "vegan and allergic to soy. calcium?": what they can eat
    if aspect == "safety" and "foods" in match.words and not who.doses:
        aspect = "foods"  # "what magnesium foods are safe for a toddler"
    if aspect in ("overview", "role") and asks_label_value(match.words):
        aspect = "intake"  # "what is the daily value for magnesium"
    if aspect in ("overview", "deficiency") and asks_for_low(match.words):
        aspect = "foods"  # "low potassium diet, which fruits are ok"
    how_much = "much" in match.words or "many" in match.words
    medicine_first = aspect in ("overview", "role", "deficiency") or (
        aspect == "intake" and not how_much
    )
    if medicine_first and names_a_medicine:
        aspect = "safety"  # "do I lose magnesium from Lasix": the medicine answers
    return aspect
