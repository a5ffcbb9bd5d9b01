"""The figures that open a nutrient answer: the need for the person, the dose against the
limit, the foods that fit, or the named foods compared ("almonds or dark chocolate?")."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answering.figures import focus
from assistant.answering.food_comparison import about_named_foods
from assistant.answering.food_lists import food_list, percent_shares, rankings
from assistant.answering.food_totals import foods_total, servings_for_need
from assistant.answering.intake_answers import intake_answer
from assistant.answering.lab_results import lab_result
from assistant.answering.label_values import converted, label_value
from assistant.answering.match import ASKS_IF_OK, Match
from assistant.answering.nutrient_answers import Answer, safety_answer
from assistant.answering.portions import portions_eaten
from assistant.answering.profile import Profile
from assistant.kb.model import KnowledgeBase, Topic

_WHERE_FROM = frozenset({"where", "from", "get", "gets", "sources", "source", "foods", "food",
                         "eat"})  # fmt: skip
_PER_DAY = re.compile(r"\b(?:per|a|each) day\b|\bdaily\b")
_HOW_GET = re.compile(r"\bhow (?:can|do|does|will|would|to) (?:\w+ )?gets?\b")
NEED_ASKED = re.compile(r"\bhow (?:much|many \w+) (?:\w+ ){0,4}needs?\b")
_FOODS_ASKED = frozenset(
    {"foods", "food", "sources", "ideas", "options", "suggestions"}
)  # "how much, and what vegan food?"


class NutrientFigures:
    """Immutable after construction (foods ranked once per knowledge base)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.ranked = rankings(kb.nutrition)
        self._shares = percent_shares(self.ranked)

    def answer(self, topics: list[Topic], aspect: str, match: Match, who: Profile) -> Answer | None:
        nutrition = self.kb.nutrition
        wanted = tuple(n for t in topics for n in focus(t.id, match.words))
        foods = [
            self.kb.foods[f] for f in match.foods if f in self.kb.foods and f not in match.avoided
        ]
        # "2 bananas and a baked potato a day, how much potassium is that": the foods added up,
        # then the need
        if aspect in ("intake", "foods", "overview") and wanted:
            total_eaten, total = foods_total(nutrition, foods, wanted[0], match.words)
            if total_eaten:
                need = intake_answer(nutrition, wanted, who, " ".join(match.words))
                own = nutrition.intake(wanted[0], who.life_stage, who.sex or "female")
                # "is she getting enough": short of the need or not, before the figures
                short = (
                    ("Short of the need: " if total < own.amount * 0.9 else "About enough: ")
                    if own is not None and own.unit.startswith("mg") and "enough" in match.words
                    else ""
                )
                return replace(need, opening=f"{short}{total_eaten} {need.opening}")
        # "my toddler's potassium per day? she only eats pasta": the need, not the pasta's
        named = about_named_foods(nutrition, foods, wanted, who, match.words)
        context = aspect == "intake" and _PER_DAY.search(" ".join(match.words))
        if context and not portions_eaten(nutrition, foods, wanted, match.words):
            named = None
        if named is not None:  # "almonds or dark chocolate?", "kidney disease, can i eat a banana"
            return named
        text = " ".join(match.words)
        result = lab_result(nutrition, wanted, match.words)
        if result is not None and not (aspect == "safety" and who.doses):
            return result  # "my magnesium came back 0.7 mmol/L": that result first
        if aspect == "intake":
            need = intake_answer(nutrition, wanted, who, text)
            if len(foods) == 1:  # "is 1 banana a day enough", "how many glasses of milk"
                own = nutrition.intake(wanted[0], who.life_stage, who.sex or "female")
                covered = servings_for_need(nutrition, foods[0], wanted[0], own, match.words)
                need = replace(need, opening=f"{need.opening} {covered}".strip())
            words = set(match.words)
            if who.doses and (
                ASKS_IF_OK.intersection(match.words[1:]) or " too much " in f" {text} "
            ):
                # "is 2000 iu ok and how much do i need": the verdict, then the need
                verdict = safety_answer(nutrition, wanted, who, text).opening.split("\n")[0]
                need = replace(need, opening=f"{verdict} {need.opening}")
            foods_asked = _FOODS_ASKED & words or _HOW_GET.search(text)  # "how can he get it"
            if ((who.diet or match.avoided) and _WHERE_FROM & words) or foods_asked:
                # "vegetarian, hate milk: how much calcium and from where": the foods that fit
                fitting = food_list(self.kb, self.ranked, self._shares, topics, wanted, who,
                                    match.words)  # fmt: skip
                listed = "; ".join(b.rstrip(".") for b in fitting.bullets[:3])
                said = "" if need.opening in fitting.opening else need.opening  # "girls 14-18"
                need = replace(need, opening=f"{said} {fitting.opening} {listed}.".strip())
            label = label_value(nutrition, wanted, match.words, who)
            if not label.opening:
                return need
            opening = f"{label.opening} {need.opening}".strip()
            return replace(need, opening=opening, sources=label.sources + need.sources)
        if aspect == "safety":  # "my level was 9, is 60K IU weekly dangerous": the dose first
            eaten = portions_eaten(nutrition, foods, wanted, match.words)
            dose = safety_answer(nutrition, wanted, who, text, eaten)
            level = f" {result.opening.split('. ')[0]}." if result else ""
            conversion = converted(wanted, match.words, who)  # "1000 iu is how many mcg"
            return replace(dose, opening=f"{conversion} {dose.opening}{level}".strip())
        if aspect == "foods":
            foods_fit = food_list(
                self.kb, self.ranked, self._shares, topics, wanted, who, match.words
            )
            if not NEED_ASKED.search(text):
                return foods_fit
            # "how much magnesium do i need and which foods have the most": the need first
            need_said = intake_answer(nutrition, wanted, who, text).opening
            opening = foods_fit.opening
            opening = opening if need_said in opening else f"{need_said} {opening}"
            return replace(foods_fit, opening=opening)
        return None
