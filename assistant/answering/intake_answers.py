"""Answers about how much a person needs: "Girls 14–18 need 1,300 mg of calcium a day (RDA).",
the needs table by life stage, the upper limit beside it, and the Daily Value on food labels.
"""

from __future__ import annotations

from assistant.answering.dose_verdicts import dose_for, enough_dose, limit_verdict
from assistant.answering.figures import (
    NUTRIENT_NAMES,
    TOPIC_NUTRIENTS,
    amount,
    daily,
    number,
    stage_name,
)
from assistant.answering.nutrient_answers import (
    NOT_WITHOUT_DOCTOR,
    Answer,
    caveats,
    medicine_names,
)
from assistant.answering.profile import Profile
from assistant.answering.reply import Section
from assistant.kb.model import KnowledgeBase, Topic
from assistant.kb.nutrition import Intake, Nutrition

MAX_FOODS_IN_OVERVIEW = 6
_SUPPLEMENT_WORDS = frozenset({"tums", "carbonate"})  # caveat triggers that name no medicine
# words beside a dose that make it one taken or prescribed ("doctor said 400 IU", "i take 2")
_TAKEN = frozenset({"take", "taking", "takes", "took", "said", "says", "gave", "prescribed",
                    "pill", "pills", "tablet", "tablets", "softgel", "prenatal", "multivitamin",
                    "supplement", "drops", "gummy", "gummies", "capsule", "capsules", "bottle",
                    "label", "daily", "every"})  # fmt: skip

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


def intake_answer(
    nutrition: Nutrition, nutrients: tuple[str, ...], who: Profile, text: str = ""
) -> Answer:
    """ "Girls 14–18 need 1,300 mg of calcium a day (RDA)." then the table and the limit, and
    the caution about a medicine the message `text` names ("on metformin 10 years")."""
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
    openings[:0] = _doses_named(nutrition, nutrients, who)
    if who.kidney:  # "how much potassium should a person with CKD eat": the kidney team's
        found_kidney = [c for n in nutrients for c in nutrition.caveats_for(n) if "kidney" in c.id]
        openings += [c.text for c in found_kidney[:1]]
        sources += [s for c in found_kidney[:1] for s in c.sources]
    # a medicine named ("on metformin 10 years"), not a supplement ("tums", "calcium carbonate")
    elif text and medicine_names(nutrition, nutrients, text) - _SUPPLEMENT_WORDS:
        found = caveats(nutrition, nutrients, text)[0]
        openings.append(found.text)
        sources += found.sources
    limits = [_limit_note(nutrition, n, stage) for n in nutrients]
    return Answer(" ".join(openings), tuple(bullets), tuple(n for n in limits if n), tuple(sources))


def _doses_named(nutrition: Nutrition, nutrients: tuple[str, ...], who: Profile) -> list[str]:
    """ "how much should i take? i take 50,000 IU a day": a dose over the limit says so first;
    "doctor said 400 IU": whether it covers the need."""
    said: list[str] = []
    if not _TAKEN & {w for d in who.doses for w in d.near}:
        return said  # "how will she get 1300mg": a need, not a dose taken
    for nutrient in nutrients:
        dose = dose_for(nutrient, who.doses)
        limit = nutrition.upper_limit(nutrient, who.life_stage)
        if dose is None:
            continue
        if limit is not None and limit.amount is not None:
            group = stage_name(who.life_stage) if who.specific else "adults"
            verdict, over = limit_verdict(nutrient, dose, limit.amount, limit.unit, group)
            if over:
                said.append(f"{NOT_WITHOUT_DOCTOR} {verdict}.")
                continue
        said.append(enough_dose(nutrition, nutrient, dose, who))
    return [s for s in said if s]


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


def needs_compared(
    nutrition: Nutrition, topics: tuple[str, ...], words: tuple[str, ...], who: Profile
) -> str:
    """ "which do i need more, calcium or magnesium", "side by side per day for a 35 yo woman":
    each need, for the person when the message says who ("" when it does not ask about needs
    or names fewer than two nutrients)."""
    if not {"need", "needs", "more", "require", "day", "daily", "side"} & set(words):
        return ""
    nutrients = [n for t in topics for n in TOPIC_NUTRIENTS.get(t, ())]
    if who.specific or who.sex:
        needs = [intake_answer(nutrition, (n,), who).opening for n in nutrients]
    else:
        needs = [adults_need(nutrition, n) for n in nutrients]
    return " ".join(n for n in needs if n) if len([n for n in needs if n]) > 1 else ""


def nutrient_section(kb: KnowledgeBase, topic: Topic, aspect: str) -> Section:
    """A nutrient's written text for an aspect with no figures to give: what it does, the signs
    of a shortage, or the overview (summary, main foods, the adult need)."""
    name = topic.title
    if aspect == "role" and topic.role:
        return Section(f"What {name} does", (topic.role.text,))
    if aspect == "deficiency" and topic.deficiency:
        return Section(f"Signs of low {name}", (topic.deficiency.text,), topic.signs)
    paragraphs = [topic.summary]
    # The short texts add to the summary; one that repeats it is left out.
    paragraphs += [p.short for p in (topic.role, topic.deficiency) if p and p.short not in
                   paragraphs[0]]  # fmt: skip
    foods = [f.name for f in kb.foods_supplying(topic.id)][:MAX_FOODS_IN_OVERVIEW]
    if foods:
        paragraphs.append("Main foods: " + ", ".join(foods) + ".")
    needs = [adults_need(kb.nutrition, n) for n in TOPIC_NUTRIENTS.get(topic.id, ())]
    if any(needs):
        paragraphs.append("Daily need: " + " ".join(n for n in needs if n))
    return Section(name, tuple(paragraphs))
