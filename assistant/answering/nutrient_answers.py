"""Answers that open with the figure or verdict asked for: upper limits, doses and medicines,
the richest foods for a diet (needs by life stage are in `intake_answers`). Figures come from
`kb.nutrition` (DRI tables, USDA SR28).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.dose_verdicts import (
    as_compound,
    dose_for,
    enough_dose,
    limit_verdict,
    most_a_day,
    times_the_need,
    with_foods,
)
from assistant.answering.doses import ANTACIDS
from assistant.answering.figures import NUTRIENT_NAMES, daily, stage_name
from assistant.answering.profile import Profile
from assistant.kb.nutrition import Caveat, Figure, Nutrition

# Rows of the needs table, in order; equal neighbours are merged ("Adults 19–50").
# "can i take magnesium": a yes/no question about taking a supplement.
TAKE_WORDS = (" can i take ", " ok to take ", " okay to take ", " safe to take ", " can i give ",
              " is it ok ", " should i take ", " can she take ", " can he take ", " safe while ",
              " safe during ", " safe in pregnancy ", " safe for my ", " can kids take ",
              " can children take ", " can my kid take ", " can my son take ",
              " can my daughter take ", " can a child take ", " is it safe ", " safe to give ",
              " can we give ", " okay for her ", " should she take ", " should he take ",
              " should my ", " should we give ", " should i give ", " should i buy ",
              " should we buy ", " can i buy ", " should i start ", " can i start ",
              " can he start ", " can she start ", " should he start ",
              " should she start ", " ok to use ", " okay to use ", " safe to use ",
              " can i use ")  # fmt: skip
MAX_CAVEATS = 2
TAKE_YES = "Generally yes, within the upper limit."
NOT_WITHOUT_DOCTOR = "Not without your doctor's advice."
_MAX_ASKED = re.compile(r"\b(?:max|maximum|safe max|upper limit|most i can|most you can)\b")
# "how much do i need", "how much folate do i need now": the need beside the dose's verdict
_NEED_TOO = re.compile(r"\bhow much (?:\w+ )?(?:do|does) (?:i|she|he|they|we) need\b")
_ANOTHER = re.compile(r"\b(both|also|plus|too|as well|on top)\b")  # another source of it
PRESCRIBED = (
    "Above the everyday upper limit, but doctors prescribe higher doses for a time to treat a "
    "measured shortage or a higher risk: take it as prescribed, and ask them how long and "
    "whether your levels will be checked."
)
CHILD_UNTIL = 14  # a supplement for a child is a question for the child's doctor
ADULT_FROM = 19  # the DRI tables' adult limits start at 19
# Caveat words said in passing or about a person, not a medicine taken.
GENERAL_TRIGGERS = frozenset({"supplements", "high doses", "diabetes", "tingling", "numbness",
                              "older adults", "vegans", "pregnancy", "liver", "cod liver oil",
                              "fish liver oil", "kidney disease", "salt substitutes",
                              "salt substitute", "lo salt", "losalt", "nosalt"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Answer:
    opening: str  # the answer to the question, first
    bullets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what to know next (caveats, a limit)
    sources: tuple[str, ...] = ()
    decisive: bool = False  # a verdict on the dose or medicine the message names


def safety_answer(
    nutrition: Nutrition,
    nutrients: tuple[str, ...],
    who: Profile,
    text: str,
    eaten: tuple[tuple[str, Figure], ...] = (),
) -> Answer:
    """The verdict on a dose the message names (with the foods `eaten` in the portions named,
    when the limit counts food), else the upper limit; then what to watch."""
    stage = who.life_stage
    openings, sources = [], []
    above = False
    for nutrient in nutrients:
        limit = nutrition.upper_limit(nutrient, stage)
        if limit is None:
            continue
        sources.append(limit.source)
        dose = dose_for(nutrient, who.doses)
        scope = f"; it counts {limit.applies_to}" if limit.applies_to else ""
        name = NUTRIENT_NAMES[nutrient]
        group = stage_name(stage) if who.specific else "adults"
        if limit.amount is None:
            openings.append(limit.note or f"There is no upper limit for {name}.")
        elif dose is not None or ("all sources" in limit.applies_to and eaten):
            eaten_too = ""
            if "all sources" in limit.applies_to:  # "a 600 mg tablet plus 3 glasses of milk"
                dose, eaten_too = with_foods(nutrient, dose, eaten)
            if dose is None:
                openings.append(f"The upper limit of {name} for {group} is {daily(limit)} a day.")
                continue
            verdict, over = limit_verdict(nutrient, dose, limit.amount, limit.unit, group)
            if eaten_too:
                verdict = f"{eaten_too}: {verdict}"
                sources.append(eaten[0][1].source)
            # "100mg B6 in my B complex, and Emergen-C has some too": at the limit, then over
            more = verdict.split(" the upper")[0].endswith(" at") and _ANOTHER.search(text)
            above = above or over or bool(more)
            openings.append(verdict + scope + ".")
            # "each gummy = 50mg, how many max per day": the most within the limit, first
            if " how many " in f" {text} " and _MAX_ASKED.search(text):
                openings.insert(0, most_a_day(nutrient, dose, limit.amount, limit.unit, group))
            # "my prenatal has 400 iu D, is that enough?", "how much does she need total?"
            if " enough " in f" {text} " or _NEED_TOO.search(text):
                openings.insert(0, enough_dose(nutrition, nutrient, dose, who))
        else:
            limit_text = daily(limit)
            openings.append(f"The upper limit of {name} for {group} is {limit_text} a day{scope}.")
    compounds: list[str] = []  # what a salt's weight gives, said first
    for nutrient in nutrients:  # "B12 500 mcg, how many times the daily need is that?"
        dose = dose_for(nutrient, who.doses)
        if dose is not None and " how many times " in f" {text} ":
            openings.insert(0, times_the_need(nutrition, nutrient, dose, who))
        single = dose is not None and dose in who.doses  # not a sum of several
        if dose is not None and single and (compound := as_compound(nutrition, nutrient, dose)):
            compounds.append(compound)  # "1500mg calcium carbonate": 600 mg of calcium
    found = caveats(nutrition, nutrients, text)
    if who.kidney:  # the kidneys decide first
        kidney = [c for n in nutrients for c in nutrition.caveats_for(n) if "kidney" in c.id]
        found = [*dict.fromkeys([*kidney, *found])]
    # "can i take too much vitamin d" asks about excess, not whether to take it
    asked_to_take = any(w in f" {text} " for w in TAKE_WORDS) and " too much " not in f" {text} "
    limited = any(not o.startswith(("No upper", "There is no")) for o in openings)
    lead = []
    by_product = False  # the yes above: its dose's verdict, then the product's caution
    at_limit = any(" at the upper limit" in o for o in openings)
    within = bool(who.doses) and any(" is within the upper limit" in o for o in openings)
    within = within and not who.kidney and (who.age is None or who.age >= _ADULT_FROM)
    if (above or at_limit) and " stop " in f" {text} " and not who.prescribed:
        # "100 mg b6 for 6 months, pins and needles, should i stop?": yes, and see the doctor
        lead.append("Yes, stop taking it and tell your doctor.")
    elif above and who.prescribed and not who.kidney:
        lead.append(PRESCRIBED)
    elif who.kidney or above:
        lead.append(NOT_WITHOUT_DOCTOR)
    elif at_limit and any(f" {w} " in f" {text} " for w in ("safe", "ok", "okay", "fine")):
        # "is 100mg b6 a day safe long term": right at the limit is no everyday dose
        lead.append("Not as a habit without a doctor's advice: the upper limit is the most.")
    elif asked_to_take and any(" at the upper limit" in o for o in openings):
        # "im 80, can i take 4000 IU": the limit is the most, not a dose to aim for
        lead.append("Only if your doctor advises it: the upper limit is the most, not a target.")
    elif asked_to_take and limited and not found:
        lead.append(_take_verdict(who))
    elif asked_to_take and within and not medicine_names(nutrition, nutrients, text) - ANTACIDS:
        # "is it safe to chew 2 regular tums a day": the dose is within the limit; a caution
        # the product brought (take Tums with food) follows the yes, not a doctor first
        lead.append("Yes, for a healthy adult:")
        by_product = True
    elif (
        asked_to_take
        and found
        and not any(" hours " in c.text for c in found)
        and not (
            found[0].text.startswith(("Ask ", "Yes", "No", "Not ", "Usually"))  # its own verdict
        )
    ):
        # "on furosemide, should she take magnesium?"; timing advice ("4 hours apart") is
        # itself the answer to "can I take it with levothyroxine"
        lead.append("Ask your doctor first.")
    named = names_a_medicine(nutrition, nutrients, text)  # not a general trigger ("stones")
    # "on lisinopril, can i take potassium": the medicine (or the kidneys) decide, then the limit;
    # "upper limit for magnesium supplements": the limit asked, then a general caution
    cautions = [c.text for c in found[:MAX_CAVEATS]]
    max_asked = bool(_MAX_ASKED.search(text))
    limit_first = max_asked and not (named or who.kidney or lead)
    # "125 mg per capsule, 3 caps, over the limit for supplements?": the dose's verdict before a
    # caution the word "supplements" brought (kidney disease, said by nobody)
    padded = f" {text} "
    by_general_words = all(
        w in _ANY_SUPPLEMENT for c in found for w in c.when if f" {w} " in padded
    )
    verdict_first = bool(who.doses) and by_general_words and not (named or who.kidney)
    verdict_first = verdict_first or by_product
    openings[:] = (
        [*compounds, *openings, *cautions]
        if limit_first
        else [*compounds, *lead, *openings, *cautions]
        if verdict_first
        else [*compounds, *lead, *cautions, *openings]
    )
    special = who.pregnant or who.breastfeeding or (who.age is not None and who.age < CHILD_UNTIL)
    # "whats the safe max from tablets?": the limit asked for comes before any written answer
    decisive = bool(who.kidney or above or named or (who.doses and limited))
    decisive = decisive or (limited and max_asked)
    decisive = decisive or (asked_to_take and special)
    # a child's or teen's own limit comes before written answers meant for adults
    decisive = decisive or (who.age is not None and who.age < ADULT_FROM)
    notes = () if found else tuple(c.text for c in _general_caveats(nutrition, nutrients)[:1])
    shown = found[:MAX_CAVEATS] or _general_caveats(nutrition, nutrients)[:1]
    sources += [s for c in shown for s in c.sources]
    return Answer(" ".join(openings), (), notes, tuple(sources), decisive)


def names_a_medicine(nutrition: Nutrition, nutrients: tuple[str, ...], text: str) -> bool:
    """The message names a medicine that a caveat is about ("Lasix", "omeprazole")."""
    return bool(medicine_names(nutrition, nutrients, text))


_ADULT_FROM = 19  # "Yes, for a healthy adult" is said to adults only
# Trigger words any supplement question has: their caution does not displace a dose's verdict
_ANY_SUPPLEMENT = frozenset({"supplements", "high doses"})
# Words of a caveat's trigger that name no medicine ("magnesium and zinc", "the runs")
_NOT_MEDICINE = frozenset({"magnesium", "calcium", "potassium", "vitamin", "d", "b6", "b12",
                           "folate", "folic", "and", "with", "the", "of", "a"})  # fmt: skip


def medicine_names(
    nutrition: Nutrition, nutrients: tuple[str, ...], text: str, general: bool = False
) -> frozenset[str]:
    """The words naming the medicines the message names that a caveat is about ("lasix");
    with `general`, also the general triggers it names ("salt substitutes")."""
    padded, said = f" {text} ", set(text.split())
    return frozenset(
        word
        for n in nutrients
        for c in nutrition.caveats_for(n)
        for w in c.when
        # the first word's look-up first: most triggers are not in the message
        if w.split(" ", 1)[0] in said
        and f" {w} " in padded
        and (general or w not in GENERAL_TRIGGERS)
        for word in w.split()
        if word not in _NOT_MEDICINE
    )


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


def _take_verdict(who: Profile) -> str:
    """ "can i take magnesium": yes within the limit, with the person's own professional."""
    if who.pregnant or who.breastfeeding:
        return "Usually yes, within the upper limit, but ask your midwife or doctor first."
    if who.age is not None and who.age < CHILD_UNTIL:
        return "Only on your child's doctor's advice, and never above the upper limit."
    return TAKE_YES


def _general_caveats(nutrition: Nutrition, nutrients: tuple[str, ...]) -> list[Caveat]:
    """Caveats for anyone taking supplements, not those about a medicine or an illness."""
    found = [c for n in nutrients for c in nutrition.caveats_for(n)]
    return [c for c in found if GENERAL_TRIGGERS.intersection(c.when)][:MAX_CAVEATS]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
