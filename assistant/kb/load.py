"""Load every `knowledge/*.yaml` file and check the references between them."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from assistant.answering.normalise import normalise
from assistant.kb.food_list import with_composition_foods
from assistant.kb.language_schema import read_language, unknown_situation_foods
from assistant.kb.model import DEFAULT_DIRECTORY, Food, KnowledgeBase, Language, Source, Topic
from assistant.kb.nutrition_schema import read_nutrition
from assistant.kb.safety import Safety, check_flag_sources, read_safety
from assistant.kb.schema import (
    KnowledgeError,
    Problem,
    Reader,
    read_food,
    read_topic,
)
from assistant.kb.yaml_lines import LineDict, YamlProblem, load_yaml

# The public contract (SPEC.md): these ids may never disappear or be renamed.
REQUIRED_TOPICS = (
    "magnesium", "calcium", "potassium", "vitamin-d", "b-vitamins",
    "hydration", "stress", "sleep", "stimulants", "stretching",
    "twitching", "electrolytes", "comparison", "see-a-doctor", "greeting",
)  # fmt: skip
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_T = TypeVar("_T")
_Entry = tuple[object, str, int]  # (what, file, line)
_At = tuple[str, str, str]  # (owner, field, value): a reference is reported at its line
_ACROSS_FILES = "references between files, required topics and sections"
_SECTIONS = ("topics", "foods", "sources", "safety", "language", "common_words")
# Read by assistant.kb.nutrition (composition_foods.yaml is the curator tool's input only).
NUTRITION_FILES = ("composition.yaml", "composition_foods.yaml", "intakes.yaml")


@dataclass
class _Collected:
    topics: dict[str, tuple[Topic, str, int]] = field(default_factory=dict)
    foods: dict[str, tuple[Food, str, int]] = field(default_factory=dict)
    sources: dict[str, tuple[Source, str, int]] = field(default_factory=dict)
    # normalised phrase -> (owner, file, line, phrase as written)
    synonyms: dict[str, tuple[str, str, int, str]] = field(default_factory=dict)
    # normalised answer cue -> (answer, file, line, cue as written); separate from synonyms
    cues: dict[str, tuple[str, str, int, str]] = field(default_factory=dict)
    singletons: dict[str, object] = field(default_factory=dict)
    lines: dict[_At, int] = field(default_factory=dict)
    common_words: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # files that did not parse

    def claim(
        self, phrase: str, owner: str, file: str, line: int, name: bool = False, cue: bool = False
    ) -> None:
        """Record that `owner` answers to `phrase`; `name`: its title (may recur as synonym);
        `cue`: an answer's cue (a table of its own, so a cue may repeat a synonym)."""
        # a cue's numbers are its own ("99 mg" is not "4700 mg"), as when answers are chosen
        key = normalise(phrase, keep_numbers=cue)
        what = f"cue '{phrase}'" if cue else f"'{phrase}'"
        if not key:
            self.problems.append(Problem(file, line, f"{owner}: {what} has no letters"))
            return
        table = self.cues if cue else self.synonyms
        previous = table.setdefault(key, (owner, file, line, phrase))
        # Spelling variants that normalise alike ("b12", "b-12") are harmless; a phrase
        # written twice is a slip worth pointing at.
        twice = previous[2] != line and previous[3].casefold() == phrase.casefold()
        if previous[0] == owner and twice and not name:
            message = f"{owner}: {what} is listed twice (also line {previous[2]})"
            self.problems.append(Problem(file, line, message))
        elif previous[0] != owner:
            where = f"{previous[1]}:{previous[2]}"
            message = f"{what} is claimed by {owner} and by {previous[0]} ({where})"
            self.problems.append(Problem(file, line, message))


@dataclass(frozen=True, slots=True)
class Skipped(Problem):
    """Not a mistake: checks left out because a file they depend on could not be read."""

    def __str__(self) -> str:
        return f"note: {self.message}"


class _AnySource(set[str]):
    """Stands in for the known source ids while a file cannot be read: any id passes, so a
    source list that did not parse is not echoed as one problem per reference to it."""

    def __contains__(self, item: object) -> bool:
        return True


def check_knowledge(directory: Path | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Every problem in the knowledge base, and the knowledge base when there are none. A file
    that does not parse is reported once, and the checks across files are skipped (`Skipped`)."""
    directory = directory or DEFAULT_DIRECTORY
    files = sorted(p for p in directory.glob("*.yaml") if p.name not in NUTRITION_FILES)
    got = _Collected()
    if not files:
        got.problems.append(Problem(str(directory), 0, "no *.yaml files in this directory"))
    for path in files:
        _read_file(path, got)
    sources = _AnySource() if got.unreadable else set(got.sources)
    nutrition, nutrition_problems = read_nutrition(directory, sources)
    got.problems += nutrition_problems
    if got.unreadable:
        names = " and ".join(got.unreadable)
        message = f"{_ACROSS_FILES} are checked once {names} can be read"
        got.problems.append(Skipped(str(directory), 0, message))
    else:
        _check_across_files(got, directory)
    if got.problems:
        return None, got.problems
    kb = KnowledgeBase(
        topics=MappingProxyType({k: v[0] for k, v in got.topics.items()}),
        foods=with_composition_foods({k: v[0] for k, v in got.foods.items()}, nutrition),
        sources=MappingProxyType({k: v[0] for k, v in got.sources.items()}),
        safety=got.singletons["safety"],  # type: ignore[arg-type]
        language=_with_common_words(got.singletons["language"], got.common_words),  # type: ignore[arg-type]
        directory=directory,
        nutrition=nutrition,
    )
    unknown = unknown_situation_foods(kb)
    return (None, unknown) if unknown else (kb, [])


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    kb, problems = check_knowledge(directory)
    if kb is None:
        raise KnowledgeError(problems)
    return kb


def _check_across_files(got: _Collected, directory: Path) -> None:
    _check_references(got)
    for name in ("safety", "language"):
        if name not in got.singletons:
            got.problems.append(Problem(str(directory), 0, f"no file has a '{name}:' section"))
    safety = got.singletons.get("safety")
    if isinstance(safety, Safety):
        got.problems += check_flag_sources(safety, set(got.sources))


def _read_file(path: Path, got: _Collected) -> None:
    file = str(path)
    try:
        data = load_yaml(path)
    except YamlProblem as error:
        got.problems.append(Problem(file, error.line, error.message))
        got.unreadable.append(path.name)
        return
    if not isinstance(data, LineDict):
        got.problems.append(Problem(file, 1, f"top level must be one of: {', '.join(_SECTIONS)}"))
        got.unreadable.append(path.name)
        return
    root = Reader(file, data, got.problems, path.name)
    root.unknown_keys(_SECTIONS)
    _read_topics(root, got)
    _read_foods(root, got)
    _read_sources(root, got)
    got.common_words += root.texts("common_words")
    for name, read in (("safety", read_safety), ("language", read_language)):
        section = root.mapping(name, name)
        if section is not None:
            if name in got.singletons:
                section.problem(section.line(), f"a second '{name}:' section (keep one)")
            got.singletons[name] = read(section)


def _read_topics(root: Reader, got: _Collected) -> None:
    for r in root.items("topics", "topic"):
        topic = read_topic(r)
        r.what = f"topic '{topic.id}'"
        _register(got.topics, topic.id, topic, r, got)
        for phrase, line in _quiet(r).texts_with_lines("synonyms"):
            got.claim(phrase, r.what, r.file, line)
        got.claim(topic.title, r.what, r.file, r.line("title"), name=True)
        for name in ("related", "sources"):
            for value, line in _quiet(r).texts_with_lines(name):
                got.lines[(topic.id, name, value)] = line
        _register_answers(r, topic, got)


def _read_foods(root: Reader, got: _Collected) -> None:
    for r in root.items("foods", "food"):
        food = read_food(r)
        r.what = f"food '{food.slug}'"
        _register(got.foods, food.slug, food, r, got)
        for name in {food.name, food.plural}:
            got.claim(name, r.what, r.file, r.line("name"), name=True)
        for phrase, line in _quiet(r).texts_with_lines("synonyms"):
            got.claim(phrase, r.what, r.file, line)
        for value, line in _quiet(r).texts_with_lines("supplies"):
            got.lines[(food.slug, "supplies", value)] = line


def _read_sources(root: Reader, got: _Collected) -> None:
    for r in root.items("sources", "source"):
        r.unknown_keys(("id", "title", "url"))
        source = Source(r.text("id"), r.text("title"), r.text("url"))
        if source.url and not source.url.startswith("https://"):
            r.problem(r.line("url"), f"source '{source.id}': url must start with https://")
        _register(got.sources, source.id, source, r, got)


def _register_answers(r: Reader, topic: Topic, got: _Collected) -> None:
    """Line numbers of each answer's sources, its id checked, and each cue claimed once."""
    for a in _quiet(r).items("answers", "answer"):
        answer_id = str(a.data.get("id", "")).strip()
        owner = f"topic '{topic.id}' answer '{answer_id}'"
        if answer_id and not _ID.match(answer_id):
            message = f"{owner}: id must be lower-case words joined by hyphens"
            got.problems.append(Problem(r.file, a.line("id"), message))
        for value, line in a.texts_with_lines("sources"):
            got.lines[(topic.id, f"answer {answer_id} sources", value)] = line
        for cue, line in a.texts_with_lines("cues"):
            got.claim(cue, owner, r.file, line, cue=True)


def _with_common_words(language: Language, words: list[str]) -> Language:
    return dataclasses.replace(language, common_words=(*language.common_words, *words))


def _quiet(r: Reader) -> Reader:
    """The same mapping, re-read for line numbers without reporting its problems twice."""
    return Reader(r.file, r.data, [], r.what)


def _register(
    table: dict[str, tuple[_T, str, int]], key: str, value: _T, r: Reader, got: _Collected
) -> None:
    if not key:
        return
    if not _ID.match(key):
        r.problem(r.line(), f"{r.what}: '{key}' must be lower-case words joined by hyphens")
    if key in table:
        first = table[key]
        r.problem(r.line(), f"{r.what} is defined twice (first at {first[1]}:{first[2]})")
        return
    table[key] = (value, r.file, r.line())


def _problem(got: _Collected, entry: _Entry, message: str, at: _At | None = None) -> None:
    """A problem with `entry`, at the line where `at` (owner, field, value) is written."""
    line = got.lines.get(at, entry[2]) if at else entry[2]
    got.problems.append(Problem(entry[1], line, message))


def _check_references(got: _Collected) -> None:
    known = set(got.topics) | {f"food:{slug}" for slug in got.foods}
    for topic_id, entry in got.topics.items():
        _check_topic(got, topic_id, entry, known)
    for food_slug, food_entry in got.foods.items():
        _check_food(got, food_slug, food_entry)
    if got.topics:
        for required in REQUIRED_TOPICS:
            if required not in got.topics:
                message = f"required topic '{required}' is missing"
                got.problems.append(Problem("knowledge", 0, message))


def _check_topic(
    got: _Collected, topic_id: str, entry: tuple[Topic, str, int], known: set[str]
) -> None:
    topic, what = entry[0], f"topic '{topic_id}'"
    for related in topic.related:
        if related not in known:
            message = f"{what}: related topic '{related}' does not exist"
            _problem(got, entry, message, (topic_id, "related", related))
    for source in topic.sources + ((topic.intake.source,) if topic.intake else ()):
        if source not in got.sources:
            message = f"{what}: source '{source}' is not in any sources: list"
            _problem(got, entry, message, (topic_id, "sources", source))
    for answer in topic.answers:
        for source in answer.sources:
            if source not in got.sources:
                message = f"{what} answer '{answer.id}': source '{source}' is not in sources"
                _problem(got, entry, message, (topic_id, f"answer {answer.id} sources", source))
    if not topic.sources and topic.kind != "greeting":
        _problem(got, entry, f"{what}: needs at least one source")
    if sum(len(v) for v in topic.examples.values()) < 2:
        _problem(got, entry, f"{what}: needs at least two example questions")


def _check_food(got: _Collected, food_slug: str, entry: tuple[Food, str, int]) -> None:
    food, what = entry[0], f"food '{food_slug}'"
    for nutrient in food.supplies:
        target = got.topics.get(nutrient)
        if target is None or target[0].kind != "nutrient":
            message = f"{what}: supplies unknown nutrient '{nutrient}'"
            _problem(got, entry, message, (food_slug, "supplies", nutrient))
    for amount in food.amounts:
        if amount.nutrient not in food.supplies:
            _problem(got, entry, f"{what}: amount of '{amount.nutrient}' it does not supply")
        if amount.source not in got.sources:
            _problem(got, entry, f"{what}: source '{amount.source}' is not in sources")
