"""Red flags: the writer describes their own symptoms that need a doctor, not a diet tip."""

from __future__ import annotations

from assistant.answering.normalise import normalise
from assistant.answering.phrases import RED_FLAG, Span
from assistant.kb.model import Safety


class RedFlagDetector:
    def __init__(self, safety: Safety, symptom_label: str) -> None:
        self._personal = frozenset(safety.personal_words)
        self._general = frozenset(safety.general_words)
        self._negation = frozenset(safety.negation_words)
        self._question_openers = frozenset(safety.question_openers)
        self._needs_symptom = frozenset(f.id for f in safety.red_flags if f.with_symptom)
        self._body_parts = {normalise(p): normalise(p).removesuffix("s") for p in safety.body_parts}
        self._spreading_parts = safety.spreading_body_parts
        self._symptom_label = symptom_label

    def flags(self, words: list[str], spans: list[Span]) -> tuple[str, ...]:
        """Ids of the red flags the message reports about the writer (or someone close)."""
        report = bool(words) and words[0] not in self._question_openers
        if not report and not self._personal.intersection(words):
            return ()  # a general question ("can low potassium cause weakness?")
        symptom = any(s.label == self._symptom_label for s in spans)
        found: list[str] = []
        for span in spans:
            if span.kind != RED_FLAG or span.name in found:
                continue
            if span.name in self._needs_symptom and not symptom:
                continue  # "for 5 years" alone is not about twitching
            if set(words[max(0, span.start - 3) : span.start]) & self._negation:
                continue  # "no weakness"
            if set(words[max(0, span.start - 2) : span.start]) & self._general:
                continue  # "cause weakness"
            found.append(span.name)
        parts = {self._body_parts[w] for w in words if w in self._body_parts}
        many_parts = bool(self._spreading_parts) and len(parts) >= self._spreading_parts
        if symptom and many_parts and "spreading" not in found:
            found.append("spreading")  # "my leg, now my arms, back and face too"
        return tuple(found)
