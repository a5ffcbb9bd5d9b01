"""Compose replies from the knowledge base. The disclaimer is attached here, in `_finish`, and
nowhere else: every `Reply` the package hands out is built by that one function.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answering.matching import Match
from assistant.answering.reply import Link, Reply, Section, Suggestion
from assistant.kb.model import Food, KnowledgeBase, Topic

ASPECT_LABELS = {
    "foods": "Foods",
    "role": "What it does",
    "deficiency": "Signs of a shortage",
    "intake": "How much you need",
    "safety": "Too much and safety",
    "overview": "Overview",
}
MAX_FOODS_IN_OVERVIEW = 6
MAX_SOURCES = 4  # more is a wall of links under a short answer


class ReplyComposer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    # -- entry points ------------------------------------------------------------------------

    def compose(self, match: Match) -> Reply:
        if match.urgent:
            return self.urgent(match)
        if match.foreign:
            return self.foreign()
        if match.not_covered:
            return self.not_covered(match.not_covered)
        if match.topic is None:
            return self.out_of_scope(match.suggestions)
        if match.topic.startswith("food:"):
            food = self.kb.foods.get(match.topic.removeprefix("food:"))
            return self.food(food) if food else self.out_of_scope(())
        topic = self.kb.topics.get(match.topic)
        if topic is None:
            return self.out_of_scope(())
        if topic.kind == "nutrient":
            nutrients = [self.kb.topics[n] for n in match.nutrients if n in self.kb.topics]
            return self.nutrients(nutrients or [topic], match.aspect or "overview", match.choices)
        return self.general(topic, match.choices, thanks=match.thanks)

    def notice(self, paragraphs: Iterable[str], title: str = "") -> Reply:
        section = Section(heading=title or None, paragraphs=tuple(p for p in paragraphs if p))
        return _finish(self.kb, None, None, title, section.paragraphs[:1], (section,))

    # -- kinds of answer -------------------------------------------------------------------

    def nutrients(self, topics: list[Topic], aspect: str, choices: tuple[str, ...] = ()) -> Reply:
        first = topics[0]
        sections = [self._nutrient_section(topic, aspect) for topic in topics]
        if aspect == "foods" and len(topics) > 1:
            shared = [
                f.name for f in self.kb.foods.values() if all(t.id in f.supplies for t in topics)
            ]
            names = " and ".join(t.title.lower() for t in topics)
            sections.append(
                Section(f"Foods with {names}", bullets=tuple(shared))
                if shared
                else Section(paragraphs=(f"No single food in my list supplies {names} together.",))
            )
        follow_ups = [
            Suggestion(ASPECT_LABELS[a], first.id, a) for a in ASPECT_LABELS if a != aspect
        ]
        follow_ups += self._related(first)
        title = (
            first.title
            if aspect == "overview"
            else f"{first.title}: {ASPECT_LABELS[aspect].lower()}"
        )
        return _finish(
            self.kb,
            first.id,
            aspect,
            title,
            (first.summary,),
            sections,
            self._sources(t.sources for t in topics),
            follow_ups,
            self._choices(choices),
        )

    def _nutrient_section(self, topic: Topic, aspect: str) -> Section:
        name = topic.title
        if aspect == "foods":
            return Section(
                f"Where to get {name.lower() if name != name.upper() else name}",
                (topic.foods_intro,) if topic.foods_intro else (),
                self._food_bullets(topic),
            )
        if aspect == "role" and topic.role:
            return Section(f"What {name} does", (topic.role.text,))
        if aspect == "deficiency" and topic.deficiency:
            return Section(f"Signs of low {name}", (topic.deficiency.text,), topic.signs)
        paragraphs = [topic.summary]
        paragraphs += [part.short for part in (topic.role, topic.deficiency) if part]
        foods = [f.name for f in self.kb.foods_supplying(topic.id)][:MAX_FOODS_IN_OVERVIEW]
        if foods:
            paragraphs.append("Main foods: " + ", ".join(foods) + ".")
        if topic.intake:
            paragraphs.append(_intake_line(topic))
        return Section(name, tuple(paragraphs))

    def _food_bullets(self, topic: Topic) -> tuple[str, ...]:
        groups: dict[str, list[str]] = {}
        for food in self.kb.foods_supplying(topic.id):
            amount = next((a.amount for a in food.amounts if a.nutrient == topic.id), "")
            groups.setdefault(food.group, []).append(
                f"{food.name} ({amount})" if amount else food.name
            )
        return tuple(f"{group}: {', '.join(names)}" for group, names in groups.items())

    def food(self, food: Food) -> Reply:
        supplied = [self.kb.topics[n] for n in food.supplies if n in self.kb.topics]
        names = ", ".join(t.title for t in supplied)
        bullets = []
        for topic in supplied:
            amount = next((a.amount for a in food.amounts if a.nutrient == topic.id), "")
            bullets.append(
                f"{topic.title}: {amount}. {topic.summary}"
                if amount
                else f"{topic.title}: {topic.summary}"
            )
        section = Section(food.name, (f"{food.name} supplies {names}.",), tuple(bullets))
        follow_ups = [Suggestion(f"{t.title} foods", t.id, "foods") for t in supplied]
        sources = [a.source for a in food.amounts] + [s for t in supplied for s in t.sources]
        return _finish(
            self.kb,
            food.topic_id,
            "overview",
            food.name,
            (f"Supplies {names}.",),
            (section,),
            self._sources([sources]),
            follow_ups,
        )

    def general(self, topic: Topic, choices: tuple[str, ...] = (), thanks: bool = False) -> Reply:
        thanked = thanks and bool(topic.thanks_text)  # no "Hello" heading over "you're welcome"
        text = topic.thanks_text if thanked else topic.text
        paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
        section = Section(None if thanked else topic.title, paragraphs, topic.points)
        return _finish(
            self.kb,
            topic.id,
            "overview",
            topic.title,
            (topic.summary,),
            (section,),
            self._sources([topic.sources]),
            self._related(topic),
            self._choices(choices),
        )

    def urgent(self, match: Match) -> Reply:
        """Emergency: the call to make comes first, then why. Doctor: why, then what to note."""
        safety = self.kb.safety
        urgency = match.urgency or "doctor"
        advice = safety.advice(urgency)
        flags = [f for f in safety.red_flags if f.id in match.red_flags]
        labels = list(dict.fromkeys(f.label for f in flags))
        described = f"You described {_and(labels)}." if labels else ""
        why = " ".join(dict.fromkeys(f.why for f in flags[:2]))
        paragraphs: tuple[str, ...] = (f"{described} {why}".strip(), advice.text)
        if urgency == "emergency":
            call = safety.calls.get(flags[0].call if flags else "emergency", "")
            paragraphs = (call, *paragraphs)
        section = Section(advice.title, tuple(p for p in paragraphs if p), advice.points)
        return _finish(
            self.kb,
            "see-a-doctor",
            "overview",
            advice.title,
            paragraphs[:1],
            (section,),
            self._sources(f.sources for f in flags),
            urgency=urgency,
        )

    def not_covered(self, name: str) -> Reply:
        """ "I don't cover iron", with the closest topics it does cover as buttons."""
        thing = next((t for t in self.kb.language.not_covered if t.name == name), None)
        closest = self._choices(thing.closest if thing else ())
        offer = ", ".join(c.label for c in closest)
        paragraphs = (
            f"I don't cover {name}: I only know the nutrients and habits that matter for muscle "
            "twitching, so please ask a doctor or pharmacist about it.",
            f"Closest topics I can help with: {offer}." if offer else self.kb.safety.out_of_scope,
        )
        section = Section(f"I don't cover {name}", paragraphs)
        return _finish(
            self.kb, None, None, section.heading or "", paragraphs[:1], (section,), choices=closest
        )

    def foreign(self) -> Reply:
        paragraphs = (
            "Sorry, I understand English only. Please ask your question in English, for example: "
            '"which foods have magnesium?" or "how much vitamin D do I need?"',
        )
        section = Section("English only", paragraphs)
        return _finish(self.kb, None, None, "English only", paragraphs, (section,))

    def out_of_scope(self, suggestions: tuple[str, ...]) -> Reply:
        section = Section("I can't answer that one", (self.kb.safety.out_of_scope,))
        choices = self._choices(suggestions)
        if choices:
            names = ", ".join(choice.label for choice in choices)
            section = Section(section.heading, (*section.paragraphs, f"Did you mean: {names}?"))
        return _finish(
            self.kb, None, None, "Out of scope", section.paragraphs[:1], (section,), choices=choices
        )

    # -- pieces -----------------------------------------------------------------------------

    def _related(self, topic: Topic) -> list[Suggestion]:
        return [Suggestion(self.kb.title_of(r), r) for r in topic.related]

    def _choices(self, topic_ids: Iterable[str]) -> list[Suggestion]:
        return [Suggestion(self.kb.title_of(t), t) for t in topic_ids]

    def _sources(self, id_lists: Iterable[Iterable[str]]) -> list[Link]:
        """The first MAX_SOURCES distinct sources, in the order given (most specific first)."""
        ids = [i for i in dict.fromkeys(i for ids in id_lists for i in ids) if i in self.kb.sources]
        return [Link(self.kb.sources[i].title, self.kb.sources[i].url) for i in ids[:MAX_SOURCES]]


def _and(items: list[str]) -> str:
    """ "a, b and c"."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _intake_line(topic: Topic) -> str:
    intake = topic.intake
    assert intake is not None
    unit = intake.unit.removesuffix("/day")
    values = "; ".join(f"{group} {value:g} {unit}" for group, value in intake.values)
    kind = "Recommended Dietary Allowance" if intake.kind == "RDA" else "Adequate Intake"
    note = f" {intake.note}" if intake.note else ""
    return f"Daily need, adults 19–50 ({kind}): {values}.{note}"


def _finish(
    kb: KnowledgeBase,
    topic: str | None,
    aspect: str | None,
    title: str,
    summary: Iterable[str],
    sections: Iterable[Section],
    sources: Iterable[Link] = (),
    follow_ups: Iterable[Suggestion] = (),
    choices: Iterable[Suggestion] = (),
    urgency: str | None = None,
) -> Reply:
    """The only constructor of replies: attaches the disclaimer and the plain-text form."""
    sections = tuple(sections)
    sources = tuple(sources)
    disclaimer = kb.safety.disclaimer
    parts: list[str] = []
    for section in sections:
        block = [section.heading] if section.heading else []
        block += section.paragraphs
        block += [f"• {bullet}" for bullet in section.bullets]
        parts.append("\n".join(block))
    if sources:
        parts.append("Sources:\n" + "\n".join(f"• {s.title}: {s.url}" for s in sources))
    parts.append(disclaimer)
    summary_text = " ".join(summary).strip() or title
    return Reply(
        topic=topic,
        aspect=aspect,
        urgency=urgency,
        title=title or "Twitch-Relief",
        summary=summary_text,
        sections=sections,
        disclaimer=disclaimer,
        sources=sources,
        follow_ups=tuple(follow_ups),
        choices=tuple(choices),
        text="\n\n".join(p for p in parts if p),
    )
