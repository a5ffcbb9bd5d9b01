"""Alcohol in the drinks a message names ("3 pints of 4% lager", "2 white claws and 3 shots of
tequila"): UK units when units are asked, US standard drinks when drinks are."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.kb.alcohol import Alcohol, Drink, Measure

_COUNT_WORDS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0,
                "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0, "half": 0.5}  # fmt: skip
_ML_PER = {"ml": 1.0, "cl": 10.0, "oz": 29.57, "fl": 29.57, "litre": 1000.0, "liter": 1000.0}
_MOST_DRINKS = 30
_NOT_A_COUNT = frozenset({"day", "week", "night", "month", "year", "time", "weekend"})
_REACH = 8  # words before a drink that describe it: "2 large glasses (250ml) of 12% wine"
_COUNT_REACH = 3  # a count stands close before its measure or drink: "3 pints", "a 16oz ipa"
_DAILY = (" every evening ", " every night ", " every day ", " each night ", " a night ",
          " nightly ", " daily ", " most nights ")  # fmt: skip
_IS_IT_OK = (" ok ", " okay ", " safe ", " too much ", " bad ", " healthy ", " alright ")
_HARMFUL = (" too much ", " bad ", " too many ", " excessive ", " a lot ")  # yes = over the limit
_ASKED = frozenset({"units", "unit", "standard"})
# "how many drinks is that", "is a 16oz ipa one drink": not "i drink 4 cans, is it bad"
_ASKED_DRINKS = (" how many drinks ", " how much alcohol ", " one drink ", " drinks is that ",
                 " drinks is it ", " drinks in total ", " drinks total ", " count as ")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Had:
    count: float
    ml: float
    abv: float
    said: str  # "3 pints of lager"
    usual: bool  # the strength was not given


def alcohol_opening(alcohol: Alcohol, words: tuple[str, ...], sex: str | None = None) -> str:
    """The units or standard drinks in the drinks named, or "" when none is counted or the
    message does not ask how much alcohol they hold (or whether a daily habit is ok)."""
    text = f" {' '.join(words)} "
    daily = any(d in text for d in _DAILY)  # "a pint every evening, ok?": a week of it
    habit_asked = daily and any(a in text for a in _IS_IT_OK)
    harmful = any(a in text for a in _HARMFUL)  # "too much?", "bad?": yes when over
    if not (_ASKED.intersection(words) or any(a in text for a in _ASKED_DRINKS) or habit_asked):
        return ""
    uk = bool({"unit", "units", "pint", "pints", "ml"}.intersection(words))
    uk = uk and not {"standard"}.intersection(words)
    had = _drinks_had(alcohol, words, uk)
    if not had:
        return ""
    per = alcohol.unit_ml if uk else alcohol.standard_drink_ml
    name = "units" if uk else "standard drinks"
    parts = []
    for h in had:
        amount = h.count * h.ml * h.abv / 100 / per
        usual = "a usual " if h.usual else ""
        parts.append(f"{h.said} ({h.count:g} × {h.ml:.0f} ml at {usual}{h.abv:g}%): about "
                     f"{_amount(amount, name)}")  # fmt: skip
    total = sum(h.count * h.ml * h.abv / 100 / per for h in had)
    how = (
        "a unit is 10 ml of pure alcohol: ml × strength ÷ 1000, NHS"
        if uk
        else "a US standard drink is 14 g of pure alcohol, about 17.7 ml, NIAAA"
    )
    text = "; ".join(parts)
    if len(had) > 1:
        text += f". That is about {_amount(total, name)} in all"
    advice = alcohol.units_advice if uk else alcohol.drinks_advice
    if daily and uk:  # "a pint of 4% every evening": the week's units against the limit
        week = total * 7
        over = "more than" if week > alcohol.weekly_units else "within"
        verdict = ("Yes" if harmful else "No") if week > alcohol.weekly_units else (
            "No, within the limit" if harmful else "Within the limit")  # fmt: skip
        text += (
            f"; every day that is about {_amount(week, name)} a week, {over} the "
            f"{alcohol.weekly_units:g} units a week the NHS advises"
        )
        text = f"{verdict}: {text[0].lower()}{text[1:]}" if habit_asked else text
        advice = "The NHS advises spreading them over 3 or more days, with some days off."
    elif daily and habit_asked:  # "3 glasses of wine most nights, is that bad": the US day's most
        text = _against_the_day(alcohol, total, text, sex, harmful)
        advice = "Alcohol is also among the common causes of twitches (NHS)."
    return f"{text[0].upper()}{text[1:]} ({how}). {advice}".strip()


def _against_the_day(
    alcohol: Alcohol, total: float, text: str, sex: str | None, harmful: bool
) -> str:
    """The drinks of a day against the CDC's most (1 for women, 2 for men), verdict first."""
    women, men = alcohol.daily_drinks
    most = women if sex == "female" else men if sex == "male" else None
    whose = (
        f"the CDC's {most:g} a day for {'women' if sex == 'female' else 'men'}"
        if most is not None
        else f"the CDC's {women:g} a day for women and {men:g} for men"
    )
    over = round(total, 1) > (most if most is not None else women)  # a glass is 1.0, not 1.003
    verdict = ("Yes" if harmful else "No") if over else ("No" if harmful else "Within the guidance")
    relation = "more than" if over else "within"
    return f"{verdict}: {text[0].lower()}{text[1:]}, {relation} {whose}"


def _drinks_had(alcohol: Alcohol, words: tuple[str, ...], uk: bool) -> list[_Had]:
    found = _named(alcohol.drinks, words)
    out, start = [], 0
    for k, (at, end, drink) in enumerate(found):
        nxt = found[k + 1][0] if k + 1 < len(found) else len(words)
        # "3 shots of tequila": "shots" is the measure when a drink follows it
        if drink.name == "spirits" and k + 1 < len(found) and nxt - end <= 2:
            continue
        before = words[max(start, at - _REACH) : at]
        after = words[end : min(nxt, end + 4)]  # "wine at 13%", "ipa (7%)"
        start = end
        if len(found) == 1:  # "a pint of beer every evening ok? its only 4%"
            after = words[end:]
        had = _read(alcohol, drink, words[at:end], before, after, uk)
        if had is not None:
            out.append(had)
    return out


def _named(drinks: tuple[Drink, ...], words: tuple[str, ...]) -> list[tuple[int, int, Drink]]:
    """Where each drink is named: (start, end, drink), longest name first."""
    names = sorted(
        ((tuple(w.split()), d) for d in drinks for w in d.words), key=lambda n: -len(n[0])
    )
    out: list[tuple[int, int, Drink]] = []
    i = 0
    while i < len(words):
        hit = next(((n, d) for n, d in names if words[i : i + len(n)] == n), None)
        if hit is None:
            i += 1
            continue
        out.append((i, i + len(hit[0]), hit[1]))
        i += len(hit[0])
    return out


def _read(
    alcohol: Alcohol,
    drink: Drink,
    name: tuple[str, ...],
    before: tuple[str, ...],
    after: tuple[str, ...],
    uk: bool,
) -> _Had | None:
    """One drink's count, measure and strength, from the words around its name."""
    around = (*before, "|", *after)
    abv = _strength(around)
    ml = _volume(around)
    measure = _measure(alcohol.measures, drink, before)
    count = _count(_plain(before, measure))
    if abv is None and ml is None and measure is None and count is None:
        return None  # "how many units in wine": the answer written for it says
    if ml is None:
        ml = (measure.uk_ml if uk else measure.us_ml) if measure else (
            drink.uk_ml if uk else drink.us_ml)  # fmt: skip
    count = count or 1.0
    said = " ".join(name)
    if measure is not None:
        text = f" {' '.join(before)} "
        word = max((w for w in measure.words if f" {w} " in text), key=len)
        if count is not None and count > 1:  # "4 cans": the data's plural of the word read
            word = next((w for w in measure.words if w in (f"{word}s", f"{word}es")), word)
        said = f"{word} of {said}"
    article = "an" if said[0] in "aeiou" else "a"
    said = f"{count:g} {said}" if count != 1 else f"{article} {said}"
    return _Had(count, ml, abv if abv is not None else drink.abv, said, abv is None)


def _amount(value: float, name: str) -> str:
    """ "6.8 units", "1 standard drink"."""
    shown = f"{round(value, 1):g}"
    return f"{shown} {name.removesuffix('s') if shown == '1' else name}"


def _strength(words: tuple[str, ...]) -> float | None:
    """ "5.2%" reads as "5 2 percent"."""
    for i, word in enumerate(words):
        if word == "percent" and i and words[i - 1].isdecimal():
            whole = words[i - 2] if i > 1 and words[i - 2].isdecimal() else None
            value = float(f"{whole}.{words[i - 1]}") if whole else float(words[i - 1])
            return value if 0 < value <= 96 else None
    return None


def _volume(words: tuple[str, ...]) -> float | None:
    """ "250ml", "16oz", "16 fl oz", "33cl", "1 litre"."""
    for i, word in enumerate(words[:-1]):
        unit = words[i + 1]
        if word.isdecimal() and unit in _ML_PER:
            return float(word) * _ML_PER[unit]
    return None


def _measure(
    measures: tuple[Measure, ...], drink: Drink, before: tuple[str, ...]
) -> Measure | None:
    text = f" {' '.join(before)} "
    fits = [m for m in measures if m.drink in ("", drink.name)]
    fits.sort(key=lambda m: (m.drink == "", -max(len(w.split()) for w in m.words)))
    return next((m for m in fits if any(f" {w} " in text for w in m.words)), None)


def _plain(before: tuple[str, ...], measure: Measure | None) -> tuple[str, ...]:
    """The last words before the measure (or the drink), with strengths and volumes left out:
    "2 large glasses (250ml) of 12%" -> ("2", "large"), where a count may stand."""
    kept: list[str] = []
    for i, word in enumerate(before):
        later = before[i + 1 : i + 3]
        if word == "percent" or "percent" in later or (later[:1] and later[0] in _ML_PER):
            continue
        if word in _ML_PER or word == "of":
            continue
        kept.append(word)
    if measure is not None:
        text = " ".join(kept)
        for w in sorted(measure.words, key=len, reverse=True):
            at = f" {text} ".find(f" {w} ")
            if at >= 0:
                kept = f" {text} "[:at].split()
                break
    return tuple(kept[-_COUNT_REACH:])


def _count(before: tuple[str, ...]) -> float | None:
    """The last count before the drink ("3 pints", "a 16oz ipa", "two glasses"); not an
    amount ("250ml"), a strength ("12%") or a time ("a day")."""
    found = None
    for i, word in enumerate(before):
        unit = before[i + 1] if i + 1 < len(before) else ""
        if unit in _ML_PER or unit in _NOT_A_COUNT or "percent" in before[i + 1 : i + 3]:
            continue
        if word.isdecimal() and 0 < float(word) <= _MOST_DRINKS:
            found = float(word)
        elif word in _COUNT_WORDS:
            found = _COUNT_WORDS[word]
    return found
