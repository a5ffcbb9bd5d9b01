"""Reading and checking `composition.yaml` and `intakes.yaml` into a `Nutrition`.

Every problem is reported as file:line, like `kb check` does for the other files.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import MappingProxyType

from assistant.kb.alcohol import Alcohol, read_alcohol
from assistant.kb.blood_levels import BloodLevel, read_blood_levels
from assistant.kb.composition_schema import number, read_composition, source_id
from assistant.kb.life_stages import LIFE_STAGES
from assistant.kb.nutrition import (
    CAVEAT_NUTRIENTS,
    COMPOSITION_FILE,
    DAILY_UNITS,
    INTAKE_KINDS,
    INTAKES_FILE,
    LIMIT_KINDS,
    LIMIT_UNITS,
    SEXES,
    UNITS,
    Caveat,
    Compound,
    DailyValue,
    FoodComposition,
    Intake,
    Nutrition,
    UpperLimit,
)
from assistant.kb.schema import Problem, Reader
from assistant.kb.water import Water, read_water
from assistant.kb.yaml_lines import LineDict, YamlProblem, load_yaml

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NDB = re.compile(r"^\d{5}$")


def read_nutrition(directory: Path, source_ids: set[str]) -> tuple[Nutrition, list[Problem]]:
    """Both files read and checked; an absent file leaves its part empty."""
    problems: list[Problem] = []
    foods: dict[str, FoodComposition] = {}
    composition = _root(directory / COMPOSITION_FILE, "composition", problems)
    if composition is not None:
        foods = read_composition(composition, source_ids)
    daily: dict[str, DailyValue] = {}
    intakes: dict[tuple[str, str, str], Intake] = {}
    limits: dict[tuple[str, str], UpperLimit] = {}
    caveats: list[Caveat] = []
    blood_levels: tuple[BloodLevel, ...] = ()
    compounds: tuple[Compound, ...] = ()
    alcohol: Alcohol | None = None
    water: Water | None = None
    section = _root(directory / INTAKES_FILE, "nutrition", problems)
    if section is not None:
        section.unknown_keys(
            ("daily_values", "intakes", "upper_limits", "caveats", "blood_levels", "compounds",
             "alcohol", "water")
        )  # fmt: skip
        daily = _read_daily_values(section, source_ids)
        intakes = _read_intakes(section, source_ids)
        limits = _read_limits(section, source_ids)
        caveats = _read_caveats(section, source_ids)
        blood_levels = read_blood_levels(section, source_ids)
        compounds = _read_compounds(section, source_ids)
        alcohol = read_alcohol(section, source_ids)
        water = read_water(section, source_ids)
    nutrition = Nutrition(
        foods=MappingProxyType(foods),
        daily_values=MappingProxyType(daily),
        intakes=MappingProxyType(intakes),
        upper_limits=MappingProxyType(limits),
        caveats=tuple(caveats),
        blood_levels=blood_levels,
        compounds=compounds,
        alcohol=alcohol,
        water=water,
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


def _read_daily_values(r: Reader, source_ids: set[str]) -> dict[str, DailyValue]:
    part = r.mapping("daily_values", "daily_values", required=True)
    if part is None:
        return {}
    part.unknown_keys(("source", "values", "note"))
    source = source_id(part, "source", source_ids)
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
        amount = number(row, "amount", positive=True)
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
        source = source_id(e, "source", source_ids)
        report = source_id(e, "report", source_ids)
        note = e.text("note", required=False)
        values = e.mapping("values", f"{e.what} values", required=True)
        unit = DAILY_UNITS[nutrient]
        for stage in values.data if values else ():
            if values is not None and _stage_ok(values, stage):
                row = values.mapping(stage, f"{e.what}, {stage}")
                if row is not None:
                    cited = Intake(nutrient, stage, "", "", 0.0, unit, source, report, note)
                    out.update(_intake_row(row, cited))
    return out


def _intake_row(row: Reader, cited: Intake) -> dict[tuple[str, str, str], Intake]:
    """One life stage's intakes (by sex, or `both`); `cited` carries the other fields."""
    row.unknown_keys(("kind", "male", "female", "both"))
    kind = row.text("kind")
    if kind and kind not in INTAKE_KINDS:
        row.problem(row.line("kind"), f"{row.what}: kind must be RDA or AI")
    sexes = {s: s for s in SEXES if s in row.data}
    if "both" in row.data:
        sexes = {"male": "both", "female": "both"}
    if not sexes:
        row.problem(row.line(), f"{row.what}: needs male and female, or both")
    if "male" in sexes and cited.life_stage.startswith(("pregnancy", "breastfeeding")):
        row.problem(row.line(), f"{row.what}: only 'female' applies")
    out = {}
    for sex, key in sexes.items():
        amount = number(row, key, positive=True)
        if amount is not None:
            intake = dataclasses.replace(cited, sex=sex, kind=kind, amount=amount)
            out[(cited.nutrient, cited.life_stage, sex)] = intake
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
        source = source_id(e, "source", source_ids)
        report = source_id(e, "report", source_ids, required=False)
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
            amount = number(values, stage, positive=True)
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


def _read_compounds(r: Reader, source_ids: set[str]) -> tuple[Compound, ...]:
    """{nutrient: calcium, form: calcium carbonate, word: carbonate, share: 0.40, source}."""
    out: list[Compound] = []
    for e in r.items("compounds", "compound"):
        e.unknown_keys(("nutrient", "form", "word", "share", "source"))
        e.what = f"compound '{e.text('form')}'"
        nutrient = e.text("nutrient")
        if nutrient not in CAVEAT_NUTRIENTS:
            e.problem(e.line("nutrient"), f"{e.what}: unknown nutrient '{nutrient}'")
        share = number(e, "share", positive=True) or 0.0
        if share >= 1:
            e.problem(e.line("share"), f"{e.what}: share must be below 1 (40% is 0.40)")
        source = e.text("source")
        if source not in source_ids:
            e.problem(e.line("source"), f"{e.what}: source '{source}' is not in any sources: list")
        out.append(Compound(nutrient, e.text("form"), e.text("word"), share, source))
    return tuple(out)
