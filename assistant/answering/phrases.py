"""Spotting the knowledge base's phrases in a message, typos and all.

Every phrase the knowledge base knows (topic and food names, synonyms, aspect words, red-flag
phrases, ...) goes into one index of word tuples, labelled with what it signals. A message is
normalised, each unknown word is corrected to the nearest word an answer can depend on
(rapidfuzz, Damerau-style edit distance), and the index is scanned, longest phrase first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.answering.normalise import normalise

# What a spotted phrase signals: the first letter of its label, the rest names which one.
TOPIC = "t"  # "tmagnesium"
FOOD = "f"  # "fspinach"
ASPECT = "a"  # "afoods"
FOOD_LIST = "l"  # asks for a list of foods ("which foods", "besides")
COMPARE = "c"  # compares ("vs", "which one")
OFF_TOPIC = "x"  # not about the human body ("car battery")
THANKS = "k"  # thanks ("thx")
CONCEPT = "o"  # a word family that red flags are made of ("odroop")
LIFE_STAGE = "s"  # who the figure is for ("pregnant", "14yo"): half a vote for `intake`
NOT_COVERED = "u"  # something the knowledge base does not cover ("uiron")
FOOD_QUESTION = "n"  # asks what is in a food ("nutrients", "nutrition facts")

# Where a message breaks into sentences and clauses; triage reads each warning sign in its own
# clause ("had a seizure as a kid, now my eye twitches"). A dot between digits is a decimal.
_SENTENCE_BREAK = re.compile(r"(?<!\d)[.!?]+|[.!?]+(?!\d)|\n+")
# "had surgery last year and for a few weeks now my fingers tingle": "and now", "and for a
# few weeks" start a clause of their own, so "last year" dates only the surgery
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]]|\bbut\b|\bhowever\b|(?=\band now\b)"
    r"|(?=\band for (?:a few|the past|the last|some|several|\d+) )",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Span:
    """Words [start, end) of the message are a phrase with this label."""

    start: int
    end: int
    label: str

    @property
    def kind(self) -> str:
        return self.label[0]

    @property
    def name(self) -> str:
        return self.label[1:]


@dataclass(slots=True)
class Segmented:
    """A message's words with the clause and sentence each stands in, and which sentence asks."""

    words: list[str]
    clauses: list[int]
    sentences: list[int]
    question: int  # the sentence that carries the question

    def in_question(self, position: int) -> bool:
        return self.sentences[position] == self.question


def _is_unit(keys: list[str], start: int, label: str) -> bool:
    """A short topic name right after a number is a unit: "400 mg" is not magnesium."""
    word = keys[start]
    return label[0] == TOPIC and start > 0 and keys[start - 1] == "#" and len(word) <= 2


def _ends(text: str) -> list[str]:
    """The punctuation that ends each part of `_SENTENCE_BREAK.split(text)` ("" for the last)."""
    return [*(m.group() for m in _SENTENCE_BREAK.finditer(text)), ""]


class PhraseIndex:
    """Immutable once built, so one instance serves many threads at once."""

    def __init__(
        self,
        labelled: Iterable[tuple[str, str]],
        known_words: Iterable[str],
        exact_kinds: frozenset[str] = frozenset({OFF_TOPIC}),
        shorthand: Mapping[str, str] | None = None,
    ) -> None:
        self._shorthand = dict(shorthand or {})  # "hw" -> "how", spelled out first
        self._index: dict[tuple[str, ...], list[str]] = {}
        # a "*" phrase with the words it needs: it is tried only on messages that have them all
        self._patterns: list[tuple[re.Pattern[str], str, frozenset[str]]] = []
        for phrase, label in labelled:
            self._add(phrase, label)
        # Typos are never corrected towards words of `exact_kinds` only ("hone" is not "phone").
        corrected = {
            word
            for key, labels in self._index.items()
            if any(label[0] not in exact_kinds for label in labels)
            for word in key
        }
        # Glued words are split only where the two halves follow each other in some phrase.
        self._pairs = frozenset(pair for key in self._index for pair in pairwise(key))
        # the lengths of the phrases that start with a word, longest first: only those are tried
        lengths: dict[str, set[int]] = {}
        for key in self._index:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths_from = {w: sorted(n, reverse=True) for w, n in lengths.items()}
        # Red-flag words are listed once, as written in the YAML; "droops" is "droop" to triage.
        self._concept_words = {
            key[0]: [label for label in labels if label[0] == CONCEPT]
            for key, labels in self._index.items()
            if len(key) == 1 and any(label[0] == CONCEPT for label in labels)
        }
        # Known words are left alone; unknown ones are corrected only towards words that can
        # change an answer, never towards an everyday word.
        phrase_words = {word for phrase in self._index for word in phrase}
        self._known = frozenset(phrase_words.union(known_words))
        self._targets = sorted(w for w in corrected if w.isalpha() and len(w) >= 3)
        self._phrase_words = frozenset(corrected)
        self.correct = lru_cache(maxsize=50_000)(self._correct)

    def _add(self, phrase: str, label: str) -> None:
        if "*" in phrase:  # "what is * for": the star stands for one to three words
            literal = [normalise(part) for part in phrase.split("*")]
            parts = [re.escape(part) for part in literal]
            pattern = r"(?:[\w#]+ ){0,2}[\w#]+".join(f" {p} " if p else " " for p in parts)
            needed = frozenset(" ".join(literal).split())
            self._patterns.append((re.compile(pattern.replace("  ", " ")), label, needed))
            return
        # "#" stands for any number ("for # weeks"), as numbers are looked up in spans().
        words = normalise(phrase.replace("#", " 0 "), keep_numbers=True).split()
        key = tuple("#" if word.isdecimal() else word for word in words)
        if key:
            labels = self._index.setdefault(key, [])
            if label not in labels:
                labels.append(label)
                # The thing the phrase names exactly comes first: "quinoa" is food:quinoa
                # before the whole grains that list it as a synonym.
                labels.sort(key=lambda found: found[1:].replace("-", " ") != " ".join(key))

    def _correct(self, word: str) -> str:
        """The phrase word closest to `word`, or `word` itself when nothing is close enough."""
        if word in self._known or len(word) < 4 or not word.isalpha():
            return word
        for suffix, replacement in (("ies", "y"), ("s", ""), ("es", ""), ("ing", ""), ("ed", "")):
            stem = word.removesuffix(suffix) + replacement
            if stem != word and stem in self._known:
                return stem
        glued = self._unglue(word)
        if glued:
            return glued
        # One edit in words of 4-8 letters, two from 9 letters on ("magnisium", "potasum");
        # cut-offs sit just under the exact ratios, which floats can miss.
        cutoff = 0.74 if len(word) == 4 else 0.76 if len(word) >= 9 else 0.79
        best = process.extractOne(
            word, self._targets, scorer=OSA.normalized_similarity, score_cutoff=cutoff
        )
        return best[0] if best else word

    def _unglue(self, word: str) -> str:
        """Two words typed without a space ("vitamind", "whatfoods", "signsof"), or ""."""
        for cut in range(len(word) - 1, 1, -1):
            left, right = word[:cut], word[cut:]
            if (left, right) in self._pairs or (
                min(len(left), len(right)) >= 4 and {left, right} <= self._phrase_words
            ):
                return f"{left} {right}"  # "vitamind", "magnesiumfoods"
        return ""

    def words(self, text: str) -> list[str]:
        """The message's normalised words, each typo corrected; numbers kept as digits."""
        raw = normalise(text, keep_numbers=True).split()
        spelled = (w for word in raw for w in self._shorthand.get(word, word).split())
        return [part for word in spelled for part in self.correct(word).split()]

    def segments(self, text: str) -> Segmented:
        """`words(text)`, with the clause and the sentence each word stands in (numbered)."""
        out = Segmented([], [], [], -1)
        clause = sentence = 0
        asked = -1
        for part, end in zip(_SENTENCE_BREAK.split(text), _ends(text), strict=False):
            found_any = False
            for piece in _CLAUSE_BREAK.split(part):
                found = self.words(piece)
                if found:
                    out.words.extend(found)
                    out.clauses.extend([clause] * len(found))
                    out.sentences.extend([sentence] * len(found))
                    clause += 1
                    found_any = True
            if found_any:
                asked = sentence if "?" in end else asked
                sentence += 1
        # The question part: the last sentence with a question mark, else the last sentence.
        out.question = asked if asked >= 0 else sentence - 1
        return out

    def spans(self, words: list[str]) -> list[Span]:
        """Every phrase in `words`, without those nested in a longer one of the same kind."""
        keys = ["#" if word.isdecimal() else word for word in words]  # "for # months"
        spans: list[Span] = []
        for start, key in enumerate(keys):
            if key not in self._lengths_from:
                spans.extend(Span(start, start + 1, label) for label in self._inflected(key))
            for length in self._lengths_from.get(key, ()):
                if start + length > len(keys):
                    continue
                for label in self._index.get(tuple(keys[start : start + length]), ()):
                    if not (length == 1 and _is_unit(keys, start, label)):
                        spans.append(Span(start, start + length, label))
        if self._patterns:
            padded = f" {' '.join(keys)} "
            present = set(keys)
            for pattern, label, needed in self._patterns:
                if not needed <= present:
                    continue
                for found in pattern.finditer(padded):
                    first = padded.count(" ", 0, found.start() + 1) - 1
                    spans.append(Span(first, first + found.group().count(" ") - 1, label))
        return _without_nested(spans)

    def _inflected(self, word: str) -> list[str]:
        """The concept labels of `word`'s stem ("droops" -> droop), when the word has none."""
        if len(word) < 5 or not word.isalpha():
            return []
        for suffix, replacement in _INFLECTIONS:
            if word.endswith(suffix):
                labels = self._concept_words.get(word[: -len(suffix)] + replacement)
                if labels:
                    return labels
        return []


_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""))  # "droops", "sags", "twitches"


def _without_nested(spans: list[Span]) -> list[Span]:
    """Drop a span inside a longer span of the same kind ("vitamin d" beats "vitamin").

    Concepts and aspects are compared by name instead: "cant breathe" is both a breathing
    problem and the words "cant" (difficulty) and "breathe" (breath), and triage needs each.
    """
    groups: dict[str, list[Span]] = {}
    for span in spans:
        # Concepts and aspects nest only within one name: "what is * for" (role) must not hide
        # "upper limit" (safety) inside it.
        by_label = span.kind in (CONCEPT, ASPECT)
        groups.setdefault(span.label if by_label else span.kind, []).append(span)
    hidden: set[Span] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        for span in group:
            length = span.end - span.start
            if any(
                o.start <= span.start and span.end <= o.end and o.end - o.start > length
                for o in group
            ):
                hidden.add(span)
    return [span for span in spans if span not in hidden] if hidden else spans
