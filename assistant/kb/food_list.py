"""The foods people can ask about: the curated `foods.yaml` plus every food with USDA figures.

A food in `composition.yaml` that `foods.yaml` does not describe is still a food a user can
name ("kiwi", "black tea"). It supplies a nutrient when one serving gives at least 10% of the
Daily Value: the FDA's threshold for calling a food a "good source" of a nutrient.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from assistant.kb.model import Food
from assistant.kb.nutrition import FoodComposition, Nutrition

GOOD_SOURCE_PERCENT_DV = 10.0  # FDA, 21 CFR 101.54: "good source" is 10-19% of the DV
# Composition nutrients -> the topic that covers them.
TOPIC_OF = {
    "magnesium": "magnesium",
    "calcium": "calcium",
    "potassium": "potassium",
    "vitamin-d": "vitamin-d",
    "vitamin-b6": "b-vitamins",
    "vitamin-b12": "b-vitamins",
    "folate": "b-vitamins",
}
# USDA SR food groups, from the first two digits of the NDB number.
USDA_GROUPS = {
    "01": "Dairy and eggs",
    "04": "Fats and oils",
    "05": "Poultry",
    "07": "Meat",
    "08": "Breakfast cereals",
    "09": "Fruits",
    "10": "Meat",
    "11": "Vegetables",
    "12": "Nuts and seeds",
    "13": "Meat",
    "14": "Drinks",
    "15": "Fish and seafood",
    "16": "Beans, lentils and soy",
    "17": "Meat",
    "18": "Baked goods",
    "19": "Sweets and snacks",
    "20": "Grains and pasta",
    "23": "Meat",
    "25": "Sweets and snacks",
}
_QUALIFIER = re.compile(r"\s*[,(].*$")  # "Coffee, brewed" -> "Coffee"
_BRAND = re.compile(r"\(([A-Z][\w ]+)\)")  # a capitalised name in brackets is a brand


def with_composition_foods(curated: Mapping[str, Food], nutrition: Nutrition) -> Mapping[str, Food]:
    """The curated foods first, then one Food for each composition entry they lack."""
    foods = dict(curated)
    taken = {n.casefold() for f in curated.values() for n in (f.name, f.plural, *f.synonyms)}
    for slug, composition in nutrition.foods.items():
        if slug not in foods:
            food = _food(composition, nutrition)
            if food.name.casefold() in taken:  # "Tofu, nigari": "tofu" is the curated tofu
                own = tuple(s for s in composition.synonyms if s.casefold() not in taken)
                food = Food(
                    food.slug,
                    slug.replace("-", " ").capitalize(),
                    composition.plural if composition.plural.casefold() not in taken else "",
                    own,  # "rajma" is still kidney beans
                    food.group,
                    food.supplies,
                )
            taken.update(n.casefold() for n in (food.name, food.plural) if n)
            foods[slug] = food
    return MappingProxyType(foods)


def usda_group(ndb: str) -> str:
    return USDA_GROUPS.get(ndb[:2], "Other foods")


def _food(composition: FoodComposition, nutrition: Nutrition) -> Food:
    words = composition.slug.replace("-", " ")
    name = _QUALIFIER.sub("", composition.name)
    if words.split()[-1] not in name.casefold():  # "White (albacore)": say "White tuna"
        name = words.capitalize()
    supplies = []
    for nutrient, topic in TOPIC_OF.items():
        figure = nutrition.per_serving(composition.slug, nutrient)
        good = figure and figure.percent_dv and figure.percent_dv >= GOOD_SOURCE_PERCENT_DV
        if good and topic not in supplies:
            supplies.append(topic)
    synonyms = [words] if words != name.casefold() else []
    brand = _BRAND.search(composition.name)
    if brand:  # "Energy drink (Red Bull)": people say "red bull"
        synonyms.append(brand.group(1))
    synonyms += composition.synonyms
    return Food(
        slug=composition.slug,
        name=name,
        plural=composition.plural,
        synonyms=tuple(synonyms),
        group=usda_group(composition.ndb),
        supplies=tuple(supplies),
    )
