"""Nutrition data: food composition per serving, intakes by life stage, upper limits, caveats.

Read from `knowledge/composition.yaml` (generated from USDA SR by `assistant.tools.usda`) and
`knowledge/intakes.yaml` (DRI tables as reproduced by the NIH ODS fact sheets, FDA label Daily
Values, caffeine guidance, caveats). Every figure comes back with its source:

    n = kb.nutrition
    n.per_serving("banana", "potassium")       # Figure: 422.4 mg in 1 medium (118 g), 9% DV
    n.intake("magnesium", "pregnancy-19-30", "female")    # Intake: RDA 350 mg/day
    n.upper_limit("vitamin-d", "age-19-30")    # UpperLimit: UL 100 mcg/day (4,000 IU)
    n.caveats_for("vitamin-b6")                # (Caveat(id="b6-high-doses-neuropathy"), ...)

`read_nutrition` checks both files and reports each problem as file:line, like `kb check` does
for the other files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from assistant.kb.schema import Problem, Reader
from assistant.kb.yaml_lines import LineDict, YamlProblem, load_yaml

COMPOSITION_FILE = "composition.yaml"
INTAKES_FILE = "intakes.yaml"

# Composition nutrients and their units (per serving, per 100 g).
UNITS: Mapping[str, str] = MappingProxyType(
    {
        "magnesium": "mg",
        "calcium": "mg",
        "potassium": "mg",
        "vitamin-d": "mcg",
        "vitamin-d-iu": "IU",
        "vitamin-b6": "mg",
        "vitamin-b12": "mcg",
        "folate": "mcg DFE",
        "caffeine": "mg",
    }
)
NUTRIENTS = tuple(UNITS)
# Intake and limit nutrients and their units per day.
DAILY_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "magnesium": "mg/day",
        "calcium": "mg/day",
        "potassium": "mg/day",
        "vitamin-d": "mcg/day",
        "vitamin-b6": "mg/day",
        "vitamin-b12": "mcg/day",
        "folate": "mcg DFE/day",
        "caffeine": "mg/day",
    }
)
LIMIT_UNITS: Mapping[str, str] = MappingProxyType({**DAILY_UNITS, "folate": "mcg/day"})
CAVEAT_NUTRIENTS = (*NUTRIENTS, "vitamin-a")
LIFE_STAGES = (
    "infant-0-6-months",
    "infant-7-12-months",
    "age-1-3",
    "age-4-8",
    "age-9-13",
    "age-14-18",
    "age-19-30",
    "age-31-50",
    "age-51-70",
    "age-71-plus",
    "pregnancy-14-18",
    "pregnancy-19-30",
    "pregnancy-31-50",
    "breastfeeding-14-18",
    "breastfeeding-19-30",
    "breastfeeding-31-50",
)
SEXES = ("male", "female")
INTAKE_KINDS = ("RDA", "AI")
LIMIT_KINDS = ("UL", "guidance")
IU_PER_MCG_VITAMIN_D = 40
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NDB = re.compile(r"^\d{5}$")


@dataclass(frozen=True, slots=True)
class Serving:
    label: str  # how to say it: "1 medium", "1/2 cup"
    measure: str  # the USDA household measure it comes from
    grams: float


@dataclass(frozen=True, slots=True)
class FoodComposition:
    slug: str
    name: str
    plural: str
    ndb: str  # USDA NDB number, 5 digits
    release: str  # USDA release, e.g. "SR28"
    description: str  # the USDA food description
    serving: Serving
    per_serving: Mapping[str, float | None]  # None: USDA has no value
    per_100g: Mapping[str, float | None]
    source: str  # source id (sources.yaml) of the release
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DailyValue:
    nutrient: str
    amount: float
    unit: str
    source: str


@dataclass(frozen=True, slots=True)
class Figure:
    """One amount of one nutrient in one serving of one food, with where it comes from."""

    food: str
    nutrient: str
    amount: float
    unit: str
    serving: Serving
    percent_dv: float | None  # % of the FDA label Daily Value; None for caffeine
    release: str
    ndb: str
    source: str  # the release's source id
    dv_source: str | None


@dataclass(frozen=True, slots=True)
class Intake:
    nutrient: str
    life_stage: str
    sex: str
    kind: str  # RDA | AI
    amount: float
    unit: str
    source: str
    report: str
    note: str = ""

    @property
    def iu(self) -> float | None:
        """The amount in IU (vitamin D only)."""
        return self.amount * IU_PER_MCG_VITAMIN_D if self.nutrient == "vitamin-d" else None


@dataclass(frozen=True, slots=True)
class UpperLimit:
    nutrient: str
    life_stage: str
    kind: str  # UL | guidance
    amount: float | None  # None: no limit set for this nutrient or life stage (see note)
    unit: str
    applies_to: str
    source: str
    report: str = ""
    note: str = ""

    @property
    def iu(self) -> float | None:
        if self.nutrient != "vitamin-d" or self.amount is None:
            return None
        return self.amount * IU_PER_MCG_VITAMIN_D


@dataclass(frozen=True, slots=True)
class Caveat:
    id: str
    nutrients: tuple[str, ...]
    when: tuple[str, ...]
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Nutrition:
    """Composition, intakes, limits and caveats; empty when the files are absent."""

    foods: Mapping[str, FoodComposition] = field(default_factory=dict)
    daily_values: Mapping[str, DailyValue] = field(default_factory=dict)
    intakes: Mapping[tuple[str, str, str], Intake] = field(default_factory=dict)
    # (nutrient, life stage) -> limit; (nutrient, "") -> the limit's note when none is set
    upper_limits: Mapping[tuple[str, str], UpperLimit] = field(default_factory=dict)
    caveats: tuple[Caveat, ...] = ()

    def food(self, slug: str) -> FoodComposition:
        if slug not in self.foods:
            raise KeyError(f"no composition for food '{slug}'")
        return self.foods[slug]

    def per_serving(self, food_slug: str, nutrient: str) -> Figure | None:
        """The amount in one typical serving, or None when USDA has no value for it."""
        _known(nutrient, NUTRIENTS, "nutrient")
        food = self.food(food_slug)
        amount = food.per_serving.get(nutrient)
        if amount is None:
            return None
        dv = self.daily_values.get(nutrient)
        return Figure(
            food=food.slug,
            nutrient=nutrient,
            amount=amount,
            unit=UNITS[nutrient],
            serving=food.serving,
            percent_dv=round(100 * amount / dv.amount, 1) if dv else None,
            release=food.release,
            ndb=food.ndb,
            source=food.source,
            dv_source=dv.source if dv else None,
        )

    def percent_dv(self, nutrient: str, amount: float) -> float | None:
        dv = self.daily_values.get(nutrient)
        return round(100 * amount / dv.amount, 1) if dv else None

    def richest(self, nutrient: str, limit: int = 10) -> tuple[Figure, ...]:
        """The foods with the most of `nutrient` per serving, most first."""
        _known(nutrient, NUTRIENTS, "nutrient")
        figures = [self.per_serving(slug, nutrient) for slug in self.foods]
        found = [f for f in figures if f is not None and f.amount > 0]
        return tuple(sorted(found, key=lambda f: (-f.amount, f.food))[:limit])

    def intake(self, nutrient: str, life_stage: str, sex: str = "female") -> Intake | None:
        """RDA or AI per day; None when none applies (e.g. pregnancy for `male`)."""
        _known(nutrient, tuple(DAILY_UNITS), "nutrient")
        _known(life_stage, LIFE_STAGES, "life stage")
        _known(sex, SEXES, "sex")
        return self.intakes.get((nutrient, life_stage, sex))

    def upper_limit(self, nutrient: str, life_stage: str) -> UpperLimit | None:
        """The UL (caffeine: the guidance amount); amount None with a note when none is set."""
        _known(nutrient, tuple(DAILY_UNITS), "nutrient")
        _known(life_stage, LIFE_STAGES, "life stage")
        found = self.upper_limits.get((nutrient, life_stage))
        if found is not None:
            return found
        general = self.upper_limits.get((nutrient, ""))
        if general is None:
            return None
        return UpperLimit(
            nutrient,
            life_stage,
            general.kind,
            None,
            general.unit,
            general.applies_to,
            general.source,
            general.report,
            general.note,
        )

    def daily_value(self, nutrient: str) -> DailyValue | None:
        _known(nutrient, NUTRIENTS, "nutrient")
        return self.daily_values.get(nutrient)

    def caveats_for(self, nutrient: str) -> tuple[Caveat, ...]:
        _known(nutrient, CAVEAT_NUTRIENTS, "nutrient")
        return tuple(c for c in self.caveats if nutrient in c.nutrients)


def life_stage(age: float, pregnant: bool = False, breastfeeding: bool = False) -> str:
    """The LIFE_STAGES key for an age in years (pregnancy and breastfeeding: 14 to 50)."""
    if age < 0:
        raise ValueError("age must not be negative")
    if pregnant or breastfeeding:
        state = "pregnancy" if pregnant else "breastfeeding"
        band = "14-18" if age < 19 else "19-30" if age < 31 else "31-50"
        return f"{state}-{band}"
    if age < 0.5:
        return "infant-0-6-months"
    if age < 1:
        return "infant-7-12-months"
    for upper, key in ((4, "age-1-3"), (9, "age-4-8"), (14, "age-9-13"), (19, "age-14-18")):
        if age < upper:
            return key
    for upper, key in ((31, "age-19-30"), (51, "age-31-50"), (71, "age-51-70")):
        if age < upper:
            return key
    return "age-71-plus"


def _known(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} '{value}' (known: {', '.join(allowed)})")


# ---------------------------------------------------------------------------------------------
# Reading and checking


def read_nutrition(directory: Path, source_ids: set[str]) -> tuple[Nutrition, list[Problem]]:
    """Both files read and checked; an absent file leaves its part empty."""
    problems: list[Problem] = []
    foods: dict[str, FoodComposition] = {}
    composition = _root(directory / COMPOSITION_FILE, "composition", problems)
    if composition is not None:
        foods = _read_composition(composition, source_ids)
    daily: dict[str, DailyValue] = {}
    intakes: dict[tuple[str, str, str], Intake] = {}
    limits: dict[tuple[str, str], UpperLimit] = {}
    caveats: list[Caveat] = []
    section = _root(directory / INTAKES_FILE, "nutrition", problems)
    if section is not None:
        section.unknown_keys(("daily_values", "intakes", "upper_limits", "caveats"))
        daily = _read_daily_values(section, source_ids)
        intakes = _read_intakes(section, source_ids)
        limits = _read_limits(section, source_ids)
        caveats = _read_caveats(section, source_ids)
    nutrition = Nutrition(
        foods=MappingProxyType(foods),
        daily_values=MappingProxyType(daily),
        intakes=MappingProxyType(intakes),
        upper_limits=MappingProxyType(limits),
        caveats=tuple(caveats),
    )
    return nutrition, problems


def _root(path: Path, key: str, problems: list[Problem]) -> Reader | None:
    if not path.exists():
        return None
    try:
        data = load_yaml(path)
    except YamlProblem as error:
        problems.append(Problem(str(path), error.line, error.message))
        return None
    if not isinstance(data, LineDict) or key not in data:
        problems.append(Problem(str(path), 1, f"the file must hold one '{key}:' section"))
        return None
    root = Reader(str(path), data, problems, path.name)
    root.unknown_keys((key,))
    return root.mapping(key, key, required=True)


def _number(r: Reader, key: str, positive: bool = False, nullable: bool = False) -> float | None:
    if key not in r.data:
        r.problem(r.line(), f"{r.what}: '{key}' is missing")
        return None
    value = r.data[key]
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        r.problem(r.line(key), f"{r.what}: '{key}' must be a number")
        return None
    if value < 0 or (positive and value == 0):
        r.problem(r.line(key), f"{r.what}: '{key}' must be {'> 0' if positive else '>= 0'}")
        return None
    return float(value)


def _source(r: Reader, key: str, source_ids: set[str], required: bool = True) -> str:
    source = r.text(key, required=required)
    if source and source not in source_ids:
        r.problem(r.line(key), f"{r.what}: source '{source}' is not in any sources: list")
    return source


def _read_composition(r: Reader, source_ids: set[str]) -> dict[str, FoodComposition]:
    r.unknown_keys(("release", "source", "input_sha256", "units", "foods"))
    release = r.text("release")
    source = _source(r, "source", source_ids)
    units = r.mapping("units", "composition units", required=True)
    if units is not None:
        for nutrient, unit in units.data.items():
            if nutrient not in UNITS:
                units.problem(units.line(nutrient), f"unknown nutrient '{nutrient}'")
            elif unit != UNITS[nutrient]:
                units.problem(
                    units.line(nutrient),
                    f"unit of '{nutrient}' must be '{UNITS[nutrient]}', not '{unit}'",
                )
        for nutrient in UNITS:
            if nutrient not in units.data:
                units.problem(units.line(), f"composition units: '{nutrient}' is missing")
    foods: dict[str, FoodComposition] = {}
    for f in r.items("foods", "food"):
        food = _read_food(f, release, source)
        if food is None:
            continue
        if food.slug in foods:
            f.problem(f.line("slug"), f"food '{food.slug}' is listed twice")
        foods[food.slug] = food
    return foods


_FOOD_FIELDS = ("slug", "name", "plural", "usda", "serving", "per_serving", "per_100g", "notes")


def _read_food(f: Reader, release: str, source: str) -> FoodComposition | None:
    f.unknown_keys(_FOOD_FIELDS)
    slug = f.text("slug")
    f.what = f"food '{slug}'"
    if slug and not _SLUG.match(slug):
        f.problem(f.line("slug"), f"{f.what}: slug must be lower-case words joined by hyphens")
    usda = f.mapping("usda", f"{f.what} usda", required=True)
    ndb = food_release = description = ""
    if usda is not None:
        usda.unknown_keys(("release", "ndb", "description"))
        raw_ndb = usda.data.get("ndb")
        if not isinstance(raw_ndb, str) or not _NDB.match(raw_ndb):
            usda.problem(
                usda.line("ndb"),
                f'{f.what}: NDB number must be a quoted 5-digit string ("09040"), not {raw_ndb!r}',
            )
        else:
            ndb = raw_ndb
        food_release = usda.text("release")
        if food_release and release and food_release != release:
            usda.problem(
                usda.line("release"),
                f"{f.what}: release {food_release} differs from the file's {release}",
            )
        description = usda.text("description")
    serving = None
    part = f.mapping("serving", f"{f.what} serving", required=True)
    if part is not None:
        part.unknown_keys(("label", "measure", "portion", "grams"))
        _number(part, "portion", positive=True)
        grams = _number(part, "grams", positive=True)
        if grams is not None:
            serving = Serving(part.text("label"), part.text("measure"), grams)
    per_serving = _amounts(f, "per_serving")
    per_100g = _amounts(f, "per_100g")
    if serving is not None and per_serving is not None and per_100g is not None:
        for nutrient in NUTRIENTS:
            got, base = per_serving.get(nutrient), per_100g.get(nutrient)
            if (got is None) != (base is None) or (
                got is not None
                and base is not None
                and abs(got - base * serving.grams / 100) > max(0.01 * got, 0.006)
            ):
                f.problem(
                    f.line("per_serving"),
                    f"{f.what}: per_serving {nutrient} {got} is not per_100g {base} "
                    f"x {serving.grams:g} g / 100 (run assistant.tools.usda again)",
                )
    if serving is None or per_serving is None or per_100g is None or not ndb or not slug:
        return None
    return FoodComposition(
        slug=slug,
        name=f.text("name"),
        plural=f.text("plural", required=False),
        ndb=ndb,
        release=food_release or release,
        description=description,
        serving=serving,
        per_serving=MappingProxyType(per_serving),
        per_100g=MappingProxyType(per_100g),
        source=source,
        notes=f.texts("notes"),
    )


def _amounts(f: Reader, key: str) -> dict[str, float | None] | None:
    part = f.mapping(key, f"{f.what} {key}", required=True)
    if part is None:
        return None
    amounts: dict[str, float | None] = {}
    for nutrient in part.data:
        if nutrient not in UNITS:
            part.problem(
                part.line(nutrient),
                f"{f.what}: unknown nutrient '{nutrient}' in {key} (known: {', '.join(UNITS)})",
            )
        else:
            amounts[nutrient] = _number(part, nutrient, nullable=True)
    missing = [n for n in NUTRIENTS if n not in part.data]
    if missing:
        part.problem(part.line(), f"{f.what}: {key} lacks {', '.join(missing)} (null: no value)")
    return amounts


def _read_daily_values(r: Reader, source_ids: set[str]) -> dict[str, DailyValue]:
    part = r.mapping("daily_values", "daily_values", required=True)
    if part is None:
        return {}
    part.unknown_keys(("source", "values", "note"))
    source = _source(part, "source", source_ids)
    values = part.mapping("values", "daily_values values", required=True)
    out: dict[str, DailyValue] = {}
    for nutrient in values.data if values else ():
        row = values.mapping(nutrient, f"daily value of '{nutrient}'") if values else None
        if row is None:
            continue
        row.unknown_keys(("amount", "unit"))
        if nutrient not in UNITS or nutrient == "caffeine":
            row.problem(row.line(), f"no Daily Value exists for '{nutrient}'")
            continue
        unit = row.text("unit")
        if unit and unit != UNITS[nutrient]:
            row.problem(row.line("unit"), f"unit of '{nutrient}' must be '{UNITS[nutrient]}'")
        amount = _number(row, "amount", positive=True)
        if amount is not None:
            out[nutrient] = DailyValue(nutrient, amount, UNITS[nutrient], source)
    return out


def _read_intakes(r: Reader, source_ids: set[str]) -> dict[tuple[str, str, str], Intake]:
    out: dict[tuple[str, str, str], Intake] = {}
    seen: set[str] = set()
    for e in r.items("intakes", "intake"):
        e.unknown_keys(("nutrient", "unit", "source", "report", "note", "values"))
        nutrient = e.text("nutrient")
        e.what = f"intake of '{nutrient}'"
        if nutrient not in DAILY_UNITS or nutrient == "caffeine":
            e.problem(e.line("nutrient"), f"{e.what}: unknown nutrient")
            continue
        if nutrient in seen:
            e.problem(e.line("nutrient"), f"{e.what} is listed twice")
        seen.add(nutrient)
        unit = e.text("unit")
        if unit and unit != DAILY_UNITS[nutrient]:
            e.problem(e.line("unit"), f"{e.what}: unit must be '{DAILY_UNITS[nutrient]}'")
        source = _source(e, "source", source_ids)
        report = _source(e, "report", source_ids)
        note = e.text("note", required=False)
        values = e.mapping("values", f"{e.what} values", required=True)
        for stage in values.data if values else ():
            if values is None or not _stage_ok(values, stage):
                continue
            row = values.mapping(stage, f"{e.what}, {stage}")
            if row is None:
                continue
            row.unknown_keys(("kind", "male", "female", "both"))
            kind = row.text("kind")
            if kind and kind not in INTAKE_KINDS:
                row.problem(row.line("kind"), f"{row.what}: kind must be RDA or AI")
            sexes = {s: s for s in SEXES if s in row.data}
            if "both" in row.data:
                sexes = {"male": "both", "female": "both"}
            if not sexes:
                row.problem(row.line(), f"{row.what}: needs male and female, or both")
            if "male" in sexes and stage.startswith(("pregnancy", "breastfeeding")):
                row.problem(row.line(), f"{row.what}: only 'female' applies")
            for sex, key in sexes.items():
                amount = _number(row, key, positive=True)
                if amount is not None:
                    unit = DAILY_UNITS[nutrient]
                    out[(nutrient, stage, sex)] = Intake(
                        nutrient, stage, sex, kind, amount, unit, source, report, note
                    )
    return out


def _stage_ok(r: Reader, stage: object) -> bool:
    """Whether `stage`, a key of the mapping `r`, is a known life stage (else a problem)."""
    if stage not in LIFE_STAGES:
        known = ", ".join(LIFE_STAGES)
        r.problem(r.line(str(stage)), f"unknown life stage '{stage}' (known: {known})")
        return False
    return True


def _read_limits(r: Reader, source_ids: set[str]) -> dict[tuple[str, str], UpperLimit]:
    out: dict[tuple[str, str], UpperLimit] = {}
    fields = ("nutrient", "kind", "unit", "applies_to", "source", "report", "note", "values")
    for e in r.items("upper_limits", "upper limit"):
        e.unknown_keys(fields)
        nutrient = e.text("nutrient")
        e.what = f"upper limit of '{nutrient}'"
        if nutrient not in LIMIT_UNITS:
            e.problem(e.line("nutrient"), f"{e.what}: unknown nutrient")
            continue
        kind = e.text("kind")
        if kind and kind not in LIMIT_KINDS:
            e.problem(e.line("kind"), f"{e.what}: kind must be one of {', '.join(LIMIT_KINDS)}")
        unit = e.text("unit")
        if unit and unit != LIMIT_UNITS[nutrient]:
            e.problem(e.line("unit"), f"{e.what}: unit must be '{LIMIT_UNITS[nutrient]}'")
        applies_to = e.text("applies_to")
        source = _source(e, "source", source_ids)
        report = _source(e, "report", source_ids, required=False)
        note = e.text("note", required=False)
        values = e.mapping("values", f"{e.what} values", required=True)
        if values is None:
            continue
        if not values.data and not note:
            e.problem(e.line("values"), f"{e.what}: no values: say why in a 'note'")
        if kind == "UL" or (nutrient, "") not in out:
            out[(nutrient, "")] = UpperLimit(
                nutrient, "", kind, None, LIMIT_UNITS[nutrient], applies_to, source, report, note
            )
        for stage in values.data:
            if not _stage_ok(values, stage):
                continue
            amount = _number(values, stage, positive=True)
            if (nutrient, stage) in out:
                values.problem(values.line(stage), f"{e.what}: a second limit for {stage}")
            elif amount is not None:
                unit = LIMIT_UNITS[nutrient]
                out[(nutrient, stage)] = UpperLimit(
                    nutrient, stage, kind, amount, unit, applies_to, source, report, note
                )
    return out


def _read_caveats(r: Reader, source_ids: set[str]) -> list[Caveat]:
    out: list[Caveat] = []
    ids: set[str] = set()
    for e in r.items("caveats", "caveat"):
        e.unknown_keys(("id", "nutrients", "when", "text", "sources"))
        caveat_id = e.text("id")
        e.what = f"caveat '{caveat_id}'"
        if caveat_id in ids:
            e.problem(e.line("id"), f"{e.what} is defined twice")
        ids.add(caveat_id)
        nutrients = []
        for nutrient, line in e.texts_with_lines("nutrients", required=True):
            if nutrient not in CAVEAT_NUTRIENTS:
                e.problem(line, f"{e.what}: unknown nutrient '{nutrient}'")
            nutrients.append(nutrient)
        sources = []
        for source, line in e.texts_with_lines("sources", required=True):
            if source not in source_ids:
                e.problem(line, f"{e.what}: source '{source}' is not in any sources: list")
            sources.append(source)
        out.append(
            Caveat(caveat_id, tuple(nutrients), e.texts("when"), e.text("text"), tuple(sources))
        )
    return out
