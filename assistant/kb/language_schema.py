"""The `language:` section: the words that tell what a question asks (aspects, lists,
comparisons, follow-ups, things not covered, other languages, who is asking)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from assistant.kb.model import NUTRIENT_ASPECTS, Language, NotCovered
from assistant.kb.schema import Reader


def read_language(r: Reader) -> Language:
    aspects = r.mapping("aspect_words", "language aspect_words", required=True)
    words = {}
    if aspects is not None:
        for aspect in aspects.data:
            if aspect not in NUTRIENT_ASPECTS:
                aspects.problem(aspects.line(aspect), f"aspect_words: unknown aspect '{aspect}'")
            words[str(aspect)] = aspects.texts(str(aspect), required=True)
    return Language(
        aspect_words=MappingProxyType(words),
        food_list_words=r.texts("food_list_words", required=True),
        comparison_words=r.texts("comparison_words", required=True),
        off_topic_words=r.texts("off_topic_words"),
        follow_up_openers=r.texts("follow_up_openers", required=True),
        thanks_words=r.texts("thanks_words"),
        common_words=r.texts("common_words"),
        life_stage_words=r.texts("life_stage_words"),
        not_covered=tuple(
            NotCovered(n.text("name"), n.texts("phrases", required=True), n.texts("closest"))
            for n in r.items("not_covered", "not_covered entry")
        ),
        other_language_words=r.texts("other_language_words"),
        food_question_words=r.texts("food_question_words"),
        profile_words=_word_lists(r.mapping("profile_words", "language profile_words")),
    )


def _word_lists(section: Reader | None) -> Mapping[str, tuple[str, ...]]:
    if section is None:
        return MappingProxyType({})
    return MappingProxyType({str(k): section.texts(str(k), required=True) for k in section.data})
