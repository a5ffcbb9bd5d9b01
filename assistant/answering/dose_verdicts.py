"""A dose checked against the limit and the need: whose dose it is ("100mg magnesium + 10mg
b6"), in the limit's unit ("5 mg of folic acid is 5,000 mcg"), by the day for a weekly dose."""

from __future__ import annotations

from assistant.answering.doses import CALCIUM_PRODUCTS, Dose
from assistant.answering.figures import NUTRIENT_NAMES, amount, daily, number, stage_name
from assistant.answering.match import TOTAL_WORDS
from assistant.answering.profile import Profile
from assistant.kb.nutrition import IU_PER_MCG_VITAMIN_D, Figure, Nutrition

_DOSE_NAMES: dict[str, frozenset[str]] = {
    "magnesium": frozenset({"magnesium", "mag", "glycinate", "citrate", "oxide"}),
    "calcium": frozenset({"calcium", "carbonate", "tums", "caltrate", "oscal"}),
    "potassium": frozenset({"potassium", "klor"}),
    "vitamin-d": frozenset({"d", "d3", "d2", "cholecalciferol"}),
    "vitamin-b6": frozenset({"b6", "pyridoxine", "p5p"}),
    "vitamin-b12": frozenset({"b12", "methylcobalamin", "cyanocobalamin"}),
    "folate": frozenset({"folic", "folate", "methylfolate"}),
}


_SECOND = frozenset({"separate", "another", "second", "extra"})


def dose_for(nutrient: str, doses: tuple[Dose, ...]) -> Dose | None:
    """The dose of this nutrient: one named beside it ("100mg B6"); a dose named beside another
    nutrient is not this one's ("100mg B6 and magnesium": not 100 mg of magnesium)."""
    wanted = ("IU", "mcg") if nutrient == "vitamin-d" else ("mg", "mcg", "g")
    fitting = [d for d in doses if d.unit in wanted]
    # "100mg magnesium + 10mg b6": each dose belongs to the name nearest it (after it first)
    own = [d for d in fitting if _DOSE_NAMES[nutrient] & set(d.near) and _named(d) == nutrient]
    # "my calcium tablet has 800 IU too": IU here are always vitamin D's
    own += [d for d in fitting if d.unit == "IU" and d not in own]
    every = set().union(*_DOSE_NAMES.values())
    others = every - _DOSE_NAMES[nutrient]
    unnamed = [d for d in fitting if not every & set(d.near)]  # "cereal with 400 mcg"
    together = any({"plus", "also", "and"} & set(d.near) for d in fitting)
    together = together or any(TOTAL_WORDS & set(d.near) for d in fitting)  # "whats my total"
    fitting = (
        own + unnamed
        if own and together
        else own or [d for d in fitting if not others & set(d.near)]
    )
    # "taking 5000 IU every day ... is 5000 IU daily too much": one dose, said twice; but "800
    # mcg in my prenatal and a separate 800 mcg tab" are two, and so are "2 tums, 300 mg each"
    # and "caltrate 600" (600 mg each, written differently)
    if not any(_SECOND & set(d.near) for d in fitting):
        said = {(d.amount, d.unit, d.near[d.at]): d for d in reversed(fitting)}
        fitting = list(said.values())[::-1]
    # "50 mg in my b complex, another 10 mg in my magnesium, is 60 mg a day too much": the total
    said_total = next(
        (d for d in fitting if len(fitting) > 2 and d.unit == fitting[0].unit
         and abs(d.amount - sum(o.amount for o in fitting if o is not d)) < 0.5),
        None,
    )  # fmt: skip
    if said_total is not None:
        return said_total
    ius = [d.amount for d in fitting if d.unit == "IU"]
    # "50 mcg.. is that the same as 2000 IU": one dose in two units, not two doses
    fitting = [
        d for d in fitting
        if not (d.unit == "mcg" and any(abs(i - d.amount * IU_PER_MCG_VITAMIN_D) < 1 for i in ius))
    ]  # fmt: skip
    units = {d.unit for d in fitting}
    if len(fitting) > 1 and together and (units <= {"mg", "mcg"} or len(units) == 1 or (
            units == {"IU", "mcg"})):  # fmt: skip
        # "a prenatal with 1mg plus a gummy with 400mcg": 1,400 mcg together; "2 softgels of
        # 2000 IU plus a multi with 800 IU": 4,800 IU; "25 mcg d3 and 2000 iu": 3,000 IU
        unit = units.pop() if len(units) == 1 else "IU" if "IU" in units else "mcg"
        per = {
            "mg": 1000.0 if unit == "mcg" else 1.0,
            "mcg": IU_PER_MCG_VITAMIN_D if unit == "IU" else 1.0,
        }
        total = sum(d.amount * per.get(d.unit, 1.0) for d in fitting)
        return Dose(total, unit, fitting[0].days, fitting[0].near)
    # the largest, in one unit ("50 mg, so 60 mg a day"; 1 mg is more than 400 mcg)
    return max(fitting, key=lambda d: d.amount * (1000 if d.unit == "mg" else 1), default=None)


def _named(dose: Dose) -> str:
    """The nutrient whose name stands nearest the dose's number, a name after its unit first
    ("100mg magnesium + 10mg b6"); IU are vitamin D's."""
    if dose.unit == "IU":
        return "vitamin-d"
    if dose.at and dose.near[dose.at - 1] in CALCIUM_PRODUCTS:
        return "calcium"  # "caltrate 600 plus d3": the 600 is the Caltrate's calcium
    distance = {}
    every = {w for names in _DOSE_NAMES.values() for w in names}
    for nutrient, names in _DOSE_NAMES.items():
        # "calcium citrate 1000 mg": a salt's word belongs to the nutrient named before it
        places = [j for j, w in enumerate(dose.near) if w in names
                  and not (j and dose.near[j - 1] in every - names)]  # fmt: skip
        if places:  # after the number, its unit stands between: "100 mg magnesium"
            distance[nutrient] = min(j - dose.at - 1.5 if j > dose.at else dose.at - j
                                     for j in places)  # fmt: skip
    return min(distance, key=lambda n: distance[n], default="")


def limit_verdict(
    nutrient: str, dose: Dose, limit: float, unit: str, group: str
) -> tuple[str, bool]:
    """ "5,000 IU a day is above the upper limit of 4,000 IU (100 mcg) for adults", and
    whether it is above. A weekly dose is compared by its daily average."""
    value = _in_unit(nutrient, dose.amount, dose.unit, unit) / dose.days
    shown = _shown(nutrient, dose)
    limit_text = amount(limit, unit, nutrient)
    relation = "above" if value > limit else "at" if value == limit else "within"
    if dose.days > 1:
        period = {7: "a week", 30: "a month"}.get(dose.days)
        period = period or (f"every {dose.days // 7} weeks" if dose.days % 7 == 0 else "a month")
        daily_text = amount(float(f"{value:.3g}"), unit, nutrient)
        if dose.unit == "IU":  # "about 8,570 IU (214 mcg)", rounded in the unit asked
            daily_text = (
                f"{number(float(f'{dose.amount / dose.days:.3g}'))} IU ({number(value)} mcg)"
            )
        sentence = f"{shown} {period} is about {daily_text} a day on average, {relation} the "
        return f"{sentence}upper limit of {limit_text} for {group}", value > limit
    sentence = f"{shown} a day is {relation} the upper limit of {limit_text} for {group}"
    return sentence, value > limit


# Each unit in micrograms; vitamin D's IU are converted through its own factor.
_MICROGRAMS = {"mcg": 1.0, "mg": 1000.0, "g": 1_000_000.0}


def _in_unit(nutrient: str, value: float, unit: str, target: str) -> float:
    """A dose in the limit's unit: 5 mg of folic acid is 5,000 mcg; 4,000 IU of D is 100 mcg."""
    target = target.removesuffix("/day").split()[0]
    if unit == "IU" and nutrient == "vitamin-d":
        value, unit = value / IU_PER_MCG_VITAMIN_D, "mcg"
    if unit in _MICROGRAMS and target in _MICROGRAMS:
        return value * _MICROGRAMS[unit] / _MICROGRAMS[target]
    return value


def most_a_day(nutrient: str, dose: Dose, limit: float, unit: str, group: str) -> str:
    """ "each gummy is 50mg, how many max a day": the most whole ones within the limit."""
    each = _in_unit(nutrient, dose.amount, dose.unit, unit)
    if each <= 0 or dose.days != 1:
        return ""
    most = int(limit // each)
    if most < 1:
        return f"None without a doctor's advice: one alone is above the upper limit for {group}."
    return (
        f"At most {most} a day: {most} × {_shown(nutrient, dose)} is "
        f"{amount(most * each, unit, nutrient)}, within the upper limit of "
        f"{amount(limit, unit, nutrient)} for {group}."
    )


def enough_dose(nutrition: Nutrition, nutrient: str, dose: Dose, who: Profile) -> str:
    """ "400 IU a day gives two thirds of the 600 IU (15 mcg) needed in pregnancy (RDA)." """
    sex = who.sex or ("female" if who.pregnant or who.breastfeeding else "male")
    need = nutrition.intake(nutrient, who.life_stage, sex)
    if need is None:
        return ""
    value = _in_unit(nutrient, dose.amount, dose.unit, need.unit) / dose.days
    relation = "covers" if value >= need.amount else "is less than"
    whose = stage_name(who.life_stage)
    shown = f"{number(dose.amount)} {dose.unit}"
    return f"{shown} a day {relation} the {daily(need)} a day needed ({whose}, {need.kind})."


def times_the_need(nutrition: Nutrition, nutrient: str, dose: Dose, who: Profile) -> str:
    """ "500 mcg is about 208 times the 2.4 mcg a day needed (adults 19–50, RDA)." """
    sex = who.sex or ("female" if who.pregnant or who.breastfeeding else "male")
    need = nutrition.intake(nutrient, who.life_stage, sex)
    if need is None or not need.amount:
        return ""
    times = _in_unit(nutrient, dose.amount, dose.unit, need.unit) / dose.days / need.amount
    shown = f"{number(dose.amount)} {dose.unit}"
    whose = stage_name(who.life_stage)
    return (
        f"{shown} is about {times:.3g} times the {daily(need)} a day needed ({whose}, {need.kind})."
    )


def as_compound(nutrition: Nutrition, nutrient: str, dose: Dose) -> str:
    """ "1500mg calcium carbonate": what that weight of the salt gives ("about 600 mg of
    calcium"), since the front of a bottle often names the compound's weight (NIH)."""
    named = set(dose.near) | {w.removesuffix("s") for w in dose.near}
    for compound in nutrition.compounds:
        if compound.nutrient == nutrient and compound.word in named:
            gives = number(float(f"{dose.amount * compound.share:.2g}"))
            shown = f"{number(dose.amount)} {dose.unit}"
            share = f"{compound.share:.0%}"
            return (
                f"If {shown} is the weight of the {compound.form}, it gives about {gives} "
                f"{dose.unit} of {NUTRIENT_NAMES[nutrient]} ({compound.form} is {share} "
                f"{NUTRIENT_NAMES[nutrient]}); the Supplement Facts panel gives that figure."
            )
    return ""


def with_foods(
    nutrient: str, dose: Dose | None, eaten: tuple[tuple[str, Figure], ...]
) -> tuple[Dose | None, str]:
    """ "a 600 mg calcium tablet plus 3 glasses of milk", or the milk alone: the foods named in
    their portions added up (with the dose), for a limit that counts food too, and what was
    added ("about 878 mg in 3 cups of milk"). The dose itself when no such food is named or the
    dose is weekly."""
    mine = [(name, f) for name, f in eaten if f.nutrient == nutrient and f.amount > 0]
    if not mine or (dose is not None and dose.days != 1):
        return dose, ""
    unit = dose.unit if dose is not None else mine[0][1].unit
    added = 0.0
    for _, figure in mine:
        if unit == "IU":  # food figures are in mcg
            added += figure.amount * IU_PER_MCG_VITAMIN_D
        else:
            added += _in_unit(nutrient, figure.amount, figure.unit, unit)
    listed = " and ".join(
        f"about {amount(f.amount, f.unit, nutrient)} in {f.serving.label} of {name}"
        for name, f in mine
    )
    release = f"(USDA {mine[0][1].release})"
    if dose is None:  # "my 2yr old drinks 4 cups of milk a day, too much calcium?"
        return Dose(added, unit), f"{listed[0].upper()}{listed[1:]} {release}"
    said = f"{_shown(nutrient, dose)} plus {listed} {release}"
    return Dose(dose.amount + added, dose.unit, dose.days, dose.near, dose.at), said


def total_with_foods(
    nutrition: Nutrition,
    nutrient: str,
    who: Profile,
    doses: tuple[Dose, ...],
    eaten: tuple[tuple[str, Figure], ...],
) -> str:
    """ "2 gummies (250mg each) + 3 cups of milk, how much calcium is that": the dose and the
    foods together against the limit, when the limit counts food ("" otherwise)."""
    dose = dose_for(nutrient, doses)
    limit = nutrition.upper_limit(nutrient, who.life_stage)
    if dose is None or limit is None or limit.amount is None:
        return ""
    if "all sources" not in limit.applies_to:
        return ""
    total, said = with_foods(nutrient, dose, eaten)
    if total is None or not said:
        return ""
    group = stage_name(who.life_stage) if who.specific else "adults"
    verdict, _ = limit_verdict(nutrient, total, limit.amount, limit.unit, group)
    return f"{said}: {verdict}."


def _shown(nutrient: str, dose: Dose) -> str:
    """ "500 mg"; vitamin D in mcg also in IU, as people count it: "2,000 IU (50 mcg)"."""
    if nutrient == "vitamin-d" and dose.unit == "mcg":
        return amount(dose.amount, "mcg", nutrient)
    return f"{number(dose.amount)} {dose.unit}"
