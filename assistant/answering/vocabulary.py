"""The matcher's vocabulary: every phrase of the knowledge base with what it names (a topic, a
food, an aspect, a cue of safety), and the words the typo corrector must leave alone."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from assistant.answering.normalise import normalise
from assistant.answering.phrases import (
    ASPECT,
    COMPARE,
    FOOD,
    FOOD_LIST,
    FOOD_QUESTION,
    LIFE_STAGE,
    NOT_COVERED,
    OFF_TOPIC,
    THANKS,
    TOPIC,
)
from assistant.answering.triage import cue_phrases
from assistant.kb.model import KnowledgeBase


def labelled_phrases(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    for topic in kb.topics.values():
        for phrase in (topic.id.replace("-", " "), topic.title, *topic.synonyms):
            yield phrase, TOPIC + topic.id
    for food in kb.foods.values():
        for phrase in (food.name, food.plural, food.slug.replace("-", " "), *food.synonyms):
            yield phrase, FOOD + food.slug
    language = kb.language
    for aspect, phrases in language.aspect_words.items():
        yield from ((phrase, ASPECT + aspect) for phrase in phrases)
    yield from ((phrase, LIFE_STAGE) for phrase in language.life_stage_words)
    yield from ((phrase, FOOD_LIST) for phrase in language.food_list_words)
    yield from ((phrase, FOOD_QUESTION) for phrase in language.food_question_words)
    yield from ((phrase, COMPARE) for phrase in language.comparison_words)
    yield from ((phrase, OFF_TOPIC) for phrase in language.off_topic_words)
    yield from ((phrase, THANKS) for phrase in language.thanks_words)
    for thing in language.not_covered:
        yield from ((phrase, NOT_COVERED + thing.name) for phrase in thing.phrases)
    yield from cue_phrases(kb.safety)


def known_words(kb: KnowledgeBase, examples: Iterable[str]) -> set[str]:
    """Words never "corrected": the examples', everyday English, and the words that say who is
    asking ("jain", "zabiha", "ttc")."""
    known = {word for example in examples for word in example.split()}
    known.update(kb.language.common_words)
    profile = kb.language.profile_words.values()
    known.update(w for phrases in profile for phrase in phrases for w in normalise(phrase).split())
    return known
