"""`kb check` must catch a curator's mistakes and say file:line for each."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.kb.load import Skipped, check_knowledge
from assistant.kb.model import DEFAULT_DIRECTORY, TopicAnswer
from assistant.kb.schema import KnowledgeError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in `path`; returns the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _messages(directory: Path) -> list[str]:
    kb, problems = check_knowledge(directory)
    assert kb is None, "the broken knowledge base passed the check"
    return [str(p) for p in problems]


def test_the_shipped_knowledge_base_is_clean() -> None:
    kb, problems = check_knowledge()
    assert problems == []
    assert kb is not None and len(kb.foods) >= 25


def test_cli_check_passes_with_a_summary() -> None:
    result = subprocess.run(
        [sys.executable, "bot.py", "kb", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "topics" in result.stdout and "foods" in result.stdout and "synonyms" in result.stdout


def test_unknown_nutrient_in_a_food_is_reported_at_its_line(kb_copy: Path) -> None:
    foods = kb_copy / "foods.yaml"
    _edit(foods, "supplies: [", "supplies: [zinc, ")
    messages = _messages(kb_copy)
    assert any(f"{foods}:" in m and "unknown nutrient 'zinc'" in m for m in messages)


def test_broken_yaml_gives_file_and_line(kb_copy: Path) -> None:
    nutrients = kb_copy / "nutrients.yaml"
    line = _edit(nutrients, "title:", "title: [unclosed")
    messages = _messages(kb_copy)
    assert any(
        m.startswith(f"{nutrients}:{line}:") or m.startswith(f"{nutrients}:{line + 1}:")
        for m in messages
    ), messages


def test_synonym_claimed_twice_names_both_places(kb_copy: Path) -> None:
    lifestyle = kb_copy / "lifestyle.yaml"
    line = _edit(lifestyle, "synonyms:\n", "synonyms:\n      - magnesium citrate\n")
    messages = _messages(kb_copy)
    # Reported at one claim, naming the other: both places appear in the message.
    assert any(f"{lifestyle}:{line + 1}" in m and "nutrients.yaml:" in m for m in messages), (
        messages
    )


def test_duplicate_food_slug_and_missing_source(kb_copy: Path) -> None:
    foods = kb_copy / "foods.yaml"
    text = foods.read_text(encoding="utf-8")
    foods.write_text(
        text + "\n  - slug: spinach\n    name: Spinach again\n    group: Leafy greens\n"
        "    supplies: [magnesium]\n",
        encoding="utf-8",
    )
    general = kb_copy / "general.yaml"
    _edit(general, "sources: [", "sources: [no-such-source, ")
    messages = _messages(kb_copy)
    assert any("food 'spinach' is defined twice" in m for m in messages)
    assert any(f"{general}:" in m and "no-such-source" in m for m in messages)


def test_unquoted_no_is_explained(kb_copy: Path) -> None:
    language = kb_copy / "language.yaml"
    line = _edit(language, '- "no"', "- no")
    assert any(m.startswith(f"{language}:{line}:") and "quotes" in m for m in _messages(kb_copy))


def test_loading_a_broken_base_raises_with_every_message(kb_copy: Path) -> None:
    _edit(kb_copy / "foods.yaml", "supplies: [", "supplies: [zinc, ")
    with pytest.raises(KnowledgeError) as caught:
        Assistant.load(kb_copy)
    assert "zinc" in str(caught.value)


def test_cli_check_fails_with_exit_1_and_no_traceback(kb_copy: Path) -> None:
    _edit(kb_copy / "foods.yaml", "supplies: [", "supplies: [zinc, ")
    result = subprocess.run(
        [sys.executable, "bot.py", "--knowledge", str(kb_copy), "kb", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "foods.yaml:" in result.stderr and "Traceback" not in result.stderr


def test_a_synonym_written_twice_in_one_topic_is_pointed_at(kb_copy: Path) -> None:
    lifestyle = kb_copy / "lifestyle.yaml"
    line = _edit(lifestyle, "synonyms:\n", "synonyms:\n      - hydrate\n      - hydrate\n")
    assert any(
        m.startswith(f"{lifestyle}:{line + 2}:") and "listed twice" in m for m in _messages(kb_copy)
    )


def test_spelling_variants_of_one_synonym_are_fine(kb_copy: Path) -> None:
    lifestyle = kb_copy / "lifestyle.yaml"
    _edit(lifestyle, "synonyms:\n", "synonyms:\n      - re-hydrate\n      - rehydrate!\n")
    _kb, problems = check_knowledge(kb_copy)
    assert problems == []


# -- answers: short, sourced answers inside a topic ------------------------------------------


def _answer(answer_id: str, aspect: str, cues: str, sources: str = "[nhs-twitching]") -> str:
    return (
        f"      - id: {answer_id}\n"
        f"        aspect: {aspect}\n"
        f"        cues: {cues}\n"
        "        answer: A short answer.\n"
        f"        sources: {sources}\n"
    )


def _add_answers(path: Path, topic_id: str, *answers: str) -> int:
    """Give topic `topic_id` in `path` an `answers:` list; returns the line of its first answer."""
    anchor = f"  - id: {topic_id}\n"
    text = path.read_text(encoding="utf-8")
    start = text.index(anchor) + len(anchor)
    kind_end = text.index("\n", start) + 1  # after the `kind:` line
    block = "    answers:\n" + "".join(answers)
    line = text[:kind_end].count("\n") + 2
    path.write_text(text[:kind_end] + block + text[kind_end:], encoding="utf-8")
    return line


def _strip_answers(directory: Path) -> None:
    """Remove every shipped `answers:` block so a test controls all cues."""
    for path in directory.glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        out, skipping = [], False
        for line in lines:
            if line == "    answers:\n":
                skipping = True
                continue
            if skipping and (line.startswith("      ") or not line.strip()):
                continue
            skipping = False
            out.append(line)
        path.write_text("".join(out), encoding="utf-8")


def test_answers_are_loaded_into_the_topic(kb_copy: Path) -> None:
    _strip_answers(kb_copy)
    general = kb_copy / "general.yaml"
    _add_answers(general, "twitching", _answer("how-long", "overview", "[how long, go away]"))
    kb, problems = check_knowledge(kb_copy)
    assert problems == [] and kb is not None
    (answer,) = kb.topics["twitching"].answers
    assert answer == TopicAnswer(
        id="how-long",
        aspect="overview",
        cues=("how long", "go away"),
        answer="A short answer.",
        sources=("nhs-twitching",),
    )
    assert kb.topics["sleep"].answers == ()


def test_answer_aspect_must_fit_the_topic_kind(kb_copy: Path) -> None:
    _strip_answers(kb_copy)
    general, nutrients = kb_copy / "general.yaml", kb_copy / "nutrients.yaml"
    line = _add_answers(general, "twitching", _answer("limits", "safety", "[upper limit]"))
    _add_answers(
        nutrients,
        "magnesium",
        _answer("forms", "safety", "[glycinate or citrate]", "[ods-magnesium]"),
        _answer("dose", "dosage", "[how many mg]", "[ods-magnesium]"),
    )
    messages = _messages(kb_copy)
    assert any(
        m.startswith(f"{general}:{line + 1}:") and "aspect 'safety'" in m for m in messages
    ), messages
    assert any(f"{nutrients}:" in m and "aspect 'dosage'" in m for m in messages), messages
    assert not any("'forms'" in m for m in messages), messages


def test_answer_with_unknown_source_or_no_cues_is_reported_at_its_line(kb_copy: Path) -> None:
    _strip_answers(kb_copy)
    general = kb_copy / "general.yaml"
    line = _add_answers(
        general,
        "twitching",
        _answer("bfs", "overview", "[is it als]", "[nhs-twitching, no-such-study]"),
        _answer("eyelid", "overview", "[]"),
    )
    messages = _messages(kb_copy)
    assert any(
        m.startswith(f"{general}:{line + 4}:") and "'no-such-study'" in m for m in messages
    ), messages
    assert any(
        m.startswith(f"{general}:{line + 7}:") and "'cues' needs at least one item" in m
        for m in messages
    ), messages


def test_a_cue_claimed_by_two_answers_names_both_places(kb_copy: Path) -> None:
    _strip_answers(kb_copy)
    general, nutrients = kb_copy / "general.yaml", kb_copy / "nutrients.yaml"
    first = _add_answers(general, "twitching", _answer("bfs", "overview", "[is it als]"))
    second = _add_answers(
        nutrients, "magnesium", _answer("cramps", "overview", "[Is it ALS?]", "[ods-magnesium]")
    )
    messages = _messages(kb_copy)
    assert any(
        m.startswith(f"{nutrients}:{second + 2}:") and f"{general}:{first + 2}" in m
        for m in messages
    ), messages


def test_answer_ids_are_slugs_and_fields_are_known(kb_copy: Path) -> None:
    _strip_answers(kb_copy)
    general = kb_copy / "general.yaml"
    _add_answers(
        general,
        "twitching",
        _answer("Eyelid Twitch", "overview", "[eyelid]") + "        verdict: harmless\n",
    )
    messages = _messages(kb_copy)
    assert any("'Eyelid Twitch'" in m and "hyphens" in m for m in messages), messages
    assert any("unknown field 'verdict'" in m for m in messages), messages


def test_shipped_answers_cite_sources_and_stay_phone_sized() -> None:
    kb, problems = check_knowledge()
    assert problems == [] and kb is not None
    answers = [a for topic in kb.topics.values() for a in topic.answers]
    for answer in answers:
        assert answer.sources and answer.cues, answer.id
        assert len(answer.answer) <= 450, f"{answer.id}: {len(answer.answer)} characters"


@pytest.mark.parametrize("name", ["nutrients.yaml", "sources.yaml", "foods.yaml", "safety.yaml"])
def test_a_file_that_does_not_parse_is_one_problem_not_an_echo(kb_copy: Path, name: str) -> None:
    with (kb_copy / name).open("a", encoding="utf-8") as file:
        file.write("oops: [unclosed\n")
    kb, problems = check_knowledge(kb_copy)
    assert kb is None
    real = [p for p in problems if not isinstance(p, Skipped)]
    assert len(real) == 1 and real[0].file.endswith(name), [str(p) for p in problems]
    (note,) = [str(p) for p in problems if isinstance(p, Skipped)]
    assert note.startswith("note:") and name in note


def test_cli_counts_the_parse_error_once(kb_copy: Path) -> None:
    with (kb_copy / "nutrients.yaml").open("a", encoding="utf-8") as file:
        file.write("oops: [unclosed\n")
    result = subprocess.run(
        [sys.executable, "bot.py", "kb", "check", "--knowledge", str(kb_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and lines[-1] == "1 problem(s) found.", lines
    assert "nutrients.yaml" in lines[0] and lines[1].startswith("note:")


def test_anywhere_must_be_true_or_false(kb_copy: Path) -> None:
    path = kb_copy / "lifestyle.yaml"
    line = _edit(path, "anywhere: true", "anywhere: sometimes")
    messages = _messages(kb_copy)
    assert any(m.startswith(f"{path}:{line}:") and "true or false" in m for m in messages)


def test_a_by_person_row_for_nobody_is_reported(kb_copy: Path) -> None:
    path = kb_copy / "lifestyle.yaml"
    old = '{stage: pregnant, answer: "In pregnancy: about 3 litres'
    line = _edit(path, old, '{stage: pregnent, ages: "old", answer: "In pregnancy: about 3 litres')
    messages = _messages(kb_copy)
    assert any(m.startswith(f"{path}:{line}:") and "stage must be" in m for m in messages)
    assert any(m.startswith(f"{path}:{line}:") and "ages must be" in m for m in messages)


def test_a_situation_food_that_does_not_exist_is_reported_at_its_list(kb_copy: Path) -> None:
    path = kb_copy / "language.yaml"
    old = "      foods: [banana, potato, sweet-potato,"
    line = _edit(path, old, "      foods: [bananna, potato, sweet-potato,")
    messages = _messages(kb_copy)
    assert any(m.startswith(f"{path}:{line}:") and "no food 'bananna'" in m for m in messages)


def test_a_compound_share_is_a_fraction_with_its_line(kb_copy: Path) -> None:
    intakes = kb_copy / "intakes.yaml"
    line = _edit(intakes, "word: carbonate, share: 0.40", "word: carbonate, share: 40")
    messages = _messages(kb_copy)
    assert any(f"{intakes}:{line}:" in m and "share must be below 1" in m for m in messages)
