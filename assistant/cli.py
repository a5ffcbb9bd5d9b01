"""The command line: `twitch-relief [run|chat|ask|kb check|kb misses|eval]` (or `python bot.py`,
`python -m assistant`). `--help` lists examples, the environment and the exit codes.

Only `run` with a token imports python-telegram-bot, so `ask` and `chat` start fast. Output can
be piped: a reader that stops early (`| head -1`) ends the program quietly with exit code 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from assistant import __version__
from assistant.answering.assistant import Assistant
from assistant.kb.load import Skipped, check_knowledge
from assistant.kb.schema import KnowledgeError, Problem

if TYPE_CHECKING:  # storage is imported only by the commands that use it
    from assistant.storage.database import Database

# Exit codes (README "Command line"): keep in step with EPILOG.
OK, PROBLEMS, USAGE, CONFLICT, INTERRUPTED = 0, 1, 2, 3, 130

EPILOG = """\
examples:
  %(prog)s                                  Telegram bot with TELEGRAM_BOT_TOKEN, else local chat
  %(prog)s chat                             chat in this terminal
  %(prog)s ask "what foods have potassium"
  %(prog)s ask --json "magnisium?"          topic, aspect, urgency and text as JSON
  %(prog)s kb check --knowledge ./knowledge validate a knowledge base (file:line per problem)
  %(prog)s kb misses --limit 50             most frequent questions it could not answer
  %(prog)s eval --misses | less             matcher accuracy (needs the source checkout)

environment:
  TELEGRAM_BOT_TOKEN   bot token from @BotFather; without it `run` starts the local chat
  TELEGRAM_BASE_URL    Bot API base URL (default https://api.telegram.org/bot)
  BOT_DATA_DIR         directory of the SQLite database (default ./data)
  WEBHOOK_URL          webhook mode instead of polling; with WEBHOOK_LISTEN (default 0.0.0.0)
                       and WEBHOOK_PORT (default 8443)
  LOG_LEVEL            DEBUG, INFO (default), WARNING, ERROR or CRITICAL
  LOG_USER_TEXT        1: users' message text may appear in DEBUG logs (default: left out)

exit codes:
  0 success; 1 problems found (kb check, eval, an invalid knowledge base); 2 wrong usage or a
  bad setting (BOT_DATA_DIR, a malformed variable); 3 another process polls with this token;
  130 interrupted (Ctrl-C)
"""


class _Parser(argparse.ArgumentParser):
    """Errors are one line (`prog: error: ... (see --help)`), not the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _positive(text: str) -> int:
    if not text.strip().isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, got {text!r}")
    return int(text)


def _directory(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a directory")
    return path


def _global_options(suppress: bool) -> _Parser:
    """Options accepted before or after the verb (`kb check --knowledge DIR`)."""
    common = _Parser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    common.add_argument(
        "--knowledge",
        type=_directory,
        default=default,
        metavar="DIR",
        help="knowledge base directory (default: the one shipped with the package)",
    )
    return common


def parser(prog: str | None = None) -> _Parser:
    top = _Parser(
        prog=prog,
        description="Twitch-Relief Assistant: answers questions about muscle twitching.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_global_options(suppress=False)],
    )
    top.add_argument(
        "--version", action="version", version=f"Twitch-Relief Assistant {__version__}"
    )
    common = [_global_options(suppress=True)]
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", parents=common, help="run the Telegram bot (the default)")
    sub.add_parser("chat", parents=common, help="chat with the assistant in this terminal")
    ask = sub.add_parser("ask", parents=common, help="answer one question on stdout")
    ask.add_argument("question", nargs="+", help="the question (quotes optional)")
    ask.add_argument("--json", action="store_true", help="print topic, aspect, urgency, text")
    kb = sub.add_parser("kb", parents=common, help="knowledge base tools: check, misses")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="TOOL", required=True)
    kb_sub.add_parser("check", parents=common, help="validate the knowledge base's YAML files")
    misses = kb_sub.add_parser(
        "misses", parents=common, help="most frequent questions the bot could not answer"
    )
    misses.add_argument("--limit", type=_positive, default=20, metavar="N", help="default 20")
    evaluation = sub.add_parser(
        "eval", parents=common, help="matcher accuracy on the labelled questions (tests/data)"
    )
    evaluation.add_argument("--misses", action="store_true", help="list every wrong answer")
    return top


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Run one command; returns the exit code. Never a traceback for a closed pipe or Ctrl-C."""
    try:
        code = _run(parser(prog).parse_args(argv), prog)
        sys.stdout.flush()  # a closed pipe shows up here, inside the handler below
    except BrokenPipeError:
        # The reader went away (`| head -1`): nothing more to say, and Python must not try
        # to flush into the closed pipe again at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return OK
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return INTERRUPTED
    return code


def mistakes(problems: list[Problem]) -> list[Problem]:
    """The problems that are mistakes to fix (not notes of `Skipped` checks)."""
    return [p for p in problems if not isinstance(p, Skipped)]


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _run(args: argparse.Namespace, prog: str | None) -> int:
    command = args.command or "run"
    name = prog or Path(sys.argv[0]).name
    if command == "kb" and args.kb_command == "check":
        return kb_check(args.knowledge)
    if command == "kb":
        return kb_misses(args.limit)
    try:
        assistant = Assistant.load(args.knowledge)
    except KnowledgeError as error:
        found = mistakes(error.problems)
        first = found[0] if found else "unknown problem"
        _error(
            f"the knowledge base has {len(found)} problem(s), the first: {first}; "
            f"`{name} kb check` lists them all"
        )
        return PROBLEMS
    if command == "ask":
        return ask(assistant, " ".join(args.question), args.json)
    if command == "eval":
        return run_eval(assistant, args.misses)
    if command == "run" and os.environ.get("TELEGRAM_BOT_TOKEN"):
        from assistant.telegram.app import main as run_telegram

        return run_telegram(os.environ, assistant)
    from assistant.terminal import chat

    if command == "run":
        print("TELEGRAM_BOT_TOKEN is not set: starting the local chat instead.")
    return chat(assistant)


def ask(assistant: Assistant, question: str, as_json: bool) -> int:
    if not question.strip():
        _error("ask: the question is empty")
        return USAGE
    reply = assistant.answer(question)
    if as_json:
        fields = {
            "topic": reply.topic,
            "aspect": reply.aspect,
            "urgent": reply.urgent,
            "urgency": reply.urgency,
            "text": reply.text,
        }
        print(json.dumps(fields, ensure_ascii=False, indent=2))
    else:
        print(reply.text)
    return OK


def kb_check(directory: Path | None) -> int:
    kb, problems = check_knowledge(directory)
    if kb is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(mistakes(problems))} problem(s) found.", file=sys.stderr)
        return PROBLEMS
    synonyms = sum(len(t.synonyms) for t in kb.topics.values()) + sum(
        len(f.synonyms) for f in kb.foods.values()
    )
    examples = sum(len(q) for t in kb.topics.values() for q in t.examples.values())
    print(
        f"knowledge OK: {len(kb.topics)} topics, {len(kb.foods)} foods, {synonyms} synonyms, "
        f"{examples} examples, {len(kb.sources)} sources"
    )
    return OK


def kb_misses(limit: int) -> int:
    from assistant.storage import open_database
    from assistant.storage.data_dir import DB_FILENAME, DataDirError, check_data_dir
    from assistant.storage.database import DatabaseRefused

    url = os.environ.get("DATABASE_URL", "").strip()
    if url:  # the bot keeps its data in PostgreSQL: read the questions there
        try:
            db = open_database(url=url)
        except DatabaseRefused as error:
            _error(str(error))
            return USAGE
        return _print_misses(db, limit)
    data_dir = Path(os.environ.get("BOT_DATA_DIR") or "data")
    if data_dir.exists() and not data_dir.is_dir():
        _error(f"BOT_DATA_DIR {str(data_dir)!r} is a file, not a directory")
        return USAGE
    if not (data_dir / DB_FILENAME).exists():
        print(f"No questions recorded yet ({data_dir / DB_FILENAME} does not exist).")
        return OK
    try:
        db = open_database(check_data_dir(data_dir))
    except DataDirError as error:
        _error(str(error))
        return USAGE
    return _print_misses(db, limit)


def _print_misses(db: Database, limit: int) -> int:
    from assistant.storage.statistics import RETENTION, top_misses

    try:
        rows = top_misses(db, limit)
    finally:
        db.close()
    if not rows:
        print(f"No unanswered questions recorded in the last {RETENTION.days} days.")
    for text, count in rows:
        print(f"{count:6d}  {text}")
    return OK


def run_eval(assistant: Assistant, show_misses: bool) -> int:
    from assistant.tools.evaluation import (
        DATA_DIRECTORY,
        EVAL_FILES,
        evaluate,
        food_aliases,
        format_report,
        load_labelled,
    )

    found = [DATA_DIRECTORY / name for name in EVAL_FILES if (DATA_DIRECTORY / name).exists()]
    if not found:
        _error(
            f"eval needs the labelled questions in {DATA_DIRECTORY}, which come with the "
            "source checkout, not with the installed package"
        )
        return PROBLEMS
    aliases = food_aliases(assistant.kb)
    for path in found:
        report = evaluate(path.name, load_labelled(path), assistant.match, aliases)
        print(format_report(report, show_misses))
        print()
    return OK


if __name__ == "__main__":
    sys.exit(main())
