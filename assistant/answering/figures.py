"""Numbers as people read them: "422 mg", "1,300 mg", "0.4 mg", "600 IU (15 mcg)", "9% DV"."""

from __future__ import annotations

import math

from assistant.kb.nutrition import IU_PER_MCG_VITAMIN_D, Figure, Intake, Nutrition, UpperLimit

# Composition and intake nutrient ids -> how a sentence names them.
NUTRIENT_NAMES = {
    "magnesium": "magnesium",
    "calcium": "calcium",
    "potassium": "potassium",
    "vitamin-d": "vitamin D",
    "vitamin-b6": "vitamin B6",
    "vitamin-b12": "vitamin B12",
    "folate": "folate",
    "caffeine": "caffeine",
}
# Topic ids -> the composition nutrients they cover.
TOPIC_NUTRIENTS = {
    "magnesium": ("magnesium",),
    "calcium": ("calcium",),
    "potassium": ("potassium",),
    "vitamin-d": ("vitamin-d",),
    "b-vitamins": ("vitamin-b6", "vitamin-b12", "folate"),
}
_SIZES = frozenset({"medium", "large", "small", "whole", "extra"})
_UNITS = frozenset(
    {"cup", "cups", "oz", "tbsp", "tsp", "slice", "slices", "serving", "can", "shot", "packet",
     "piece", "pieces", "stick", "bar", "fillet", "glass", "ounce", "ounces", "g", "ml", "cans",
     "shots", "bottle", "bottles", "scoop", "scoops", "packets", "spear", "spears", "mug", "mugs",
     "litre", "litres"}
)  # fmt: skip
_WEIGHTS = frozenset({"oz", "g", "ounce", "ounces"})
_STAGE_NAMES = {
    "infant-0-6-months": "babies 0–6 months",
    "infant-7-12-months": "babies 7–12 months",
    "age-1-3": "children 1–3",
    "age-4-8": "children 4–8",
    "age-9-13": "children 9–13",
    "age-14-18": "teens 14–18",
    "age-19-30": "adults 19–30",
    "age-31-50": "adults 31–50",
    "age-51-70": "adults 51–70",
    "age-71-plus": "adults 71 and over",
    "pregnancy-14-18": "pregnancy (under 19)",
    "pregnancy-19-30": "pregnancy",
    "pregnancy-31-50": "pregnancy",
    "breastfeeding-14-18": "breastfeeding (under 19)",
    "breastfeeding-19-30": "breastfeeding",
    "breastfeeding-31-50": "breastfeeding",
}


def number(value: float) -> str:
    """Two significant figures below 10, whole numbers above, thousands separated."""
    if value >= 10:  # halves up, as the fact sheets round (62.5 mcg is 63, not 62)
        return f"{math.floor(value + 0.5):,}"
    if value >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2g}"


def amount(value: float, unit: str, nutrient: str) -> str:
    """ "422 mg"; vitamin D in IU first, as labels in the US show it: "600 IU (15 mcg)"."""
    unit = unit.removesuffix("/day")
    if nutrient == "vitamin-d" and unit == "mcg":
        return f"{number(value * IU_PER_MCG_VITAMIN_D)} IU ({number(value)} mcg)"
    return f"{number(value)} {unit}"


def daily(item: Intake | UpperLimit) -> str:
    assert item.amount is not None
    return amount(item.amount, item.unit, item.nutrient)


def stage_name(stage: str) -> str:
    return _STAGE_NAMES.get(stage, stage)


def serving_phrase(figure: Figure, food_name: str, plural: str = "") -> str:
    """ "1 medium banana (118 g)", "1 cup of lentils (198 g)", "2 sardines (24 g)",
    "100 g of tofu"."""
    base = figure.serving.label.split(",")[0].strip()
    name = food_name if any(c.isupper() for c in food_name[1:]) else food_name.lower()
    last = base.rstrip(")").split()[-1] if base else ""
    grams = f" ({number(figure.serving.grams)} g)" if last != "g" else ""
    if last in _SIZES:
        return f"{base} {name}{grams}"
    if last in _UNITS or "(" in base or not base:
        counted = plural and plural.lower() != name.lower() and last not in _WEIGHTS
        many = plural.lower() if counted else name  # "5.3 oz of Greek yogurt"
        return f"{base} of {many}{grams}".strip()
    return f"{base}{grams}"  # "2 sardines": the label names the food


def percent(figure: Figure) -> str:
    return f", {figure.percent_dv:.0f}% of the Daily Value" if figure.percent_dv else ""


# Which B vitamin a message asks about narrows a `b-vitamins` answer to it.
B_VITAMIN_WORDS = {
    "vitamin-b6": ("b6", "pyridoxine", "p5p"),
    "vitamin-b12": ("b12", "cobalamin", "methylcobalamin", "cyanocobalamin"),
    "folate": ("folate", "folic", "b9", "methylfolate", "folinic"),
}


def focus(topic_id: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The composition nutrients a topic's answer covers: "b12" narrows the B vitamins."""
    nutrients = TOPIC_NUTRIENTS.get(topic_id, ())
    named = tuple(n for n in nutrients if set(B_VITAMIN_WORDS.get(n, ())) & set(words))
    return named or nutrients


_PERCENT_DV = (("percent", "dv"), ("percent", "daily", "value"), ("percent", "of", "dv"))


def label_percent(nutrition: Nutrition, nutrient: str, words: tuple[str, ...]) -> str:
    """A label's "35% DV" in the nutrient's own unit ("" when the message gives no percent):
    the FDA Daily Value is the 100% on every US label."""
    dv = nutrition.daily_value(nutrient)
    if dv is None:
        return ""
    for i, word in enumerate(words):
        if word.isdecimal() and any(tuple(words[i + 1 : i + 1 + len(p)]) == p for p in _PERCENT_DV):
            share = float(word)
            worth = amount(dv.amount * share / 100, dv.unit, nutrient)
            return (
                f"{number(share)}% of the Daily Value is about {worth} of "
                f"{NUTRIENT_NAMES[nutrient]} (100% is {amount(dv.amount, dv.unit, nutrient)}, FDA)."
            )
    return ""
