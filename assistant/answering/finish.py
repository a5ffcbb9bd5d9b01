"""The one place a `Reply` is built: every reply gets the disclaimer and its plain-text form here.

Every other module of `assistant.answering` builds replies by calling `finish()`, so no reply can
leave the package without the disclaimer.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answering.reply import Link, Reply, Section, Suggestion
from assistant.kb.model import KnowledgeBase

MAX_SOURCES = 4  # more is a wall of links under a short answer


def finish(
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


def links(kb: KnowledgeBase, id_lists: Iterable[Iterable[str]]) -> list[Link]:
    """The first MAX_SOURCES distinct sources, in the order given (most specific first)."""
    ids = [i for i in dict.fromkeys(i for ids in id_lists for i in ids) if i in kb.sources]
    return [Link(kb.sources[i].title, kb.sources[i].url) for i in ids[:MAX_SOURCES]]


def suggestions(kb: KnowledgeBase, topic_ids: Iterable[str]) -> list[Suggestion]:
    return [Suggestion(kb.title_of(t), t) for t in topic_ids]
