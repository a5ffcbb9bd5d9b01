"""Who is asking, read from the message: age, sex, pregnancy, diet, kidneys, a dose.

The figures in an answer depend on it ("my 15 year old daughter" needs 1,300 mg of calcium,
not an adult's 1,000 mg), and the foods offered respect it (vegan, dairy-free).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.answering.diets import VITAMIN_A_RICH, excluded, whole_nut
from assistant.answering.doses import DOSE_UNITS, Dose, read_doses
from assistant.kb.life_stages import life_stage
from assistant.kb.model import Situation

ADULT_AGE = 30.0
WHOLE_NUTS_FROM = 5  # NHS: no whole nuts or peanuts for children under 5 (choking)
DIETS = ("vegan", "vegetarian", "jain", "pescatarian", "halal", "kosher", "dairy-free", "nut-free",
         "fish-free", "gluten-free", "soy-free", "low-carb", "low-purine", "low-oxalate",
         "vegetable-free")  # fmt: skip
_AGE_AFTER = frozenset({"yo", "yos", "y", "yrs", "yr", "years", "year", "f", "m", "yr-old",
                        "female", "male"})  # fmt: skip
_SEX_AGE = re.compile(r"^([fm])(\d{2})$")
_AGE_BEFORE = frozenset({"im", "am", "aged", "age", "is", "hes", "shes", "turned", "turning",
                         "here"})  # fmt: skip
_AFTER_AN_AGE = frozenset({"and", "now", "but", "so", "with", "too", "this", "next", "female",
                           "male", "woman", "man", "guy", "girl", "boy", "mum", "mom", "dad",
                           "weeks", "pregnant", "breastfeeding", "nursing", "years", "lol",
                           "here", "im", "i", "my", "also", "been", "have", "had", "has",
                           "taking", "on", "not", "no", "how", "what", "is", "can",
                           "should", "do", "does", "both", "guys", "girls", "men",
                           "women"})  # fmt: skip
_ANIMALS = frozenset({"beef", "pork", "chicken", "lamb", "turkey", "veal", "goat"})
_STAGE_WORDS = frozenset({"pregnant", "breastfeeding", "nursing"})
_TIMES = frozenset({"am", "pm", "oclock", "tonight", "night", "morning"})
# "woman 55", "a man of 45", "guy 30": an age right after the person.
_CHILD = frozenset({"kid", "son", "daughter", "child", "boy", "girl", "toddler"})
_CHILD_AFTER = frozenset({"", "eats", "drinks", "has", "is", "gets", "takes", "needs", "and"})
_PERSON = frozenset({"woman", "women", "man", "men", "guy", "lady", "male", "female", "boy",
                     "girl", "person", "adult", "child", "kid", "son", "daughter", "mom", "mum",
                     "mama", "mother", "dad", "father", "papa", "lola", "lolo", "grandma",
                     "grandpa", "grandmother", "grandfather", "granny", "grandad", "nan",
                     "nana", "husband", "wife", "girls", "boys", "kids", "twins", "sons",
                     "daughters", "someone", "somebody", "patient"})  # fmt: skip
_ABOUT_THE_BABY = frozenset({"breastfed", "pedia", "pediatrician", "paediatrician",
                             "formula", "newborn"})  # fmt: skip
_DURATION_UNITS = frozenset({"weeks", "week", "wks", "wk", "days", "day", "hours", "hrs", "mins"})
_TYPICAL_AGE = {"infant": 0.3, "toddler": 2.0, "child": 7.0, "teen": 15.0, "older": 75.0}
_MEASURES = frozenset({"cups", "cup", "cans", "can", "ml", "l", "oz", "kg", "lbs", "pounds",
                       "tablets", "pills", "capsules", "scoops", "shots", "glasses",
                       "bottles"})  # fmt: skip
_DECIMAL_UNITS = frozenset({"l", "litre", "litres", "liter", "liters", "ml", "mg", "mcg", "g",
                            "oz", "cups", "iu"})  # fmt: skip
_ALLERGY = frozenset({"allergic", "allergy", "allergies", "cmpa"})
AVOIDED_GROUPS = {"dairy": "dairy-free", "fish": "fish-free", "nut": "nut-free",
                  "meat": "vegetarian"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Profile:
    age: float | None = None  # years, when the message says
    sex: str | None = None  # "female" or "male"
    pregnant: bool = False
    breastfeeding: bool = False
    diet: tuple[str, ...] = ()  # "vegan", "vegetarian", "dairy-free"
    kidney: bool = False
    doses: tuple[Dose, ...] = ()  # "5000 iu", "500mg"
    avoided: tuple[str, ...] = ()  # food slugs the message refuses ("no bananas")
    prescribed: bool = False  # "my doctor gave me 50,000 IU": a treatment dose, not a choice
    situations: tuple[Situation, ...] = ()  # "broke student", "no kitchen": only foods that fit

    @property
    def life_stage(self) -> str:
        """The DRI life stage; an adult 19-30 when the message gives no age."""
        age = self.age if self.age is not None else ADULT_AGE
        pregnant = self.pregnant and age >= 14
        breastfeeding = self.breastfeeding and age >= 14 and not pregnant
        return life_stage(min(age, 50) if pregnant or breastfeeding else age, pregnant,
                          breastfeeding)  # fmt: skip

    @property
    def specific(self) -> bool:
        """The message says who it is for (otherwise answers give the adult figures)."""
        return self.age is not None or self.pregnant or self.breastfeeding

    def eats(self, group: str, slug: str) -> bool:
        """Whether a food fits the diet, allergies and dislikes the message names."""
        return not self.why_not(group, slug)

    def why_not(self, group: str, slug: str) -> str:
        """Why the food does not fit the person ("" when it does), to say so beside it."""
        if not (self.avoided or self.diet or self.situations or self.pregnant or self.age):
            return ""  # nothing said that rules a food out
        age = self.age if self.age is not None else ADULT_AGE
        stage = "pregnancy" if self.pregnant else "children" if age < 14 else ""
        under_five = age < WHOLE_NUTS_FROM
        return _why_not(self.avoided, self.diet, self.situations, stage, under_five, group, slug)


# A food list asks this of every food, and many messages say the same things ("vegan"): each
# answer is worked out once per process.
@lru_cache(maxsize=65_536)
def _why_not(
    avoided: tuple[str, ...],
    diet: tuple[str, ...],
    situations: tuple[Situation, ...],
    stage: str,
    under_five: bool,
    group: str,
    slug: str,
) -> str:
    words = slug.split("-")
    # "no beef": not beef liver either (the animal named, whichever cut was matched)
    animals = {a.split("-")[0] for a in avoided} & _ANIMALS
    if any(slug == a or a in words or a.endswith("-" + slug) for a in avoided) or (
        animals & set(words)
    ):
        return "is left out, as you said"
    if slug in VITAMIN_A_RICH and stage:
        whom = "in pregnancy" if stage == "pregnancy" else "for children"
        return f"is not advised {whom}: liver and fish-liver oils are rich in vitamin A (NHS)"
    if any(slug not in s.foods for s in situations):
        return "does not fit what you described"
    if under_five and whole_nut(group, slug):
        return "is a choking risk as whole nuts under 5 (NHS)"  # nut butters are fine
    unfit = [d for d in diet if excluded(d, group, slug)]
    return f"does not fit a {' and '.join(unfit)} diet" if unfit else ""


def read_profile(
    words: tuple[str, ...],
    profile_words: Mapping[str, tuple[str, ...]],
    medicines: frozenset[str] = frozenset(),
    avoided: tuple[str, ...] = (),
    situations: tuple[Situation, ...] = (),
) -> Profile:
    """Who the message is about; `avoided`: the foods it refuses ("no bananas", "no dairy");
    `situations`: those it may tell ("on a budget")."""
    text = f" {' '.join(words)} "
    who = _read_profile(words, text, profile_words, medicines)
    told = tuple(s for s in situations if _says(text, s.phrases))
    # "allergic to soy and dairy": a whole food group refused is that diet
    diets = [AVOIDED_GROUPS[a] for a in avoided if a in AVOIDED_GROUPS]
    if "milk" in avoided and _ALLERGY.intersection(words):  # "allergic to cow's milk"
        diets.append("dairy-free")
    foods = tuple(a for a in avoided if a not in AVOIDED_GROUPS)
    diet = _religious_meat(tuple(dict.fromkeys((*who.diet, *diets))), words)
    return replace(who, avoided=foods, diet=diet, situations=told)


def _religious_meat(diet: tuple[str, ...], words: tuple[str, ...]) -> tuple[str, ...]:
    """ "halal only, no non-halal meat", "kosher, no meat with dairy": meat is eaten; "no meat
    on fridays": fish is."""
    if {"halal", "kosher"} & set(diet) and not {"vegetarian", "veggie"} & set(words):
        return tuple(d for d in diet if d != "vegetarian")
    if "pescatarian" in diet:
        return tuple(d for d in diet if d not in ("vegetarian", "fish-free"))
    return diet


def _read_profile(
    words: tuple[str, ...],
    text: str,
    profile_words: Mapping[str, tuple[str, ...]],
    medicines: frozenset[str],
) -> Profile:
    if any(_SEX_AGE.match(w) for w in words):  # "F30", "m52": a sex and an age
        words = tuple(part for w in words for part in _SEX_AGE.sub(r"\1 \2", w).split())
        text = f" {' '.join(words)} "
    text = text.replace(" nursing home", " care home")  # a place, not breastfeeding
    said = {name for name, phrases in profile_words.items() if _says(text, phrases)}
    if "adult" in said:  # "3 nights with the newborn, how many hours do adults need"
        said -= {"infant", "toddler", "child"}
    if "conceiving" in said:  # "trying for a baby": the baby is not born yet
        said -= {"infant"}
        said.add("female")
    age = _age(list(words))
    if age is not None and _another_age(list(words), age):
        age = None  # "my son is 16 and im 45": two people, so every life stage's figure
    if age is None:
        age = next((a for name, a in _TYPICAL_AGE.items() if name in said), None)
    sex = "female" if "female" in said and "male" not in said else None
    sex = "male" if "male" in said and "female" not in said else sex
    pregnant = "pregnant" in said and not _denied(text, "pregnant")  # "34, not pregnant"
    # "do men need folate too or is that only a pregnancy thing": a man asking
    pregnant = pregnant and not ("male" in said and "female" not in said)
    breastfeeding = "breastfeeding" in said and not _denied(text, "breastfeeding")
    if (pregnant or breastfeeding) and age is not None and age < 1:
        if _ABOUT_THE_BABY.intersection(words):  # "breastfed baby, 2 months, vitamin d drops"
            breastfeeding = False
        else:
            age = None  # "breastfeeding my 3 month old": the baby's age, not the asker's
    return Profile(
        age=age,
        sex="female" if pregnant or breastfeeding else sex,
        pregnant=pregnant,
        breastfeeding=breastfeeding,
        diet=tuple(d for d in DIETS if d in said),
        kidney="kidney" in said
        and not _only_stones(text, profile_words.get("kidney", ()))
        and not any(f" {fine} " in text for fine in _HEALTHY_KIDNEYS),
        doses=read_doses(list(words), medicines),
        prescribed="prescribed" in said and "not-prescribed" not in said,  # "no doctor told me"
    )


# "kidneys fine", "healthy kidneys": said to rule kidney disease out
_HEALTHY_KIDNEYS = ("kidneys fine", "kidneys are fine", "kidneys ok", "kidneys are ok",
                    "kidneys okay", "kidneys normal", "kidneys are normal", "healthy kidneys",
                    "kidney function is normal", "kidney function normal", "kidneys good",
                    "no kidney", "kidneys are healthy", "kidneys work fine", "theyre healthy",
                    "they are healthy", "hurt my kidneys", "damage my kidneys",
                    "bad for my kidneys")  # fmt: skip


def _denied(text: str, stage: str) -> bool:
    return any(f" {no} {stage} " in text for no in ("not", "no longer", "never been", "isnt"))


def _says(text: str, phrases: tuple[str, ...]) -> bool:
    return _pattern(phrases).search(text) is not None


@lru_cache(maxsize=128)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One search for a whole list of phrases (a message is read against ~400 of them)."""
    return re.compile("|".join(f" {re.escape(phrase)} " for phrase in phrases))


def _age(words: list[str]) -> float | None:
    """ "15 year old", "14yo", "im 67", "41f", "2 months" (a baby)."""
    for i, word in enumerate(words):
        if not word.isdecimal():
            continue
        value = int(word)
        after = words[i + 1] if i + 1 < len(words) else ""
        before = words[i - 1] if i else ""
        person = (
            before in _PERSON
            or (  # "a man of 45", "my mother is 80, lives with us"
                before in ("of", "is") and bool(_PERSON.intersection(words[i - 2 : i]))
            )
        )
        # "17 and pregnant", "at 70" (not "at 7 pm")
        person = person or (
            after == "and" and bool(_STAGE_WORDS.intersection(words[i + 2 : i + 3]))
        )
        # "at 70", "pregnant at 17"
        grown = value >= 18 or (value >= 12 and bool(_STAGE_WORDS.intersection(words)))
        person = person or (before == "at" and grown and after not in _TIMES)
        person = person or before == "tiene"  # Spanish: "mi mama tiene 68" is her age
        person = person or (before in ("f", "m") and value >= 12)  # "F, 28", "m 52"
        # "breastfeeding, 36, whats my rda": the mother's age beside her stage
        person = person or (before in _STAGE_WORDS and 14 <= value <= 55)
        said_old = "old" in words[i + 2 : i + 3] or before in _AGE_BEFORE or person
        if after in ("month", "months", "mo") and value < 24 and (said_old or "baby" in words):
            return value / 12
        if after in ("week", "weeks", "wk", "wks", "day", "days") and "old" in words[i + 2 : i + 3]:
            return value / (52 if after.startswith("w") else 365)  # "a 2 week old"
        asks = after == "can" and words[i + 2 : i + 3] in (["i"], ["you"], ["he"], ["she"])
        amount = after in _DURATION_UNITS or after in DOSE_UNITS or after in _MEASURES
        # "is 1.5 litres" reads "is 1 5 litres": a decimal amount, not a 1-year-old
        decimal = (
            value < 10
            and len(after) <= 2
            and bool(_DECIMAL_UNITS.intersection(words[i + 2 : i + 3]))
        )
        if (amount and not asks) or (after.isdecimal() and (len(after) == 3 or decimal)):
            continue  # "im 8 weeks pregnant", "for 3 days", "is 100 mg", "is 10,000 IU"
        # "for 5 years"; but "she have 72 years" (Spanish, Russian: "tiene 72 años") is an age
        said_old = said_old or (before in ("have", "has") and value >= 18)
        duration = after in ("years", "year", "yrs", "yr") and not said_old
        # "is 2 monsters a day too much": a count of something, not "is 2" years old
        counted = after.isalpha() and after not in _AGE_AFTER | _AFTER_AN_AGE
        told = after in _AGE_AFTER or (before in _AGE_BEFORE and not counted)
        told = told or (person and (value >= 12 or before == "is"))  # "my son is 7, the gp"
        told = told or (before in _CHILD and value <= 17 and after in _CHILD_AFTER)  # "kid (9)"
        if 0 < value <= 110 and told and not duration:
            return float(value)
        if before == "over" and 40 <= value <= 100:
            return float(value + 1)  # "over 70"
    return None


def _another_age(words: list[str], first: float) -> bool:
    """A second, different age after the first one ("my son is 16 and im 45")."""
    said = f"{first:g}"
    at = next((i for i, w in enumerate(words) if w == said), None)
    if at is None:
        return False
    second = _age(words[at + 1 :])
    return second is not None and second != first and second >= 1 and first >= 1


def _only_stones(text: str, phrases: tuple[str, ...]) -> bool:
    """ "do calcium supplements cause kidney stones", "kidney beans magnesium": about stones or
    beans, not kidney disease."""
    rest = text
    for other in (" kidney stones ", " kidney stone ", " kidney beans ", " kidney bean "):
        rest = rest.replace(other, " ")
    return rest != text and not _says(rest, phrases)
