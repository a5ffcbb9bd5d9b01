"""The foods to eat for a nutrient, fitted to the message: the richest (or, for "a low potassium
diet", the poorest) per serving from USDA SR28, within a group if one is named ("fruits"),
that fit the diet; then the everyday foods of the knowledge base; the person's own need or
their kidney caveat above the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import islice, pairwise

from assistant.answering.evidence import sets_off
from assistant.answering.figures import NUTRIENT_NAMES, TOPIC_NUTRIENTS, amount
from assistant.answering.intake_answers import intake_answer
from assistant.answering.nutrient_answers import Answer, caveats, names_a_medicine
from assistant.answering.profile import WHOLE_NUTS_FROM, Profile
from assistant.kb.food_list import GOOD_SOURCE_PERCENT_DV, TOPIC_OF
from assistant.kb.model import Food, KnowledgeBase, Topic
from assistant.kb.nutrition import Figure, Nutrition

LEAST_WORDS = frozenset({"least", "lowest", "lower"})
_NUTRIENT_WORDS = frozenset({"potassium", "magnesium", "calcium", "k", "vitamin", "b12",
                             "folate", "caffeine"})  # fmt: skip
# Words for a food group -> the group names used (curated foods.yaml, then USDA's).
FOOD_GROUP_WORDS = {
    ("Fruits", "Fruit"): frozenset({"fruit", "fruits"}),
    ("Vegetables", "Leafy greens"): frozenset({"vegetable", "vegetables", "veggies", "veg"}),
}
MAX_EVERYDAY = 10
MAX_FOODS = 6
_CAFFEINATED = frozenset({"coffee", "espresso", "instant-coffee", "black-tea", "green-tea", "cola",
                          "diet-cola"})  # fmt: skip
_LOW_FOOD_WORDS = frozenset({"fruit", "fruits", "vegetables", "veggies", "foods", "eat", "snacks"})
_LOW_BODY_WORDS = frozenset({"symptoms", "signs", "level", "levels", "cause", "causes", "blood",
                             "result", "test", "risk", "deficient"})  # fmt: skip
# "im low in magnesium", "am i low in": the person is low, not the foods asked for
_PERSON_LOW = (" im low in ", " i low in ", " be low in ", " am low in ", " getting low in ")
_NOT_GROUP = frozenset({"cant", "cannot", "not", "no", "avoid", "without", "hate", "hates"})
_VEG_DIET_AFTER = frozenset({"foods", "food", "options", "sources", "diet", "family", "items"})
_DIET_BEFORE_VEG = frozenset(
    {"pure", "hindu", "non", "no", "zero", "eat", "root", "green", "strict"}
)


def food_list(
    kb: KnowledgeBase,
    ranked: Mapping[str, tuple[Figure, ...]],
    shares: Mapping[str, Mapping[str, float]],
    topics: list[Topic],
    wanted: tuple[str, ...],
    who: Profile,
    words: tuple[str, ...],
) -> Answer:
    nutrition, topic = kb.nutrition, topics[0]
    # "pure veg", "no veg": a diet, not the vegetables asked for
    said = {w for i, w in enumerate(words) if not (i and words[i - 1] in _DIET_BEFORE_VEG)}
    # "which veg foods": vegetarian foods (Indian English), not the vegetables
    said -= {
        w for i, w in enumerate(words) if w == "veg" and _VEG_DIET_AFTER & set(words[i + 1 : i + 2])
    }
    # "i cant eat tons of fruit": a food group refused is not the group asked for
    said -= {w for i, w in enumerate(words) if _NOT_GROUP.intersection(words[max(0, i - 4) : i])}
    said -= {w for i, w in enumerate(words) if sets_off(words[i + 1 : i + 4])}  # "fruit set me off"
    # with kidney disease, the fruits "ok for his potassium" are the ones with the least
    least = asks_for_low(words) or (who.kidney and "potassium" in wanted)
    group = next((g for g, names in FOOD_GROUP_WORDS.items() if names & said), ())
    if "vegetable-free" in who.diet and "Vegetables" in group:
        group = ()  # "zero veggies": the vegetables are refused, not asked for
    answer = foods_answer(ranked, kb.foods, wanted, who, least, group)
    narrowed = len(topics) == 1 and wanted != TOPIC_NUTRIENTS.get(topic.id, wanted)
    # The seed article's and the fact sheets' everyday foods, beside the richest ones.
    fitting = (
        _plural(f) for t in topics for f in kb.foods_supplying(t.id)
        if _worth_naming(shares, f, wanted, narrowed) and who.eats(f.group, f.slug)
    )  # fmt: skip
    curated = list(islice(fitting, MAX_EVERYDAY))
    everyday = (f"Everyday sources: {', '.join(dict.fromkeys(curated))}.",)
    intro = (topic.foods_intro,) if topic.foods_intro and len(topics) == 1 else ()
    bullets = (*answer.bullets, *(everyday if curated else ()))
    # "my kid (6) is dairy free": the child's own need beside the foods that fit
    own = intake_answer(nutrition, wanted, who).opening if who.specific else ""
    if who.kidney:  # the kidney team's limit comes before any list
        own = " ".join(c.text for n in wanted for c in nutrition.caveats_for(n) if "kidney" in c.id)
    elif names_a_medicine(nutrition, wanted, " ".join(words)):  # "on warfarin": greens vary
        # its first sentence, so the foods asked for still show on the first screen
        caution = caveats(nutrition, wanted, " ".join(words))[0].text.split(". ")[0].rstrip(".")
        own = f"{own} {caution}.".strip()
    return Answer(f"{own} {answer.opening}".strip(), bullets, intro, answer.sources)


def asks_for_low(words: tuple[str, ...]) -> bool:
    """ "a low potassium diet", "low in potassium", "which fruits are lowest"."""
    text = f" {' '.join(words)} "
    said = set(words)
    return (
        bool(LEAST_WORDS & said)
        or (" low in " in text and not any(p in text for p in _PERSON_LOW))
        or (_low_nutrient(words) and " diet " in text)
        # "which fruits can i eat that are low potassium" (not "low potassium symptoms", nor
        # "low FODMAP" or "low carb": low in something else)
        or (_low_nutrient(words) and bool(_LOW_FOOD_WORDS & said) and not _LOW_BODY_WORDS & said)
    )


def _low_nutrient(words: tuple[str, ...]) -> bool:
    return any(w == "low" and n in _NUTRIENT_WORDS for w, n in pairwise(words))


def _worth_naming(
    shares: Mapping[str, Mapping[str, float]],
    food: Food,
    nutrients: tuple[str, ...],
    narrowed: bool,
) -> bool:
    """Whether a curated food is worth naming: when the question narrowed the topic ("b12",
    not "b vitamins"), only a good source of it (10% DV a serving) by USDA figures, so
    spinach, a B-vitamins food for its folate, is not offered for B12."""
    if not_a_source(food):
        return False
    if not narrowed:
        return True
    return any(shares.get(n, {}).get(food.slug, 0.0) >= GOOD_SOURCE_PERCENT_DV for n in nutrients)


def percent_shares(ranked: Mapping[str, tuple[Figure, ...]]) -> dict[str, dict[str, float]]:
    """nutrient -> food -> % Daily Value per serving, made once from the rankings."""
    return {n: {f.food: f.percent_dv or 0.0 for f in figures} for n, figures in ranked.items()}


def _plural(food: Food) -> str:
    return (food.plural or food.name).lower()


def rankings(nutrition: Nutrition) -> Mapping[str, tuple[Figure, ...]]:
    """Foods by amount per serving, most first, for each nutrient: made once, read per answer."""
    return {n: nutrition.richest(n, limit=len(nutrition.foods)) for n in TOPIC_OF}


def foods_answer(
    ranked: Mapping[str, tuple[Figure, ...]],
    foods: Mapping[str, Food],
    nutrients: tuple[str, ...],
    who: Profile,
    least: bool = False,
    group: tuple[str, ...] = (),
) -> Answer:
    """The foods with the most per serving that fit the diet the message names; with `least`,
    the fewest ("low potassium diet, which fruits are ok"), within `group` ("Fruits")."""
    lines, sources = [], []
    for nutrient in nutrients:
        order = ranked.get(nutrient, ())
        if group:
            order = tuple(f for f in order if f.food in foods and foods[f.food].group in group)
        if least:  # per 100 g: a small serving does not make a rich food "low" (dates)
            order = tuple(sorted(order, key=lambda f: f.amount / f.serving.grams))
        picks = _richest(order, foods, who, MAX_FOODS if len(nutrients) == 1 else 3)
        if not picks:
            continue
        sources.append("usda-sr28")
        if len(nutrients) == 1:
            lines += [f"{_capital(name)}: {text}" for name, text in picks]
            continue
        listed = ", ".join(f"{name} ({text})" for name, text in picks)
        lines.append(f"{_capital(NUTRIENT_NAMES[nutrient])}: {listed}.")
    diet = " and ".join(who.diet)
    fits = f" that fit a {diet} diet" if diet else ""
    others = list(
        dict.fromkeys((foods[a].plural or foods[a].name).lower() for a in who.avoided if a in foods)
    )
    listed = f"{', '.join(others[:-1])} and {others[-1]}" if len(others) > 1 else "".join(others)
    fits += f", other than {listed}" if others else ""
    told = " and ".join(s.label for s in who.situations)  # "broke student": "that cost little"
    sources += [src for s in who.situations for src in s.sources]
    if "low-purine" in who.diet:
        sources.append("mayo-gout-diet")
    if "low-oxalate" in who.diet:
        sources.append(
            "niddk-kidney-stones-diet"
        )  # organ meats, shellfish and some oily fish left out
    if who.age is not None and who.age < WHOLE_NUTS_FROM:
        fits += ", without whole nuts (a choking risk under 5, NHS)"
        sources.append("nhs-foods-to-avoid-children")
    kind = (group[0] if group else "Foods") + (f" {told}," if told else "")
    opening = f"{kind} with the {'least' if least else 'most'} per serving{fits} (USDA SR28):"
    return Answer(opening, tuple(lines), (), tuple(sources))


def _richest(
    ranked: tuple[Figure, ...], foods: Mapping[str, Food], who: Profile, wanted: int
) -> list[tuple[str, str]]:
    picks: list[tuple[str, str]] = []
    slugs: list[str] = []
    for figure in ranked:
        if len(picks) == wanted:
            break
        food = foods.get(figure.food)
        if food is None or not who.eats(food.group, food.slug) or not_a_source(food):
            continue
        if any(_variant(figure.food, slug) for slug in slugs):
            continue  # "raw spinach" after "spinach"
        slugs.append(figure.food)
        dv = f", {figure.percent_dv:.0f}% DV" if figure.percent_dv else ""
        label = figure.serving.label.split(",")[0]
        name = food.plural or food.name
        name = name if any(c.isupper() for c in name[1:]) else name.lower()
        value = amount(figure.amount, figure.unit, figure.nutrient)
        picks.append((name, f"{value} in {label}{dv}"))
    return picks


def _variant(one: str, other: str) -> bool:
    return one.endswith("-" + other) or other.endswith("-" + one) or one == other


def not_a_source(food: Food) -> bool:
    """Caffeinated, sports and sugary drinks and snacks are not offered as a nutrient's source,
    even where they are fortified."""
    caffeinated = "energy-drink" in food.slug or food.slug in _CAFFEINATED
    return caffeinated or food.group == "Sweets and snacks" or "sports-drink" in food.slug


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
