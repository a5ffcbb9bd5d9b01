"""The foods a message says were eaten, added up for one nutrient ("I eat 2 bananas and a
baked potato every day, how much potassium is that"; "she only eats bread, pasta, bananas and
milk, is she getting enough magnesium")."""

from __future__ import annotations

import re

from assistant.answering.figures import NUTRIENT_NAMES, amount, serving_phrase
from assistant.answering.food_answers import countable
from assistant.answering.match import TOTAL_WORDS
from assistant.answering.portions import named_portion
from assistant.kb.model import Food
from assistant.kb.nutrition import Intake, Nutrition

# "how much potassium is that", "total", "is she getting enough": the foods' sum is asked
_SUM_ASKED = (" is that ", " total ", " in total ", " altogether ", " all together ", " enough ",
              " in all ", " combined ", " did i get ", " have i had ", " did i have ",
              " have i got ")  # fmt: skip
_MOST_FOODS = 6
_REACH = 3


def asked_total(
    nutrition: Nutrition, foods: list[Food], wanted: tuple[str, ...], words: tuple[str, ...]
) -> str:
    """ "2 bananas and a glass of OJ, total?": the foods added up ("" when no total is asked)."""
    named = list({food.slug: food for food in foods}.values())
    if not wanted or len(named) < 2 or not TOTAL_WORDS & set(words):
        return ""
    return foods_total(nutrition, named, wanted[0], words)[0]


def foods_total(
    nutrition: Nutrition, foods: list[Food], nutrient: str, words: tuple[str, ...]
) -> tuple[str, float]:
    """ "2 medium bananas (844 mg) and 1 baked potato (926 mg): about 1,770 mg of potassium in
    all (USDA SR28)." and the total; ("", 0) when fewer than two foods (or one counted more
    than once) are named or no sum is asked."""
    text = f" {' '.join(words)} "
    # "how she gets" more, not "how much potassium did i get"
    how_to_get = " how " in text and any(w.startswith("get") for w in words)
    how_to_get = how_to_get and " how much " not in text and " how many " not in text
    if not any(a in text for a in _SUM_ASKED) or how_to_get:
        return "", 0.0
    parts, total, servings, unit = [], 0.0, 0.0, ""
    for food in foods[:_MOST_FOODS]:
        usual = nutrition.per_serving(food.slug, nutrient) if food.slug in nutrition.foods else None
        if usual is None:
            continue
        # "2 tbsp peanut butter and plain pasta": an amount is the food's right after it
        eaten = named_portion(usual, food, words, near=True, reach=_REACH) or usual
        servings += eaten.amount / usual.amount if usual.amount else 1.0
        total, unit = total + eaten.amount, eaten.unit
        phrase = serving_phrase(eaten, food.name, countable(food))
        parts.append(f"{phrase}: {amount(eaten.amount, eaten.unit, nutrient)}")
    if len(parts) < 2 and servings < 2:
        return "", 0.0
    named = NUTRIENT_NAMES.get(nutrient, nutrient)
    sentence = f"{'; '.join(parts)}. About {amount(total, unit, nutrient)} of {named} in all"
    return f"{sentence[0].upper()}{sentence[1:]} (USDA SR28).", total


def servings_for_need(
    nutrition: Nutrition, food: Food, nutrient: str, need: Intake | None, words: tuple[str, ...]
) -> str:
    """ "how many glasses of milk is that", "is 1 banana a day enough": the food's figure
    against the day's need, and how many of it would cover the need ("" when not asked)."""
    text = f" {' '.join(words)} "
    asked = " enough " in text  # "is 1 banana enough": yes or no first
    # "how many glasses of milk is that" (not "how many mg"): servings of the food
    many = " how many " in text and not _UNIT_AFTER.search(text)
    # "one banana every day, how much potassium is that + how much does he need"
    both = " how much " in text and " is that " in text
    if need is None or not (asked or many or both):
        return ""
    usual = nutrition.per_serving(food.slug, nutrient) if food.slug in nutrition.foods else None
    if usual is None or usual.amount <= 0 or usual.unit != need.unit.split("/")[0]:
        return ""
    eaten = (named_portion(usual, food, words) if asked else None) or usual
    share = eaten.amount / need.amount
    phrase = serving_phrase(eaten, food.name, countable(food))
    verb = "have" if phrase.split()[0] not in ("1", "a", "half") else "has"
    named = amount(eaten.amount, eaten.unit, nutrient)
    daily = amount(need.amount, eaten.unit, nutrient)
    if share >= _ENOUGH_SHARE:
        yes = "Yes: " if asked else ""
        said = f"{yes}{phrase} {verb} about {named}: enough for the {daily} a day."
        return said[0].upper() + said[1:]
    times = need.amount / eaten.amount
    no = "No, not on its own: " if asked else ""
    said = f"{no}{phrase} {verb} about {named}, {share:.0%} of the {daily} a day, so about " \
        f"{times:.1f} times that covers it (USDA SR28)."  # fmt: skip
    return said[0].upper() + said[1:]


_ENOUGH_SHARE = 0.9  # within 10% of the need is enough
_UNIT_AFTER = re.compile(r" how many (?:mg|mcg|iu|milligrams|micrograms|units|grams|g) ")
