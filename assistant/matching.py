"""From a user's words to (topic, aspect, urgent): typo-tolerant phrase spotting plus rules.

Every phrase the knowledge base knows (topic and food names, synonyms, aspect words, red-flag
phrases) goes into one index of word tuples. A message is normalised, each unknown word is
corrected to its nearest known word (rapidfuzz, Damerau-style edit distance), and the index is
scanned for phrases, longest first. The SPEC's rules where topics meet are then applied in
`decide()`. Messages that name nothing fall back to fuzzy similarity with example questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from assistant.knowledge import KnowledgeBase
from assistant.normalise import normalise

# Topic ids with a role in the SPEC's rules (a public contract, so safe to name here).
URGENT_TOPIC = "see-a-doctor"
SYMPTOM_TOPIC = "twitching"
GREETING_TOPIC = "greeting"
COMPARISON_TOPIC = "comparison"
ASPECT_PRIORITY = ("foods", "deficiency", "role", "overview")  # wins a tie, best first

# Fuzzy fallback on example questions (rapidfuzz scores, 0-100), tuned on tests/data/questions.
EXAMPLE_ACCEPT = 72.0
EXAMPLE_SUGGEST = 60.0
CLOSE_CALL = 3.0


@dataclass(frozen=True, slots=True)
class Match:
    topic: str | None
    aspect: str | None
    urgent: bool = False
    nutrients: tuple[str, ...] = ()  # every nutrient named, in order (answers cover them all)
    choices: tuple[str, ...] = ()  # close topics to ask about; `topic` is the best guess
    red_flags: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()  # "did you mean" when out of scope


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str


def _spans_without_nested(spans: list[_Span]) -> list[_Span]:
    """Drop a span inside a longer span of the same family ("vitamin d" beats "vitamin")."""

    def hides(other: _Span, span: _Span) -> bool:
        return (
            other.label[0] == span.label[0]
            and other.start <= span.start
            and span.end <= other.end
            and (other.end - other.start) > (span.end - span.start)
        )

    return [span for span in spans if not any(hides(other, span) for other in spans)]


class Matcher:
    """Immutable after construction, so one instance serves many threads at once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._index: dict[tuple[str, ...], set[str]] = {}
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        for topic in kb.topics.values():
            for phrase in (topic.id.replace("-", " "), topic.title, *topic.synonyms):
                self._add(phrase, "t" + topic.id)
        for food in kb.foods.values():
            for phrase in (food.name, food.plural, food.slug.replace("-", " "), *food.synonyms):
                self._add(phrase, "f" + food.slug)
        for aspect, phrases in kb.language.aspect_words.items():
            for phrase in phrases:
                self._add(phrase, "a" + aspect)
        for phrase in kb.language.food_list_words:
            self._add(phrase, "l")
        for phrase in kb.language.comparison_words:
            self._add(phrase, "c")
        for phrase in kb.language.off_topic_words:
            self._add(phrase, "x")
        for flag in kb.safety.red_flags:
            for phrase in flag.phrases:
                self._add(phrase, "r" + flag.id)
        self._longest = max((len(k) for k in self._index), default=1)
        self._personal = frozenset(kb.safety.personal_words)
        self._general = frozenset(kb.safety.general_words)
        self._negation = frozenset(kb.safety.negation_words)
        self._question_openers = frozenset(kb.safety.question_openers)
        self._needs_symptom = frozenset(f.id for f in kb.safety.red_flags if f.with_symptom)
        self._body_parts = {
            normalise(p): normalise(p).removesuffix("s") for p in kb.safety.body_parts
        }

        self._examples: list[str] = []
        self._example_labels: list[tuple[str, str]] = []
        for topic in kb.topics.values():
            for aspect, questions in topic.examples.items():
                for question in questions:
                    self._examples.append(normalise(question))
                    self._example_labels.append((topic.id, aspect))

        # Known words are left alone; unknown ones are corrected only towards words that can
        # change an answer (names, synonyms, aspect and red-flag words), never towards an
        # everyday word, so "construction" cannot become "contraction" by way of "instruction".
        phrase_words = {word for phrase in self._index for word in phrase}
        known = phrase_words | set(kb.language.common_words)
        known.update(word for example in self._examples for word in example.split())
        self._vocabulary = frozenset(known)
        self._targets = sorted(word for word in phrase_words if word.isalpha() and len(word) >= 3)
        self.correct = lru_cache(maxsize=50_000)(self._correct)

    def _add(self, phrase: str, label: str) -> None:
        if "*" in phrase:  # "what is * for": the star stands for one to three words
            parts = [re.escape(normalise(part)) for part in phrase.split("*")]
            pattern = r"(?:\w+ ){0,2}\w+".join(f" {p} " if p else " " for p in parts)
            self._patterns.append((re.compile(pattern.replace("  ", " ")), label))
            return
        key = tuple(normalise(phrase).split())
        if key:
            self._index.setdefault(key, set()).add(label)

    # -- words -----------------------------------------------------------------------------

    def _correct(self, word: str) -> str:
        """The known word closest to `word`, or `word` itself when nothing is close enough."""
        if word in self._vocabulary or len(word) < 4 or not word.isalpha():
            return word
        for suffix, replacement in (("ies", "y"), ("s", ""), ("es", ""), ("ing", "")):
            stem = word.removesuffix(suffix) + replacement
            if stem != word and stem in self._vocabulary:
                return stem
        # One edit in words of 4-8 letters, two from 9 letters on ("magnisium", "potasum");
        # cut-offs sit just under the exact ratios, which floats can miss.
        cutoff = 0.74 if len(word) == 4 else 0.76 if len(word) >= 9 else 0.79
        best = process.extractOne(
            word, self._targets, scorer=OSA.normalized_similarity, score_cutoff=cutoff
        )
        return best[0] if best else word

    def words(self, text: str) -> list[str]:
        return [self.correct(word) for word in normalise(text).split()]

    def _spans(self, words: list[str]) -> list[_Span]:
        spans = []
        for start in range(len(words)):
            for length in range(min(self._longest, len(words) - start), 0, -1):
                for label in self._index.get(tuple(words[start : start + length]), ()):
                    spans.append(_Span(start, start + length, label))
        if self._patterns:
            padded = f" {' '.join(words)} "
            for pattern, label in self._patterns:
                for found in pattern.finditer(padded):
                    first = padded.count(" ", 0, found.start() + 1) - 1
                    spans.append(_Span(first, first + found.group().count(" ") - 1, label))
        return _spans_without_nested(spans)

    # -- decisions -------------------------------------------------------------------------

    def match(self, text: str, last_topic: str | None = None) -> Match:
        words = self.words(text)
        spans = self._spans(words)
        flags = self._red_flags(words, spans)
        if flags:
            return Match(URGENT_TOPIC, "overview", urgent=True, red_flags=flags)
        return self.decide(words, spans, last_topic)

    def _red_flags(self, words: list[str], spans: list[_Span]) -> tuple[str, ...]:
        report = bool(words) and words[0] not in self._question_openers
        if not report and not self._personal.intersection(words):
            return ()  # a general question ("can low potassium cause weakness?")
        symptom = any(s.label == "t" + SYMPTOM_TOPIC for s in spans)
        found: list[str] = []
        for span in spans:
            flag = span.label[1:]
            if (
                span.label[0] != "r"
                or flag in found
                or (flag in self._needs_symptom and not symptom)
            ):
                continue
            if set(words[max(0, span.start - 3) : span.start]) & self._negation:
                continue  # "no weakness"
            if set(words[max(0, span.start - 2) : span.start]) & self._general:
                continue  # "cause weakness"
            found.append(flag)
        parts = {self._body_parts[w] for w in words if w in self._body_parts}
        threshold = self.kb.safety.spreading_body_parts
        if symptom and threshold and len(parts) >= threshold and "spreading" not in found:
            found.append("spreading")
        return tuple(found)

    def decide(self, words: list[str], spans: list[_Span], last_topic: str | None) -> Match:
        topics = _ordered(s.label[1:] for s in spans if s.label[0] == "t")
        foods = _ordered(s.label[1:] for s in spans if s.label[0] == "f")
        aspect = self._aspect(spans)
        kinds = {t: self.kb.topics[t].kind for t in topics}
        nutrients = tuple(t for t in topics if kinds[t] == "nutrient")
        others = [t for t in topics if kinds[t] in ("lifestyle", "general")]
        wants_food_list = any(s.label == "l" for s in spans)

        if any(s.label == "x" for s in spans):
            return Match(None, None)  # "magnesium for my car battery"
        specific = [t for t in others if t not in (SYMPTOM_TOPIC, COMPARISON_TOPIC)]
        compares = any(s.label == "c" for s in spans)
        if len(nutrients) > 1 and (compares or aspect == "overview"):
            return Match(COMPARISON_TOPIC, "overview", nutrients=nutrients)
        if nutrients:
            about_food = aspect in ("overview", "foods") and not any(
                s.label == "aoverview" for s in spans
            )
            if len(foods) == 1 and len(nutrients) == 1 and about_food and not wants_food_list:
                return Match(
                    "food:" + foods[0], "overview", nutrients=nutrients
                )  # "is tofu good for calcium"
            return Match(
                nutrients[0], "foods" if foods and wants_food_list else aspect, nutrients=nutrients
            )
        if foods:
            return Match("food:" + foods[0], "overview")
        if COMPARISON_TOPIC in others and not nutrients and not specific:
            return Match(COMPARISON_TOPIC, "overview")
        if specific:
            counts = {t: sum(1 for s in spans if s.label == "t" + t) for t in specific}
            ranked = sorted(specific, key=lambda t: -counts[t])  # stable: first named wins ties
            close = (
                tuple(ranked[:2])
                if len(ranked) > 1 and counts[ranked[0]] == counts[ranked[1]]
                else ()
            )
            return Match(ranked[0], "overview", choices=close)
        if others:
            return Match(others[0], "overview")
        if last_topic and (aspect != "overview" or _is_follow_up(words)):
            return self._follow_up(last_topic, aspect)
        if GREETING_TOPIC in topics:
            return Match(GREETING_TOPIC, "overview")
        return self._by_examples(" ".join(words))

    def _aspect(self, spans: list[_Span]) -> str:
        counts = {aspect: 0.0 for aspect in ASPECT_PRIORITY}
        for span in spans:
            if span.label[0] == "a":
                # Overview words ("supplement", "how much") only outvote a stray aspect word.
                counts[span.label[1:]] += 0.5 if span.label == "aoverview" else 1.0
        best = max(ASPECT_PRIORITY, key=lambda a: (counts[a], -ASPECT_PRIORITY.index(a)))
        return best if counts[best] else "overview"

    def _follow_up(self, last_topic: str, aspect: str) -> Match:
        topic = self.kb.topics.get(last_topic)
        if topic is not None and topic.kind == "nutrient":
            return Match(last_topic, aspect, nutrients=(last_topic,))
        if topic is not None or last_topic.removeprefix("food:") in self.kb.foods:
            return Match(last_topic, "overview")
        return Match(None, None)

    def _by_examples(self, text: str) -> Match:
        if not text:
            return Match(None, None)
        ranked = process.extract(text, self._examples, scorer=fuzz.token_sort_ratio, limit=12)
        best_by_topic: dict[str, tuple[float, str]] = {}
        for _, score, index in ranked:
            topic, aspect = self._example_labels[index]
            best_by_topic.setdefault(topic, (score, aspect))
        order = sorted(best_by_topic, key=lambda t: -best_by_topic[t][0])
        if order and best_by_topic[order[0]][0] >= EXAMPLE_ACCEPT:
            top, (score, aspect) = order[0], best_by_topic[order[0]]
            rival = order[1] if len(order) > 1 else None
            close = rival is not None and score - best_by_topic[rival][0] < CLOSE_CALL
            nutrients = (top,) if self.kb.topics[top].kind == "nutrient" else ()
            return Match(
                top, aspect, nutrients=nutrients, choices=(top, rival) if close and rival else ()
            )
        suggestions = tuple(
            t for t in order[:3] if best_by_topic[t][0] >= EXAMPLE_SUGGEST and t != GREETING_TOPIC
        )
        return Match(None, None, suggestions=suggestions)


def _ordered(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(labels))


_FOLLOW_UP_OPENERS = frozenset({"and", "what", "which", "how", "then", "also", "so", "ok", "okay"})


def _is_follow_up(words: list[str]) -> bool:
    return 0 < len(words) <= 4 and words[0] in _FOLLOW_UP_OPENERS
