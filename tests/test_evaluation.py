"""The matcher's quality floor on questions written blind by people who never saw the KB."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.tools.evaluation import (
    DATA_DIRECTORY,
    EVAL_FILES,
    SAFETY_FLOORS_ONLY,
    evaluate,
    food_aliases,
    load_labelled,
)

TOPIC_ACCURACY_FLOOR = 0.95
FALSE_ALARM_CEILING = 0.05  # urgent where nothing urgent was described
OVER_ESCALATION_CEILING = 0.10  # doctor or nothing, answered as an emergency


@pytest.mark.parametrize("name", EVAL_FILES)
def test_labelled_questions_meet_the_floor(assistant: Assistant, name: str) -> None:
    items = load_labelled(DATA_DIRECTORY / name)
    assert len(items) >= 200, "each set is large enough for a percentage to mean something"
    report = evaluate(name, items, assistant.match, food_aliases(assistant.kb))
    missed = [i.question for i, m in report.misses if i.urgency and m.urgency != i.urgency]
    assert report.emergency_recall == 1.0, missed
    assert report.doctor_recall == 1.0, missed
    assert report.false_urgent_rate <= FALSE_ALARM_CEILING
    assert report.over_escalation_rate <= OVER_ESCALATION_CEILING
    if name not in SAFETY_FLOORS_ONLY:  # see evaluation.py
        assert report.topic_accuracy >= TOPIC_ACCURACY_FLOOR, report.confusions.most_common(5)


def test_at_least_100_red_flag_messages_across_both_levels() -> None:
    items = [i for name in EVAL_FILES for i in load_labelled(DATA_DIRECTORY / name)]
    assert sum(i.urgency == "emergency" for i in items) >= 50
    assert sum(i.urgency == "doctor" for i in items) >= 50
