"""The local chat in a terminal (`python bot.py chat`): the same assistant, laid out for reading.

Each answer is wrapped to the terminal's width, its title set off by a rule, paragraphs a blank
line apart; when the assistant asks "did you mean", the choices are numbered and typing the
number picks one. Leaving is said once at the start ("quit"); Ctrl-D and Ctrl-C also leave.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TextIO

from assistant.answering.assistant import Assistant
from assistant.answering.reply import Reply, Suggestion

QUIT_WORDS = frozenset({"quit", "exit", "bye", "/quit", "/exit"})
GREETING = "Ask me about muscle twitching. Type quit to leave."
PROMPT = "you> "
MIN_WIDTH = 40
MAX_WIDTH = 100  # longer lines are hard to read, however wide the window


def width(columns: int | None = None) -> int:
    """The wrapping width: the terminal's (one column spare), between 40 and 100."""
    if columns is None:
        columns = shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns - 1))


def _rule_char(stream: TextIO) -> str:
    encoding = (getattr(stream, "encoding", None) or "ascii").lower()
    return "─" if "utf" in encoding else "-"


def _wrap(text: str, columns: int, indent: str = "", hanging: str = "") -> list[str]:
    """One paragraph, wrapped; URLs and long words are never cut in the middle."""
    return textwrap.wrap(
        text,
        columns,
        initial_indent=indent,
        subsequent_indent=hanging or indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _bullets(items: tuple[str, ...], columns: int) -> list[str]:
    return [line for item in items for line in _wrap(item, columns, "  • ", "    ")]


def format_reply(reply: Reply, columns: int, rule: str = "─") -> str:
    """The reply as terminal text: title and rule, then blocks separated by blank lines."""
    blocks: list[list[str]] = [[reply.title, rule * min(len(reply.title), columns)]]
    for section in reply.sections:
        if section.heading and section.heading != reply.title:
            blocks.append([section.heading])
        blocks += [_wrap(paragraph, columns) for paragraph in section.paragraphs]
        if section.bullets:
            blocks.append(_bullets(section.bullets, columns))
    if reply.sources:
        listed = tuple(f"{s.title}: {s.url}" for s in reply.sources)
        blocks.append(["Sources:", *_bullets(listed, columns)])
    blocks.append(_wrap(reply.disclaimer, columns))
    if reply.choices:
        numbered = [f"  {n}. {choice.label}" for n, choice in enumerate(reply.choices, 1)]
        blocks.append(["Did you mean:", *numbered, "Type a number to choose."])
    return "\n\n".join("\n".join(block) for block in blocks)


class ChatSession:
    """One conversation: remembers the last topic (follow-ups) and the choices on offer."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.last_topic: str | None = None
        self.choices: tuple[Suggestion, ...] = ()

    def reply_to(self, text: str) -> Reply:
        picked = self._picked(text)
        if picked is not None:
            reply = self.assistant.show(picked.topic, picked.aspect)
        else:
            reply = self.assistant.answer(text, last_topic=self.last_topic)
        self.last_topic = reply.topic or self.last_topic
        self.choices = reply.choices
        return reply

    def _picked(self, text: str) -> Suggestion | None:
        number = text.strip().rstrip(".")
        if number.isdecimal() and 1 <= int(number) <= len(self.choices):
            return self.choices[int(number) - 1]
        return None


def chat(
    assistant: Assistant,
    out: TextIO | None = None,
    read: Callable[[str], str] = input,
    columns: int | None = None,
) -> int:
    """Read questions until quit, Ctrl-D or Ctrl-C; returns the exit code (0)."""
    out = out or sys.stdout
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - line editing and history for input()
    session = ChatSession(assistant)
    rule = _rule_char(out)
    print(GREETING, file=out)
    while True:
        try:
            question = read(f"\n{PROMPT}")
        except (EOFError, KeyboardInterrupt):
            print(file=out)
            return 0
        if question.strip().lower() in QUIT_WORDS:
            return 0
        if not question.strip():
            continue
        reply = session.reply_to(question)
        print(f"\n{format_reply(reply, width(columns), rule)}", file=out, flush=True)
