"""Answers that open with the figure asked for: needs by life stage, upper limits and doses,
the richest foods for a diet. Figures come from `kb.nutrition` (DRI tables, USDA SR28).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.answering.figures import NUTRIENT_NAMES, amount, daily, number, stage_name
from assistant.answering.profile import Dose, Profile
from assistant.kb.food_list import TOPIC_OF
from assistant.kb.model import Food
from assistant.kb.nutrition import IU_PER_MCG_VITAMIN_D, Caveat, Figure, Intake, Nutrition

# Rows of the needs table, in order; equal neighbours are merged ("Adults 19–50").
TABLE_STAGES = (
    ("age-1-3", "Children", 1, 3),
    ("age-4-8", "Children", 4, 8),
    ("age-9-13", "Children", 9, 13),
    ("age-14-18", "Teens", 14, 18),
    ("age-19-30", "Adults", 19, 30),
    ("age-31-50", "Adults", 31, 50),
    ("age-51-70", "Adults", 51, 70),
    ("age-71-plus", "Adults", 71, 0),
    ("pregnancy-19-30", "Pregnancy", 0, 0),
    ("breastfeeding-19-30", "Breastfeeding", 0, 0),
)
MAX_FOODS = 6
CAFFEINATED = frozenset({"coffee", "espresso", "instant-coffee", "black-tea", "green-tea", "cola",
                         "diet-cola"})  # fmt: skip
# "can i take magnesium": a yes/no question about taking a supplement.
TAKE_WORDS = (" can i take ", " ok to take ", " okay to take ", " safe to take ", " can i give ",
              " is it ok ", " should i take ", " can she take ", " can he take ")  # fmt: skip
MAX_CAVEATS = 2
GENERAL_TRIGGERS = frozenset({"supplements", "high doses"})  # said in passing, not a medicine


@dataclass(frozen=True, slots=True)
class Answer:
    opening: str  # the answer to the question, first
    bullets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what to know next (caveats, a limit)
    sources: tuple[str, ...] = ()
    decisive: bool = False  # a verdict on the dose or medicine the message names


def intake_answer(nutrition: Nutrition, nutrients: tuple[str, ...], who: Profile) -> Answer:
    """ "Girls 14–18 need 1,300 mg of calcium a day (RDA)." then the table and the limit."""
    stage = who.life_stage
    openings, bullets, sources = [], [], []
    for nutrient in nutrients:
        female = nutrition.intake(nutrient, stage, "female")
        male = nutrition.intake(nutrient, stage, "male") if "pregnancy" not in stage else None
        if female is None and male is None:
            continue
        if who.specific:
            openings.append(_need_sentence(nutrient, stage, female, male, who))
        else:
            openings.append(adults_need(nutrition, nutrient))
        if len(nutrients) == 1 and not who.specific:  # a narrow question gets its figure
            bullets += _table(nutrition, nutrient)
        sources += [i.source for i in (female, male) if i] + [i.report for i in (female,) if i]
    limits = [_limit_note(nutrition, n, stage) for n in nutrients]
    return Answer(" ".join(openings), tuple(bullets), tuple(n for n in limits if n), tuple(sources))


def safety_answer(
    nutrition: Nutrition, nutrients: tuple[str, ...], who: Profile, text: str
) -> Answer:
    """The verdict on a dose the message names, else the upper limit; then what to watch."""
    stage = who.life_stage
    openings, sources = [], []
    above = False
    for nutrient in nutrients:
        limit = nutrition.upper_limit(nutrient, stage)
        if limit is None:
            continue
        sources.append(limit.source)
        dose = _dose_for(nutrient, who.doses)
        scope = f"; it counts {limit.applies_to}" if limit.applies_to else ""
        name = NUTRIENT_NAMES[nutrient]
        group = stage_name(stage) if who.specific else "adults"
        if limit.amount is None:
            openings.append(limit.note or f"There is no upper limit for {name}.")
        elif dose is not None:
            verdict, over = _verdict(nutrient, dose, limit.amount, limit.unit, group)
            above = above or over
            openings.append(verdict + scope + ".")
        else:
            limit_text = daily(limit)
            openings.append(f"The upper limit of {name} for {group} is {limit_text} a day{scope}.")
    found = caveats(nutrition, nutrients, text)
    asked_to_take = any(w in f" {text} " for w in TAKE_WORDS)
    limited = any(not o.startswith(("No upper", "There is no")) for o in openings)
    if who.kidney or above:
        openings.insert(0, "Not without your doctor's advice.")
    elif found:  # "on lisinopril, can i take potassium": the medicine decides, then the limit
        openings[:0] = [c.text for c in found[:MAX_CAVEATS]]
    elif asked_to_take and limited:
        openings.insert(0, "Generally yes, within the upper limit.")
    decisive = bool(who.kidney or above or found or (who.doses and limited))
    notes = () if found else tuple(c.text for c in _general_caveats(nutrition, nutrients)[:1])
    shown = found[:MAX_CAVEATS] or _general_caveats(nutrition, nutrients)[:1]
    sources += [s for c in shown for s in c.sources]
    return Answer(" ".join(openings), (), notes, tuple(sources), decisive)


def rankings(nutrition: Nutrition) -> Mapping[str, tuple[Figure, ...]]:
    """Foods by amount per serving, most first, for each nutrient: made once, read per answer."""
    return {n: nutrition.richest(n, limit=len(nutrition.foods)) for n in TOPIC_OF}


def foods_answer(
    ranked: Mapping[str, tuple[Figure, ...]],
    foods: Mapping[str, Food],
    nutrients: tuple[str, ...],
    who: Profile,
) -> Answer:
    """The foods with the most per serving that fit the diet the message names."""
    lines, sources = [], []
    for nutrient in nutrients:
        picks = _richest(
            ranked.get(nutrient, ()), foods, who, MAX_FOODS if len(nutrients) == 1 else 3
        )
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
    opening = f"Foods with the most per serving{fits} (USDA SR28):"
    return Answer(opening, tuple(lines), (), tuple(sources))


def caveats(nutrition: Nutrition, nutrients: tuple[str, ...], text: str) -> list[Caveat]:
    """The caveats for these nutrients whose trigger words the message uses."""
    padded = f" {text} "
    found: list[tuple[bool, Caveat]] = []
    for nutrient in nutrients:
        for caveat in nutrition.caveats_for(nutrient):
            said = [w for w in caveat.when if f" {w} " in padded]
            if said and caveat not in (c for _, c in found):
                found.append((all(w in GENERAL_TRIGGERS for w in said), caveat))
    return [c for general, c in sorted(found, key=lambda f: f[0])]  # the medicine named first


def _need_sentence(
    nutrient: str, stage: str, female: Intake | None, male: Intake | None, who: Profile
) -> str:
    name = NUTRIENT_NAMES[nutrient]
    one = female or male
    assert one is not None
    kind, group = one.kind, stage_name(stage)
    if who.sex and not stage.startswith(("pregnancy", "breastfeeding")):
        chosen = female if who.sex == "female" else male
        if chosen is not None:
            person = _person(stage, who.sex)
            return f"{person} need {daily(chosen)} of {name} a day ({kind})."
    if female and male and female.amount != male.amount:
        return (
            f"{group.capitalize()} need {daily(male)} (male) or {daily(female)} (female) "
            f"of {name} a day ({kind})."
        )
    if stage.startswith(("pregnancy", "breastfeeding")):
        return f"In {group}, you need {daily(one)} of {name} a day ({kind})."
    return f"{group.capitalize()} need {daily(one)} of {name} a day ({kind})."


def adults_need(nutrition: Nutrition, nutrient: str) -> str:
    """ "Adults 19–50 need 310–420 mg of magnesium a day (RDA): men 400–420 mg, women ..."."""
    found: dict[str, list[Intake]] = {"male": [], "female": []}
    for sex, items in found.items():
        for stage in ("age-19-30", "age-31-50"):
            intake = nutrition.intake(nutrient, stage, sex)
            if intake is not None:
                items.append(intake)
    every = found["male"] + found["female"]
    if not every:
        return ""
    kind, unit, name = every[0].kind, every[0].unit, NUTRIENT_NAMES[nutrient]
    values = sorted({i.amount for i in every})
    if len(values) == 1:
        return f"Adults 19–50 need {daily(every[0])} of {name} a day ({kind})."

    def span(items: list[Intake]) -> str:
        low, high = min(i.amount for i in items), max(i.amount for i in items)
        text = amount(high, unit, nutrient)
        return text if low == high else f"{number(low)}–{text}"

    return (
        f"Adults 19–50 need {span(every)} of {name} a day ({kind}): men {span(found['male'])}, "
        f"women {span(found['female'])}."
    )


def _person(stage: str, sex: str) -> str:
    group = stage_name(stage)
    band = group.split(" ", 1)[1] if " " in group else ""
    if stage.startswith("age-14") or stage.startswith("age-9"):
        noun = "Girls" if sex == "female" else "Boys"
    elif stage.startswith(("age-19", "age-31", "age-51", "age-71")):
        noun = "Women" if sex == "female" else "Men"
    else:
        return group.capitalize()
    return f"{noun} {band}".strip()


def _table(nutrition: Nutrition, nutrient: str) -> list[str]:
    rows: list[tuple[str, int, int, str]] = []
    for stage, label, low, high in TABLE_STAGES:
        female = nutrition.intake(nutrient, stage, "female")
        male = nutrition.intake(nutrient, stage, "male") if label != "Pregnancy" else None
        if female is None:
            continue
        if male is None or male.amount == female.amount:
            value = daily(female)
        else:
            value = f"men {daily(male)}, women {daily(female)}"
        if rows and rows[-1][0] == label and rows[-1][3] == value:
            rows[-1] = (label, rows[-1][1], high, value)
        else:
            rows.append((label, low, high, value))
    out = []
    for label, low, high, value in rows:
        span = "" if not low else f" {low}–{high}" if high else f" {low} and over"
        if label == "Teens" or (label == "Children" and low >= 9):
            value = value.replace("women ", "girls ").replace("men ", "boys ")
        out.append(f"{label}{span}: {value}")
    return out


def _limit_note(nutrition: Nutrition, nutrient: str, stage: str) -> str:
    limit = nutrition.upper_limit(nutrient, stage)
    if limit is None or limit.amount is None:
        return ""
    scope = f", {limit.applies_to}" if limit.applies_to else ""
    return f"Upper limit for {stage_name(stage)}: {daily(limit)} a day{scope}."


def _dose_for(nutrient: str, doses: tuple[Dose, ...]) -> Dose | None:
    wanted = ("IU", "mcg") if nutrient == "vitamin-d" else ("mg", "mcg", "g")
    fitting = [d for d in doses if d.unit in wanted]
    return max(fitting, key=lambda d: d.amount) if fitting else None  # "50 mg, so 60 mg a day"


def _verdict(nutrient: str, dose: Dose, limit: float, unit: str, group: str) -> tuple[str, bool]:
    """ "5,000 IU a day is above the upper limit of 4,000 IU (100 mcg) for adults", and
    whether it is above."""
    value = dose.amount
    if nutrient == "vitamin-d" and dose.unit == "IU":
        value = dose.amount / IU_PER_MCG_VITAMIN_D
    elif dose.unit == "g":
        value = dose.amount * 1000
    shown = f"{number(dose.amount)} {dose.unit}"
    limit_text = amount(limit, unit, nutrient)
    relation = "above" if value > limit else "at" if value == limit else "within"
    sentence = f"{shown} a day is {relation} the upper limit of {limit_text} for {group}"
    return sentence, value > limit


def _general_caveats(nutrition: Nutrition, nutrients: tuple[str, ...]) -> list[Caveat]:
    return [c for n in nutrients for c in nutrition.caveats_for(n)][:MAX_CAVEATS]


def _richest(
    ranked: tuple[Figure, ...], foods: Mapping[str, Food], who: Profile, wanted: int
) -> list[tuple[str, str]]:
    picks: list[tuple[str, str]] = []
    slugs: list[str] = []
    for figure in ranked:
        if len(picks) == wanted:
            break
        food = foods.get(figure.food)
        if food is None or not who.eats(food.group, food.slug) or _not_a_source(figure, food):
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


def _not_a_source(figure: Figure, food: Food) -> bool:
    """Caffeinated, sports and sugary drinks and snacks are not offered as a nutrient's source,
    even where they are fortified."""
    caffeinated = "energy-drink" in food.slug or food.slug in CAFFEINATED
    return caffeinated or food.group == "Sweets and snacks" or "sports-drink" in food.slug


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
