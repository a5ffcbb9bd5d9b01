"""The reply the assistant gives: structured for rendering, with a plain-text form.

A `Reply` is only ever built by `assistant.answering.compose`, the one place that attaches the
disclaimer; every renderer (terminal, Telegram HTML, inline cards) starts from a `Reply`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Link:
    """A public source shown under an answer."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Section:
    """A block of an answer: an optional heading, paragraphs, then bullet points."""

    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A button's worth of next step: show `topic` (and `aspect`) when pressed."""

    label: str
    topic: str
    aspect: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """One answer. `text` is the plain-text form and always ends with `disclaimer`."""

    topic: str | None
    aspect: str | None
    urgency: str | None  # "emergency", "doctor" or None
    title: str
    summary: str
    sections: tuple[Section, ...]
    disclaimer: str
    sources: tuple[Link, ...] = ()
    follow_ups: tuple[Suggestion, ...] = ()
    choices: tuple[Suggestion, ...] = ()
    text: str = field(default="", compare=False)

    @property
    def urgent(self) -> bool:
        """The message described red-flag symptoms (a doctor or an emergency)."""
        return self.urgency is not None
