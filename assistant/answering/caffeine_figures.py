"""Caffeine in the drinks or the dose a message names ("2 monsters and a coffee", "300 mg
pre-workout"), in the amount named, against the amount considered safe for the person."""

from __future__ import annotations

from assistant.answering.doses import Dose
from assistant.answering.figures import amount, daily, number, serving_phrase
from assistant.answering.food_answers import (
    caffeine_figure,
    countable,
    servings_asked,
    verb_for,
)
from assistant.answering.match import ASKS_IF_OK, CAFFEINE_WORDS
from assistant.answering.nutrient_answers import Answer
from assistant.answering.portions import in_portion
from assistant.answering.profile import Profile
from assistant.kb.model import Food
from assistant.kb.nutrition import Figure, Nutrition

ADULT_FROM = 19  # the FDA's caffeine guidance is for adults
_MOST_DRINKS = 4
_NOTABLE_MG = 40  # about a can of cola: less is not worth calling a cause
_CAUSE_ASKED = (
    " making my ",
    " making me ",
    " causing my ",
    " causing the ",
    " cause my ",
    " is that why ",
    " the reason ",
    " to blame ",
    " behind my ",
    " because of ",
)
_CHILDREN = frozenset({"son", "daughter", "kid", "kids", "child", "children", "teen", "toddler"})


def caffeine_answer(
    nutrition: Nutrition,
    foods: tuple[Food, ...],
    who: Profile,
    words: tuple[str, ...],
    young: str = "",
) -> Answer:
    """Caffeine in the drinks named (in the amount named: "3 cups of coffee") or in the dose
    named ("300mg pre workout"), then how that compares with the amount considered safe;
    `young`: the guidance written for the child's age, when the message is about a child."""
    lines, total, counted = [], 0.0, False
    # "Monster (160mg) plus my pre workout with 300mg": the Monster's own figure is counted
    # with the Monster; every other dose named is added
    names = {w for f in foods for n in (f.name, *f.synonyms) for w in n.lower().split()}
    doses = [d for d in who.doses if d.unit == "mg" and not names & set(d.near[: d.at][-1:])]
    dose = Dose(sum(d.amount for d in doses), "mg") if doses else None
    near = len(foods) > 1 or dose is not None  # "300mg per scoop and 2 monsters": each its own
    for food in foods:
        figure = caffeine_figure(nutrition, food)
        if figure is not None and (figure.amount >= 1 or CAFFEINE_WORDS.intersection(words)):
            asked = in_portion(figure, food, words, near=near)
            counted = counted or asked is not figure
            total += asked.amount
            phrase = serving_phrase(asked, food.name, countable(food))
            verb = verb_for(asked.serving.label)
            lines.append(f"{phrase.capitalize()} {verb} about {number_mg(asked)} of caffeine.")
    counted = counted or len(lines) > 1  # "4 coffees and a monster": the total asked
    if len(lines) == 1 and dose is not None and total and servings_asked(words):
        # "how many cups of coffee is 400 mg": the dose in servings, not added to them
        lines[0] = (
            f"{number(dose.amount)} mg is about {dose.amount / total:.1f} of these: {lines[0]}"
        )
        total, dose, counted = dose.amount, None, True
    if lines and dose is not None:  # "a 300 mg pre-workout and 2 Monsters"
        total, counted = total + dose.amount, True
        lines.append(f"With the {number(dose.amount)} mg you named, that is {number(total)} mg.")
    elif dose is not None:
        lines.append(f"{number(dose.amount)} mg of caffeine")
        total, counted = dose.amount, True
    limit = nutrition.upper_limit("caffeine", who.life_stage)
    guidance = ""
    if limit is not None and limit.amount is not None:
        safe = f"{daily(limit)} of caffeine a day considered safe for {_whom(who)}"
        if counted and total:
            relation = "more than" if total > limit.amount else "within"
            share = f"{total / limit.amount:.0%}"
            together = f"about {number(total)} mg in all, " if len(lines) > 1 and not dose else ""
            guidance = f"That is {together}{relation} the {safe} ({share} of it)."
            if lines[-1].endswith("caffeine"):  # a dose: one sentence
                lines[-1], guidance = f"{lines[-1]} is {share} of the {safe}.", ""
        else:
            guidance = f"Up to {safe.replace(' considered', ' is considered')}."
            text = f" {' '.join(words)} "
            asks_count = any(p in text for p in (" how many ", " max ", " maximum ", " most "))
            child = bool(_CHILDREN & set(words))  # "my son 10, how much caffeine max"
            if len(lines) == 1 and asks_count and total and not child:  # "max cups of coffee"
                guidance += f" That is about {int(limit.amount // total)} servings like this."
    elif young or (who.age is not None and who.age < ADULT_FROM):
        # "is it ok for my 12 yo": the verdict, then why
        guidance = young or (
            "No safe amount of caffeine is set for children and teens: the 400 mg a day is for "
            "healthy adults (FDA), and energy drinks are best avoided."
        )
        minor = who.age is not None and who.age < ADULT_FROM  # not a nursing mother's row
        if ASKS_IF_OK & set(words) and minor:  # "is it ok for my 12 yo": the verdict first
            # a row that names its age group ("Teens: no safe amount...") keeps its capital
            no = (
                f"No. {guidance}"
                if ":" in guidance[:12]
                else f"No: {guidance[0].lower()}{guidance[1:]}"
            )
            lines, guidance = [no, *lines], ""
        elif {"too", "much"} <= set(words) and lines and minor:  # "2 monsters, im 15, too much?"
            lines[0] = f"Yes, too much for a child or teenager: {lines[0][0].lower()}{lines[0][1:]}"
    sources = ["usda-sr28"] if foods and lines else []
    text = f" {' '.join(words)} "
    asked_cause = any(c in text for c in _CAUSE_ASKED) and any("twitch" in w for w in words)
    if lines and asked_cause and total >= _NOTABLE_MG:  # not 5 decafs
        # "3 red bulls a night, is that whats making my eye twitch": yes before the figures
        lines.insert(0, "Quite possibly: the NHS lists caffeine among the common causes of "
                        "muscle twitches.")  # fmt: skip
        sources.append("nhs-twitching")
    if limit is not None:
        sources.append(limit.source)
    # every drink named stands before the total ("a mug of coffee, a mug of tea and a coke")
    return Answer(" ".join([*lines[:_MOST_DRINKS], guidance]).strip(), (), (), tuple(sources))


def number_mg(figure: Figure) -> str:
    return amount(figure.amount, "mg", "caffeine")


def _whom(who: Profile) -> str:
    if who.pregnant:
        return "pregnant women"
    if who.breastfeeding:
        return "breastfeeding women"
    return "healthy adults"
