"""Weighing what a message names: the sentence that asks counts double, one place names one
thing, a food the message avoids or that names a lifestyle topic is set aside."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from assistant.answering.phrases import ASPECT, FOOD, LIFE_STAGE, TOPIC, Segmented, Span

QUESTION_WEIGHT = 2.0  # a name in the sentence that asks counts double
REFUSING = frozenset({"no", "not", "without", "allergic", "hate", "hates", "avoid", "avoids",
                      "cant", "dont", "doesnt", "wont", "stopped", "quit", "refuse", "refuses",
                      "arent", "isnt", "except", "besides", "instead"})  # fmt: skip
# Two words before a food that leave it out: "im cutting all dairy", "cut out milk", "other
# than almonds", "apart from bananas" (but "cutting chai" is a small chai)
_LEAVING_OUT = (
    ["cutting", "all"],
    ["cut", "all"],
    ["cut", "out"],
    ["cutting", "out"],
    ["other", "than"],
    ["apart", "from"],
)
# "avocado and dried fruit set me off", "milk makes me bloated", "beans upset my stomach"
_SETS_OFF = frozenset({("set", "me"), ("sets", "me"), ("trigger", "my"), ("triggers", "my"),
                       ("upset", "my"), ("upsets", "my"), ("makes", "me"),
                       ("make", "me"), ("bloats", "me"), ("bloat", "me"), ("gives", "me"),
                       ("upsets", "me")})  # fmt: skip
_DISLIKE = frozenset({"dont", "doesnt", "didnt", "never"})
_WONT = frozenset({"refuses", "refuse", "refused", "wont", "hates", "hate"})
_CONSUME = frozenset({"drink", "eat", "touch", "have"})
LISTING = frozenset({"and", "or", "nor", "plus"})  # "allergic to soy and dairy": dairy too
ACCEPTED = frozenset({"ok", "okay", "fine", "allowed"})  # "no meat but dairy ok"
AVOIDED = frozenset({"free", "allergy", "allergies", "intolerant", "intolerance"})


def weigher(seg: Segmented) -> Callable[[Span], float]:
    return lambda span: QUESTION_WEIGHT if seg.in_question(span.start) else 1.0


def scores(spans: list[Span], kind: str, weight: Callable[[Span], float]) -> dict[str, float]:
    scores: dict[str, float] = {}
    seen: set[tuple[int, int]] = set()
    for span in spans:
        if span.kind == kind and (span.start, span.end) not in seen:
            # One place in the message names one thing: the first label (the most specific
            # food: "quinoa" itself before the whole grains it is a synonym of).
            seen.add((span.start, span.end))
            scores[span.name] = scores.get(span.name, 0.0) + weight(span)
    return scores


def ranked(spans: list[Span], kind: str, weight: Callable[[Span], float]) -> list[str]:
    """Names of the spans of one kind, most weight first; ties go to the first named."""
    weights = scores(spans, kind, weight)
    order = list(weights)  # first-named order: dicts keep insertion order
    return sorted(order, key=lambda name: (-weights[name], order.index(name)))


def of(spans: list[Span], topic: str) -> list[Span]:
    return [span for span in spans if span.label == TOPIC + topic]


def inside_another(span: Span, spans: list[Span]) -> bool:
    return any(
        o.start <= span.start and span.end <= o.end and o.end - o.start > span.end - span.start
        for o in spans
    )


def same_clause(seg: Segmented, spans: list[Span], food: str, nutrients: list[str]) -> bool:
    """The food and one of the nutrients are named in one clause, or in one sentence that says
    nothing of who is asking ("canned sardines w the bones, how much calcium is that")."""
    about_someone = any(s.kind == LIFE_STAGE for s in spans)
    units = seg.clauses if about_someone else seg.sentences
    food_units = {units[s.start] for s in spans if s.label == FOOD + food}
    wanted = {TOPIC + n for n in nutrients}
    return any(units[s.start] in food_units for s in spans if s.label in wanted)


def story_then_question(seg: Segmented, spans: list[Span], food: str, nutrient: str) -> bool:
    """The food comes before the question about the nutrient ("I eat 3 dates. How much
    potassium is this?"), or in its sentence; not after it ("calcium for my son? he drinks
    milk" is about the son)."""
    foods = [s for s in spans if s.label == FOOD + food]
    asked = of(spans, nutrient)
    if not foods or not asked:
        return False
    first, question = min(s.start for s in foods), max(s.start for s in asked)
    return first < question or seg.sentences[first] == seg.sentences[question]


def refused(span: Span, words: list[str]) -> bool:
    """A food the message says it avoids: "hates milk", "no dairy", "dairy free"."""
    before = words[max(0, span.start - 2) : span.start]
    if before and (before[-1] in LISTING or before[-1] == "of" or before[-1] == "much"):
        # "no milk, eggs or fish"; "cant have lots of beans", "cant eat much dairy"
        before = words[max(0, span.start - 5) : span.start]
    after = words[span.end : span.end + 2]  # "milk allergy", "milk protein allergy"
    # "dairy free", not "we eat fish n greens. dairy free sources?": free only right after it
    avoided = AVOIDED if after[:1] == ["free"] else AVOIDED - {"free"}
    if after and after[0] in LISTING:
        after = words[span.end : span.end + 4]  # "fish and egg allergy": the fish too
    if ACCEPTED.intersection(after):
        return False
    said = (
        REFUSING.intersection(before) or avoided.intersection(after) or before[-2:] in _LEAVING_OUT
    )
    said = said or sets_off(words[span.end : span.end + 6])
    # "refuses to drink milk", "wont eat fish"
    before_four = words[max(0, span.start - 4) : span.start]
    said = said or (
        bool(_WONT.intersection(before_four)) and bool(_CONSUME.intersection(before_four))
    )
    # "i dont really like tofu", "doesnt like fish"
    said = said or (
        before[-1:] == ["like"] and bool(_DISLIKE.intersection(words[span.start - 4 : span.start]))
    )
    return span.kind == FOOD and bool(said)


def sets_off(after: Sequence[str]) -> bool:
    """Whether the words after a food say it upsets the writer ("... set me off")."""
    return any(pair in _SETS_OFF for pair in pairwise(after))


def names_a_topic(span: Span, spans: list[Span]) -> bool:
    """A food span that lies within a topic's name ("coffee" is also `stimulants`)."""
    return span.kind == FOOD and any(
        o.kind == TOPIC and o.start <= span.start and span.end <= o.end for o in spans
    )


def asks_an_amount(words: list[str]) -> bool:
    """ "how much", "a low one" (not "too much", "too many": those ask about excess)."""
    pairs = zip(["", *words], words, strict=False)
    return any(
        (w in ("much", "many") and b not in ("too", "so")) or (b == "a" and w in ("low", "high"))
        for b, w in pairs
    )


def refused_name(span: Span, words: list[str]) -> str:
    """The food refused: "no beef or pork" refuses beef and pork, not all meat (a Hindu diet)."""
    said, before = words[span.end - 1], words[span.start - 1] if span.start else ""
    if span.name != "meat":
        return span.name
    if said in ("meat", "meats"):  # "organ meat" is liver, "red meat" beef; "meat" all of it
        return {"organ": "liver", "red": "beef"}.get(before, "meat")
    return said


def asks(seg: Segmented, spans: list[Span], aspect: str) -> bool:
    """Whether the question sentence itself has a word of `aspect` ("is it low?")."""
    return any(s.label == ASPECT + aspect and seg.in_question(s.start) for s in spans)


_BREAKS_A_LIST = frozenset({"eat", "like", "love", "want", "need", "but", "only", "so", "can",
                            "i", "have", "please", "what", "which", "how", "is", "are", "does",
                            "do", "good", "much", "about"})  # fmt: skip


def refused_list(spans: list[Span], words: list[str]) -> list[Span]:
    """The foods refused, a list included: "no potato, onion, garlic, carrot or beetroot"
    refuses all five (a food at most one word after a refused one, not "no dairy, eat kale")."""
    foods = sorted((s for s in spans if s.kind == FOOD), key=lambda s: s.start)
    out: list[Span] = []
    for span in foods:
        gap = words[out[-1].end : span.start] if out else []
        listed = bool(out) and len(gap) <= 1 and not _BREAKS_A_LIST.intersection(gap)
        if refused(span, words) or (listed and span.start >= out[-1].end):
            out.append(span)
    return out
