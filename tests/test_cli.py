"""The command line as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        input=stdin,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_ask_prints_the_answer_with_the_disclaimer() -> None:
    result = run("ask", "what foods have potassium")
    assert result.returncode == 0, result.stderr
    assert (
        "Banana" in result.stdout and "consult" in result.stdout.lower()
    ) or "doctor" in result.stdout


def test_ask_json_has_the_four_fields() -> None:
    result = run("ask", "--json", "magnisium?")
    data = json.loads(result.stdout)
    assert set(data) == {"topic", "aspect", "urgent", "text"}
    assert (data["topic"], data["aspect"], data["urgent"]) == ("magnesium", "overview", False)


def test_ask_does_not_import_telegram() -> None:
    code = (
        "import sys; from assistant.cli import main; main(['ask', 'potassium']); "
        "assert 'telegram' not in sys.modules, 'telegram was imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_without_a_token_the_bot_says_so_and_chats() -> None:
    result = run(stdin="what foods have calcium\nquit\n")
    assert result.returncode == 0
    first_line = result.stdout.splitlines()[0]
    assert "TELEGRAM_BOT_TOKEN" in first_line
    assert "Tofu" in result.stdout


def test_chat_remembers_the_topic_for_follow_ups_and_exits_on_eof() -> None:
    result = run("chat", stdin="tell me about potassium\nand the symptoms?\n")
    assert result.returncode == 0
    assert "Signs of low Potassium" in result.stdout


def test_eval_prints_the_accuracy_report() -> None:
    result = run("eval")
    assert result.returncode == 0
    assert "topic accuracy" in result.stdout and "emergency recall" in result.stdout


def test_kb_misses_lists_the_most_frequent_unanswered_questions(tmp_path: Path) -> None:
    from assistant import storage
    from assistant.storage import statistics

    db = storage.open_database(tmp_path)
    for text in ("is zinc good", "is zinc good", "is zinc good", "iron pills"):
        statistics.record_miss(db, text)
    db.close()
    result = run("kb", "misses", env={"BOT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["3", "is", "zinc", "good"]
    assert lines[1].split() == ["1", "iron", "pills"]


def test_kb_misses_on_a_new_machine_says_nothing_is_recorded(tmp_path: Path) -> None:
    result = run("kb", "misses", env={"BOT_DATA_DIR": str(tmp_path / "none")})
    assert result.returncode == 0 and "No questions recorded yet" in result.stdout
