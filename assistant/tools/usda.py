"""Build `knowledge/composition.yaml` from a USDA Standard Reference release (curators only).

    python -m assistant.tools.usda SOURCE --out knowledge/composition.yaml

For each food in `knowledge/composition_foods.yaml` (slug, everyday name, NDB number, USDA
household measure) it writes the amount per serving, and per 100 g, of magnesium, calcium,
potassium, vitamin D (mcg and IU), vitamin B6, vitamin B12, folate (mcg DFE) and caffeine, with
the release and NDB number as the source of every figure. Nothing here runs in the bot: the
generated YAML is committed and the bot never downloads anything.

SOURCE is the USDA National Nutrient Database for Standard Reference in its ASCII format
("full" relational files, caret-delimited, text fields in tildes), either as a directory or as
the zip USDA published (`sr28asc.zip`). Three files are read: FOOD_DES.txt, NUT_DATA.txt and
WEIGHT.txt. The release is recognised from the number of foods (SR28: 8,789) or given with
`--release`.

How the committed composition.yaml was made (release 28, "SR Legacy", May 2016; public domain):

1. USDA ARS published the files as sr28asc.zip on ars.usda.gov (Methods and Application of
   Food Composition Laboratory, "SR11-SR28" downloads); FoodData Central now serves the same
   release as "SR Legacy" in other formats. The copy used here is the public GitHub repository
   masilver99/SR28-PSQL at commit f47469114e65571f9dbc7d3fa77fed9645232c33, which holds the
   SR28 ASCII files with NUT_DATA.txt packed as NUT_DATA.7z:

       git clone https://github.com/masilver99/SR28-PSQL sr28
       git -C sr28 checkout f47469114e65571f9dbc7d3fa77fed9645232c33
       apt-get install p7zip-full && (cd sr28 && 7z x NUT_DATA.7z)
       python -m assistant.tools.usda sr28 --out knowledge/composition.yaml

2. The inputs must have these SHA-256 digests (also written into composition.yaml); WEIGHT.txt
   is byte-identical to the SR28 copy in schirinos/nutrient-db (data/sr28/WEIGHT.txt), and
   NUT_DATA.txt has SR28's documented 679,045 records:

       FOOD_DES.txt  a0b39f3ac21703c75c855c35bd8f99df4710db2904a8c351fc5e7f5ed3596b98
       NUT_DATA.txt  8b86e1d65bfa581e503fdafd16ce41fc04e7e4b00498c3888a04ec0c8f846759
       WEIGHT.txt    98484d7e26b3803467e65a9ab2ad8094bc94ed0c50375efb7e26a8bd60b1afae

Running it twice on the same input writes the same file. Standard library only, plus the
project's own YAML reader for the curation file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.kb.yaml_lines import LineDict, LineList, YamlProblem, load_yaml
from assistant.tools.usda_release import (
    FOLATE_TOTAL,
    NUTRIENTS,
    Measure,
    Release,
    SourceError,
    number,
    read_release,
)

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
CURATION = KNOWLEDGE / "composition_foods.yaml"


@dataclass(frozen=True, slots=True)
class Curated:
    line: int
    slug: str
    name: str
    plural: str
    ndb: str
    measure: str
    portion: float
    label: str
    synonyms: tuple[str, ...] = ()
    piece: str = ""  # a USDA measure for one piece ("avocado", "spears"), for "half an avocado"
    cup: str = ""  # a USDA measure by volume ("cup (not packed)"), for "half a cup of raisins"
    measure_of: str = ""  # USDA lists no measure for some foods (kefir): a like food's NDB


def read_curation(path: Path) -> list[Curated]:
    try:
        data = load_yaml(path)
    except YamlProblem as error:
        raise SourceError(f"{path}:{error.line}: {error.message}") from None
    entries = data.get("curated_foods") if isinstance(data, LineDict) else None
    if not isinstance(entries, LineList):
        raise SourceError(f"{path}:1: needs a 'curated_foods:' list")
    foods = []
    for entry, line in zip(entries, entries.item_lines, strict=True):
        if not isinstance(entry, LineDict):
            raise SourceError(f"{path}:{line}: each food must be a mapping")
        try:
            foods.append(
                Curated(
                    line=line,
                    slug=str(entry["slug"]),
                    name=str(entry["name"]),
                    plural=str(entry.get("plural", "")),
                    ndb=str(entry["ndb"]),
                    measure=str(entry["measure"]),
                    portion=float(entry.get("portion", 1)),
                    label=str(entry.get("label", "")),
                    synonyms=tuple(str(s) for s in entry.get("synonyms", ())),
                    piece=str(entry.get("piece", "")),
                    cup=str(entry.get("cup", "")),
                    measure_of=str(entry.get("measure_of", "")),
                )
            )
        except KeyError as error:
            raise SourceError(f"{path}:{line}: '{error.args[0]}' is missing") from None
    return foods


def find_measure(measures: Sequence[Measure], wanted: str) -> Measure:
    """The measure whose text is `wanted`, else the one it uniquely begins; ties: lowest Seq."""
    exact = [m for m in measures if m.text == wanted]
    if exact:
        return min(exact, key=lambda m: m.seq)
    starting = [m for m in measures if m.text.startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    known = "; ".join(m.text for m in measures) or "none"
    what = "matches several" if starting else "is not one"
    raise SourceError(f"measure '{wanted}' {what} of the food's measures ({known})")


def build(release: Release, foods: Sequence[Curated], curation: Path) -> str:
    """The text of composition.yaml."""
    out = [
        "# Generated by `python -m assistant.tools.usda SOURCE --out knowledge/composition.yaml`",
        "# from composition_foods.yaml; do not edit by hand (edit that file and run it again).",
        "# Figures are USDA values per 100 g times the serving's grams; null: USDA has no value.",
        "composition:",
        f"  release: {release.name}",
        f"  source: usda-{release.name.lower()}",
        "  input_sha256:",
        *(f"    {name}: {digest}" for name, digest in sorted(release.digests.items())),
        "  units:",
        *(f"    {nutrient}: {unit}" for nutrient, (_, unit) in NUTRIENTS.items()),
        "  foods:",
    ]
    for food in foods:
        where = f"{curation}:{food.line}: food '{food.slug}'"
        if food.ndb not in release.descriptions:
            raise SourceError(f"{where}: NDB {food.ndb} is not in {release.name}")
        try:
            measured = food.measure_of or food.ndb
            measure = find_measure(release.measures.get(measured, []), food.measure)
        except SourceError as error:
            raise SourceError(f"{where}: {error}") from None
        grams = round(measure.grams * food.portion, 1)
        values = release.nutrients.get(food.ndb, {})
        per_100g: dict[str, float | None] = {}
        notes = []
        if food.measure_of:
            notes.append(f"grams of the serving from NDB {food.measure_of}'s '{measure.text}'")
        for nutrient, (code, _) in NUTRIENTS.items():
            per_100g[nutrient] = values.get(code)
        if per_100g["folate"] is None and FOLATE_TOTAL in values:
            per_100g["folate"] = values[FOLATE_TOTAL]
            notes.append(f"folate is total folate: {release.name} has no DFE figure for it")
        per_serving = {
            k: None if v is None else _round(v * grams / 100) for k, v in per_100g.items()
        }
        label = food.label or f"{number(measure.amount * food.portion)} {measure.description}"
        piece = ""
        if food.piece:  # "4 spears (1/2\" base)" is 60 g: one spear is 15 g
            try:
                one = find_measure(release.measures.get(food.ndb, []), food.piece)
            except SourceError as error:
                raise SourceError(f"{where}: piece: {error}") from None
            name = one.description.split(" (")[0].split(",")[0]
            piece = f", piece: {{name: {_q(name)}, grams: {round(one.grams / one.amount, 1):g}}}"
        if food.cup:  # "cup (not packed)" is 145 g: a cup of raisins, for "1/2 cup raisins"
            try:
                cup = find_measure(release.measures.get(food.ndb, []), food.cup)
            except SourceError as error:
                raise SourceError(f"{where}: cup: {error}") from None
            piece += f", cup_grams: {round(cup.grams / cup.amount, 1):g}"
        out += [
            f"    - slug: {food.slug}",
            f"      name: {_q(food.name)}",
            *([f"      plural: {_q(food.plural)}"] if food.plural else []),
            *([f"      synonyms: [{', '.join(map(_q, food.synonyms))}]"] if food.synonyms else []),
            f"      usda: {{release: {release.name}, ndb: {_q(food.ndb)}, "
            f"description: {_q(release.descriptions[food.ndb])}}}",
            f"      serving: {{label: {_q(label)}, measure: {_q(measure.text)}, "
            f"portion: {food.portion:g}, grams: {grams:g}{piece}}}",
            f"      per_serving: {_flow(per_serving)}",
            f"      per_100g: {_flow(per_100g)}",
            *([f"      notes: [{', '.join(_q(n) for n in notes)}]"] if notes else []),
        ]
    return "\n".join(out) + "\n"


def _round(value: float) -> float:
    if value >= 10:
        return round(value, 1)
    return round(value, 2) if value >= 1 else round(value, 3)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _flow(values: dict[str, float | None]) -> str:
    items = ("null" if v is None else f"{v:g}" for v in values.values())
    return "{" + ", ".join(f"{k}: {v}" for k, v in zip(values, items, strict=True)) + "}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.tools.usda", description=__doc__)
    parser.add_argument("source", type=Path, help="directory or zip with the SR ASCII files")
    parser.add_argument("--out", type=Path, required=True, help="composition.yaml to write")
    parser.add_argument("--foods", type=Path, default=CURATION, help="the curation file")
    parser.add_argument("--release", help="release name when it is not recognised (e.g. SR28)")
    args = parser.parse_args(argv)
    try:
        release = read_release(args.source, args.release)
        foods = read_curation(args.foods)
        text = build(release, foods, args.foods)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(foods)} foods from USDA {release.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
