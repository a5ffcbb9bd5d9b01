"""The foods a message says were eaten, added up for one nutrient ("I eat 2 bananas and a
baked potato every day, how much potassium is that"; "she only eats bread, pasta, bananas and
milk, is she getting enough magnesium")."""

from __future__ import annotations

from assistant.answering.figures import NUTRIENT_NAMES, amount, serving_phrase
from assistant.answering.food_answers import countable
from assistant.answering.portions import named_portion
from assistant.kb.model import Food
from assistant.kb.nutrition import Nutrition

# "how much potassium is that", "total", "is she getting enough": the foods' sum is asked
_SUM_ASKED = (" is that ", " total ", " in total ", " altogether ", " all together ", " enough ",
              " in all ", " combined ")  # fmt: skip
_MOST_FOODS = 6
_REACH = 3


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
