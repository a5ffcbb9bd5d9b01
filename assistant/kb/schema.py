"""Read `knowledge/*.yaml` into a `KnowledgeBase`, collecting every problem as `file:line: msg`.

Curators who do not code run `python bot.py kb check`; each message must tell them which line
to fix and how, so every check here names the field and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from types import MappingProxyType

from assistant.kb.model import (
    ANSWER_ASPECTS,
    NUTRIENT_ASPECTS,
    TOPIC_KINDS,
    Amount,
    AspectText,
    Food,
    Intake,
    PersonRow,
    Topic,
    TopicAnswer,
)
from assistant.kb.yaml_lines import LineDict, LineList


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base is invalid; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class Reader:
    """Typed access to one YAML mapping that records a Problem instead of raising."""

    def __init__(self, file: str, data: LineDict, problems: list[Problem], what: str) -> None:
        self.file, self.data, self.problems, self.what = file, data, problems, what

    def line(self, key: str | None = None) -> int:
        if key is not None and key in self.data.key_lines:
            return self.data.key_lines[key]
        return self.data.line

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(self.line(), f"{self.what}: '{key}' is missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(self.line(key), f"{self.what}: '{key}' must be text")
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem(self.line(key), f"{self.what}: '{key}' is empty")
        return text

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        return tuple(text for text, _ in self.texts_with_lines(key, required))

    def texts_with_lines(self, key: str, required: bool = False) -> list[tuple[str, int]]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(self.line(), f"{self.what}: '{key}' is missing")
            return []
        if not isinstance(value, LineList):
            self.problem(self.line(key), f"{self.what}: '{key}' must be a list (- item per line)")
            return []
        out = []
        for item, line in zip(value, value.item_lines, strict=True):
            if isinstance(item, bool):
                self.problem(
                    line,
                    f"{self.what}: in '{key}', write yes/no/on/off/true/false "
                    'in quotes, e.g. "no" (unquoted, YAML reads them as true/false)',
                )
            elif item is None:
                self.problem(
                    line,
                    f"{self.what}: an item of '{key}' is empty (a # starts a "
                    "comment: put the phrase in quotes)",
                )
            elif not isinstance(item, str | int | float) or not str(item).strip():
                self.problem(line, f"{self.what}: every item of '{key}' must be plain text")
            else:
                out.append((str(item).strip(), line))
        if required and not out:
            self.problem(self.line(key), f"{self.what}: '{key}' needs at least one item")
        return out

    def mapping(self, key: str, what: str, required: bool = False) -> Reader | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(self.line(), f"{self.what}: '{key}' is missing")
            return None
        if not isinstance(value, LineDict):
            self.problem(self.line(key), f"{self.what}: '{key}' must be a mapping (key: value)")
            return None
        return Reader(self.file, value, self.problems, what)

    def items(self, key: str, what: str) -> Iterator[Reader]:
        value = self.data.get(key)
        if value is None:
            return
        if not isinstance(value, LineList):
            self.problem(self.line(key), f"'{key}' must be a list of entries")
            return
        for item, line in zip(value, value.item_lines, strict=True):
            if isinstance(item, LineDict):
                yield Reader(self.file, item, self.problems, what)
            else:
                self.problem(line, f"each entry of '{key}' must be a mapping (key: value)")

    def unknown_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                hint = ", ".join(allowed)
                self.problem(self.line(key), f"{self.what}: unknown field '{key}' (known: {hint})")


TOPIC_FIELDS = (
    "id",
    "kind",
    "title",
    "summary",
    "synonyms",
    "related",
    "sources",
    "examples",
    "text",
    "points",
    "role",
    "deficiency",
    "foods_intro",
    "intake",
    "thanks_text",
    "answers",
)
ANSWER_FIELDS = (
    "id", "aspect", "cues", "answer", "points", "sources", "anywhere", "together", "by_person"
)  # fmt: skip
PERSON_FIELDS = ("ages", "sex", "stage", "answer")
FOOD_FIELDS = ("slug", "name", "plural", "synonyms", "group", "supplies", "amounts")


def read_topic(r: Reader) -> Topic:
    r.unknown_keys(TOPIC_FIELDS)
    kind = r.text("kind")
    if kind and kind not in TOPIC_KINDS:
        r.problem(r.line("kind"), f"{r.what}: kind '{kind}' is not one of {', '.join(TOPIC_KINDS)}")
    examples: dict[str, tuple[str, ...]] = {}
    ex = r.mapping("examples", f"{r.what} examples", required=True)
    if ex is not None:
        for aspect in ex.data:
            if aspect not in NUTRIENT_ASPECTS or (kind != "nutrient" and aspect != "overview"):
                ex.problem(ex.line(aspect), f"{r.what}: examples for unknown aspect '{aspect}'")
            examples[str(aspect)] = ex.texts(str(aspect))
    aspects: dict[str, AspectText | None] = {"role": None, "deficiency": None}
    signs: tuple[str, ...] = ()
    for name in aspects:
        part = r.mapping(name, f"{r.what} {name}", required=kind == "nutrient")
        if part is not None:
            part.unknown_keys(("short", "text", "signs"))
            aspects[name] = AspectText(short=part.text("short"), text=part.text("text"))
            signs = signs or part.texts("signs")
    intake = None
    part = r.mapping("intake", f"{r.what} intake")
    if part is not None:
        part.unknown_keys(("kind", "unit", "values", "note", "source"))
        values = part.mapping("values", f"{r.what} intake values", required=True)
        pairs: list[tuple[str, float]] = []
        for group, amount in values.data.items() if values else ():
            if isinstance(amount, bool) or not isinstance(amount, int | float):
                part.problem(
                    values.line(group) if values else 0, f"intake for '{group}' must be a number"
                )
            else:
                pairs.append((str(group), float(amount)))
        intake = Intake(
            part.text("kind"),
            part.text("unit"),
            tuple(pairs),
            part.text("note", required=False),
            part.text("source"),
        )
    return Topic(
        id=r.text("id"),
        kind=kind,
        title=r.text("title"),
        summary=r.text("summary"),
        synonyms=r.texts("synonyms"),
        related=r.texts("related"),
        sources=r.texts("sources"),
        examples=MappingProxyType(examples),
        text=r.text("text", required=kind != "nutrient"),
        points=r.texts("points"),
        role=aspects["role"],
        deficiency=aspects["deficiency"],
        signs=signs,
        foods_intro=r.text("foods_intro", required=False),
        thanks_text=r.text("thanks_text", required=False),
        intake=intake,
        answers=read_answers(r, kind),
    )


def read_answers(r: Reader, kind: str) -> tuple[TopicAnswer, ...]:
    """A topic's `answers:`; cues shared between answers and sources are checked on loading."""
    aspects = ANSWER_ASPECTS if kind == "nutrient" else ("overview",)
    answers: list[TopicAnswer] = []
    seen: dict[str, int] = {}
    for a in r.items("answers", f"{r.what} answer"):
        a.unknown_keys(ANSWER_FIELDS)
        answer_id = a.text("id")
        a.what = f"{r.what} answer '{answer_id}'"
        if answer_id in seen:
            a.problem(a.line("id"), f"{a.what} is defined twice (first at line {seen[answer_id]})")
        elif answer_id:
            seen[answer_id] = a.line("id")
        aspect = a.text("aspect")
        if aspect and aspect not in aspects:
            a.problem(
                a.line("aspect"),
                f"{a.what}: aspect '{aspect}' is not one of {', '.join(aspects)}"
                + ("" if kind == "nutrient" else f" (topics of kind '{kind}' use overview)"),
            )
        anywhere, together = a.data.get("anywhere", False), a.data.get("together", False)
        for name, value in (("anywhere", anywhere), ("together", together)):
            if not isinstance(value, bool):
                a.problem(a.line(name), f"{a.what}: '{name}' must be true or false")
        answers.append(
            TopicAnswer(
                id=answer_id,
                aspect=aspect,
                cues=a.texts("cues", required=True),
                answer=a.text("answer"),
                sources=a.texts("sources", required=True),
                points=a.texts("points"),
                anywhere=anywhere is True,
                together=together is True,
                by_person=_person_rows(a),
            )
        )
    return tuple(answers)


def _person_rows(a: Reader) -> tuple[PersonRow, ...]:
    """`by_person:` rows: `{ages: "14-19", sex: male, answer: ...}`; ages in years, the upper
    bound excluded ("0-0.25" is a newborn)."""
    rows = []
    for row in a.items("by_person", f"{a.what} by_person row"):
        row.unknown_keys(PERSON_FIELDS)
        ages = row.text("ages", required=False) or "0-200"
        low, _, high = ages.partition("-")
        try:
            span = (float(low), float(high))
        except ValueError:
            row.problem(row.line("ages"), f"{row.what}: ages must be 'from-to' in years")
            span = (0.0, 200.0)
        sex, stage = row.text("sex", required=False), row.text("stage", required=False)
        if sex not in ("", "male", "female"):
            row.problem(row.line("sex"), f"{row.what}: sex must be male or female")
        if stage not in ("", "pregnant", "breastfeeding"):
            row.problem(row.line("stage"), f"{row.what}: stage must be pregnant or breastfeeding")
        rows.append(PersonRow(span, sex, stage, row.text("answer")))
    return tuple(rows)


def read_food(r: Reader) -> Food:
    r.unknown_keys(FOOD_FIELDS)
    amounts = []
    for a in r.items("amounts", f"{r.what} amount"):
        a.unknown_keys(("nutrient", "amount", "source"))
        amounts.append(Amount(a.text("nutrient"), a.text("amount"), a.text("source")))
    name = r.text("name")
    return Food(
        slug=r.text("slug"),
        name=name,
        plural=r.text("plural", required=False) or name,
        synonyms=r.texts("synonyms"),
        group=r.text("group"),
        supplies=r.texts("supplies", required=True),
        amounts=tuple(amounts),
    )
