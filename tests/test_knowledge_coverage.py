"""The knowledge base covers the seed article and the synonyms people actually type."""

from __future__ import annotations

import pytest

from assistant import Assistant

# Every food the seed article lists, under the nutrient it lists it for.
SEED_FOODS = {
    "magnesium": ["spinach", "kale", "almonds", "cashews", "pumpkin seeds", "sesame seeds",
                  "whole grains", "avocados", "dark chocolate"],
    "calcium": ["milk", "yogurt", "cheese", "fortified plant-based milks", "tofu", "broccoli",
                "kale", "sardines", "salmon"],
    "potassium": ["bananas", "sweet potatoes", "spinach", "avocados", "beans", "lentils"],
    "vitamin-d": ["salmon", "mackerel", "fortified milk", "fortified cereals", "mushrooms"],
    "b-vitamins": ["meat", "poultry", "fish", "eggs", "milk", "leafy greens", "whole grains",
                   "fortified cereals"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("nutrient", "food"), [(n, f) for n, foods in SEED_FOODS.items() for f in foods]
)
def test_every_seed_food_supplies_its_nutrient(
    assistant: Assistant, nutrient: str, food: str
) -> None:
    reply = assistant.answer(food)
    assert reply.topic is not None and reply.topic.startswith("food:"), reply.topic
    entry = assistant.kb.foods[reply.topic.removeprefix("food:")]
    assert nutrient in entry.supplies


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("mag", "magnesium"), ("K+", "potassium"),
        ("hypokalemia", "potassium"), ("cobalamin", "b-vitamins"), ("b12", "b-vitamins"),
        ("folic acid", "b-vitamins"), ("calciferol", "vitamin-d"),
        ("sunshine vitamin", "vitamin-d"), ("coffee", "stimulants"),
        ("energy drinks", "stimulants"), ("cant sleep", "sleep"), ("eyelid twitch", "twitching"),
    ],
)  # fmt: skip
def test_synonyms_people_type(assistant: Assistant, typed: str, topic: str) -> None:
    assert assistant.answer(typed).topic == topic


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what does magnesium do", "calcium"),  # regulates calcium flow
        ("what does vitamin d do", "absor"),  # enables calcium absorption
        ("how much sleep do i need", "7"),  # 7-9 hours
        ("how does stretching help", "bed"),  # stretching before bed
        ("does caffeine cause twitching", "nicotine"),  # cutting caffeine and nicotine
        ("hydration", "electrolyte drink"),
    ],
)
def test_seed_advice_is_in_the_answers(assistant: Assistant, question: str, fact: str) -> None:
    assert fact in assistant.answer(question).text.lower()


def test_intake_figures_are_for_adults_with_their_source(assistant: Assistant) -> None:
    for nutrient in SEED_FOODS:
        topic = assistant.kb.topics[nutrient]
        assert topic.intake is not None and topic.intake.source in assistant.kb.sources
        assert "19–50" in assistant.answer(f"how much {topic.title} per day").text
