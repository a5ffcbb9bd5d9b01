"""TEMPORARY STUB of the public API, replaced by the real implementation shortly."""

from __future__ import annotations

from pathlib import Path

from assistant.reply import Reply, Section, Suggestion

DISCLAIMER = (
    "This is general information, not medical advice. Please consult a doctor or another "
    "qualified health professional about your own situation."
)


def _reply(topic: str | None, aspect: str | None, title: str, body: str, urgent: bool = False,
           choices: tuple[Suggestion, ...] = ()) -> Reply:
    sections = (Section(heading=title, paragraphs=(body,)),)
    return Reply(topic=topic, aspect=aspect, urgent=urgent, title=title, summary=body[:80],
                 sections=sections, disclaimer=DISCLAIMER, choices=choices,
                 follow_ups=(Suggestion("Foods", topic or "magnesium", "foods"),),
                 text=f"{title}\n\n{body}\n\n{DISCLAIMER}")


class Assistant:
    @classmethod
    def load(cls, path: str | Path | None = None) -> Assistant:
        return cls()

    def answer(self, message: str, last_topic: str | None = None) -> Reply:
        low = message.lower()
        if "potassium" in low:
            return _reply("potassium", "foods", "Potassium", "Bananas, sweet potatoes, spinach.")
        if "weather" in low:
            return _reply(None, None, "Sorry", "I can only answer questions about twitching.")
        return _reply("magnesium", "overview", "Magnesium", "Magnesium helps muscles relax.")

    def show(self, topic: str, aspect: str | None = None) -> Reply:
        return _reply(topic, aspect or "overview", topic.title(), f"About {topic}.")

    def notice(self, *paragraphs: str, title: str = "") -> Reply:
        return _reply(None, None, title, "\n\n".join(paragraphs))

    def reminder(self, kind: str, index: int) -> Reply:
        return _reply(kind, "overview", f"{kind.title()} reminder", f"Tip {index} for {kind}.")

    def topic_titles(self) -> list[tuple[str, str]]:
        return [("magnesium", "Magnesium"), ("potassium", "Potassium"), ("hydration", "Hydration")]
