"""Usual blood-test ranges (`blood_levels:` in intakes.yaml): what a lab result is compared with.

A range is given in each unit labs print it in ("0.85 to 1.10 mmol/L", "1.7 to 2.2 mg/dL"), so
a result is compared in the unit it was written in, never converted by us.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.kb.composition_schema import number
from assistant.kb.nutrition import NUTRIENTS
from assistant.kb.schema import Reader

# The units a result may be written in, as labs print them.
LAB_UNITS = ("mmol/L", "mEq/L", "mg/dL", "ng/mL", "nmol/L", "pg/mL", "pmol/L")


@dataclass(frozen=True, slots=True)
class LabRange:
    unit: str
    low: float
    high: float
    borderline: float | None = None  # below this, a result within the range is borderline low


@dataclass(frozen=True, slots=True)
class BloodLevel:
    nutrient: str
    test: str  # how the report names it: "blood magnesium"
    ranges: tuple[LabRange, ...]
    low_note: str  # what a result below the range means, and what to do
    high_note: str
    normal_note: str  # what a result within the range may still mean ("" for nothing)
    sources: tuple[str, ...]


def read_blood_levels(r: Reader, source_ids: set[str]) -> tuple[BloodLevel, ...]:
    out: list[BloodLevel] = []
    for e in r.items("blood_levels", "blood level"):
        e.unknown_keys(("nutrient", "test", "ranges", "low", "high", "normal", "sources"))
        nutrient = e.text("nutrient")
        e.what = f"blood level of '{nutrient}'"
        if nutrient not in NUTRIENTS:
            e.problem(e.line("nutrient"), f"{e.what}: unknown nutrient")
        ranges = []
        for row in e.items("ranges", f"{e.what} range"):
            row.unknown_keys(("unit", "low", "high", "borderline"))
            unit = row.text("unit")
            if unit not in LAB_UNITS:
                row.problem(row.line("unit"), f"{e.what}: unit must be one of {LAB_UNITS}")
            low, high = number(row, "low", positive=True), number(row, "high", positive=True)
            if low is not None and high is not None:
                if low >= high:
                    row.problem(row.line("low"), f"{e.what}: 'low' must be below 'high'")
                border = (
                    number(row, "borderline", positive=True) if "borderline" in row.data else None
                )
                if border is not None and not low < border < high:
                    row.problem(
                        row.line("borderline"), f"{e.what}: 'borderline' must lie in the range"
                    )
                ranges.append(LabRange(unit, low, high, border))
        sources = []
        for source, line in e.texts_with_lines("sources", required=True):
            if source not in source_ids:
                e.problem(line, f"{e.what}: source '{source}' is not in any sources: list")
            sources.append(source)
        notes = (e.text("low"), e.text("high"), e.text("normal", required=False))
        out.append(BloodLevel(nutrient, e.text("test"), tuple(ranges), *notes, tuple(sources)))
    return tuple(out)
