"""What the reply answers: the matcher's topic and aspect, refined by what the message asks
that the words alone miss (a brand only one written answer covers, a medicine a caveat is
about, the cooked or canned form of a food, a diet that makes it a question about foods)."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from assistant.answering.caffeine_replies import caffeinated
from assistant.answering.cues import Anywhere, claimed_anywhere
from assistant.answering.figures import TOPIC_NUTRIENTS
from assistant.answering.food_comparison import COMPARING
from assistant.answering.food_lists import asks_for_low
from assistant.answering.label_values import asks_label_value
from assistant.answering.match import CAFFEINE_TOPIC, TOTAL_WORDS, Match
from assistant.answering.normalise import normalise
from assistant.answering.nutrient_answers import TAKE_WORDS, medicine_names, names_a_medicine
from assistant.answering.profile import Profile
from assistant.kb.model import KnowledgeBase

_CAFFEINE_CONTEXT = frozenset({"twitch", "twitches", "twitching", "twitchy", "jittery", "jitters",
                               "shaky", "worry", "pregnant", "pregnancy", "breastfeeding",
                               "too", "safe", "ok", "okay", "limit", "day"})  # fmt: skip
_NEED = frozenset({"much", "need", "needs"})
_SIGNS = frozenset({"signs", "symptoms"})
# espresso with milk: its caffeine is the espresso's, its calcium the milk's
_MILK_DRINKS = frozenset({"latte", "lattes", "cappuccino", "cappuccinos", "flat", "cortado",
                          "macchiato"})  # fmt: skip
_CAFFEINE_ASKED = frozenset({"much", "caffeine"})
_MOST = frozenset({"max", "maximum"})  # "how much, and max?": the need, its limit beside it
_EAT_OK = (" can i eat ", " can she eat ", " can he eat ", " ok to eat ", " safe to eat ",
           " a problem ")  # fmt: skip
# "how much can i take" asks the most; "how much should i take" the need
_CAN_TAKE = (" can i take ", " can i have ", " can he take ", " can she take ", " can i give ")
_I_CAN_TAKE = (*_CAN_TAKE, " i can take ", " you can take ")  # "the most i can take"
_SAFE = frozenset({"too", "safe", "safely", "overdose", "ok", "okay", "dangerous", "max",
                   "maximum"})  # fmt: skip
_GET = frozenset({"get", "sources", "source", "eat", "more"})
_EXCESS = frozenset({"overdose", "overdosing", "toxic", "toxicity", "limit"})
# "cooked kale", "canned chickpeas": that form of the food, when the data has it
FORMS = {"canned": "canned", "tinned": "canned", "cooked": "cooked", "boiled": "cooked",
         "raw": "raw", "fortified": "fortified", "peeled": "peeled",
         "skinless": "peeled"}  # fmt: skip
_NO_SKIN = re.compile(
    r"\b(?:no|without|without the|minus the|(?:not|dont|don t|never) eat the) skin\b"
)  # "baked potato, no skin", "i not eat the skin"


def medicine_words(kb: KnowledgeBase) -> frozenset[str]:
    """The first word of every caveat trigger: a message without one names no medicine."""
    return frozenset(w.split()[0] for c in kb.nutrition.caveats for w in c.when if w)


def answered_match(
    kb: KnowledgeBase, match: Match, anywhere: Anywhere, medicines: frozenset[str]
) -> Match:
    matched = kb.topics.get(match.topic or "")
    general = match.topic is None or (matched is not None and matched.kind == "general")
    named = bool(medicines.intersection(match.words))
    if match.not_covered and any(caffeinated(kb, f) for f in match.foods):
        # "my 11yo takes ritalin and loves coke, how much is ok?": the coke's caffeine
        match = replace(match, topic=CAFFEINE_TOPIC, aspect="overview", not_covered="")
        matched = kb.topics.get(CAFFEINE_TOPIC)
    sodium = "sodium" in match.words  # "on water pills, his sodium is 131": the electrolyte
    # a general topic's own written answer stands ("vomiting and diarrhoea, losing electrolytes?")
    answered = general and matched is not None and _claims_for(anywhere, match.words, matched.id)
    if named and (match.not_covered or general) and not (sodium or answered):
        # "omeprazole 2 years, minerals?": the medicine's caution
        text = " ".join(match.words)
        # the nutrients named first ("on HCTZ, calcium + vit D fine?"), then magnesium first
        order = sorted(TOPIC_NUTRIENTS.items(), key=lambda item: item[0] not in match.nutrients)
        treated = (t for t, ns in order if names_a_medicine(kb.nutrition, ns, text))
        first = next(treated, None)  # magnesium first: the nutrient twitching questions mean
        if first is not None:
            match = replace(match, topic=first, aspect="safety", nutrients=(first,), not_covered="")
    # "can you get too much potassium from food? ... coconut water": the nutrient is asked
    need_asked = matched is not None and matched.kind == "nutrient" and match.aspect in (
        "intake", "safety")  # fmt: skip
    # "takes sinemet, is his b complex ok?": the medicine's caution, not "Parkinson's" (when
    # the nutrient was asked, not only inferred from the medicine)
    on_food = (match.topic or "").startswith("food:") and match.aspect in TOPIC_NUTRIENTS
    if named and on_food:  # "on lisinopril, nosalt and more bananas?": potassium's caution
        matched = kb.topics.get(match.aspect or "", matched)
    medicines_named = (
        medicine_names(kb.nutrition, TOPIC_NUTRIENTS.get(matched.id, ()), " ".join(match.words))
        if named and not general and matched is not None
        else frozenset()
    )
    cautioned = bool(medicines_named)
    need_of = matched.id if need_asked and matched and not cautioned else ""
    if matched is not None and matched.id == CAFFEINE_TOPIC and set(match.words) >= _CAFFEINE_ASKED:
        need_of = CAFFEINE_TOPIC  # "how much caffeine in a grande? new mom on 3h sleep"
    food = kb.foods.get((match.topic or "").removeprefix("food:"))
    asked_of_food: frozenset[str] = frozenset()
    if food is not None and match.aspect in kb.topics:
        # "ramadan, potassium in 1 date?", "coconut water potassium, instead of gatorade": the
        # food's figure is asked, unless an answer was written for that food ("oatly calcium")
        names = " ".join((food.name, food.plural, *food.synonyms)).lower()
        asked_of_food = frozenset(normalise(names).split())
    compared = [kb.foods[f] for f in match.foods if f in kb.foods]
    nutrient_asked = matched is not None and matched.kind == "nutrient"
    if nutrient_asked and len(compared) >= 2 and COMPARING.intersection(match.words):
        # "which has more potassium, a banana or a baked potato? calf cramps": the foods
        names = " ".join(n for f in compared for n in (f.name, f.plural, *f.synonyms))
        asked_of_food = frozenset(normalise(names.lower()).split())
    if cautioned:  # "on losartan, potassium for cramps?": the losartan caution first
        # or an answer naming what else the caution is about ("on spironolactone, lo salt?")
        asked_of_food = medicine_names(
            kb.nutrition, TOPIC_NUTRIENTS.get(matched.id, ()), " ".join(match.words), True
        ) if matched is not None else medicines_named  # fmt: skip
    claimed = claimed_anywhere(anywhere, match.words, need_of, asked_of_food)
    if claimed is not None and _kidneys(match.words) and not _KIDNEY_TEXT.search(claimed[1].answer):
        claimed = None  # "on dialysis, bananas for cramps?": the kidney caution, not the myth
    if claimed is not None and asked_of_food and not cautioned:
        owner = claimed[0]
        eat_ok = any(p in f" {' '.join(match.words)} " for p in _EAT_OK)  # "can i eat tuna"
        if owner.kind == "nutrient" and owner.id != match.aspect and not eat_ok:
            claimed = None  # "how much b12 in canned tuna? pregnant wife": not vitamin D's fish
    excess = match.aspect == "safety" and bool(_EXCESS.intersection(match.words))
    if claimed is not None and excess and claimed[1].aspect in ("intake", "foods"):
        claimed = None  # "multivitamin has 100mg and a separate 250mg, over the limit?"
    signs = match.aspect == "deficiency" and bool(_SIGNS.intersection(match.words))
    if claimed is not None and signs and claimed[1].aspect != "deficiency":
        claimed = None  # "what are the signs of low magnesium? legs twitch at night": the signs
    if claimed is not None:  # "how much potassium in Pedialyte": the Pedialyte answer
        owner, written = claimed
        nutrients = (owner.id,) if owner.kind == "nutrient" else ()
        # an answer written for it beats "I don't cover Parkinson's"
        return replace(
            match, topic=owner.id, aspect=written.aspect, nutrients=nutrients, not_covered=""
        )
    if match.topic is not None and match.topic.startswith("food:"):
        slug = match.topic.removeprefix("food:")
        if _about_its_caffeine(kb, slug, match):  # "2 double espressos, eyelid twitching, worry?"
            return replace(match, topic=CAFFEINE_TOPIC, aspect="overview", nutrients=())
        if (
            slug == "espresso"
            and match.aspect in TOPIC_NUTRIENTS
            and _MILK_DRINKS & set(match.words)
        ):
            return replace(match, topic="food:milk")  # "does a latte have calcium": its milk's
        said = (*match.words, *(("peeled",) if _NO_SKIN.search(" ".join(match.words)) else ()))
        forms = (f"food:{FORMS[w]}-{slug}" for w in said if w in FORMS)
        topic = next((f for f in forms if f.removeprefix("food:") in kb.foods), match.topic)
        return replace(match, topic=topic)
    return match


def _claims_for(anywhere: Anywhere, words: tuple[str, ...], topic: str) -> bool:
    claimed = claimed_anywhere(anywhere, words)
    return claimed is not None and claimed[0].id == topic


def _about_its_caffeine(kb: KnowledgeBase, slug: str, match: Match) -> bool:
    """A caffeinated drink named with no nutrient asked, beside twitching, jitters or a stage
    that has a caffeine limit ("3 cups of chai, pregnant"): a question about its caffeine."""
    if match.aspect in TOPIC_NUTRIENTS:
        return False
    return caffeinated(kb, slug) and bool(_CAFFEINE_CONTEXT & set(match.words))


def answered_aspect(match: Match, names_a_medicine: bool, who: Profile) -> str:
    aspect = match.aspect or "overview"
    said = set(match.words)
    foods_named = " in it " in f" {' '.join(match.words)} " or "whats got" in " ".join(match.words)
    if (aspect in ("overview", "role") or _GET & said or foods_named) and (
        who.diet or who.situations
    ):
        aspect = "foods"  # "vegan and allergic to soy. calcium?", "went vegan, how will she get"
    if aspect == "safety" and "foods" in match.words and not who.doses:
        aspect = "foods"  # "what magnesium foods are safe for a toddler"
    text = f" {' '.join(match.words)} "
    if aspect == "foods" and "most" in said and any(c in text for c in _I_CAN_TAKE):
        aspect = "safety"  # "whats the most magnesium i can take in pills": the limit
    # "how many mg a day and whats the max": the need, with the limit beside it
    need_and_most = {"many", "day"} <= said and bool(_MOST & said)
    if (
        aspect == "safety"
        and (_NEED & said or need_and_most)
        and not who.doses
        and not (_SAFE - _MOST & said)
    ):
        aspect = "intake"  # "vitamin d for a 2 year old, how much and max?": both, need first
    # "20000% DV, dangerous?", "100mg (24% DV) and a separate 250mg, over the limit?"
    label = asks_label_value(match.words) and not (_SAFE | _EXCESS) & said
    if label and aspect in ("overview", "role", "safety", "intake"):
        return "intake"  # "what is the daily value for magnesium", "what % DV is 200mg"
    # "2 gummies = 150mg, ok to give him every day?": the dose is the question
    dose_asked = bool(who.doses) and (aspect in ("overview", "role") or (
        aspect == "intake" and not {"much", "many"} & set(match.words))
        or "times" in match.words)  # fmt: skip
    # "how much vitamin d should i take": the need; "should i take vitamin d": the verdict
    how_much_taken = " how much " in text and not any(c in text for c in _CAN_TAKE)
    taking = aspect in ("overview", "role") and any(w in text for w in TAKE_WORDS)
    taking = taking and not how_much_taken
    # "120mg per 100ml, i drink 500ml a day, is that enough": the amount named against the need;
    # "2 capsules = 300 mg, i take 3, how much am i actually getting", "370mg each, total?"
    dose_asked = dose_asked or (
        bool(who.doses)
        and (
            (aspect == "foods" and "enough" in said)
            or (aspect == "deficiency" and " actually getting " in f" {' '.join(match.words)} ")
            or bool(TOTAL_WORDS & said)
        )
    )
    if dose_asked or taking or (aspect in ("overview", "role", "foods") and _EXCESS & said):
        aspect = "safety"  # "Natural Calm 325 mg, am I over the limit", "overdose from food"
    # "low potassium diet, which fruits are ok"; "dietitian says limit potassium, which fruits
    # are LOW in it"
    lowest = asks_for_low(match.words) and not names_a_medicine
    if lowest and (aspect in ("overview", "deficiency") or (aspect == "safety" and not who.doses)):
        aspect = "foods"
    how_much = "much" in match.words or "many" in match.words
    signs = bool(_SIGNS & said)  # "on metformin, what are the signs of low mg"
    medicine_first = (aspect in ("overview", "role", "deficiency") and not signs) or (
        aspect == "intake" and not how_much
    )
    # "on pantoprazole, which B12 should i take and how much?": the need, with the caution
    taking_with = names_a_medicine and any(w in text for w in TAKE_WORDS) and not signs
    taking_with = taking_with and not (aspect == "intake" and how_much_taken)
    if (medicine_first or taking_with) and names_a_medicine:
        aspect = "safety"  # "do I lose magnesium from Lasix", "on losartan, can i take potassium"
    return aspect


_KIDNEY_TEXT = re.compile(r"kidney|dialysis|renal", re.IGNORECASE)
_NOT_KIDNEY_DISEASE = frozenset({"bean", "beans", "stone", "stones"})


def _kidneys(words: tuple[str, ...]) -> bool:
    """Kidney disease or dialysis named ("kidney beans" and "kidney stones" are not)."""
    said = set(words)
    named = any(
        w == "kidney" and nxt not in _NOT_KIDNEY_DISEASE for w, nxt in pairwise((*words, ""))
    )
    return named or bool({"dialysis", "ckd", "renal"} & said)
