"""Runs last (file order): every message the bot sent in this session carried the disclaimer.

Each `running_bot()` already checks its own test; this gathers them all, so a test that forgot
to check, or a message type added later, cannot slip through unnoticed.
"""

from __future__ import annotations

import pytest

from assistant import Assistant

from .harness import SENT, disclaimer_of


def test_every_message_sent_in_the_e2e_suite_carries_the_disclaimer(
    assistant: Assistant,
) -> None:
    if not SENT:
        pytest.skip("run together with the other end-to-end tests")
    disclaimer = disclaimer_of(assistant)
    missing = [(where, text[:80]) for where, text in SENT if not text.rstrip().endswith(disclaimer)]
    assert not missing, missing
    # The suite really exercised every kind of outgoing text.
    kinds = {where for where, _ in SENT}
    assert {"sendMessage", "editMessageText", "answerInlineQuery"} <= kinds
    assert len(SENT) >= 100
