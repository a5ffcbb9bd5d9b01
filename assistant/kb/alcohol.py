"""Alcohol in drinks (`alcohol:` in intakes.yaml): how much pure alcohol a drink holds, its
usual strength and measure, in UK units and US standard drinks."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.kb.composition_schema import number
from assistant.kb.schema import Reader

_MOST_ABV = 96.0  # rectified spirit; a strength above it is a typo


@dataclass(frozen=True, slots=True)
class Drink:
    name: str  # "beer"
    words: tuple[str, ...]  # how messages name it: "lager", "ipa"
    abv: float  # usual strength, % alcohol by volume
    uk_ml: float  # usual measure in the UK (a pint) and in the US (12 fl oz)
    us_ml: float


@dataclass(frozen=True, slots=True)
class Measure:
    words: tuple[str, ...]  # "pint", "large glass"
    uk_ml: float
    us_ml: float
    drink: str = ""  # only for this drink ("bottle" of wine); "" for any


@dataclass(frozen=True, slots=True)
class Alcohol:
    unit_ml: float  # pure alcohol in a UK unit
    standard_drink_ml: float  # pure alcohol in a US standard drink
    weekly_units: float  # the NHS's most a week
    daily_drinks: tuple[float, float]  # the US most a day in standard drinks: women, men (CDC)
    drinks: tuple[Drink, ...]
    measures: tuple[Measure, ...]
    units_advice: str
    drinks_advice: str
    sources: tuple[str, ...]


def read_alcohol(r: Reader, source_ids: set[str]) -> Alcohol | None:
    section = r.mapping("alcohol", "alcohol")
    if section is None:
        return None
    section.unknown_keys(
        ("unit_ml", "standard_drink_ml", "weekly_units", "daily_drinks", "sources",
         "units_advice", "drinks_advice", "drinks", "measures")
    )  # fmt: skip
    drinks: list[Drink] = []
    for d in section.items("drinks", "alcohol drink"):
        d.unknown_keys(("name", "words", "abv", "uk_ml", "us_ml"))
        d.what = f"alcohol drink '{d.text('name')}'"
        abv, uk, us = (number(d, k, positive=True) for k in ("abv", "uk_ml", "us_ml"))
        if abv is not None and abv > _MOST_ABV:
            d.problem(d.line("abv"), f"{d.what}: 'abv' is a percentage, at most {_MOST_ABV:g}")
        if abv is not None and uk is not None and us is not None:
            drinks.append(Drink(d.text("name"), d.texts("words", required=True), abv, uk, us))
    names = {d.name for d in drinks}
    measures: list[Measure] = []
    for m in section.items("measures", "alcohol measure"):
        m.unknown_keys(("words", "for", "uk_ml", "us_ml"))
        only = m.text("for", required=False)
        if only and only not in names:
            m.problem(m.line("for"), f"alcohol measure: 'for' names no drink: '{only}'")
        uk, us = number(m, "uk_ml", positive=True), number(m, "us_ml", positive=True)
        if uk is not None and us is not None:
            measures.append(Measure(m.texts("words", required=True), uk, us, only))
    sources = []
    for source, line in section.texts_with_lines("sources", required=True):
        if source not in source_ids:
            section.problem(line, f"alcohol: source '{source}' is not in any sources: list")
        sources.append(source)
    unit, drink = number(section, "unit_ml", True), number(section, "standard_drink_ml", True)
    weekly = number(section, "weekly_units", True)
    daily = section.mapping("daily_drinks", "alcohol daily_drinks", required=True)
    women = men = None
    if daily is not None:
        daily.unknown_keys(("female", "male"))
        women, men = number(daily, "female", True), number(daily, "male", True)
    if unit is None or drink is None or weekly is None or women is None or men is None:
        return None
    return Alcohol(
        unit, drink, weekly, (women, men), tuple(drinks), tuple(measures),
        section.text("units_advice"), section.text("drinks_advice"), tuple(sources),
    )  # fmt: skip
