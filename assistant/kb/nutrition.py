"""Nutrition data: food composition per serving, intakes by life stage, upper limits, caveats.

Read from `knowledge/composition.yaml` (generated from USDA SR by `assistant.tools.usda`) and
`knowledge/intakes.yaml` (DRI tables as reproduced by the NIH ODS fact sheets, FDA label Daily
Values, caffeine guidance, caveats). Every figure comes back with its source:

    n = kb.nutrition
    n.per_serving("banana", "potassium")       # Figure: 422.4 mg in 1 medium (118 g), 9% DV
    n.intake("magnesium", "pregnancy-19-30", "female")    # Intake: RDA 350 mg/day
    n.upper_limit("vitamin-d", "age-19-30")    # UpperLimit: UL 100 mcg/day (4,000 IU)
    n.caveats_for("vitamin-b6")                # (Caveat(id="b6-high-doses-neuropathy"), ...)

`assistant.kb.nutrition_schema.read_nutrition` reads and checks both files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from assistant.kb.life_stages import LIFE_STAGES

if TYPE_CHECKING:  # blood_levels reads NUTRIENTS from here
    from assistant.kb.alcohol import Alcohol
    from assistant.kb.blood_levels import BloodLevel
    from assistant.kb.water import Water

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
SEXES = ("male", "female")
INTAKE_KINDS = ("RDA", "AI")
LIMIT_KINDS = ("UL", "guidance")
IU_PER_MCG_VITAMIN_D = 40


@dataclass(frozen=True, slots=True)
class Serving:
    label: str  # how to say it: "1 medium", "1/2 cup"
    measure: str  # the USDA household measure it comes from
    grams: float
    piece: str = ""  # one whole piece, by its USDA measure ("avocado", "spears")
    piece_grams: float = 0.0
    cup_grams: float = 0.0  # one cup, for "half a cup of raisins" when served by the box


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
    synonyms: tuple[str, ...] = ()  # what people call it ("coke" for cola)


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
class Compound:
    """A supplement's salt and the share of its weight that is the nutrient: calcium carbonate
    is 40% calcium, so a 1,500 mg tablet of it gives 600 mg of calcium."""

    nutrient: str
    form: str  # "calcium carbonate"
    word: str  # the word that names it beside a dose: "carbonate"
    share: float
    source: str


@dataclass(frozen=True, slots=True)
class Nutrition:
    """Composition, intakes, limits and caveats; empty when the files are absent."""

    foods: Mapping[str, FoodComposition] = field(default_factory=dict)
    daily_values: Mapping[str, DailyValue] = field(default_factory=dict)
    intakes: Mapping[tuple[str, str, str], Intake] = field(default_factory=dict)
    # (nutrient, life stage) -> limit; (nutrient, "") -> the limit's note when none is set
    upper_limits: Mapping[tuple[str, str], UpperLimit] = field(default_factory=dict)
    caveats: tuple[Caveat, ...] = ()
    blood_levels: tuple[BloodLevel, ...] = ()  # usual lab ranges
    compounds: tuple[Compound, ...] = ()
    alcohol: Alcohol | None = None  # alcohol in drinks: units and standard drinks
    water: Water | None = None  # the usual water need and the kidneys' limit
    # caveats by nutrient, filled as asked (every answer asks; the caveats never change)
    _caveats_by: dict[str, tuple[Caveat, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

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
        if nutrient not in self._caveats_by:
            _known(nutrient, CAVEAT_NUTRIENTS, "nutrient")
            self._caveats_by[nutrient] = tuple(c for c in self.caveats if nutrient in c.nutrients)
        return self._caveats_by[nutrient]


def _known(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} '{value}' (known: {', '.join(allowed)})")
