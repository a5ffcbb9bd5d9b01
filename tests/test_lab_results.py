"""A blood-test result in the message gets its verdict first: low, normal or high, in the
unit it was written in, against the usual range of a public source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.kb.load import check_knowledge
from tests.test_nutrition import _edit, kb_copy  # noqa: F401  (fixture)


def _opening(assistant: Assistant, question: str) -> str:
    """The reply's first line, without the result in the other unit ("(about 112 nmol/L)")."""
    lines = [line for line in assistant.answer(question).text.splitlines() if line.strip()]
    return re.sub(r" \(about [^)]*\)", "", lines[1])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "my magnesium came back 0.6 mmol/L is that low",
            "0.6 mmol/L is low: below the usual range of 0.7 to 0.91 mmol/L",
        ),
        (
            "im 45 my magnesium level is 1.6 mg/dl",
            "1.6 mg/dL is low: below the usual range of 1.7 to 2.2 mg/dL",
        ),
        ("doc said my potassium is 5.8 what does it mean", "5.8 mmol/L is high"),
        ("potassium 3.3 on my blood test", "3.3 mmol/L is low"),
        ("calcium 2.3 mmol normal?", "2.3 mmol/L is within the usual range of 2.13 to 2.55 mmol/L"),
        ("vit d 14 ng/ml is it bad", "14 ng/mL is low: below the usual range of 20 to 50 ng/mL"),
        ("vitamin d 160 nmol/l too high?", "160 nmol/L is high"),
        ("b12 level 400 pg/ml", "400 pg/mL is within the usual range"),
        ("my b12 came back 180 pg/ml", "180 pg/mL is borderline low"),
        # no unit, and the two units disagree: both readings, not a guess
        ("my b12 was 150", "in pg/mL it is low (usual 160 to 950)"),
    ],
)
def test_a_reported_result_gets_its_verdict_first(
    assistant: Assistant, question: str, expected: str
) -> None:
    assert expected in _opening(assistant, question)


@pytest.mark.parametrize(
    "question",
    [
        "my son is 9, how much calcium does he need",  # an age, not a result
        "i take 400 mg magnesium, is my level ok",  # a dose
        "how much potassium in 2 bananas",
        "can too many bananas give me high potassium? i eat 5 a day lol",  # a count
    ],
)
def test_ages_doses_and_portions_are_not_results(assistant: Assistant, question: str) -> None:
    assert "usual range" not in assistant.answer(question).text


@pytest.mark.parametrize(
    ("question", "converted"),
    [
        ("my vit d is 45 ng/ml is that ok", "45 ng/mL (about 112 nmol/L)"),
        ("b12 came back 250 pg/ml", "250 pg/mL (about 184 pmol/L)"),
        ("calcium 10.8 mg/dl", "10.8 mg/dL (about 2.7 mmol/L)"),
    ],
)
def test_a_result_is_also_given_in_the_other_unit(
    assistant: Assistant, question: str, converted: str
) -> None:
    assert converted in assistant.answer(question).text


def test_a_dose_asked_about_comes_before_the_result(assistant: Assistant) -> None:
    opening = _opening(
        assistant, "doctor gave me D3 60K weekly, my level was 9. is that dangerous?"
    )
    assert opening.index("take it as prescribed") < opening.index("9 ng/mL is low")


def test_a_high_potassium_says_to_talk_to_a_doctor_today(assistant: Assistant) -> None:
    assert "talk to your doctor today" in _opening(assistant, "my potassium came back 6.1")


def test_a_range_in_an_unknown_unit_is_reported_at_its_line(kb_copy: Path) -> None:  # noqa: F811
    path = kb_copy / "intakes.yaml"
    line = _edit(path, "{unit: mg/dL, low: 1.7, high: 2.2}", "{unit: mg/L, low: 2.2, high: 1.7}")
    _, problems = check_knowledge(kb_copy)
    messages = [str(p) for p in problems]
    assert any(m.startswith(f"{path}:{line}:") and "unit must be one of" in m for m in messages)
    assert any(m.startswith(f"{path}:{line}:") and "'low' must be below" in m for m in messages)
