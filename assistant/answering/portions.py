"""The amount of a food a message asks about ("1 cup of lentils", "3 eggs", "100g of tofu"),
and one USDA serving scaled to it.

Figures in the knowledge base are per typical serving; a question about another amount gets
that amount, scaled from the same USDA figure: by weight, by volume when the serving is a
volume, or by count when the serving is a count ("1 medium banana").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace

from assistant.answering.figures import number
from assistant.kb.model import Food
from assistant.kb.nutrition import Figure, Nutrition

GRAMS = {"g": 1.0, "gram": 1.0, "grams": 1.0, "oz": 28.35, "ounce": 28.35, "ounces": 28.35}
MILLILITRES = {
    "cup": 236.6, "cups": 236.6, "glass": 236.6, "glasses": 236.6, "bowl": 236.6, "bowls": 236.6,
    "katori": 236.6,
    "tbsp": 14.79, "tablespoon": 14.79, "tablespoons": 14.79, "tbs": 14.79, "spoon": 14.79,
    "spoons": 14.79, "tsp": 4.93, "teaspoon": 4.93, "teaspoons": 4.93,
    "ml": 1.0, "fl": 29.57, "l": 1000.0,
    # a UK mug: the NHS's caffeine per mug (filter coffee 140 mg, tea 75 mg) is USDA's brewed
    # coffee and tea in about 350 ml
    "mug": 350.0, "mugs": 350.0,
}  # fmt: skip
CUP_ML = 236.6
UNIT_NAMES = frozenset({"g", "oz", "cup", "tbsp", "tsp", "ml", "mug", "l"})
_SINGULAR = {"glass": "cup", "glasses": "cup", "cups": "cup", "bowl": "cup", "bowls": "cup",
             "katori": "cup", "tablespoon": "tbsp",
             "tablespoons": "tbsp", "tbs": "tbsp", "spoon": "tbsp", "spoons": "tbsp",
             "teaspoon": "tsp", "teaspoons": "tsp", "gram": "g", "grams": "g",
             "ounce": "oz", "ounces": "oz", "fl": "fl oz", "mugs": "mug", "litre": "l",
             "litres": "l", "liter": "l", "liters": "l", "ltr": "l"}  # fmt: skip
_COUNT_WORDS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0,
                "five": 5.0, "six": 6.0, "half": 0.5, "per": 1.0, "double": 2.0,
                "triple": 3.0}  # fmt: skip
# Containers counted like pieces: "2 cans" is twice a one-can serving.
_PIECES = {"can": "can", "cans": "can", "tin": "can", "tins": "can", "shot": "shot",
           "shots": "shot", "bottle": "bottle", "bottles": "bottle", "scoop": "scoop",
           "scoops": "scoop", "packet": "packet", "packets": "packet", "slice": "slice",
           "slices": "slice"}  # fmt: skip
_WHOLE_NAMES = {("milk",), ("wheat",), ("grain",), ("grains",), ("food",), ("foods",)}
# After a number, words that make it an age or a time, not a count: "my 13 yo drinks monster"
_NOT_COUNTING = frozenset({"yo", "y", "yr", "yrs", "year", "years", "old", "month", "months",
                           "week", "weeks", "day", "days", "hours", "hrs", "am", "pm", "kg",
                           "lbs", "percent"})  # fmt: skip
_ONE = frozenset({"cup", "bowl", "katori", "tbsp", "tablespoon", "tsp", "teaspoon"})
_VERBS = frozenset({"drink", "drinks"})
_HALVES = {"2": 0.5, "3": 1 / 3, "4": 0.25}  # "1/2 cup" reads as "1 2 cup"
_FRACTIONS = {0.5: "1/2", 0.25: "1/4", 1 / 3: "1/3", 0.75: "3/4"}


@dataclass(frozen=True, slots=True)
class Portion:
    count: float
    unit: str  # "g", "oz", "cup", "tbsp", "tsp", "ml", "fl oz", or "" for pieces ("3 eggs")


_MOST_PIECES = 50


def read_portion(
    words: tuple[str, ...], names: tuple[str, ...], near: bool = False
) -> Portion | None:
    """The first portion the message names (see `read_portions`)."""
    return next(read_portions(words, names, near), None)


def read_portions(
    words: tuple[str, ...], names: tuple[str, ...], near: bool = False, reach: int = 5
) -> Iterator[Portion]:
    """ "1 cup", "half cup", "1/2 cup", "2 tbsp", "100 g", "3 oz", "2 cans", or "3 eggs" (a
    count of the food, whose `names` are its singular and plural words). `near`: only an
    amount just before the food's name counts ("2 cans of coke and 4 cups of coffee")."""
    # "3 medjool dates"; "drink" only after "energy" ("im 13 can i drink a monster": a verb)
    before_tail = {n.split()[-1]: n.split()[-2] for n in names if " " in n}
    names = (*names, *before_tail)
    for i, word in enumerate(words):
        if word in ("whole", "entire") and words[i + 1 : i + 2] not in _WHOLE_NAMES:
            yield Portion(1.0, "")  # "avocado potassium, whole one?", not "whole milk"
            continue
        unit = _SINGULAR.get(word, word)
        # "4 cups of the break room coffee": the name within five words of the amount, and
        # before another amount ("per scoop and i drink 2 coffees": the 2 are the coffees;
        # "2 monster (the big 16oz cans) and a red bull": the red bull is a can of its own)
        ahead = list(itertools.takewhile(_not_a_count, _without_fat(words[i + 1 : i + 1 + reach])))
        if near and not any(w in names for w in ahead) and word not in names:
            continue
        if word == "fl" and words[i + 1 : i + 2] == ("oz",):
            unit = "fl oz"
        elif word in _PIECES:
            if word == "can" and words[i + 1 : i + 2] in (("i",), ("you",), ("he",), ("she",)):
                continue  # "im 13 can i drink a monster": the verb
            unit = _PIECES[word]
        elif unit not in UNIT_NAMES:
            if word in _VERBS and words[i - 1 : i] != (before_tail.get(word),):
                continue
            if word in names and i:
                # "3 dates", "3 medjool dates", "2 large boiled eggs"
                count = next((c for j in (i, i - 1, i - 2) if j > 0 and (c := _count(words, j))
                              is not None and words[j] not in _NOT_COUNTING), None)  # fmt: skip
                # "1 banana" is the serving itself: `scaled` says so; "555 sardines" is a brand
                if count is not None and count <= _MOST_PIECES:
                    yield Portion(count, "")
            continue
        if i > 1 and words[i - 2] == "per" and words[i - 1].isdecimal():
            continue  # "120mg per 100ml": the label's basis, not what was drunk
        count = _count(words, i)
        one = word in _ONE or (word in ("can", "tin") and words[i + 1 : i + 2] == ("of",))
        if count is None and one:  # "collard greens cooked cup calcium", "tin of tuna"
            count = 1.0
        if count is not None:
            yield Portion(count, unit)


def is_liquid(food: Food) -> bool:
    """Drinks, milks and juices: poured, measured in fluid ounces and millilitres."""
    return food.group == "Drinks" or "milk" in food.slug or "juice" in food.slug


def _without_fat(words: tuple[str, ...]) -> tuple[str, ...]:
    """ "2 cups 2 percent milk": the 2 of "2 percent" is the milk's fat, not a count."""
    if "percent" not in words:
        return words
    return tuple(w for j, w in enumerate(words) if words[j + 1 : j + 2] != ("percent",))


def _not_a_count(word: str) -> bool:
    return not word.isdecimal() and word not in ("a", "an", "one", "two", "three")


def scaled(figure: Figure, portion: Portion, liquid: bool, pieces: str) -> Figure | None:
    """The figure for the asked portion ("3 eggs": `pieces` is "eggs"): `figure` itself when
    it is the serving, None when it cannot be worked out."""
    serving = _serving_amount(figure.serving.label)
    grams: float | None = None
    unit = "fl oz" if portion.unit == "oz" and liquid else portion.unit
    unit = "fl" if unit == "fl oz" else unit
    if liquid and unit in ("tsp", "tbsp"):
        return None  # "1 tsp of Nescafe" is the powder, not the drink
    if unit in GRAMS:
        grams = portion.count * GRAMS[unit]
    elif figure.serving.piece_grams and (not unit or unit == figure.serving.piece):
        grams = portion.count * figure.serving.piece_grams  # "half an avocado", "a can"
    elif serving is not None and unit in MILLILITRES and serving[1] in MILLILITRES:
        asked = portion.count * MILLILITRES[unit.split()[0]]
        grams = figure.serving.grams * asked / (serving[0] * MILLILITRES[serving[1]])
    elif figure.serving.cup_grams and unit and unit.split()[0] in MILLILITRES:
        # "1/2 cup of raisins", served by the box: USDA's weight of a cup
        grams = figure.serving.cup_grams * portion.count * MILLILITRES[unit.split()[0]] / CUP_ML
    elif serving is not None and (not unit or unit in _PIECES.values()) and serving[2]:
        grams = figure.serving.grams * portion.count / serving[2]
    elif liquid and not unit:
        grams = figure.serving.grams * portion.count  # "my 2 coffees": two servings
    if grams is None:
        return None
    if abs(grams - figure.serving.grams) < 0.5:
        return figure
    ratio = grams / figure.serving.grams
    shown = "fl oz" if unit == "fl" else unit or pieces
    many = "s" if portion.count > 1 and unit in ("cup", "mug", *_PIECES.values()) else ""
    if unit == "l":  # "2 litres of diet coke"
        shown, many = "litre", "s" if portion.count > 1 else ""
    if figure.serving.piece_grams and (not unit or unit == figure.serving.piece):
        one = figure.serving.piece.removesuffix("s")
        shown, many = one, "s" if portion.count > 1 else ""
        if many and one.endswith("y") and one[-2:-1] not in "aeiou":
            shown, many = one[:-1], "ies"  # "3 anchovies"
    serving_label = f"{_FRACTIONS.get(portion.count, number(portion.count))} {shown}{many}"
    percent_dv = figure.percent_dv * ratio if figure.percent_dv is not None else None
    return replace(
        figure,
        amount=figure.amount * ratio,
        percent_dv=percent_dv,
        serving=replace(figure.serving, label=serving_label, grams=round(grams, 1)),
    )


def _count(words: tuple[str, ...], i: int) -> float | None:
    before = words[i - 1] if i else ""
    if before.replace(".", "", 1).isdecimal():
        earlier = words[i - 2] if i > 1 else ""
        if earlier == "1" and before in _HALVES:
            return _HALVES[before]
        if earlier.isdecimal() and len(earlier) == 1 and len(before) == 1:
            return float(f"{earlier}.{before}")  # "1.5oz" reads as "1 5 oz" ("85 1oz" does not)
        return float(before)
    if before in ("of", "a", "an") and i > 1 and words[i - 2] == "half":
        return 0.5  # "half a cup", "half an avocado"
    if before == "whole":
        return 1.0  # "a whole avocado"
    return _COUNT_WORDS.get(before)


def _serving_amount(label: str) -> tuple[float, str, float] | None:
    """(volume, its unit, pieces): "1/2 cup" -> (0.5, "cup", 0); "1 medium banana" -> (1, "",
    1); "1 can (12 fl oz)" -> (12, "fl", 1); "1 oz (about 22 almonds)" -> None (a weight:
    scaled by grams instead)."""
    head, _, inside = label.partition("(")
    parts = head.split(",")[0].split()  # "1/4 cup, halves"
    if not parts:
        return None
    try:
        amount = _fraction(parts[0])
    except ValueError:
        return None
    unit = _SINGULAR.get(parts[1], parts[1]) if len(parts) > 1 else ""
    if unit.split()[0:1] and unit.split()[0] in MILLILITRES:  # "1 cup", "6 fl oz"
        return amount, unit.split()[0], 0.0
    if "fl oz" in inside:  # "1 can (12 fl oz)": by volume, or by the can
        try:
            return _fraction(inside.split()[0]), "fl", amount if unit in _PIECES else 0.0
        except ValueError:
            return None
    if unit in GRAMS:
        return None
    return amount, "", amount


def _fraction(text: str) -> float:
    top, _, bottom = text.partition("/")
    return float(top) / float(bottom) if bottom else float(top)


def in_portion(figure: Figure, food: Food, words: tuple[str, ...], near: bool = False) -> Figure:
    """The figure for the amount of the food the message names ("1 cup", "3 eggs"), if any."""
    return named_portion(figure, food, words, near) or figure


def portions_eaten(
    nutrition: Nutrition, foods: list[Food], nutrients: tuple[str, ...], words: tuple[str, ...]
) -> tuple[tuple[str, Figure], ...]:
    """Each food's figure in the portion the message names beside it ("plus 3 glasses of
    milk"), with the food's name; foods named without a portion are left out."""
    return tuple(
        (food.name.lower(), figure)
        for food in foods
        if food.slug in nutrition.foods  # "dairy" is a group, with no USDA figures
        for nutrient in nutrients
        if (usual := nutrition.per_serving(food.slug, nutrient))
        and (figure := named_portion(usual, food, words, near=True))
    )


def named_portion(
    figure: Figure, food: Food, words: tuple[str, ...], near: bool = False, reach: int = 5
) -> Figure | None:
    """The figure for the portion the message names ("3 glasses of milk"; "1 banana" is the
    serving itself); None when it names none."""
    piece = figure.serving.piece  # "spears": counted like the food itself
    pieces = (piece, piece.removesuffix("s"), piece + "s") if piece else ()
    names = tuple(n.lower() for n in (food.name, food.plural, *food.synonyms, *pieces) if n)
    liquid = is_liquid(food)
    portions = list(read_portions(words, names, near, reach))
    if not portions:
        return None
    pieces_name = (food.plural or food.name).lower()
    each = _of_size(figure, portions, liquid, pieces_name)
    if each is not None:
        return each
    # "1 mug (8oz)": the size named says how big the mug is
    if len(portions) > 1 and portions[0].count == 1 and portions[0].unit not in _MEASURES:
        portions.sort(key=lambda p: p.unit not in _MEASURES)
    # "2 slices of cheddar (about 1.5 oz)": the first portion that can be worked out
    worked_out = (scaled(figure, portion, liquid, pieces_name) for portion in portions)
    return next((asked for asked in worked_out if asked is not None), figure)


def _of_size(figure: Figure, portions: list[Portion], liquid: bool, pieces: str) -> Figure | None:
    """ "4 red bulls, the 12oz cans": so many drinks of the size named after them."""
    count = portions[0]
    size = next((p for p in portions[1:] if p.unit in _SIZES and p.count >= _LEAST_SIZE), None)
    if not liquid or size is None or count.unit not in ("", "can") or not 1 < count.count <= 12:
        return None
    one = scaled(figure, size, liquid, pieces)
    if one is None or abs(one.serving.grams / figure.serving.grams - 1) < _SAME_SIZE:
        return None  # "3 monsters, 16oz cans", "2 red bulls (250ml)": the serving, counted
    label = f"{number(count.count)} cans ({one.serving.label} each)"
    percent_dv = one.percent_dv * count.count if one.percent_dv is not None else None
    return replace(
        one,
        amount=one.amount * count.count,
        percent_dv=percent_dv,
        serving=replace(one.serving, label=label, grams=round(one.serving.grams * count.count, 1)),
    )


_SIZES = frozenset({"oz", "fl oz", "ml"})
_MEASURES = _SIZES | {"g"}
_SAME_SIZE = 0.03  # 250 ml is the 8.4 fl oz can
_LEAST_SIZE = 6  # a can or bottle of 6 fl oz or more ("2 oz" of something is not a can size)
