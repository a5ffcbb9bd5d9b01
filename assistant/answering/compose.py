"""Compose the reply to a match: the answer to the question asked first, then the details.

A specific question ("how much potassium in a banana", "is 5000 IU safe", "calcium for my
15 year old") opens with the figure or verdict, for the person it is about (`profile`). A
short sourced answer written for a question (`answers:` in the knowledge base) opens the reply
when the message asks it. Replies are built by `finish()`, which adds the disclaimer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from assistant.answering import special_replies
from assistant.answering.amount_openings import amount_opening
from assistant.answering.aspects import answered_aspect, answered_match, medicine_words
from assistant.answering.bedtime import bedtime, hours_slept, last_caffeine
from assistant.answering.caffeine_replies import caffeine_opening, for_weight
from assistant.answering.cues import (
    anywhere_answers,
    cue_answer,
    cue_words,
    for_person,
    written_for,
)
from assistant.answering.figures import TOPIC_NUTRIENTS, focus, label_percent
from assistant.answering.finish import finish, links, suggestions
from assistant.answering.food_answers import food_answer
from assistant.answering.food_comparison import with_other_food
from assistant.answering.food_totals import asked_total
from assistant.answering.intake_answers import (
    needs_compared,
    nutrient_section,
)
from assistant.answering.match import (
    COMPARISON_TOPIC,
    SYMPTOM_TOPIC,
    URGENT_TOPIC,
    Match,
)
from assistant.answering.nutrient_answers import (
    TAKE_WORDS,
    names_a_medicine,
)
from assistant.answering.nutrient_figures import NEED_ASKED, NutrientFigures
from assistant.answering.profile import Profile, read_profile
from assistant.answering.reply import Reply, Section, Suggestion
from assistant.kb.model import Food, KnowledgeBase, Topic

# "total, over?", "6 tums a day, how much calcium is that": a dose's sum is asked
_SUM = re.compile(r"\b(?:total|altogether|over)\b|\bhow (?:much|many) (?:\w+ ){0,2}is that\b")
_ADVICE = (*TAKE_WORDS, " should i change ", " change anything ", " anything i should ",
           " should i cut ", " should i worry ", " ok every day ", " ok daily ", " ok to use ",
           " ok to drink ")  # fmt: skip
ASPECT_LABELS = {"foods": "Foods", "role": "What it does", "deficiency": "Signs of a shortage",
                 "intake": "How much you need", "safety": "Too much and safety",
                 "overview": "Overview"}  # fmt: skip


class ReplyComposer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._figures = NutrientFigures(kb)
        self._ranked = self._figures.ranked
        self._medicines = frozenset(kb.safety.concepts.get("medicine", ()))
        self._anywhere = anywhere_answers(kb.topics.values())
        self._medicine_words = medicine_words(kb)

    def compose(self, match: Match) -> Reply:
        kb = self.kb
        if match.urgent:
            asked = match.asked
            plain = asked is not None and asked.topic not in (None, URGENT_TOPIC, SYMPTOM_TOPIC)
            answer = self.compose(asked) if asked is not None and plain else None
            return special_replies.urgent(kb, match, answer)
        if match.foreign:
            return special_replies.foreign(kb)
        match = answered_match(kb, match, self._anywhere, self._medicine_words)
        if match.not_covered:
            return special_replies.not_covered(kb, match.not_covered)
        if match.topic is None:
            return special_replies.out_of_scope(kb, match.suggestions)
        if match.topic.startswith("food:"):
            food = kb.foods.get(match.topic.removeprefix("food:"))
            return (
                self.food(food, match, self._who(match))
                if food
                else special_replies.out_of_scope(kb)
            )
        topic = kb.topics.get(match.topic)
        if topic is None:
            return special_replies.out_of_scope(kb)
        if topic.kind == "nutrient":
            topics = [kb.topics[n] for n in match.nutrients if n in kb.topics] or [topic]
            who = self._who(match)
            aspect = answered_aspect(match, self._names_a_medicine(match), who)
            return self.nutrients(topics, aspect, match, who)
        return self.general(topic, match)

    def notice(self, paragraphs: Iterable[str], title: str = "") -> Reply:
        section = Section(heading=title or None, paragraphs=tuple(p for p in paragraphs if p))
        return finish(self.kb, None, None, title, section.paragraphs[:1], (section,))

    def show(self, topic: str, aspect: str) -> Reply:
        """A topic chosen from a button: no message, so no profile."""
        nutrient = self.kb.topics.get(topic)
        nutrients = (topic,) if nutrient is not None and nutrient.kind == "nutrient" else ()
        return self.compose(Match(topic, aspect, nutrients=nutrients))

    # -- kinds of answer -------------------------------------------------------------------

    def nutrients(self, topics: list[Topic], aspect: str, match: Match, who: Profile) -> Reply:
        first = topics[0]
        cue = cue_answer(first, aspect, cue_words(match), match.avoided)
        answer = self._figures.answer(topics, aspect, match, who)
        # A verdict on the dose or medicine named comes before a written answer, unless that
        # answer was written for exactly what is named ("10 Tums a day").
        # "on losartan, can i take potassium?": the medicine's caution before any written answer
        # (the medicine test only for a written answer that could displace its caution)
        medicine = cue is not None and cue.anywhere and self._names_a_medicine(match)
        text = f" {' '.join(match.words)} "
        # "on spironolactone ... should i change anything"
        taking = medicine and any(w in text for w in _ADVICE)
        # a dose named is worked out before a written answer ("800 mcg plus 400 mcg, too much?")
        written_for_it = (
            cue is not None
            and cue.anywhere
            and not taking
            # "on lisinopril, potassium pills ok?": the caution, not "potassium and blood pressure"
            and not (cue.aspect != aspect and medicine)
            and (not who.doses or written_for(cue, cue_words(match)))
            and not (who.doses and _SUM.search(text))  # the sum first
        )
        after = answer is not None and answer.decisive and not written_for_it
        # "lactose intolerant, how much calcium does she need and what can she eat": the need,
        # unless the answer written for the situation says it ("adults need 700 mg in the UK")
        need_first = aspect in ("intake", "foods") and cue is not None and " need" not in cue.answer
        after = after or (need_first and bool(NEED_ASKED.search(text)))
        if cue is None and aspect == "intake":  # the need first, then "vegans: fortified foods"
            cue = cue_answer(first, aspect, cue_words(match), match.avoided, beside_figure=True)
            after = True
        if answer is not None and answer.opening:
            cued = (for_person(cue, who) or cue.answer,) if cue else ()  # "im 55": that row
            opening = (answer.opening, *cued) if after else (*cued, answer.opening)
            said, header = _list_header(answer.opening) if answer.bullets else ("", "")
            if after and header:
                # "how much does she need, and what can she eat": the need, then the answer
                # written for the diet, then the heading of the list that follows
                opening = (said, *cued, header)
            names = " and ".join(t.title for t in topics[:1]) + "".join(
                f" and {t.title.lower()}" for t in topics[1:]
            )
            section = Section(
                f"{names}: {ASPECT_LABELS[aspect].lower()}",
                opening,
                (*answer.bullets, *(cue.points if cue else ())),
            )
            notes = answer.notes if not (cue and aspect == "foods") else ()
            sections = [section, *([Section(None, notes)] if notes else [])]
            sources = [cue.sources if cue else (), answer.sources, first.sources]
        else:
            sections = [nutrient_section(self.kb, topic, aspect) for topic in topics]
            if cue:
                sections.insert(0, Section(None, (for_person(cue, who) or cue.answer,), cue.points))
            sources = [cue.sources if cue else (), *(t.sources for t in topics)]
        follow_ups = [Suggestion(ASPECT_LABELS[a], first.id, a) for a in ASPECT_LABELS]
        follow_ups = [s for s in follow_ups if s.aspect != aspect] + self._related(first)
        title = first.title if aspect == "overview" else f"{first.title}: {ASPECT_LABELS[aspect]}"
        title = title[: len(first.title) + 2] + title[len(first.title) + 2 :].lower()
        return finish(
            self.kb,
            first.id,
            aspect,
            title,
            sections[0].paragraphs[:1],
            sections,
            links(self.kb, sources),
            follow_ups,
            suggestions(self.kb, match.choices),
        )

    def _names_a_medicine(self, match: Match) -> bool:
        nutrients = tuple(n for t in match.nutrients for n in TOPIC_NUTRIENTS.get(t, ()))
        return names_a_medicine(self.kb.nutrition, nutrients, " ".join(match.words))

    def food(self, food: Food, match: Match, who: Profile) -> Reply:
        asked = match.aspect if match.aspect in TOPIC_NUTRIENTS else None
        wanted = focus(asked, match.words) if asked else ()
        if not asked:  # "do bananas have magnesium too or just potassium": both figures
            wanted = tuple(n for t in match.nutrients for n in TOPIC_NUTRIENTS.get(t, ())[:1])
            wanted = wanted or (("potassium",) if who.kidney else ())  # its kidney figure
        nutrient = self.kb.topics.get(asked or "")
        cue = (
            cue_answer(nutrient, "foods", cue_words(match), only_aspect=True) if nutrient else None
        )
        # A written answer ("mostly a myth") gives the verdict itself.
        answer = food_answer(self.kb.nutrition, food, wanted, who, match.words, cue is None)
        if answer is not None and cue is not None:  # "is spinach good for calcium": the catch
            opening = f"{cue.answer} {answer.opening}"
            answer = replace(answer, opening=opening, sources=cue.sources + answer.sources)
        said = label_percent(self.kb.nutrition, wanted[0], match.words) if wanted else ""
        if answer is not None and said:  # "carton says 35% DV calcium, how many mg is that"
            labelled = ("fda-daily-values", *answer.sources)
            answer = replace(answer, opening=f"{said} {answer.opening}", sources=labelled)
        other = next((self.kb.foods[f] for f in match.foods[1:2] if f in self.kb.foods), None)
        eaten = [
            self.kb.foods[f] for f in match.foods if f in self.kb.foods and f not in match.avoided
        ]
        summed = asked_total(self.kb.nutrition, eaten, wanted, match.words)
        if answer is not None and summed:  # "2 bananas and a glass of OJ, total?": the sum
            answer = replace(answer, opening=summed)
        elif answer is not None:  # "more potassium than a banana?", "almonds or cashews?"
            answer = with_other_food(
                self.kb.nutrition, answer, food, other, wanted, who, match.words, self._ranked
            )
        supplied = [self.kb.topics[n] for n in food.supplies if n in self.kb.topics]
        if answer is not None:
            section = Section(food.name, (answer.opening, *answer.notes), answer.bullets)
            sources = [answer.sources, *(t.sources for t in supplied[:1])]
        else:
            names = ", ".join(t.title for t in supplied) or "only small amounts of my nutrients"
            bullets = tuple(f"{t.title}: {t.summary}" for t in supplied)
            section = Section(food.name, (f"{food.name} supplies {names}.",), bullets)
            sources = [tuple(a.source for a in food.amounts), *(t.sources for t in supplied)]
        follow_ups = [Suggestion(f"{t.title} foods", t.id, "foods") for t in supplied]
        return finish(
            self.kb,
            food.topic_id,
            asked or "overview",
            food.name,
            section.paragraphs[:1],
            (section,),
            links(self.kb, sources),
            follow_ups,
        )

    def general(self, topic: Topic, match: Match) -> Reply:
        thanked = match.thanks and bool(topic.thanks_text)  # "you're welcome", not "Hello"
        text = topic.thanks_text if thanked else topic.text
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        sources = [topic.sources]
        points = topic.points
        cue = cue_answer(topic, "overview", cue_words(match))
        who = self._who(match)
        if cue:  # a specific question: its answer, the gist, and a button for the rest
            # no summary after it: "drink steadily" does not belong under a fluid limit
            paragraphs, points = [cue.answer], cue.points
            sources.insert(0, cue.sources)
        own = for_person(cue, who) if cue else ""  # "15 yo boy how much water": his row first
        own += for_weight(own, match.words) if own else ""  # "im 16, 60kg": 2.5 mg per kg
        if own:
            paragraphs = [own, cue.answer] if cue else paragraphs
        # "I get up at 6, when should I go to bed?": the hours of sleep counted back
        timed = (
            bedtime(match.words, own) or bedtime(match.words, cue.answer) or last_caffeine(
                match.words, cue.answer) or hours_slept(match.words, own or cue.answer)
            if cue else ""
        )  # fmt: skip
        paragraphs = [timed, *paragraphs] if timed else paragraphs
        needs = needs_compared(self.kb.nutrition, match.nutrients, match.words, who)
        if topic.id == COMPARISON_TOPIC and needs:  # "which do i need more of"
            paragraphs = [needs, *paragraphs]
            sources.insert(0, tuple(self.kb.topics[t].sources[0] for t in match.nutrients))
        # "3 pints of 4% lager, how many units", "is 3 litres a day too much": worked out first
        worked, worked_sources = amount_opening(self.kb.nutrition, topic.id, match.words, who)
        answer = None if worked else caffeine_opening(self.kb, topic, match, who, cue, own)
        if answer is not None:  # the figure first; a written answer (energy drinks) after it
            paragraphs = [answer.opening, cue.answer if cue else topic.summary]
            points = cue.points if cue else topic.points[:3]
            sources.insert(0, answer.sources)
        if worked:
            paragraphs = [worked, *paragraphs]
            sources.insert(0, worked_sources)
        section = Section(None if thanked else topic.title, tuple(paragraphs), points)
        more = [Suggestion(f"More: {topic.title}", topic.id)] if cue or len(paragraphs) == 2 else []
        return finish(
            self.kb,
            topic.id,
            "overview",
            topic.title,
            section.paragraphs[:1] or (topic.summary,),
            (section,),
            links(self.kb, sources),
            more + self._related(topic),
            suggestions(self.kb, match.choices),
        )

    def _who(self, match: Match) -> Profile:
        language = self.kb.language
        return read_profile(
            match.words, language.profile_words, self._medicines, match.avoided, language.situations
        )

    def _related(self, topic: Topic) -> list[Suggestion]:
        return [Suggestion(self.kb.title_of(r), r) for r in topic.related]


def _list_header(opening: str) -> tuple[str, str]:
    """An opening that ends by heading a list ("... Foods with the most per serving (USDA
    SR28):") split into what it says first and that heading ("", "" when it heads none)."""
    said, _, header = opening.rpartition(". ")
    return (f"{said}.", header) if said and header.endswith(":") else ("", "")
