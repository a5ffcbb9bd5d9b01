"""Triage: does the message describe warning signs happening now, and how urgent are they?

Red flags are combinations of concepts (word families in `knowledge/safety.yaml`), so a sign
is recognised in words nobody listed as a whole ("his face looks lopsided" is face + droop).
Each concept found in the message counts only when it is reported: not denied ("no
weakness"), not asked about in general ("can low potassium cause weakness?"), not hypothetical
("what if..."), not in the past ("had a seizure as a kid") and not said in another sense
("passed out laughing").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assistant.answering.durations import (
    could_be_a_time_or_count,
    duration_days,
    is_large_count,
    years_gone_by,
)
from assistant.answering.phrases import CONCEPT, FOOD, Span
from assistant.kb.safety import RedFlag, Safety

# Cue lists go into the phrase index as concepts of their own, under these reserved names.
NEGATION, GENERAL, HYPOTHETICAL, PAST = "_negation", "_general", "_hypothetical", "_past"
MODEL = "model-emergency"  # computed by the second opinion, not by the rules
NOT_HAPPENING, FIGURATIVE = "_not_happening", "_figurative"
NEGATION_REACH = 3  # "no weakness", "dont have any weakness"
GENERAL_REACH = 2  # "cause weakness", "signs of weakness"
# "asked me to ask you if she should switch ... and she just fell and cant lift her arm": an
# "if" far back in a long unpunctuated story no longer covers what happens at its end
HYPOTHETICAL_REACH = 15
STORY_WORDS = 4  # a later sentence this long tells a story, after a general question
REGION_REACH = 10  # body parts this close to a twitch word are where it twitches
# "on omeprazole for 2 yrs", "nexium 40mg for like 3 years": the duration is the medicine's
DURATION_SUBJECT_REACH = 6
# how long these are taken is not how long the twitch lasts ("started zyn a month ago"); not
# supplements: "on magnesium 3 weeks, still twitching" is the twitch's time
_TAKEN = frozenset({"medicine", "habit", "diet-kept"})  # "been vegan for 4 years": the diet's
# "texted back", "came back": "back" after a verb is a direction, not a body part
_BACK_AS_DIRECTION = frozenset({"texted", "text", "messaged", "replied", "wrote", "called", "rang"})
_BACK_AS_DIRECTION |= {"came", "come", "comes", "coming", "went", "go", "goes", "going", "got"}
_BACK_AS_DIRECTION |= {"get", "gets", "bounced", "bounce", "fight", "fought", "looking", "looked"}
_BACK_AS_DIRECTION |= {"look", "holding", "held", "me", "him", "them", "us"}


@dataclass(frozen=True, slots=True)
class Triage:
    urgency: str | None  # "emergency", "doctor" or None
    flags: tuple[RedFlag, ...] = ()  # the flags found, most urgent first


NO_FLAGS = Triage(None)
_BARE_NO = frozenset({"no", "nope", "nah", "none", "negative"})
_CHECKLIST_WORDS = 4  # "any trouble breathing", "chest pain"
_ABSENT = frozenset({"not-waking"})  # concepts that name something missing, said with a "no"


def cue_phrases(safety: Safety) -> Iterator[tuple[str, str]]:
    """(phrase, label) pairs for the phrase index: every concept and every cue list."""
    for name, phrases in safety.concepts.items():
        yield from ((phrase, CONCEPT + name) for phrase in phrases)
    cues = safety.cues
    for name, phrases in (
        (NEGATION, cues.negation_words),
        (GENERAL, cues.general_words),
        (HYPOTHETICAL, cues.hypothetical_words),
        (PAST, cues.past_words),
        (NOT_HAPPENING, cues.not_happening_words),
        (FIGURATIVE, cues.figurative_words),
    ):
        yield from ((phrase, CONCEPT + name) for phrase in phrases)


@dataclass(frozen=True, slots=True)
class _Found:
    concept: str
    start: int
    end: int


class Triager:
    """Immutable after construction, so one instance serves many threads at once."""

    def __init__(self, safety: Safety) -> None:
        self.safety = safety
        cues = safety.cues
        self._openers = frozenset(cues.question_openers)
        self._personal = frozenset(cues.personal_words)
        self._regions = {
            word: region for region, words in safety.body_regions.items() for word in words
        }
        self._units = frozenset(safety.amount_units)
        order = {"emergency": 0, "doctor": 1}
        self._flags = sorted(safety.red_flags, key=lambda f: order[f.urgency])
        self._flags_with_concepts = tuple(
            (f, tuple(frozenset(alternative) for alternative in f.when)) for f in self._flags
        )
        self._cancelling = frozenset(c for f in safety.red_flags for c in f.unless)
        self._second_opinion = tuple(
            f for f in self._flags if f.urgency == "emergency" and (MODEL,) in f.when
        )

    def triage(
        self,
        words: list[str],
        spans: list[Span],
        clauses: list[int],
        sentences: list[int],
        text: str = "",
    ) -> Triage:
        """The rules' urgency; an emergency too when the second opinion (the learned model,
        read from the whole `text`) is sure enough and nothing says no one is ill."""
        found, told = self._by_rules(words, spans, clauses, sentences)
        model = self.safety.second_opinion
        if found.urgency == "emergency" or not told or not model or not self._second_opinion:
            return found
        return Triage("emergency", self._second_opinion) if model.is_emergency(text) else found

    def _by_rules(
        self, words: list[str], spans: list[Span], clauses: list[int], sentences: list[int]
    ) -> tuple[Triage, bool]:
        """The rules' urgency, and whether the message may tell of someone unwell now (not a
        general question, not "for my first aid class"): only then is the model asked."""
        if not words:
            return NO_FLAGS, False
        # "a handful of almonds", "the whole banana": an amount of a food is no overdose
        foods = {s.start for s in spans if s.kind == FOOD}
        found = [
            _Found(s.name, s.start, s.end)
            for s in spans
            if s.kind == CONCEPT and not (s.name == "large-amount" and foods & {s.end, s.end + 1})
        ]
        if self._general_question(words, found, clauses, sentences):
            return NO_FLAGS, False  # a general question ("can low potassium cause weakness?")
        signs = [f for f in found if not f.concept.startswith("_")]
        # a cue inside a longer sign is part of it: "went away" in "went away and came back"
        cues = [
            c
            for c in found
            if c.concept.startswith("_") and not any(_inside(c, sign) for sign in signs)
        ]
        cues += [_Found(PAST, i - 1, i + 1) for i in years_gone_by(words)]  # "in 2019"
        if any(f.concept == NOT_HAPPENING for f in cues):
            return NO_FLAGS, False  # "general question for my first aid class, nobody is sick"
        covered = {i for f in signs for i in range(f.start, f.end)}
        reported = list(signs)
        reported += self._computed(words, reported, sentences)
        reported = [f for f in reported if self._is_reported(f, cues, covered, clauses)]
        denied = _answered_no(words, sentences)  # "trouble breathing? no. chest pain? no."
        # "is he breathing? no": a "no" there is the emergency itself
        reported = [f for f in reported if sentences[f.start] not in denied or f.concept in _ABSENT]
        # every sign denied, asked about or over ("no weakness, no numbness"), or a known reason
        # beside one ("migraines with aura", "at the gym"): the rules have read the message,
        # and the model is not asked to overrule them ("not crying, just whimpering" still is)
        set_aside = bool(signs) and not any(f in reported for f in signs)
        explained = set_aside or any(f.concept in self._cancelling for f in signs)
        if not reported:
            return NO_FLAGS, not explained
        units = {"clause": clauses, "sentence": sentences, "message": [0] * len(words)}
        grouped = {scope: _by_unit(reported, unit) for scope, unit in units.items()}
        present = {f.concept for f in reported}  # only flags whose concepts were all named
        possible = (f for f, alts in self._flags_with_concepts if any(a <= present for a in alts))
        flags = tuple(f for f in possible if _fires(f, grouped[f.scope]))
        if not flags:
            return NO_FLAGS, not explained
        urgency = flags[0].urgency
        return Triage(urgency, tuple(f for f in flags if f.urgency == urgency)), not explained

    def _general_question(
        self, words: list[str], found: list[_Found], clauses: list[int], sentences: list[int]
    ) -> bool:
        """It opens like a question ("can...", "in general, is...") and names no person, but
        for one in a story that is over ("asking bc my grandad had one last yr"); a sign told
        in a later sentence is a story ("which b vitamin helps nerves? been having tingling")."""
        first = 2 if words[:2] == ["in", "general"] and len(words) > 2 else 0
        if words[first] not in self._openers:
            return False
        told = {n for n in set(sentences) if n and sentences.count(n) >= STORY_WORDS}
        if any(sentences[f.start] in told and not f.concept.startswith("_") for f in found):
            return False  # not an aside ("4700 or 2600?? confused")
        over = {clauses[f.start] for f in found if f.concept == PAST}
        return not any(w in self._personal and clauses[i] not in over for i, w in enumerate(words))

    def _is_reported(
        self, found: _Found, cues: list[_Found], covered: set[int], clauses: list[int]
    ) -> bool:
        clause = clauses[found.start]
        for cue in cues:
            if clauses[cue.start] != clause:
                continue
            before = found.start - cue.end  # words between the cue and the concept
            # "had a seizure as a kid"; what cancels a flag is dated only by a past cue after
            # it ("ECG normal last year"): one before it ended something else ("chest pain,
            # gone now and the ECG was normal")
            if cue.concept == PAST and (found.concept not in self._cancelling or before < 0):
                return False
            if cue.concept == FIGURATIVE:
                return False  # "passed out laughing": said in another sense
            if cue.concept == HYPOTHETICAL and 0 <= before < HYPOTHETICAL_REACH:
                return False  # "what if someone's face drooped"
            negates = cue.concept == NEGATION and 0 <= before < NEGATION_REACH
            if negates and not covered.intersection(range(cue.start, cue.end)):
                return False  # "no weakness" (but "not able to swallow" is a report)
            if cue.concept == GENERAL and 0 <= before < GENERAL_REACH:
                return False  # "cause weakness"
        return True

    def _computed(
        self, words: list[str], found: list[_Found], sentences: list[int]
    ) -> list[_Found]:
        """`long-duration`, `large-count` and `many-places`, where the message has them."""
        pregnant = any(f.concept == "pregnant" for f in found)
        taken = [f.start for f in found if f.concept in _TAKEN]
        twitches = [f.start for f in found if f.concept == "twitch"]
        out = []
        for i, word in enumerate(words):
            unit = words[i + 1] if i + 1 < len(words) else ""
            if not could_be_a_time_or_count(word, unit):
                continue  # neither "3 weeks", "for months" nor a count: most words
            days = duration_days(words, i, pregnant, self._personal)
            # "on omeprazole for 2 yrs": how long the medicine is taken, not the twitch
            about_a_medicine = any(
                i - DURATION_SUBJECT_REACH <= m < i and not any(m < t < i for t in twitches)
                for m in taken
            )
            if days >= self.safety.long_duration_days and not about_a_medicine:
                out.append(_Found("long-duration", i, i + 2))
            if is_large_count(words, i, self.safety.large_count, self._units):
                out.append(_Found("large-count", i, i + 1))
        if (
            words[0].isdecimal()
            and 20 <= int(words[0]) <= 42
            and words[1:2] in (["weeks"], ["wks"])
        ):
            out.append(_Found("pregnant", 0, 2))  # "31 weeks, my vision has gone blurry"
        others = [f.start for f in found if f.concept == "other-symptom"]
        seen: dict[tuple[int, str], int] = {}
        for i, word in enumerate(words):
            region = self._regions.get(word)
            if word == "back" and i and words[i - 1] in _BACK_AS_DIRECTION:
                continue
            if words[i + 1 : i + 2] in (["fine"], ["ok"], ["normal"]):
                continue  # "no face droop, arms fine, just the twitch"
            near = [abs(i - t) for t in twitches if sentences[i] == sentences[t]]
            if not region or not near or min(near) > REGION_REACH:
                continue
            if any(abs(i - o) < min(near) for o in others if sentences[i] == sentences[o]):
                continue  # "cramps in my calves ... my eye twitches": the calves cramp
            seen.setdefault((sentences[i], region), i)
        by_sentence: dict[int, list[int]] = {}
        for (sentence, _), position in seen.items():
            by_sentence.setdefault(sentence, []).append(position)
        for positions in by_sentence.values():
            if len(positions) >= 2:
                second = sorted(positions)[1]
                out.append(_Found("many-places", second, second + 1))
        return out


def _answered_no(words: list[str], sentences: list[int]) -> set[int]:
    """Short sentences answered by a bare "no" in the next one: a checklist the user went
    through ("trouble breathing? no. chest pain? no."). The concepts name the bad state, so a
    "no" after them denies it."""
    if _BARE_NO.isdisjoint(words):
        return set()  # most messages: no bare "no" to answer with
    by_sentence: dict[int, list[str]] = {}
    for word, sentence in zip(words, sentences, strict=True):
        by_sentence.setdefault(sentence, []).append(word)
    return {
        sentence
        for sentence, said in by_sentence.items()
        if len(said) <= _CHECKLIST_WORDS
        and (answer := by_sentence.get(sentence + 1))
        and answer[0] in _BARE_NO
        and set(answer) <= _BARE_NO | {"not", "really", "at", "all"}
    }


def _inside(inner: _Found, outer: _Found) -> bool:
    """`inner` lies within the longer `outer`."""
    shorter = inner.end - inner.start < outer.end - outer.start
    return shorter and outer.start <= inner.start and inner.end <= outer.end


def _by_unit(found: list[_Found], units: list[int]) -> list[dict[str, list[int]]]:
    """For each unit (clause, sentence or the message), the positions of each concept in it."""
    by_unit: dict[int, dict[str, list[int]]] = {}
    for f in found:
        by_unit.setdefault(units[f.start], {}).setdefault(f.concept, []).append(f.start)
    return list(by_unit.values())


def _fires(flag: RedFlag, by_unit: list[dict[str, list[int]]]) -> bool:
    """Whether all concepts of one of the flag's alternatives meet in one unit of its scope."""
    for concepts in by_unit:
        if any(c in concepts for c in flag.unless):
            continue
        for alternative in flag.when:
            if all(c in concepts for c in alternative) and _within(
                flag.window, [concepts[c] for c in alternative]
            ):
                return True
    return False


def _within(window: int, positions: list[list[int]]) -> bool:
    """Some choice of one position per concept spans at most `window` words (0: any)."""
    if not window or len(positions) < 2:
        return True
    return any(
        all(any(abs(p - anchor) <= window for p in others) for others in positions[1:])
        for anchor in positions[0]
    )
