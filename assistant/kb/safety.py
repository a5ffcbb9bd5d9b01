"""The `safety:` section: the disclaimer, what urgent replies say, and the red flags.

A red flag is data a clinician can change: families of words ("concepts") and the combinations
of them that mean a warning sign (see the header of `knowledge/safety.yaml`). This module only
reads and checks that data; `assistant.answering.triage` applies it to messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from assistant.kb.schema import Problem, Reader
from assistant.kb.triage_model import TriageModel, read_triage_model

URGENCIES = ("emergency", "doctor")  # most urgent first
SCOPES = ("clause", "sentence", "message")
CALLS = ("emergency", "poison", "crisis")
# Concepts computed from the message rather than listed (see triage.py).
COMPUTED_CONCEPTS = ("long-duration", "many-places", "large-count", "model-emergency")


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    urgency: str  # "emergency" or "doctor"
    label: str  # what the user described, as the reply names it
    why: str  # one sentence: why this needs a doctor or an ambulance
    when: tuple[tuple[str, ...], ...]  # alternatives, each a set of concepts that must all occur
    sources: tuple[str, ...]
    unless: tuple[str, ...] = ()  # concepts that cancel the flag in the same scope
    scope: str = "sentence"
    window: int = 0  # the concepts within this many words of each other (0: whole scope)
    call: str = "emergency"  # which first line an emergency reply opens with
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class UrgentAdvice:
    title: str
    text: str
    points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cues:
    """Words that tell whether a warning sign is reported now, or denied, general, past."""

    question_openers: tuple[str, ...]
    personal_words: tuple[str, ...]
    negation_words: tuple[str, ...]
    general_words: tuple[str, ...]
    hypothetical_words: tuple[str, ...]
    past_words: tuple[str, ...]
    not_happening_words: tuple[str, ...]  # "general question for my first aid class"
    figurative_words: tuple[str, ...]  # "passed out laughing", "my wifi collapsed"


@dataclass(frozen=True, slots=True)
class Safety:
    disclaimer: str
    out_of_scope: str
    calls: Mapping[str, str]  # call kind -> the first line of an emergency reply
    emergency: UrgentAdvice
    doctor: UrgentAdvice
    cues: Cues
    concepts: Mapping[str, tuple[str, ...]]
    body_regions: Mapping[str, tuple[str, ...]]
    red_flags: tuple[RedFlag, ...]
    long_duration_days: int = 14
    large_count: int = 10
    amount_units: tuple[str, ...] = ()
    second_opinion: TriageModel | None = None  # `model-emergency`: see triage_model.py

    def advice(self, urgency: str) -> UrgentAdvice:
        return self.emergency if urgency == "emergency" else self.doctor


_FLAG_FIELDS = ("id", "urgency", "label", "why", "when", "sources", "unless", "scope", "window")
_CUE_FIELDS = tuple(Cues.__dataclass_fields__)


def read_safety(r: Reader) -> Safety:
    concepts = _word_lists(r, "concepts", "safety concepts")
    regions = _word_lists(r, "body_regions", "safety body_regions")
    known = set(concepts) | set(COMPUTED_CONCEPTS)
    flags = [_read_flag(f, known) for f in r.items("red_flags", "red flag")]
    if not flags:
        r.problem(r.line(), "safety: 'red_flags' needs at least one entry")
    for urgency in URGENCIES:
        if not any(f.urgency == urgency for f in flags):
            r.problem(r.line("red_flags"), f"safety: no red flag has urgency '{urgency}'")
    calls = r.mapping("calls", "safety calls", required=True)
    cues = r.mapping("cues", "safety cues", required=True)
    if cues is not None:
        cues.unknown_keys(_CUE_FIELDS)
    return Safety(
        disclaimer=r.text("disclaimer"),
        out_of_scope=r.text("out_of_scope"),
        calls=MappingProxyType({c: calls.text(c) for c in CALLS} if calls else {}),
        emergency=_advice(r, "emergency"),
        doctor=_advice(r, "doctor"),
        cues=Cues(*(cues.texts(k, required=True) if cues else () for k in _CUE_FIELDS)),
        concepts=MappingProxyType(concepts),
        body_regions=MappingProxyType(regions),
        red_flags=tuple(flags),
        long_duration_days=_whole_number(r, "long_duration_days", 14),
        large_count=_whole_number(r, "large_count", 10),
        amount_units=r.texts("amount_units"),
        second_opinion=_second_opinion(r),
    )


def check_flag_sources(safety: Safety, sources: set[str]) -> list[Problem]:
    """Each source a red flag names exists in a sources: list."""
    return [
        Problem(flag.file, flag.line, f"red flag '{flag.id}': source '{source}' is not in sources")
        for flag in safety.red_flags
        for source in flag.sources
        if source not in sources
    ]


def _read_flag(f: Reader, known_concepts: set[str]) -> RedFlag:
    f.unknown_keys((*_FLAG_FIELDS, "call"))
    flag_id = f.text("id")
    f.what = f"red flag '{flag_id}'"
    urgency = _one_of(f, "urgency", URGENCIES, required=True)
    alternatives = []
    raw = f.data.get("when")
    if not isinstance(raw, list) or not raw:
        f.problem(f.line("when"), f"{f.what}: 'when' must be a list of concept lists")
    else:
        for alternative in raw:
            if not isinstance(alternative, list) or not alternative:
                f.problem(f.line("when"), f"{f.what}: each 'when' entry is a list of concepts")
                continue
            alternatives.append(tuple(str(c) for c in alternative))
    unless = f.texts("unless")
    for concept in {c for alt in alternatives for c in alt} | set(unless):
        if concept not in known_concepts:
            f.problem(f.line("when"), f"{f.what}: unknown concept '{concept}'")
    sources = f.texts("sources", required=True)
    return RedFlag(
        id=flag_id,
        urgency=urgency,
        label=f.text("label"),
        why=f.text("why"),
        when=tuple(alternatives),
        sources=sources,
        unless=unless,
        scope=_one_of(f, "scope", SCOPES) or "sentence",
        window=_whole_number(f, "window", 0),
        call=_one_of(f, "call", CALLS) or "emergency",
        file=f.file,
        line=f.line(),
    )


def _advice(r: Reader, key: str) -> UrgentAdvice:
    section = r.mapping(key, f"safety {key}", required=True)
    if section is None:
        return UrgentAdvice("", "", ())
    return UrgentAdvice(section.text("title"), section.text("text"), section.texts("points"))


def _word_lists(r: Reader, key: str, what: str) -> dict[str, tuple[str, ...]]:
    section = r.mapping(key, what, required=True)
    if section is None:
        return {}
    return {str(name): section.texts(str(name), required=True) for name in section.data}


def _one_of(r: Reader, key: str, allowed: tuple[str, ...], required: bool = False) -> str:
    value = r.text(key, required=required)
    if value and value not in allowed:
        r.problem(r.line(key), f"{r.what}: '{key}' must be one of {', '.join(allowed)}")
    return value


def _whole_number(r: Reader, key: str, default: int) -> int:
    value = r.data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        r.problem(r.line(key), f"{r.what}: '{key}' must be a whole number")
        return default
    return value


def _second_opinion(r: Reader) -> TriageModel | None:
    """`second_opinion: {model: triage_model.json, threshold: 0.85}`, the model read beside it."""
    section = r.mapping("second_opinion", "safety second_opinion")
    if section is None:
        return None
    section.unknown_keys(("model", "threshold"))
    threshold = section.data.get("threshold")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        section.problem(section.line("threshold"), f"{section.what}: 'threshold' must be a number")
        return None
    if not 0 < threshold < 1:
        section.problem(
            section.line("threshold"), f"{section.what}: 'threshold' is between 0 and 1"
        )
        return None
    try:
        return read_triage_model(Path(r.file).parent / section.text("model"), float(threshold))
    except ValueError as error:
        section.problem(section.line("model"), f"{section.what}: {error}")
        return None
