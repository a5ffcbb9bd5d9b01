"""The usual water need and the kidneys' limit (`water:` in intakes.yaml), for a verdict on an
amount of water a message names."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.kb.composition_schema import number
from assistant.kb.schema import Reader


@dataclass(frozen=True, slots=True)
class Water:
    female_litres: float  # Adequate Intake of total water, drinks and food, a day
    male_litres: float
    from_drinks: float  # the share of it usually drunk
    kidney_litres_per_hour: float  # what healthy kidneys can clear
    sources: tuple[str, ...]
    everyday_advice: str  # the NHS's glasses a day, said beside the National Academies' total
    heat_advice: str  # more in heat or hard outdoor work


def read_water(r: Reader, source_ids: set[str]) -> Water | None:
    section = r.mapping("water", "water")
    if section is None:
        return None
    section.unknown_keys(
        ("total_litres", "from_drinks", "kidney_litres_per_hour", "sources", "everyday_advice",
         "heat_advice")
    )  # fmt: skip
    total = section.mapping("total_litres", "water total_litres", required=True)
    female = number(total, "female", positive=True) if total else None
    male = number(total, "male", positive=True) if total else None
    share = number(section, "from_drinks", positive=True)
    if share is not None and share > 1:
        section.problem(section.line("from_drinks"), "water: 'from_drinks' is a share, at most 1")
    kidney = number(section, "kidney_litres_per_hour", positive=True)
    sources = []
    for source, line in section.texts_with_lines("sources", required=True):
        if source not in source_ids:
            section.problem(line, f"water: source '{source}' is not in any sources: list")
        sources.append(source)
    if female is None or male is None or share is None or kidney is None:
        return None
    everyday, heat = section.text("everyday_advice"), section.text("heat_advice")
    return Water(female, male, share, kidney, tuple(sources), everyday, heat)
