"""The command line: `python bot.py [run|chat|ask|kb check|kb misses|eval]`.

Only `run` with a token imports python-telegram-bot, so `ask` and `chat` start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.answering.assistant import Assistant
from assistant.kb.load import check_knowledge
from assistant.kb.schema import KnowledgeError

QUIT_WORDS = frozenset({"quit", "exit", "bye", "/quit", "/exit"})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot.py", description="Twitch-Relief Assistant")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge base directory")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the Telegram bot (the default; local chat without a token)")
    sub.add_parser("chat", help="chat with the assistant in this terminal")
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print topic, aspect, urgent and text")
    kb = sub.add_parser("kb", help="knowledge base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("check", help="validate knowledge/*.yaml")
    misses = kb_sub.add_parser("misses", help="most frequent unanswered questions")
    misses.add_argument("--limit", type=int, default=20)
    evaluation = sub.add_parser("eval", help="matcher accuracy on the labelled questions")
    evaluation.add_argument("--misses", action="store_true", help="list every wrong answer")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    if command == "kb" and args.kb_command == "check":
        return kb_check(args.knowledge)
    if command == "kb":
        return kb_misses(args.limit)
    try:
        assistant = Assistant.load(args.knowledge)
    except KnowledgeError as error:
        print("The knowledge base has errors (run `python bot.py kb check`):", file=sys.stderr)
        print(error, file=sys.stderr)
        return 1
    if command == "ask":
        return ask(assistant, " ".join(args.question), args.json)
    if command == "eval":
        return run_eval(assistant, args.misses)
    if command == "run" and os.environ.get("TELEGRAM_BOT_TOKEN"):
        from assistant.telegram.app import main as run_telegram

        return run_telegram(os.environ, assistant)
    if command == "run":
        print("TELEGRAM_BOT_TOKEN is not set: starting the local chat instead (Ctrl-D to quit).")
    return chat(assistant)


def ask(assistant: Assistant, question: str, as_json: bool) -> int:
    reply = assistant.answer(question)
    if as_json:
        fields = {
            "topic": reply.topic,
            "aspect": reply.aspect,
            "urgent": reply.urgent,
            "text": reply.text,
        }
        print(json.dumps(fields, ensure_ascii=False, indent=2))
    else:
        print(reply.text)
    return 0


def chat(assistant: Assistant) -> int:
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - line editing and history for input()
    print("Ask me about muscle twitching. Type 'quit' or press Ctrl-D to leave.")
    last_topic: str | None = None
    while True:
        try:
            question = input("\nyou> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if question.strip().lower() in QUIT_WORDS:
            return 0
        if not question.strip():
            continue
        reply = assistant.answer(question, last_topic=last_topic)
        last_topic = reply.topic or last_topic
        print(f"\n{reply.text}")
        if reply.choices:
            print("\n(Did you mean: " + " / ".join(c.label for c in reply.choices) + "?)")


def kb_check(directory: Path | None) -> int:
    kb, problems = check_knowledge(directory)
    if kb is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    synonyms = sum(len(t.synonyms) for t in kb.topics.values()) + sum(
        len(f.synonyms) for f in kb.foods.values()
    )
    examples = sum(len(q) for t in kb.topics.values() for q in t.examples.values())
    print(
        f"knowledge OK: {len(kb.topics)} topics, {len(kb.foods)} foods, {synonyms} synonyms, "
        f"{examples} examples, {len(kb.sources)} sources"
    )
    return 0


def kb_misses(limit: int) -> int:
    from assistant.storage import open_database
    from assistant.storage.statistics import top_misses

    data_dir = Path(os.environ.get("BOT_DATA_DIR", "data"))
    if not (data_dir / "bot.sqlite3").exists():
        print(f"No questions recorded yet ({data_dir / 'bot.sqlite3'} does not exist).")
        return 0
    rows = top_misses(open_database(data_dir), limit)
    if not rows:
        print("No unanswered questions recorded yet.")
    for text, count in rows:
        print(f"{count:6d}  {text}")
    return 0


def run_eval(assistant: Assistant, show_misses: bool) -> int:
    from assistant.tools.evaluation import (
        DATA_DIRECTORY,
        EVAL_FILES,
        evaluate,
        food_aliases,
        format_report,
        load_labelled,
    )

    for name in EVAL_FILES:
        path = DATA_DIRECTORY / name
        if path.exists():
            aliases = food_aliases(assistant.kb)
            report = evaluate(name, load_labelled(path), assistant.match, aliases)
            print(format_report(report, show_misses))
            print()
    return 0
