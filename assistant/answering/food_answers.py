"""What one serving of a food gives, from USDA SR28: "1 medium banana (118 g) has about 422 mg
of potassium, 9% of the Daily Value." Also caffeine per drink for caffeine questions.
"""

from __future__ import annotations

from assistant.answering.figures import (
    NUTRIENT_NAMES,
    TOPIC_NUTRIENTS,
    amount,
    daily,
    percent,
    serving_phrase,
)
from assistant.answering.nutrient_answers import Answer, caveats
from assistant.answering.profile import Profile
from assistant.kb.model import Food
from assistant.kb.nutrition import Figure, Nutrition

NO_PLANT_B12 = "B6 and folate, not B12: vitamin B12 comes only from animal or fortified foods."
ADULT_FROM = 19  # the FDA's caffeine guidance is for adults
SHOWN_FROM_PERCENT_DV = 5.0  # smaller amounts are not worth a line on a phone screen
ALL_NUTRIENTS = ("potassium", "magnesium", "calcium", "vitamin-d", "vitamin-b6",
                 "vitamin-b12", "folate")  # fmt: skip


def food_answer(
    nutrition: Nutrition, food: Food, asked: str | None, who: Profile, text: str
) -> Answer | None:
    """The asked nutrient's amount first (or the food's main ones); None without USDA data."""
    if food.slug not in nutrition.foods:
        return None
    composition = nutrition.foods[food.slug]
    wanted = TOPIC_NUTRIENTS.get(asked or "", ())
    figures = {n: nutrition.per_serving(food.slug, n) for n in ALL_NUTRIENTS}
    reference = _any(figures) or _caffeine(nutrition, food)
    if reference is None:
        return None
    serving = serving_phrase(reference, food.name)
    main = _main(figures)
    if wanted:
        opening = " ".join(_has(serving, food, n, figures.get(n)) for n in wanted)
        others = [(n, f) for n, f in main if n not in wanted]
        bullets = [f"Also: {_listing(others)}."] if others else []
    else:
        names = _and([NUTRIENT_NAMES[n] for n, _ in main])
        opening = (
            f"{serving.capitalize()} supplies {names}."
            if main
            else f"{serving.capitalize()} has only small amounts of the nutrients I cover."
        )
        bullets = [
            f"{_capital(NUTRIENT_NAMES[n])}: {amount(f.amount, f.unit, n)} ({f.percent_dv:.0f}% DV)"
            for n, f in main
        ]
    b12 = figures.get("vitamin-b12")
    plant_b = {n for n, _ in main} & {"vitamin-b6", "folate"} and not (b12 and b12.amount > 0)
    if plant_b and (not wanted or "vitamin-b12" in wanted):
        bullets.append(
            "B6 and folate, not B12: vitamin B12 comes only from animal or fortified foods."
        )
    coffee = _caffeine(nutrition, food)
    if coffee and coffee.amount >= 1:
        bullets.append(f"Caffeine: {amount(coffee.amount, 'mg', 'caffeine')}.")
    where = (
        f"Figures from USDA {composition.release}, NDB {composition.ndb} "
        f"({composition.description})."
    )
    notes = [c.text for c in caveats(nutrition, wanted or ALL_NUTRIENTS, text)][:1]
    if who.kidney and "potassium" in (wanted or ("potassium",)):
        notes += [c.text for c in nutrition.caveats_for("potassium") if "kidney" in c.id][:1]
    return Answer(opening, tuple(bullets), (*dict.fromkeys(notes), where), (composition.source,))


def caffeine_answer(nutrition: Nutrition, foods: tuple[Food, ...], who: Profile) -> Answer:
    """Caffeine in the drinks named, then how much a day is considered safe."""
    lines = []
    for food in foods:
        figure = _caffeine(nutrition, food)
        if figure is not None:
            phrase = serving_phrase(figure, food.name)
            lines.append(f"{phrase.capitalize()} has about {number_mg(figure)} of caffeine.")
    limit = nutrition.upper_limit("caffeine", who.life_stage)
    guidance = ""
    if limit is not None and limit.amount is not None:
        guidance = f"Up to {daily(limit)} of caffeine a day is considered safe for {_whom(who)}."
    elif who.age is not None and who.age < ADULT_FROM:
        guidance = (
            "No safe amount of caffeine is set for children and teens: the 400 mg a day is for "
            "healthy adults (FDA)."
        )
    sources = ["usda-sr28"] if lines else []
    if limit is not None:
        sources.append(limit.source)
    return Answer(" ".join([*lines[:2], guidance]).strip(), (), (), tuple(sources))


def number_mg(figure: Figure) -> str:
    return amount(figure.amount, "mg", "caffeine")


def _whom(who: Profile) -> str:
    if who.pregnant:
        return "pregnant women"
    if who.breastfeeding:
        return "breastfeeding women"
    return "healthy adults"


def _has(serving: str, food: Food, nutrient: str, figure: Figure | None) -> str:
    name = NUTRIENT_NAMES[nutrient]
    if figure is None:
        return f"USDA has no {name} figure for {food.name.lower()}."
    if figure.amount <= 0:
        return f"{serving.capitalize()} has no {name}."
    value = amount(figure.amount, figure.unit, nutrient)
    return f"{serving.capitalize()} has about {value} of {name}{percent(figure)}."


def _main(figures: dict[str, Figure | None]) -> list[tuple[str, Figure]]:
    found = [(n, f) for n, f in figures.items() if f and f.percent_dv]
    found = [(n, f) for n, f in found if f.percent_dv and f.percent_dv >= SHOWN_FROM_PERCENT_DV]
    return sorted(found, key=lambda item: -(item[1].percent_dv or 0))


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listing(items: list[tuple[str, Figure]]) -> str:
    parts = [
        f"{NUTRIENT_NAMES[n]} {amount(f.amount, f.unit, n)} ({f.percent_dv:.0f}% DV)"
        for n, f in items
    ]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def _any(figures: dict[str, Figure | None]) -> Figure | None:
    return next((f for f in figures.values() if f is not None), None)


def _caffeine(nutrition: Nutrition, food: Food) -> Figure | None:
    if food.slug not in nutrition.foods:
        return None
    return nutrition.per_serving(food.slug, "caffeine")
