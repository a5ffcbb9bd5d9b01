"""The DRI life stages (needs and limits are given for each) and the stage for a person."""

from __future__ import annotations

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


def life_stage(age: float, pregnant: bool = False, breastfeeding: bool = False) -> str:
    """The LIFE_STAGES key for an age in years (pregnancy and breastfeeding: 14 to 50)."""
    if age < 0:
        raise ValueError("age must not be negative")
    if pregnant or breastfeeding:
        state = "pregnancy" if pregnant else "breastfeeding"
        band = "14-18" if age < 19 else "19-30" if age < 31 else "31-50"
        return f"{state}-{band}"
    if age < 7 / 12:  # a 6-month-old is still "birth to 6 months" in the DRI tables
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
