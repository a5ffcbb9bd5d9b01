"""The public face of the core: `Assistant.load()` and `Assistant.answer()`."""

from __future__ import annotations

from pathlib import Path

from assistant.answering.compose import ReplyComposer
from assistant.answering.match import Match
from assistant.answering.matching import Matcher
from assistant.answering.normalise import normalise
from assistant.answering.reply import Reply
from assistant.kb.load import load_knowledge
from assistant.kb.model import KnowledgeBase

# Telegram caps messages at 4096 characters; anything longer is pasted text, and matching
# more of it only costs time.
MAX_WORDS_MATCHED = 300


class Assistant:
    """Answers questions from one knowledge base. Immutable, so safe across threads and tasks."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(kb)
        self.composer = ReplyComposer(kb)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Assistant:
        """Load and check `knowledge/` (or `path`); raises KnowledgeError listing every problem."""
        return cls(load_knowledge(Path(path) if path is not None else None))

    def match(self, message: str, last_topic: str | None = None) -> Match:
        text = " ".join(message.split()[:MAX_WORDS_MATCHED])
        return self.matcher.match(text, last_topic)

    def answer(self, message: str, last_topic: str | None = None) -> Reply:
        """The reply to a user's message; `last_topic` is the chat's previous topic, if any."""
        return self.composer.compose(self.match(message, last_topic))

    def show(self, topic: str, aspect: str | None = None) -> Reply:
        """The reply for a topic chosen from a button (no matching involved)."""
        return self.composer.show(topic, aspect or "overview")

    def notice(self, *paragraphs: str, title: str = "") -> Reply:
        """Any message that is not an answer (welcome, confirmation, error), disclaimer included."""
        return self.composer.notice(paragraphs, title)

    def reminder(self, kind: str, index: int) -> Reply:
        """A reminder message for `kind` (a topic id), with the `index`-th tip in rotation."""
        topic = self.kb.topics.get(kind)
        if topic is None or not topic.points:
            return self.notice(f"Time for your {kind} habit.", title="Reminder")
        tip = topic.points[index % len(topic.points)]
        return self.notice(tip, title=f"{topic.title} reminder")

    def topic_titles(self) -> list[tuple[str, str]]:
        """Every topic a user can browse, as (id, title), nutrients first."""
        order = {"nutrient": 0, "lifestyle": 1, "general": 2}
        topics = [t for t in self.kb.topics.values() if t.kind in order]
        return [(t.id, t.title) for t in sorted(topics, key=lambda t: order[t.kind])]

    @staticmethod
    def normalise(text: str) -> str:
        """The form in which unanswered questions are counted (no names, case or punctuation)."""
        return normalise(text)
