"""The command line as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Backend

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    unset = ("TELEGRAM_BOT_TOKEN", "DATABASE_URL")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
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


def test_ask_json_has_the_spec_fields() -> None:
    result = run("ask", "--json", "magnisium?")
    data = json.loads(result.stdout)
    assert set(data) == {"topic", "aspect", "urgent", "urgency", "text"}
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


def test_kb_misses_lists_the_most_frequent_unanswered_questions(backend: Backend) -> None:
    from assistant.storage import statistics

    db = backend.open()  # where the bot keeps them: BOT_DATA_DIR, or DATABASE_URL if set
    for text in ("is zinc good", "is zinc good", "is zinc good", "iron pills"):
        statistics.record_miss(db, text)
    db.close()
    result = run(
        "kb", "misses", env={"BOT_DATA_DIR": str(backend.data_dir), **backend.environment()}
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["3", "is", "zinc", "good"]
    assert lines[1].split() == ["1", "iron", "pills"]


def test_kb_misses_on_a_new_machine_says_nothing_is_recorded(tmp_path: Path) -> None:
    result = run("kb", "misses", env={"BOT_DATA_DIR": str(tmp_path / "none")})
    assert result.returncode == 0 and "No questions recorded yet" in result.stdout


def test_a_closed_pipe_is_no_error() -> None:
    for command in ("ask hi", "kb check", "eval --misses", "--help"):
        result = subprocess.run(
            f"{sys.executable} bot.py {command} | head -1",
            shell=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            executable="/bin/bash",
        )
        assert result.returncode == 0 and "Traceback" not in result.stderr, (command, result)
        assert "BrokenPipe" not in result.stderr, command


def test_ask_head_exits_zero_with_pipefail() -> None:
    result = subprocess.run(
        f"set -o pipefail; {sys.executable} bot.py ask what foods have potassium | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        executable="/bin/bash",
    )
    assert result.returncode == 0 and result.stderr == "", result


def test_version_help_and_module_entry() -> None:
    from assistant import __version__

    assert __version__ in run("--version").stdout
    help_text = run("--help").stdout
    for expected in ("examples:", "environment:", "BOT_DATA_DIR", "LOG_USER_TEXT", "exit codes"):
        assert expected in help_text
    for module in ("assistant", "assistant.cli"):
        result = subprocess.run(
            [sys.executable, "-m", module, "ask", "potassium"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0 and "Potassium" in result.stdout, (module, result.stderr)


def test_options_after_the_verb_and_one_line_errors() -> None:
    knowledge = str(ROOT / "knowledge")
    assert run("kb", "check", "--knowledge", knowledge).returncode == 0
    assert run("ask", "potassium", "--knowledge", knowledge).returncode == 0
    for args in (("kb", "misses", "--limit", "0"), ("kb", "misses", "--limit", "-3"),
                 ("ask", "hi", "--knowledge", "/no/such/dir"), ("nonsense",)):  # fmt: skip
        result = run(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_eval_without_the_labelled_sets_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant import cli
    from assistant.tools import evaluation

    monkeypatch.setattr(evaluation, "DATA_DIRECTORY", tmp_path / "missing")
    assert cli.main(["eval"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert "labelled questions" in line and "missing" in line


def test_chat_numbers_the_choices_and_a_number_picks_one() -> None:
    result = run("chat", stdin="sleep or stress\n2\nquit\n", env={"COLUMNS": "60"})
    assert result.returncode == 0
    out = result.stdout
    assert "Did you mean:\n  1. Sleep\n  2. Stress and anxiety" in out
    assert "Stress and anxiety\n──────────────────" in out
    assert all(len(line) <= 59 for line in out.splitlines() if "https://" not in line)
    assert out.count("quit") == 1  # one way to leave, said once
    assert "\n\n" in out.split("Stress and anxiety\n──")[1]  # paragraphs apart


def test_kb_misses_keeps_questions_for_the_retention_period(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from assistant import storage
    from assistant.storage import statistics

    db = storage.open_database(tmp_path)
    statistics.record_miss(db, "is zinc good", now=datetime(2020, 1, 1, tzinfo=UTC))
    statistics.record_miss(db, "iron pills")
    db.close()
    result = run("kb", "misses", env={"BOT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "iron pills" in result.stdout and "zinc" not in result.stdout
