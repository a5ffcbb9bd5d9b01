"""The caffeine figure that opens a reply about stimulants: the drinks the message names ("2
monsters and a coffee"), a dose ("300mg preworkout"), or a child's age, against the limit."""

from __future__ import annotations

import re
from itertools import pairwise

from assistant.answering.caffeine_figures import caffeine_answer
from assistant.answering.cues import for_person
from assistant.answering.food_comparison import compared_foods
from assistant.answering.match import (
    ASKS_IF_OK,
    CAFFEINE_TOPIC,
    CAFFEINE_WORDS,
    TOTAL_WORDS,
    Match,
)
from assistant.answering.nutrient_answers import Answer
from assistant.answering.portions import read_portions
from assistant.answering.profile import Profile
from assistant.kb.model import KnowledgeBase, Topic, TopicAnswer

_HOW_MUCH_WORDS = frozenset({"too", "bad", "ok", "okay", "safe", "much", "many", "day", "worse",
                             "better", "vs"})  # fmt: skip
_WHICH_MORE = frozenset(
    {"vs", "versus", "compared", "compare", "more", "less", "stronger", "which"}
)
_WRITTEN_ONLY = frozenset({"starbucks", "pike", "grande", "venti", "celsius", "ghost", "bang"})
ADULT_AGE = 19  # caffeine guidance differs for children and teens
_COMPARED = frozenset({"which", "compared", "vs", "versus", "than", "more"})
NICOTINE_WORDS = frozenset(
    {"zyn", "nicotine", "pouch", "pouches", "snus", "velo", "vape", "vaping"}
)


def caffeine_opening(
    kb: KnowledgeBase,
    topic: Topic,
    match: Match,
    who: Profile,
    cue: TopicAnswer | None,
    own: str,
) -> Answer | None:
    """The caffeine answer to put first, or None when the written answer `cue` (or the
    person's own row, `own`) answers the question by itself ("does coffee count as water")."""
    if topic.id != CAFFEINE_TOPIC:
        return None
    drinks = tuple(  # "no coffee, no energy drinks": not the drinks asked about
        kb.foods[f] for f in match.foods if caffeinated(kb, f) and f not in match.avoided
    )
    # "zyn 6mg pouches": milligrams of nicotine, not caffeine
    dose = any(d.unit == "mg" for d in who.doses) and not NICOTINE_WORDS & set(match.words)
    young = who.age is not None and who.age < ADULT_AGE
    text = f" {' '.join(match.words)} "
    # "is celsius ok for my 15 yo": the child's limit first; "which prime has caffeine, my
    # kid wants it": the answer written for the drink, which says it is not for children
    asks_ok = (
        bool((ASKS_IF_OK | {"max", "maximum"}) & set(match.words))
        or " too much " in text
        or " how much caffeine " in text
    )
    written_for_children = cue is not None and (
        bool(cue.by_person)
        or ("children" in cue.answer and not asks_ok)
        or "no caffeine" in cue.answer  # "is prime hydration ok for my 8yo": it has none
    )
    nicotine = bool(NICOTINE_WORDS & set(match.words))  # "im 16, zyn 3mg ok?": not caffeine
    young = young and not own and not written_for_children and not nicotine
    # "caffeine in a monster", "3 red bulls a day, is that bad": the drink's figure is asked
    about_caffeine = bool((CAFFEINE_WORDS | _HOW_MUCH_WORDS) & set(match.words))
    # "how long does coffee last" has its own answer; "monster caffeine?" wants the figure
    asked_for = drinks or about_caffeine if cue is None else drinks and about_caffeine
    # "caffeine in 50g dark chocolate? i eat it at night": the figure, unless the answer
    # written was for that drink ("how much caffeine in a celsius")
    figure_asked = bool(drinks) and (" caffeine in " in text or " how much caffeine " in text)
    cue_text = f" {' '.join(cue.cues)} " if cue is not None else ""
    written_for_it = any(
        f" {name.lower()} " in cue_text for d in drinks for name in (d.name, *d.synonyms)
    )
    # "3 red bulls every shift, how much caffeine is that": the sum, not one can's answer
    several = any(
        p.count >= 2 and p.unit in ("", "can")
        for d in drinks
        for p in read_portions(
            match.words, tuple(n.lower() for n in (d.name, d.plural, *d.synonyms) if n)
        )
    )
    # "2 red bulls and a grande pike place": a drink with no food figure (its figure is in a
    # written answer) would be left out of any sum, so the written answers come instead
    unsummed = bool(_WRITTEN_ONLY.intersection(match.words))
    if figure_asked and ((several and not unsummed) or not written_for_it):
        cue = None
    # "2 red bulls and a coke, total?": the sum, not the Red Bull answer
    total = bool(drinks) and (bool(TOTAL_WORDS & set(match.words)) or " all together " in text)
    # "a monster and 2 coffees in the afternoon, am i over the limit": the sum against it
    over = " limit " in text or " too much " in text
    total = total or (bool(drinks) and over and (len(drinks) >= 2 or several))
    total = total and not unsummed
    # "small red bull vs a cup of coffee, which has more": the two figures, not one's answer
    total = total or (len(drinks) >= 2 and bool(_WHICH_MORE & set(match.words)))
    if not (dose or young or total or (asked_for and not (cue and cue.anywhere))):
        return None
    compared = compared_foods(kb.nutrition, list(drinks), "caffeine", match.words)
    # "how many coffees or red bulls am i allowed": how many, not which has more
    how_many = " how many " in text and not _COMPARED.intersection(match.words)
    if compared is not None and not dose and not how_many:  # "a mug of tea compared to a mug"
        return compared
    # a child's own limit, from the answer written for their age (Health Canada by age)
    # and a nursing mother's ("breastfeeding, how many coffees"): CDC's 300 mg
    child = who.age is not None and who.age < ADULT_AGE
    own_row = child or (who.breastfeeding and not who.pregnant)
    row = next((r for a in topic.answers if (r := for_person(a, who))), "") if own_row else ""
    row += for_weight(row, match.words)
    return caffeine_answer(kb.nutrition, drinks, who, match.words, row)


def caffeinated(kb: KnowledgeBase, slug: str) -> bool:
    """A drink or food with caffeine (beer is not a caffeine question)."""
    if slug not in kb.nutrition.foods:
        return False
    figure = kb.nutrition.per_serving(slug, "caffeine")
    return figure is not None and figure.amount >= 1


_PER_KG = re.compile(r"(\d+(?:\.\d+)?) mg per kg")


def for_weight(row: str, words: tuple[str, ...]) -> str:
    """ "my son 16 and 60kg": the limit the row gives per kg (Health Canada), for that weight."""
    per_kg = _PER_KG.search(row)
    weight = next(
        (float(w) for w, unit in pairwise(words)
         if w.isdecimal() and unit in ("kg", "kgs", "kilos") and 20 <= int(w) <= 150),
        None,
    )  # fmt: skip
    if per_kg is None or weight is None:
        return ""
    return f" At {weight:g} kg that is about {float(per_kg.group(1)) * weight:.0f} mg a day."
