"""Reading and checking `composition.yaml` (food composition per serving, from USDA SR)."""

from __future__ import annotations

import math
import re
from types import MappingProxyType

from assistant.kb.nutrition import NUTRIENTS, UNITS, FoodComposition, Serving
from assistant.kb.schema import Reader

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NDB = re.compile(r"^\d{5}$")


def number(r: Reader, key: str, positive: bool = False, nullable: bool = False) -> float | None:
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


def source_id(r: Reader, key: str, source_ids: set[str], required: bool = True) -> str:
    source = r.text(key, required=required)
    if source and source not in source_ids:
        r.problem(r.line(key), f"{r.what}: source '{source}' is not in any sources: list")
    return source


def read_composition(r: Reader, source_ids: set[str]) -> dict[str, FoodComposition]:
    r.unknown_keys(("release", "source", "input_sha256", "units", "foods"))
    release = r.text("release")
    source = source_id(r, "source", source_ids)
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


_FOOD_FIELDS = ("slug", "name", "plural", "synonyms", "usda", "serving", "per_serving", "per_100g",
                "notes")  # fmt: skip


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
        part.unknown_keys(("label", "measure", "portion", "grams", "piece", "cup_grams"))
        number(part, "portion", positive=True)
        grams = number(part, "grams", positive=True)
        piece = part.mapping("piece", f"{f.what} piece")
        name, each = "", None
        if piece is not None:  # one whole piece, for "half an avocado", "4 spears"
            piece.unknown_keys(("name", "grams"))
            name, each = piece.text("name"), number(piece, "grams", positive=True)
        cup = number(part, "cup_grams", positive=True) if "cup_grams" in part.data else None
        if grams is not None:
            serving = Serving(
                part.text("label"), part.text("measure"), grams, name, each or 0.0, cup or 0.0
            )
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
        synonyms=f.texts("synonyms"),
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
            amounts[nutrient] = number(part, nutrient, nullable=True)
    missing = [n for n in NUTRIENTS if n not in part.data]
    if missing:
        part.problem(part.line(), f"{f.what}: {key} lacks {', '.join(missing)} (null: no value)")
    return amounts
