"""What one serving of a food gives, from USDA SR28: "1 medium banana (118 g) has about 422 mg
of potassium, 9% of the Daily Value." Also caffeine per drink for caffeine questions.
"""

from __future__ import annotations

import re

from assistant.answering.dose_verdicts import dose_for, total_with_foods
from assistant.answering.doses import read_goals
from assistant.answering.figures import (
    NUTRIENT_NAMES,
    amount,
    daily,
    number,
    percent,
    serving_phrase,
    stage_name,
)
from assistant.answering.nutrient_answers import Answer, caveats
from assistant.answering.portions import in_portion, is_liquid, portions_eaten
from assistant.answering.profile import Profile
from assistant.kb.model import Food
from assistant.kb.nutrition import Figure, Nutrition

NO_PLANT_B12 = "B6 and folate, not B12: vitamin B12 comes only from animal or fortified foods."
# A yes/no question: "does salmon have b12", "is there vitamin d in eggs".
YES_NO_OPENERS = frozenset({"does", "do", "is", "are", "has", "have", "can", "any", "got",
                            "contains", "is there", "are there"})  # fmt: skip
COOKED_WORDS = frozenset({"cooked", "boiled", "steamed", "sauteed", "roasted", "baked"})
SHOWN_FROM_PERCENT_DV = 5.0  # smaller amounts are not worth a line on a phone screen
KIDNEY_LEAD = "Only within the potassium limit the kidney team sets: "
ALL_NUTRIENTS = ("potassium", "magnesium", "calcium", "vitamin-d", "vitamin-b6",
                 "vitamin-b12", "folate")  # fmt: skip


def food_answer(
    nutrition: Nutrition,
    food: Food,
    wanted: tuple[str, ...],
    who: Profile,
    words: tuple[str, ...],
    verdict: bool = True,
) -> Answer | None:
    """The asked nutrients' amounts first (or the food's main ones), in the amount asked ("1
    cup", "3 eggs"), as a verdict for a yes/no question; None without USDA data."""
    if food.slug not in nutrition.foods:
        return None
    composition = nutrition.foods[food.slug]
    text = " ".join(words)
    if who.kidney and not wanted:
        wanted = ("potassium",)  # the figure that matters with kidney disease
    figures = {n: nutrition.per_serving(food.slug, n) for n in ALL_NUTRIENTS}
    reference = _any(figures) or caffeine_figure(nutrition, food)
    if reference is None:
        return None
    serving = serving_phrase(reference, food.name, countable(food))
    main = _main(figures)
    if wanted:
        asked = _asked_amounts(figures, wanted, food, words)
        opening = " ".join(
            _has(serving_phrase(f, food.name, countable(food)) if f else serving, food, n, f)
            for n, f in asked
        )
        first = asked[0][1]
        phrase = serving_phrase(first, food.name, countable(food)) if first else ""
        enough = _enough(nutrition, first, who, words, phrase) if len(asked) == 1 else ""
        opening = enough or (_verdict(asked[0][1], words) if verdict else "") + opening
        if who.kidney and "potassium" in wanted and {"can", "eat"} <= set(words):
            # "on dialysis, can he eat bananas?": the kidney team's potassium limit decides
            opening = f"{KIDNEY_LEAD}{opening}"
        if who.doses:  # "2 gummies (250mg each) + 3 cups of milk": the two together
            portions = portions_eaten(nutrition, [food], wanted, words)
            totals = (total_with_foods(nutrition, n, who, who.doses, portions) for n in wanted)
            opening = " ".join([opening, *(t for t in totals if t)])
        if why := who.why_not(food.group, food.slug):  # "tree nut allergy, almond milk?"
            opening = f"{food.name} {why}. {opening}"
        raw = "raw" in composition.description.lower() and "cup" in reference.serving.label
        if COOKED_WORDS.intersection(words) and raw:
            opening += f" USDA's figure is for raw {food.name.lower()}; cooked, a cup holds more."
        if any(_fortified(composition.description, n) for n in wanted):
            opening += f" That figure is for a fortified product ({composition.description})."
        # in the same portion as the asked figure ("1 cup of bananas": B6 per cup too)
        others = [(n, in_portion(f, food, words)) for n, f in main if n not in wanted]
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
    coffee = caffeine_figure(nutrition, food)
    if coffee and coffee.amount >= 1:
        bullets.append(f"Caffeine: {amount(coffee.amount, 'mg', 'caffeine')}.")
    where = (
        f"Figures from USDA {composition.release}, NDB {composition.ndb} "
        f"({composition.description})."
    )
    found = caveats(nutrition, wanted or ALL_NUTRIENTS, text)[:1]
    if who.kidney and "potassium" in (wanted or ("potassium",)):
        found += [c for c in nutrition.caveats_for("potassium") if "kidney" in c.id][:1]
    # "on spironolactone, can i eat bananas": the medicine or the kidneys come with the figure
    warnings = " ".join(dict.fromkeys(c.text for c in found))
    sources = (composition.source, *(s for c in found for s in c.sources))
    return Answer(f"{opening} {warnings}".strip(), tuple(bullets), (where,), sources)


def countable(food: Food) -> str:
    """The plural for "1/2 cup of lentils"; drinks are not counted ("1 cup of cola")."""
    return "" if is_liquid(food) else food.plural


def _asked_amounts(
    figures: dict[str, Figure | None], wanted: tuple[str, ...], food: Food, words: tuple[str, ...]
) -> list[tuple[str, Figure | None]]:
    """Each wanted nutrient's figure, for the portion the message names when it names one."""
    return [
        (n, in_portion(f, food, words) if f is not None else None)
        for n, f in ((n, figures.get(n)) for n in wanted)
    ]


def _verdict(figure: Figure | None, words: tuple[str, ...]) -> str:
    """ "Yes: " / "A little: " / "No: " before the amount, for "does salmon have b12"."""
    if figure is None or not words or words[0] not in YES_NO_OPENERS:
        return ""
    if figure.amount <= 0:
        return "No: "
    share = figure.percent_dv or 0
    return "Yes: " if share >= 10 else "A little: " if share >= 2 else "Very little: "


# "is that enough", "thinks thats all his potassium", "does it cover what she needs"
_ENOUGH_ASKED = re.compile(
    r"\benough\b|\ball (?:his|her|my|your|their|the) "
    r"(?:potassium|magnesium|calcium|vitamin|vit|b12|folate)"
    r"|\ball (?:he|she|i|you|they) needs?\b|\bcovers?\b"
    # "how many bananas would i need for my potassium for the day"
    r"|\bneed\b.*\b(?:for|hit|reach|get|cover) (?:my|his|her) (?:daily )?"
    r"(?:potassium|magnesium|calcium|vitamin|vit|b12|folate)"
)


def _enough(
    nutrition: Nutrition, figure: Figure | None, who: Profile, words: tuple[str, ...], phrase: str
) -> str:
    """ "is 3 glasses of milk enough calcium for my 15 year old": the amount against the
    person's own need, as the verdict ("" when not asked or no need is known)."""
    if figure is None:
        return ""
    asked = servings_asked(words)
    target = dose_for(figure.nutrient, who.doses or read_goals(words)) if asked else None
    if target is not None and target.unit == figure.unit and figure.amount > 0:
        # "how many glasses of milk to get 1000mg calcium": the amount named, in servings
        servings = target.amount / figure.amount
        shown = f"{amount(figure.amount, figure.unit, figure.nutrient)} in {phrase}"
        named = f"{number(target.amount)} {target.unit}"
        return f"About {servings:.1f} of these: {shown}, so {named} takes {servings:.1f}."
    if not _ENOUGH_ASKED.search(" ".join(words)):
        return ""
    # the higher need when the sex is not said: "enough?" is not answered yes too easily
    sex = who.sex or ("female" if who.pregnant or who.breastfeeding else "male")
    need = nutrition.intake(figure.nutrient, who.life_stage, sex)
    if need is None or need.amount is None:
        return ""
    shown = f"{amount(figure.amount, figure.unit, figure.nutrient)} in {phrase}"
    whose = f"the {daily(need)} a day needed ({stage_name(who.life_stage)})"
    if figure.amount >= need.amount:
        return f"Yes: about {shown}, which covers {whose}."
    times = f" It would take about {need.amount / figure.amount:.0f} of these a day." if (
        " how many " in f" {' '.join(words)} " and figure.amount > 0) else ""  # fmt: skip
    text = f" {' '.join(words)} "
    if times and " enough " not in text:  # "how many bananas for my potassium": the count first
        return f"About {need.amount / figure.amount:.0f} a day: about {shown}, against {whose}."
    short = f"short of {whose}; other foods need to make up the rest.{times}"
    return f"No, not alone: about {shown}, {short}"


def servings_asked(words: tuple[str, ...]) -> bool:
    """ "how many glasses", "how many cups of coffee is 400 mg" (not "how many IU total")."""
    said = " ".join(words)
    return bool(_SERVINGS_ASKED.search(said)) and not _UNITS_ASKED.search(said)


_SERVINGS_ASKED = re.compile(r"\bhow many \w+")
_UNITS_ASKED = re.compile(r"\bhow many (?:iu|mg|mcg|g|units|times|percent|total)\b")


def _fortified(description: str, nutrient: str) -> bool:
    """USDA says the nutrient was added ("with added vitamin A and vitamin D", "fortified")."""
    said = description.lower()
    name = NUTRIENT_NAMES[nutrient].lower()
    return ("fortified" in said or "added" in said) and name in said


def _has(serving: str, food: Food, nutrient: str, figure: Figure | None) -> str:
    name = NUTRIENT_NAMES[nutrient]
    if figure is None:
        return f"USDA has no {name} figure for {food.name.lower()}."
    if figure.amount <= 0:
        return f"{serving.capitalize()} has no {name}."
    value = amount(figure.amount, figure.unit, nutrient)
    verb = verb_for(figure.serving.label)
    return f"{serving.capitalize()} {verb} about {value} of {name}{percent(figure)}."


def verb_for(label: str) -> str:
    """ "2 bananas have", "3 cups have", "1/2 cup has", "3 oz has"."""
    words = label.split("(")[0].split()
    count = words[0].replace(".", "", 1) if words else ""
    many = len(words) > 1 and count.isdecimal() and float(words[0]) > 1
    return "have" if many and words[-1].endswith("s") else "has"


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


def caffeine_figure(nutrition: Nutrition, food: Food) -> Figure | None:
    if food.slug not in nutrition.foods:
        return None
    return nutrition.per_serving(food.slug, "caffeine")
