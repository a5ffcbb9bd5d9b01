"""The knowledge base as typed, frozen objects, loaded from `knowledge/*.yaml`.

Reading and checking the YAML lives in `assistant.kb.schema`; this module only says what the
knowledge is and where it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.kb.nutrition import Nutrition
    from assistant.kb.safety import Safety

NUTRIENT_ASPECTS = ("overview", "foods", "role", "deficiency", "intake", "safety")
# Aspects a short answer (`answers:` in a topic) may belong to; other kinds use "overview" only.
ANSWER_ASPECTS = NUTRIENT_ASPECTS
TOPIC_KINDS = ("nutrient", "lifestyle", "general", "greeting")


def _default_directory() -> Path:
    """`knowledge/`: inside the installed package (a wheel ships it as `assistant/knowledge/`),
    else at the top of the source checkout (the repository's layout, editable installs)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "knowledge"
    return installed if installed.is_dir() else package.parent / "knowledge"


DEFAULT_DIRECTORY = _default_directory()


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Intake:
    kind: str
    unit: str
    values: tuple[tuple[str, float], ...]
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class AspectText:
    short: str
    text: str


@dataclass(frozen=True, slots=True)
class TopicAnswer:
    """A short, sourced answer to one specific question within a topic ("is it ALS?")."""

    id: str
    aspect: str
    cues: tuple[str, ...]  # phrases in users' words that ask exactly this
    answer: str  # 1-3 sentences; the first carries the answer or verdict
    sources: tuple[str, ...]
    points: tuple[str, ...] = ()
    # Its cues name something only this answer covers (a brand), so it answers them whichever
    # topic the message matched ("how much potassium in Pedialyte" is not the potassium need).
    anywhere: bool = False
    # Its cue words must stand close together: "newborn twitching sleep" is not "my eye is
    # twitching ... rubbish sleep with the newborn".
    together: bool = False
    # The answer for one kind of person ("a 15-year-old boy"), opening the reply when the
    # message says who it is about; the first row that fits wins.
    by_person: tuple[PersonRow, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonRow:
    """Who a row is for: ages from-to in years (to excluded), sex, pregnancy or breastfeeding."""

    ages: tuple[float, float] = (0.0, 200.0)
    sex: str = ""  # "male", "female" or "" for both
    stage: str = ""  # "pregnant", "breastfeeding" or "" for neither
    answer: str = ""


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    kind: str
    title: str
    summary: str
    synonyms: tuple[str, ...]
    related: tuple[str, ...]
    sources: tuple[str, ...]
    examples: Mapping[str, tuple[str, ...]]
    text: str = ""
    points: tuple[str, ...] = ()
    role: AspectText | None = None
    deficiency: AspectText | None = None
    signs: tuple[str, ...] = ()
    foods_intro: str = ""
    intake: Intake | None = None
    thanks_text: str = ""  # greeting only: the answer to "thanks"
    answers: tuple[TopicAnswer, ...] = ()


@dataclass(frozen=True, slots=True)
class Amount:
    nutrient: str
    amount: str
    source: str


@dataclass(frozen=True, slots=True)
class Food:
    slug: str
    name: str
    plural: str
    synonyms: tuple[str, ...]
    group: str
    supplies: tuple[str, ...]
    amounts: tuple[Amount, ...] = ()

    @property
    def topic_id(self) -> str:
        return f"food:{self.slug}"


@dataclass(frozen=True, slots=True)
class NotCovered:
    """Something people ask about that the knowledge base does not cover ("iron")."""

    name: str
    phrases: tuple[str, ...]
    closest: tuple[str, ...]  # covered topics to offer instead


@dataclass(frozen=True, slots=True)
class Situation:
    """A situation a message tells ("on a tight budget", "no kitchen") and the foods that fit it."""

    name: str
    phrases: tuple[str, ...]
    label: str  # how a food list says it: "that cost little"
    foods: frozenset[str]  # food slugs
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Language:
    aspect_words: Mapping[str, tuple[str, ...]]
    food_list_words: tuple[str, ...]
    comparison_words: tuple[str, ...]
    off_topic_words: tuple[str, ...]
    follow_up_openers: tuple[str, ...]
    thanks_words: tuple[str, ...]
    common_words: tuple[str, ...]
    life_stage_words: tuple[str, ...] = ()
    not_covered: tuple[NotCovered, ...] = ()
    other_language_words: tuple[str, ...] = ()
    food_question_words: tuple[str, ...] = ()
    profile_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    situations: tuple[Situation, ...] = ()
    shorthand: Mapping[str, str] = field(default_factory=dict)  # "hw" -> "how"


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    topics: Mapping[str, Topic]
    foods: Mapping[str, Food]
    sources: Mapping[str, Source]
    safety: Safety
    language: Language
    directory: Path = field(default=DEFAULT_DIRECTORY, compare=False)
    # composition.yaml and intakes.yaml (assistant.kb.nutrition); empty when they are absent
    nutrition: Nutrition = field(default_factory=lambda: _no_nutrition(), compare=False)
    _supplying: dict[str, tuple[Food, ...]] = field(default_factory=dict, compare=False, repr=False)

    def foods_supplying(self, nutrient: str) -> tuple[Food, ...]:
        if nutrient not in self._supplying:  # asked per food list; the foods never change
            found = tuple(food for food in self.foods.values() if nutrient in food.supplies)
            self._supplying[nutrient] = found
        return self._supplying[nutrient]

    def title_of(self, topic_id: str) -> str:
        if topic_id.startswith("food:"):
            food = self.foods.get(topic_id.removeprefix("food:"))
            return food.name if food else topic_id
        topic = self.topics.get(topic_id)
        return topic.title if topic else topic_id


def _no_nutrition() -> Nutrition:
    from assistant.kb.nutrition import Nutrition  # late: nutrition imports this module

    return Nutrition()
