"""The short written answers of a topic (`answers:` in the knowledge base), chosen by their cues:
an answer whose cue words the message uses, in any order, opens the reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from assistant.answering.match import Match
from assistant.answering.normalise import normalise
from assistant.answering.profile import ADULT_AGE, Profile
from assistant.kb.model import Topic, TopicAnswer

# A person's need asked for is not displaced by an answer written for another aspect.
FIGURE_ASPECTS = ("intake",)
# Words too common in cues to tell one answer from another: function words and the nutrients
_LITTLE = frozenset({"a", "an", "the", "and", "or", "for", "of", "in", "on", "to", "with", "vs",
                     "how", "much", "many", "what", "whats", "can", "should", "per", "day",
                     "are", "be", "im",
                     "is", "it", "do", "doe", "does", "i", "my", "help", "magnesium",
                     "calcium", "potassium", "vitamin", "d", "b12", "b6", "folate", "folic",
                     "acid"})  # fmt: skip
_REFUSAL = frozenset({"allergy", "free", "intolerant", "intolerance", "instead"})
_NEAR = 4  # a `together` answer's cue: at most this many other words among its words
_SITUATION = 2.0  # telling words of a cue written for one situation
NAMES = "|"  # in `cue_words`: the names of the foods named follow, standing anywhere


def cue_answer(
    topic: Topic,
    aspect: str,
    words: tuple[str, ...],
    avoided: tuple[str, ...] = (),
    only_aspect: bool = False,
    beside_figure: bool = False,
) -> TopicAnswer | None:
    """The topic's short answer whose cue the message uses (all the cue's words, any order),
    unless the cue is about a food the message refuses ("NOT spinach"). `beside_figure`: an
    answer of any aspect, to follow a figure already given ("how much b12, I'm vegan")."""
    every = {_singular(w) for w in words}
    said = every - {_singular(w) for a in avoided for w in a.split("-")}  # "soy-milk" refused
    places = _places(words)
    fitting = [a for a in topic.answers if a.aspect == aspect]
    if beside_figure or (
        aspect not in FIGURE_ASPECTS and not only_aspect
    ):  # a figure asked for is not displaced by another answer
        fitting += [a for a in topic.answers if a.aspect != aspect]
    elif aspect in FIGURE_ASPECTS and not only_aspect:
        # unless written for a particular situation ("gastric bypass b12": 2 telling words)
        fitting += [a for a in topic.answers if a.aspect != aspect and a.anywhere
                    and _used(a, every, said, places) >= _SITUATION]  # fmt: skip
    # The asked aspect's first answer in the curator's order; another aspect's answer only when
    # its cue is more specific ("doc said magnesium normal" is not "magnesium for twitching").
    # An answer about a named product ("5 hour energy") outranks a general one ("how much
    # caffeine"); sorted() keeps the curator's order within each group.
    own = sorted((a for a in fitting if a.aspect == aspect), key=lambda a: not a.anywhere)
    matched = [(a, n) for a in own if (n := _used(a, every, said, places))]
    # the most telling cue of the asked aspect; equals keep the curator's order
    same = max(matched, key=lambda pair: int(pair[1]), default=None)
    others = [(a, n) for a in fitting if a.aspect != aspect if (n := _used(a, every, said, places))]
    other = max(others, key=lambda pair: pair[1], default=None)  # max keeps the first of equals
    # the asked aspect keeps ties of telling words (the little words only rank within a group)
    if same is not None and (other is None or int(same[1]) >= int(other[1])):
        return same[0]
    return other[0] if other is not None else None


def _used(
    answer: TopicAnswer, every: set[str], said: set[str], places: Mapping[str, list[int]]
) -> float:
    """How specific the most specific cue of `answer` the message uses is (0: none): its
    telling words count, and the little ones ("for", "magnesium") only break ties, so "epsom
    salt bath" outranks "magnesium for twitches". A cue about the refusal itself ("milk
    protein allergy") may name the refused food."""
    if _cue_starts(answer.cues).isdisjoint(every):
        return 0  # no cue's first word is said: most answers, checked cheaply
    return max(
        (
            _specificity(w)
            for w in _cue_sets(answer.cues)
            if w <= (every if _REFUSAL & w else said) and (not answer.together or _near(w, places))
        ),
        default=0,
    )


@lru_cache(maxsize=256)
def _places(words: tuple[str, ...]) -> Mapping[str, list[int]]:
    """Where each word stands in the message; the food names after `NAMES` stand nowhere
    (cached: one message's words are placed once, however many cues are checked)."""
    places: dict[str, list[int]] = {}
    for place, word in enumerate(words):
        if word == NAMES:
            break
        places.setdefault(_singular(word), []).append(place)
    return places


def _near(cue: frozenset[str], places: Mapping[str, list[int]]) -> bool:
    """Whether one of each of the cue's words stands in a stretch of the message at most
    `_NEAR` words longer than the cue (a sliding window over where they stand)."""
    stands = sorted((place, word) for word in cue for place in places.get(word, ()))
    wanted = {word for _, word in stands}
    held: dict[str, int] = {}
    start = 0
    for place, word in stands:
        held[word] = held.get(word, 0) + 1
        while len(held) == len(wanted):
            first, first_word = stands[start]
            if place - first < len(cue) + _NEAR:
                return True
            held[first_word] -= 1
            if not held[first_word]:
                del held[first_word]
            start += 1
    return not wanted


def _specificity(cue: frozenset[str]) -> float:
    """Telling words count; the little ones ("for", "how much") only break ties."""
    return len(cue - _LITTLE) + len(cue) / 100


@lru_cache(maxsize=1024)
def _cue_sets(cues: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(_cue_words(cue) for cue in cues)


@lru_cache(maxsize=1024)
def _cue_starts(cues: tuple[str, ...]) -> frozenset[str]:
    """One word of each cue (a message without any of them uses none of the cues)."""
    return frozenset(min(words) for words in _cue_sets(cues) if words)


@lru_cache(maxsize=4096)
def _cue_words(cue: str) -> frozenset[str]:
    # numbers kept: "5 hour energy" names a drink, and "50000 iu" is not any dose
    return frozenset(_singular(w) for w in normalise(cue, keep_numbers=True).split())


def _singular(word: str) -> str:
    """ "units" and "unit" meet: the matcher may have corrected one into the other."""
    if word.endswith("sses"):  # "glasses" and "glass"
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


# The `anywhere` answers' cues, each under one of its words (a message is only checked
# against the cues one of its words can start), made once per knowledge base.
# Each with its place in the knowledge base, so equal cues keep the curator's order.
AnywhereCue = tuple[int, Topic, TopicAnswer, frozenset[str]]
Anywhere = Mapping[str, tuple[AnywhereCue, ...]]


def anywhere_answers(topics: Iterable[Topic]) -> Anywhere:
    index: dict[str, list[AnywhereCue]] = {}
    written = (a for t in topics for a in ((t, answer) for answer in t.answers) if a[1].anywhere)
    for place, (topic, answer) in enumerate(written):
        for words in (_cue_words(cue) for cue in answer.cues):
            if words:
                index.setdefault(min(words), []).append((place, topic, answer, words))
    return {word: tuple(cues) for word, cues in index.items()}


def claimed_anywhere(
    answers: Anywhere,
    words: tuple[str, ...],
    need_of: str = "",
    must_name: frozenset[str] = frozenset(),
) -> tuple[Topic, TopicAnswer] | None:
    """An `anywhere` answer whose cue the message uses, with its topic, whatever was matched.
    `need_of`: the nutrient whose daily need was asked, which only a cue naming it displaces
    ("how much potassium in pedialyte", not "how much magnesium do I need, I drink Celsius");
    `must_name`: words of which a cue must name one, as the food whose figure was asked
    ("oatly calcium", not "ramadan" for "potassium in 1 date, at iftar") or the medicine whose
    caution comes first."""
    said = {_singular(w) for w in words}
    best: tuple[float, int, Topic, TopicAnswer] | None = None
    for place, topic, answer, cue in (c for word in said for c in answers.get(word, ())):
        if not cue <= said or (must_name and not cue & must_name):
            continue
        if answer.together and not _near(cue, _places(words)):
            continue
        if not need_of or topic.id == need_of or need_of in cue:
            # the most specific cue wins ("sodium in gatorade"); equals, the curator's first
            found = (_specificity(cue), -place, topic, answer)
            if best is None or found[:2] > best[:2]:
                best = found
    return (best[2], best[3]) if best is not None else None


def for_person(answer: TopicAnswer, who: Profile) -> str:
    """The row of `answer` for the person the message is about ("" when it does not say or no
    row fits): "15 yo boy" gets the boys 14-18 row."""
    if not (who.specific or who.sex):
        return ""
    age = who.age if who.age is not None else ADULT_AGE
    stage = "pregnant" if who.pregnant else "breastfeeding" if who.breastfeeding else ""
    for row in answer.by_person:
        if row.stage == stage and row.ages[0] <= age < row.ages[1] and row.sex in ("", who.sex):
            return row.answer
    return ""


def cue_words(match: Match) -> tuple[str, ...]:
    """The message's words and the names of the foods it named, so "palak" meets a cue written
    "spinach calcium"."""
    return (*match.words, NAMES, *(w for food in match.foods for w in food.split("-")))


def written_for(answer: TopicAnswer, words: tuple[str, ...]) -> bool:
    """Whether the answer's cue the message uses names something particular (two telling
    words or more: "mag ox 400", "tums extra strength"), not just "too much folic acid"."""
    said = {_singular(w) for w in words}
    return _used(answer, said, said, _places(words)) >= 2
