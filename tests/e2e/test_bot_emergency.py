"""Emergencies, end to end: the call to make comes first, the disclaimer last, everywhere."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant

from .fake_bot_api import FakeBotApi, parse_html
from .harness import exchange, running_bot
from .test_bot_inline import inline

STROKE = (
    "my dad is 70, his face looks lopsided and his words come out all wrong, started 10 min ago"
)
OVERDOSE = "my 3 year old got into my vitamin d gummies and ate like half the bottle"


def _first_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()][:2]


async def test_emergency_in_a_private_chat_opens_with_the_emergency_number(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        (answer,) = await exchange(fake_api, fake_api.private_message(STROKE))
        text = answer.result["text"]
        title, first = _first_lines(text)
        assert "emergency number" in title.lower()
        assert first.startswith("Call your local emergency number now")
        assert text.rstrip().endswith(assistant.kb.safety.disclaimer.rstrip())


async def test_emergency_in_a_group_is_a_reply_that_opens_with_the_call(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        update = fake_api.group_message(f"/ask {OVERDOSE}")
        (answer,) = await exchange(fake_api, update)
        assert answer.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
        text = answer.result["text"]
        _, first = _first_lines(text)
        assert first.startswith("Call poison control")
        assert text.rstrip().endswith(assistant.kb.safety.disclaimer.rstrip())


async def test_emergency_inline_card_shows_the_call_first(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        params = await inline(fake_api, STROKE)
        card = params["results"][0]
        assert "emergency number" in card["title"].lower()
        assert card["description"].startswith("Call your local emergency number now")
        text = parse_html(card["input_message_content"]["message_text"])[0]
        assert _first_lines(text)[1].startswith("Call your local emergency number now")
