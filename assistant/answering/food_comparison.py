"""Foods compared for one nutrient ("which has more magnesium, almonds or dark chocolate?"):
each food's USDA figure in the amount asked, the richest first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from assistant.answering.figures import NUTRIENT_NAMES, amount, number, serving_phrase
from assistant.answering.food_answers import KIDNEY_LEAD, countable, food_answer
from assistant.answering.nutrient_answers import Answer, caveats, names_a_medicine
from assistant.answering.portions import in_portion, is_liquid, read_portion
from assistant.answering.profile import Profile
from assistant.kb.model import Food
from assistant.kb.nutrition import Figure, Nutrition

# Words that ask which food has more: "vs", "or", "compared to", "which one wins"
COMPARING = frozenset({"vs", "versus", "or", "compared", "compare", "comparison", "than",
                       "which", "more", "better", "higher", "richer", "wins"})  # fmt: skip
_CAN_EAT = frozenset({"can", "eat"})
_NEED_WORDS = frozenset({"need", "needs", "should", "recommended", "rda", "requirement", "too"})
_LIST = frozenset({"which", "what", "foods", "list", "sources", "other"})
_BEST = frozenset({"best", "richest", "highest", "top", "number"})  # "the number 1 source"
_RICHEST = 3
_VERDICTS = ("Yes: ", "A little: ", "Very little: ")
# Servings this far apart in weight are also compared per 100 g, so a big serving does not win
# by its size alone.
_CUP_ML = 237
# 6 and 8 fl oz cups are compared by the cup; a shot and a mug, or two 12 fl oz cans, as served
_CUPS_ALIKE, _CUPS_APART = 1.15, 1.5
_SERVINGS_APART = 1.25


def about_named_foods(
    nutrition: Nutrition,
    foods: list[Food],
    wanted: tuple[str, ...],
    who: Profile,
    words: tuple[str, ...],
) -> Answer | None:
    """A nutrient question about the foods the message names: two compared, or the one food
    someone asks to eat ("stage 4 kidney disease, low potassium diet, can i eat 1 banana?")."""
    if not wanted:
        return None
    said = set(words)
    # "can i eat 1 banana?"; "1 cup of curd how much calcium, my kids eat it": the food's
    # amount, not the kids' need
    named_one = len(foods) == 1 or (foods and not COMPARING & said)
    # "my dr says i need 1000mg calcium. 1 cup of milk is how much of that?": the milk's figure
    stated = bool(who.doses) and "too" not in said  # a need stated as a dose, not "too much"
    how_much = named_one and "much" in said and (not _NEED_WORDS & said or stated)
    if ((len(foods) == 1 and said >= _CAN_EAT) or how_much) and not _LIST & said:
        return food_answer(nutrition, foods[0], wanted, who, words, False)
    return compared_foods(nutrition, foods, wanted[0], words)


def compared_foods(
    nutrition: Nutrition, foods: list[Food], nutrient: str, words: tuple[str, ...]
) -> Answer | None:
    """ "Almonds have more magnesium: 1 oz of almonds (28 g) has about 77 mg, against 65 mg in
    1 oz of dark chocolate (28 g)." None unless two foods with USDA figures are compared."""
    as_much = " as much " in f" {' '.join(words)} "  # "do almonds have as much as milk"
    if len(foods) < 2 or not (COMPARING & set(words) or as_much):
        return None
    subject = foods[0]
    foods = list({food.slug: food for food in foods}.values())  # "spinach ... spinach"
    if len(foods) < 2 or any(food.slug not in nutrition.foods for food in foods):
        return None
    usual = [(food, nutrition.per_serving(food.slug, nutrient)) for food in foods[:3]]
    if any(figure is None for _, figure in usual):
        return None
    # "1 oz dark chocolate or 1 oz almonds": each its own amount; "apricots vs prunes, per half
    # cup": one amount for all
    figures = [(food, in_portion(f, food, words, near=True)) for food, f in usual if f]
    # "... per cup, is it more than a banana": a food counted where it is named keeps its count
    named_count = any(read_portion(words, _names(food), near=True) for food, _ in usual)
    same = all(f.serving == u.serving for (_, f), (_, u) in zip(figures, usual, strict=True) if u)
    if same and not named_count:
        figures = [(food, in_portion(f, food, words)) for food, f in usual if f]
    figures.sort(key=lambda pair: pair[1].amount, reverse=True)
    grams = [f.serving.grams for _, f in figures]
    # weight for weight only when the servings are ours: "a shot or a mug", "1 banana or 1 cup
    # of coconut water" and drinks are compared as they are served
    named = any(read_portion(words, _names(food), near=True) for food, _ in figures)
    drinks = any(not countable(food) or "water" in food.slug for food, _ in figures)
    apart = max(grams) > _SERVINGS_APART * min(grams) and not (named or drinks)
    poured = all(is_liquid(food) for food, _ in figures)  # tea, coffee (not grains by the cup)
    # cups of different sizes (not a shot against a mug: those are compared as served)
    cups = _CUPS_ALIKE * min(grams) < max(grams) <= _CUPS_APART * min(grams)
    if drinks and poured and not named and cups:
        return _per_cup(figures, nutrient)  # "a mug of tea vs a mug of instant coffee"
    if apart:  # half a cup of avocado against a whole banana: weight for weight decides
        figures.sort(key=lambda p: p[1].amount / p[1].serving.grams, reverse=True)
    (best, top), rest = figures[0], figures[1:]
    name = NUTRIENT_NAMES[nutrient]
    if top.amount <= 0:
        return None
    against = ", ".join(
        f"{amount(f.amount, f.unit, nutrient)} in {serving_phrase(f, food.name, countable(food))}"
        for food, f in rest
    )
    first = serving_phrase(top, best.name, countable(best))
    counted = countable(best)  # drinks are not counted: "Coffee has more", "Almonds have more"
    many = bool(counted) and counted.lower() != best.name.lower()
    noun = counted.capitalize() if many else best.name  # "Almonds", "Salmon"
    servings = (
        f"{first} {'have' if _counted(first) else 'has'} about "
        f"{amount(top.amount, top.unit, nutrient)}, against {against} (USDA {top.release})."
    )
    verb = "have" if many else "has"
    if not apart:
        opening = f"{noun} {verb} more {name}: {servings}"
    else:
        per_100g = ", ".join(
            f"{(food.plural or food.name).lower()} {number(f.amount / f.serving.grams * 100)} "
            f"{f.unit}"
            for food, f in figures
        )
        opening = f"{noun} {verb} more {name} weight for weight: per 100 g, {per_100g}. "
        opening += f"In usual servings, {servings}"
    if as_much:  # the verdict on the food asked about first
        verdict = "Yes" if best.slug == subject.slug else "No"
        opening = f"{verdict}: {opening[0].lower()}{opening[1:]}"
    sources = tuple(dict.fromkeys(f.source for _, f in figures))
    return Answer(opening, sources=sources, decisive=True)  # a written answer comes after


def with_other_food(
    nutrition: Nutrition,
    answer: Answer,
    food: Food,
    other: Food | None,
    wanted: tuple[str, ...],
    who: Profile,
    words: tuple[str, ...],
    ranked: Mapping[str, tuple[Figure, ...]],
) -> Answer:
    """The answer about `food`, compared with the `other` food the message names: "almonds or
    cashews, which has more?" ranks them; "as much as a banana?" adds the banana's figure;
    "are bananas the best source?" names the richest."""
    if wanted and other is None and _BEST & set(words):
        richer = [f for f in ranked.get(wanted[0], ()) if f.food != food.slug][:_RICHEST]
        if richer and food.slug not in {f.food for f in ranked[wanted[0]][:_RICHEST]}:
            own = answer.opening
            for verdict in _VERDICTS:
                own = own.removeprefix(verdict)
            listed = [
                f"{nutrition.foods[f.food].name.split(',')[0].lower()} "
                f"({amount(f.amount, f.unit, f.nutrient)} in {f.serving.label.split(',')[0]})"
                for f in richer
            ]
            names = f"{', '.join(listed[:-1])} and {listed[-1]}" if len(listed) > 1 else listed[0]
            verdict = f"No, not the richest: {names} have more per serving."
            return replace(answer, opening=f"{verdict} {own}")
    if other is None or not wanted:
        return answer
    compared = compared_foods(nutrition, [food, other], wanted[0], words)
    if compared is not None:  # with the medicine's caution ("on furosemide, bananas or potatoes")
        text = " ".join(words)
        named = names_a_medicine(nutrition, wanted, text)
        warning = caveats(nutrition, wanted, text)[0].text if named else ""
        return replace(answer, opening=f"{compared.opening} {warning}".strip())
    beside = food_answer(nutrition, other, wanted, who, words, False)
    if beside is None:
        return answer
    first = beside.opening.removeprefix(KIDNEY_LEAD).split(". ")[0].rstrip(".")
    return replace(answer, opening=f"{answer.opening} {first}.")


def _counted(phrase: str) -> bool:
    """ "2 sardines (24 g) have", "1 oz of almonds (28 g) has"."""
    count = phrase.split()[0]
    return count.replace(".", "", 1).isdecimal() and float(count) > 1 and " of " not in phrase


def _names(food: Food) -> tuple[str, ...]:
    return tuple(n.lower() for n in (food.name, food.plural, *food.synonyms) if n)


def _per_cup(figures: list[tuple[Food, Figure]], nutrient: str) -> Answer:
    """Drinks whose usual servings differ (8 fl oz of tea, 6 fl oz of instant coffee) compared
    for the same amount, a cup of 8 fl oz (237 ml; a gram of a drink is about a millilitre)."""
    cup = sorted(
        ((food, f.amount / f.serving.grams * _CUP_ML, f) for food, f in figures),
        key=lambda t: t[1],
        reverse=True,
    )
    (best, top, figure), rest = cup[0], cup[1:]
    unit = figure.unit
    against = ", ".join(
        f"{amount(a, unit, nutrient)} in {food.name.lower()}" for food, a, _ in rest
    )
    opening = (
        f"{best.name} has more {NUTRIENT_NAMES[nutrient]} for the same amount: about "
        f"{amount(top, unit, nutrient)} in a cup (8 fl oz, 237 ml), against {against} "
        f"(USDA {figure.release})."
    )
    sources = tuple(dict.fromkeys(f.source for _, _, f in cup))
    return Answer(opening, sources=sources, decisive=True)
