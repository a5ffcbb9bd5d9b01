"""The matcher's quality floor on questions written blind by people who never saw the KB."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.tools.evaluation import (
    DATA_DIRECTORY,
    EVAL_FILES,
    evaluate,
    food_aliases,
    load_labelled,
)

TOPIC_ACCURACY_FLOOR = 0.92


@pytest.mark.parametrize("name", EVAL_FILES)
def test_labelled_questions_meet_the_floor(assistant: Assistant, name: str) -> None:
    items = load_labelled(DATA_DIRECTORY / name)
    assert len(items) >= 200, "each set is large enough for a percentage to mean something"
    report = evaluate(name, items, assistant.match, food_aliases(assistant.kb))
    assert report.topic_accuracy >= TOPIC_ACCURACY_FLOOR, report.confusions.most_common(5)
    assert report.urgent_recall == 1.0, [i.question for i, m in report.misses if i.urgent]


def test_labelled_set_has_at_least_250_questions_in_total() -> None:
    assert sum(len(load_labelled(DATA_DIRECTORY / name)) for name in EVAL_FILES) >= 250
