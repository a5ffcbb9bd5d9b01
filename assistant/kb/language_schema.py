"""The `language:` section: the words that tell what a question asks (aspects, lists,
comparisons, follow-ups, things not covered, other languages, who is asking)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from assistant.kb.model import NUTRIENT_ASPECTS, KnowledgeBase, Language, NotCovered, Situation
from assistant.kb.schema import Problem, Reader


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
        situations=tuple(
            Situation(
                s.text("name"),
                s.texts("phrases", required=True),
                s.text("label"),
                frozenset(s.texts("foods", required=True)),
                s.texts("sources"),
            )
            for s in r.items("situations", "situation")
        ),
        shorthand=_shorthand(r.mapping("shorthand", "language shorthand")),
    )


def _shorthand(section: Reader | None) -> Mapping[str, str]:
    """ "hw" -> "how": each key one word, each value the words it stands for."""
    if section is None:
        return MappingProxyType({})
    out = {}
    for key in section.data:
        short = str(key)
        if len(short.split()) != 1:
            section.problem(section.line(key), f"shorthand: '{short}' must be one word")
        out[short] = section.text(short)
    return MappingProxyType(out)


def _word_lists(section: Reader | None) -> Mapping[str, tuple[str, ...]]:
    if section is None:
        return MappingProxyType({})
    return MappingProxyType({str(k): section.texts(str(k), required=True) for k in section.data})


def unknown_situation_foods(kb: KnowledgeBase) -> list[Problem]:
    """Situation foods that are no food of the knowledge base, at the line of their list
    (not checked without the composition file, whose foods most of them are)."""
    problems: list[Problem] = []
    if not kb.nutrition.foods:
        return problems
    for situation in kb.language.situations:
        for slug in sorted(situation.foods - set(kb.foods)):
            path, line = _foods_line(kb.directory, situation.name)
            problems.append(
                Problem(str(path), line, f"situation '{situation.name}': no food '{slug}'")
            )
    return problems


def _foods_line(directory: Path, name: str) -> tuple[Path, int]:
    for path in sorted(directory.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        starts = [i for i, line in enumerate(lines) if line.strip() == f"- name: {name}"]
        for start in starts:
            found = next((i for i in range(start, len(lines)) if "foods:" in lines[i]), start)
            return path, found + 1
    return directory, 0
