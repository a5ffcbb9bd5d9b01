"""Answers about labels and units: "what % DV is 400 IU" (FDA Daily Values), "50 mcg of
vitamin D is how many IU" (1 mcg = 40 IU), "400 mcg folic acid in mcg DFE" (x1.7)."""

from __future__ import annotations

import itertools

from assistant.answering.figures import NUTRIENT_NAMES, amount, number
from assistant.answering.match import TOTAL_WORDS
from assistant.answering.nutrient_answers import Answer
from assistant.answering.profile import Profile
from assistant.kb.nutrition import IU_PER_MCG_VITAMIN_D, Nutrition


def asks_label_value(words: tuple[str, ...]) -> bool:
    return "dv" in words or "daily value" in " ".join(words)


def label_value(
    nutrition: Nutrition, nutrients: tuple[str, ...], words: tuple[str, ...], who: Profile
) -> Answer:
    """ "The Daily Value on US food labels is: magnesium 420 mg (FDA)", or "50 mcg of vitamin D
    is 2,000 IU", when asked."""
    # "125 mcg (5000 IU), what % daily value": the label gives both units, the share is asked
    both = {d.unit for d in who.doses} >= {"mcg", "IU"}
    conversion = "" if both and asks_label_value(words) else converted(nutrients, words, who)
    if conversion:
        return Answer(conversion, sources=("ods-vitamin-d",))
    found = [(n, dv) for n in nutrients if (dv := nutrition.daily_value(n)) is not None]
    if not asks_label_value(words) or not found:
        return Answer("")
    bare = [w for w in words if w != "percent"]  # "10% DV" reads "10 percent dv"
    share = next((float(w) for w, n in itertools.pairwise(bare) if n == "dv" and
                  w.isdecimal()), None)  # fmt: skip
    n, dv = found[0]
    # "400 IU vit D, what % daily value": IU against the Daily Value in mcg
    in_iu = n == "vitamin-d" and dv.unit == "mcg"
    dose = next((d for d in who.doses if d.unit == dv.unit or (in_iu and d.unit == "IU")), None)
    if share is None and dose is not None:  # "what percent daily value is 200mg of magnesium"
        value = dose.amount / IU_PER_MCG_VITAMIN_D if dose.unit == "IU" else dose.amount
        return Answer(
            f"{number(dose.amount)} {dose.unit} of {NUTRIENT_NAMES[n]} is "
            f"{value / dv.amount:.0%} of the {amount(dv.amount, dv.unit, n)} Daily Value "
            "(FDA).",
            sources=(dv.source,),
        )
    if share is not None:  # "label says potassium 10% DV, how many mg is that"
        shown = amount(dv.amount * share / 100, dv.unit, n)
        return Answer(
            f"{share:g}% DV of {NUTRIENT_NAMES[n]} is about {shown}: the Daily Value is "
            f"{amount(dv.amount, dv.unit, n)} (FDA).",
            sources=(dv.source,),
        )
    parts = [f"{NUTRIENT_NAMES[n]} {amount(dv.amount, dv.unit, n)}" for n, dv in found]
    return Answer(
        f"The Daily Value on US food labels (the 100% in '% DV') is: {', '.join(parts)} (FDA); "
        "it is one figure for everyone 4 and over, not your own need.",
        sources=tuple(dict.fromkeys(dv.source for _, dv in found)),
    )


_PER_DAY = frozenset({"per", "daily"})  # "how much is that per day", "daily"
DFE_PER_MCG_FOLIC_ACID = 1.7  # folic acid with food, as labels count it (NIH ODS folate)


def converted(nutrients: tuple[str, ...], words: tuple[str, ...], who: Profile) -> str:
    """ "50 mcg vitamin d = how many IU": the dose in the other unit (1 mcg = 40 IU, NIH);
    "400 mcg folic acid is how many mcg DFE" (1 mcg of folic acid = 1.7 mcg DFE, NIH)."""
    if "folate" in nutrients and "dfe" in words:
        acid = next((d for d in who.doses if d.unit == "mcg"), None)
        if acid is not None:
            dfe = number(acid.amount * DFE_PER_MCG_FOLIC_ACID)
            return f"{number(acid.amount)} mcg of folic acid is {dfe} mcg DFE (x1.7, NIH)."
    if "vitamin-d" not in nutrients:
        return ""
    for dose in who.doses:
        other = {"mcg": "iu", "IU": "mcg"}.get(dose.unit)
        if other is not None and other in words:
            factor = IU_PER_MCG_VITAMIN_D if dose.unit == "mcg" else 1 / IU_PER_MCG_VITAMIN_D
            same = [d.amount for d in who.doses if d.unit == dose.unit]
            # "my total: 800 IU + 2000 IU, how much is that in mcg": the sum converted
            summed = len(same) >= 2 and bool((TOTAL_WORDS | {"plus"}).intersection(words))
            amount = sum(same) if summed else dose.amount
            shown = f"{number(amount * factor)} {'IU' if dose.unit == 'mcg' else 'mcg'}"
            said = " + ".join(number(a) for a in same) + " = " if summed else ""
            text = f"{said}{number(amount)} {dose.unit} of vitamin D is {shown} (1 mcg = 40 IU)."
            if dose.days > 1 and _PER_DAY.intersection(words):  # "once a week, per day?"
                daily = amount / dose.days
                other_daily = (
                    f"{number(round(daily * factor))} {'IU' if dose.unit == 'mcg' else 'mcg'}"
                )
                text += (
                    f" Taken {'once a week' if dose.days == 7 else f'every {dose.days} days'}, "
                    f"that averages {number(round(daily))} "
                    f"{dose.unit} ({other_daily}) a day."
                )
            return text
    return ""
