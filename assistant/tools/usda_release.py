"""Read a USDA Standard Reference release (SR28 and earlier) in its ASCII format: foods,
nutrients per 100 g and household measures. Used by `assistant.tools.usda` (curators only)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FILES = ("FOOD_DES.txt", "NUT_DATA.txt", "WEIGHT.txt")

# Our nutrient id -> (USDA Nutr_No, unit). Folate is DFE (435); total folate (417) is the
# fallback when a food has no DFE figure, and the food's notes say so.
NUTRIENTS: dict[str, tuple[str, str]] = {
    "magnesium": ("304", "mg"),
    "calcium": ("301", "mg"),
    "potassium": ("306", "mg"),
    "vitamin-d": ("328", "mcg"),
    "vitamin-d-iu": ("324", "IU"),
    "vitamin-b6": ("415", "mg"),
    "vitamin-b12": ("418", "mcg"),
    "folate": ("435", "mcg DFE"),
    "caffeine": ("262", "mg"),
}
FOLATE_TOTAL = "417"
# Number of foods in FOOD_DES.txt -> release (USDA release documentation).
RELEASES = {8789: "SR28", 8618: "SR27", 8463: "SR26"}
FRACTIONS = {0.25: "1/4", 0.333: "1/3", 0.5: "1/2", 0.667: "2/3", 0.75: "3/4"}


class SourceError(Exception):
    """The input is not a readable SR release, or the curation file does not fit it."""


@dataclass(frozen=True, slots=True)
class Measure:
    seq: int
    amount: float
    description: str
    grams: float

    @property
    def text(self) -> str:
        return f"{number(self.amount)} {self.description}"


@dataclass(frozen=True, slots=True)
class Release:
    name: str
    descriptions: dict[str, str]
    nutrients: dict[str, dict[str, float]]  # ndb -> Nutr_No -> amount per 100 g
    measures: dict[str, list[Measure]]
    digests: dict[str, str]


def read_release(source: Path, release: str | None = None) -> Release:
    """Read FOOD_DES, NUT_DATA and WEIGHT from a directory or a zip of the SR ASCII files."""
    raw = _raw_files(source)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in raw.items()}
    descriptions = {row[0]: row[2] for row in _rows(raw["FOOD_DES.txt"])}
    wanted = {code for code, _ in NUTRIENTS.values()} | {FOLATE_TOTAL}
    nutrients: dict[str, dict[str, float]] = {}
    for row in _rows(raw["NUT_DATA.txt"]):
        if row[1] in wanted and row[2] != "":
            nutrients.setdefault(row[0], {})[row[1]] = float(row[2])
    measures: dict[str, list[Measure]] = {}
    for row in _rows(raw["WEIGHT.txt"]):
        measures.setdefault(row[0], []).append(
            Measure(int(row[1]), float(row[2]), row[3], float(row[4]))
        )
    name = release or RELEASES.get(len(descriptions))
    if name is None:
        raise SourceError(
            f"{source}: {len(descriptions)} foods matches no known release; give --release"
        )
    return Release(name, descriptions, nutrients, measures, digests)


def _raw_files(source: Path) -> dict[str, bytes]:
    if source.is_dir():
        found = {p.name.upper(): p for p in source.iterdir()}
        missing = [name for name in FILES if name.upper() not in found]
        if missing:
            raise SourceError(f"{source}: missing {', '.join(missing)}")
        return {name: found[name.upper()].read_bytes() for name in FILES}
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            members = {Path(n).name.upper(): n for n in archive.namelist()}
            missing = [name for name in FILES if name.upper() not in members]
            if missing:
                raise SourceError(f"{source}: the zip has no {', '.join(missing)}")
            return {name: archive.read(members[name.upper()]) for name in FILES}
    raise SourceError(f"{source}: not a directory or a zip of the SR ASCII files")


def _rows(data: bytes) -> Iterator[list[str]]:
    """Caret-separated fields, text in tildes; SR files are Latin-1 with CRLF line ends."""
    for line in io.StringIO(data.decode("latin-1"), newline=None):
        line = line.rstrip("\n")
        if line:
            yield [field.strip("~") for field in line.split("^")]


def number(value: float) -> str:
    for fraction, text in FRACTIONS.items():
        if abs(value - fraction) < 0.002:
            return text
    return f"{value:g}"
