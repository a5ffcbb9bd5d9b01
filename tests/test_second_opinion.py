"""The second opinion on emergencies: a learned model that can only add an emergency the rules
missed, never take one away, and is not asked when the rules have set a sign aside."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.answering.matching import Matcher
from assistant.kb.load import check_knowledge, load_knowledge
from assistant.kb.model import DEFAULT_DIRECTORY
from assistant.kb.triage_model import TriageModel, message_features

# A toy model: "kettle" and "purple" are sure signs of an emergency, nothing else counts.
_TOY = TriageModel(
    features={f: (1.0, 10.0) for f in message_features("kettle purple")}, intercept=-3.0,
    threshold=0.85, trained_on=2,
)  # fmt: skip


def _matcher_with(model: TriageModel | None) -> Matcher:
    kb = load_knowledge()
    return Matcher(replace(kb, safety=replace(kb.safety, second_opinion=model)))


def test_the_shipped_model_is_loaded_and_learned_from_the_labelled_sets(
    assistant: Assistant,
) -> None:
    model = assistant.kb.safety.second_opinion
    assert model is not None and model.trained_on > 10_000 and 0 < model.threshold < 1


def test_it_adds_an_emergency_the_rules_do_not_know() -> None:
    message = "the kettle went purple in my hands"
    assert _matcher_with(None).match(message).urgency is None
    found = _matcher_with(_TOY).match(message)
    assert found.urgency == "emergency" and found.red_flags == ("second-opinion",)


def test_it_is_not_asked_when_a_sign_is_denied_or_the_question_is_general() -> None:
    matcher = _matcher_with(_TOY)
    assert matcher.match("no chest pain at all, just a purple kettle").urgency is None
    assert matcher.match("can a purple kettle cause weakness?").urgency is None
    assert matcher.match("for my first aid class: a purple kettle").urgency is None


def test_it_never_lowers_what_the_rules_found() -> None:
    never = replace(_TOY, intercept=-100.0)
    assert _matcher_with(never).match("my face is drooping on one side").urgency == "emergency"


def test_the_reply_names_the_second_opinion_and_the_call(assistant: Assistant) -> None:
    composed = Assistant(replace(assistant.kb, safety=replace(
        assistant.kb.safety, second_opinion=_TOY)))  # fmt: skip
    reply = composed.answer("the kettle went purple")
    assert reply.urgency == "emergency"
    assert "signs that can be an emergency" in reply.text
    assert reply.text.endswith(assistant.kb.safety.disclaimer)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (("threshold: 0.85", "threshold: 1.5"), "'threshold' is between 0 and 1"),
        (("model: triage_model.json", "model: missing.json"), "cannot read the triage model"),
    ],
)
def test_kb_check_names_a_broken_second_opinion(
    tmp_path: Path, edit: tuple[str, str], problem: str
) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    safety = target / "safety.yaml"
    safety.write_text(safety.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    _, problems = check_knowledge(target)
    assert any(problem in p.message and p.file.endswith("safety.yaml") for p in problems)


def test_an_unreadable_model_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    (target / "triage_model.json").write_text(json.dumps({"features": {}}), encoding="utf-8")
    _, problems = check_knowledge(target)
    assert any("cannot read the triage model" in p.message for p in problems)
