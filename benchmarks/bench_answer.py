"""Latency and accuracy of `Assistant.answer()` beside the previous matcher and a naive baseline.

    python benchmarks/bench_answer.py                       # real knowledge base and x20 synthetic
    python benchmarks/bench_answer.py --previous f601b71    # the release to compare with

The previous matcher is the project's own code at an earlier commit (default: the last commit
before triage and whole-message matching), extracted with `git archive` into a temporary
directory and timed in a subprocess on the same questions in the same run.

The baseline is what one would write first: `rapidfuzz.process.extractOne` with its default
scorer (WRatio, plus rapidfuzz's default lower-casing processor) over every example question of
the knowledge base, answering with the topic of the closest example. Both run on the same
labelled questions in the same process, ours with the chat's previous topic where the label
has one (follow-ups), as the bot would.

Run it on an idle machine: other processes on the two cores show up in the p99.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import string
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

from rapidfuzz import process, utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Assistant
from assistant.kb.model import KnowledgeBase, Topic
from assistant.tools.evaluation import (
    DATA_DIRECTORY,
    EVAL_FILES,
    Labelled,
    food_aliases,
    load_labelled,
)

ROUNDS = 5
PREVIOUS = "f601b71"  # the matcher before this change: phrase red flags, first-noun topics
ROOT = Path(__file__).resolve().parent.parent
# Run inside the extracted old tree: answers every question ROUNDS times, prints the timings.
_OLD_RUNNER = """
import json, sys, time
from assistant import Assistant
items = json.load(open(sys.argv[1]))
bot = Assistant.load()
for q, t in items:
    bot.answer(q, t)
topics, timings = [], []
for round_ in range(int(sys.argv[2])):
    for q, t in items:
        start = time.perf_counter()
        reply = bot.answer(q, t)
        timings.append(time.perf_counter() - start)
        if round_ == 0:
            topics.append(reply.topic)
print(json.dumps({"topics": topics, "timings": timings}))
"""


def scaled(kb: KnowledgeBase, factor: int, seed: int = 7) -> KnowledgeBase:
    """`kb` plus (factor - 1) synthetic copies of every topic, with made-up names and synonyms."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 10)))

    topics: dict[str, Topic] = dict(kb.topics)
    for copy in range(1, factor):
        for topic in kb.topics.values():
            new_id = f"{topic.id}-synthetic-{copy}"
            examples = {a: tuple(f"{q} {word()}" for q in qs) for a, qs in topic.examples.items()}
            topics[new_id] = dataclasses.replace(
                topic,
                id=new_id,
                title=f"{word()} {word()}",
                synonyms=tuple(word() for _ in topic.synonyms),
                related=(),
                examples=MappingProxyType(examples),
            )
    return dataclasses.replace(kb, topics=MappingProxyType(topics))


def naive_matcher(
    kb: KnowledgeBase, with_synonyms: bool = False
) -> Callable[[str, str | None], str | None]:
    phrases, labels = [], []
    for topic in kb.topics.values():
        names = (topic.title, *topic.synonyms) if with_synonyms else ()
        for phrase in (*names, *(q for qs in topic.examples.values() for q in qs)):
            phrases.append(phrase)
            labels.append(topic.id)
    if with_synonyms:
        for food in kb.foods.values():
            for phrase in (food.name, food.plural, *food.synonyms):
                phrases.append(phrase)
                labels.append(food.topic_id)

    def match(text: str, last_topic: str | None = None) -> str | None:
        best = process.extractOne(text, phrases, processor=utils.default_process)
        return labels[best[2]] if best else None

    return match


def measure(
    name: str,
    answer: Callable[[str, str | None], str | None],
    items: list[Labelled],
    aliases: dict[str, str],
) -> dict[str, float]:
    timings: list[float] = []
    right = 0
    for round_ in range(ROUNDS):
        for item in items:
            start = time.perf_counter()
            topic = answer(item.question, item.last_topic)
            timings.append(time.perf_counter() - start)
            if round_ == 0:
                right += topic == aliases.get(item.topic or "", item.topic)
    timings.sort()
    median = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99)]
    return {
        "name": name,
        "accuracy": right / len(items),
        "median_ms": median * 1e3,  # type: ignore[dict-item]
        "p99_ms": p99 * 1e3,
        "per_second": len(timings) / sum(timings),
    }


def previous_matcher(rev: str, items: list[Labelled], aliases: dict[str, str]) -> dict[str, float]:
    """The same measurement on the project's code at `rev`, in a subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        questions = Path(tmp, "questions.json")
        questions.write_text(json.dumps([[i.question, i.last_topic] for i in items]))
        out = subprocess.run(
            [sys.executable, "-c", _OLD_RUNNER, str(questions), str(ROUNDS)],
            cwd=tmp,
            check=True,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"},
        ).stdout
    result = json.loads(out)
    timings = sorted(result["timings"])
    right = sum(
        topic == aliases.get(item.topic or "", item.topic)
        for topic, item in zip(result["topics"], items, strict=True)
    )
    return {
        "name": f"previous matcher ({rev})",
        "accuracy": right / len(items),
        "median_ms": statistics.median(timings) * 1e3,
        "p99_ms": timings[int(len(timings) * 0.99)] * 1e3,
        "per_second": len(timings) / sum(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--previous", default=PREVIOUS, help="git revision to compare with")
    args = parser.parse_args()
    items = [i for name in EVAL_FILES for i in load_labelled(DATA_DIRECTORY / name)]
    base = Assistant.load()
    print(f"{len(items)} labelled questions x {ROUNDS} rounds; times per answer, one thread\n")
    header = ("knowledge base", "matcher", "topic acc", "median", "p99", "answers/s")
    print("{:<20}{:<38}{:>10}{:>10}{:>10}{:>11}".format(*header))
    for factor in (1, 20):
        kb = base.kb if factor == 1 else scaled(base.kb, factor)
        assistant = Assistant(kb)
        for item in items:  # warm the typo cache as a running bot would be warm
            assistant.answer(item.question, item.last_topic)
        aliases = food_aliases(kb)
        ours = measure(
            "Assistant.answer()", lambda q, t, a=assistant: a.answer(q, t).topic, items, aliases
        )
        naive = measure("naive extractOne, examples", naive_matcher(kb), items, aliases)
        naive_all = measure(
            "naive extractOne, examples + names", naive_matcher(kb, True), items, aliases
        )
        rows = [ours, naive, naive_all]
        if factor == 1:
            rows.insert(1, previous_matcher(args.previous, items, aliases))
        label = (
            f"real ({len(kb.topics)} topics)"
            if factor == 1
            else f"x{factor} ({len(kb.topics)} topics)"
        )
        for row in rows:
            print(
                f"{label:<20}{row['name']:<38}{row['accuracy']:>10.1%}{row['median_ms']:>8.3f}ms"
                f"{row['p99_ms']:>8.3f}ms{row['per_second']:>11,.0f}"
            )
        for row in rows[1:]:
            ratio = row["median_ms"] / ours["median_ms"]
            p99 = row["p99_ms"] / ours["p99_ms"]
            what = f"{row['name'][:22]} / ours"
            print(f"{'':<20}{what:<38}{'':>10}{ratio:>9.2f}x{p99:>9.2f}x  (median, p99)")
        print()
    cold = Assistant(base.kb)
    start = time.perf_counter()
    for item in items:
        cold.answer(item.question, item.last_topic)
    cold_ms = (time.perf_counter() - start) / len(items) * 1e3
    print(f"first pass with an empty typo cache: {cold_ms:.3f} ms per answer (mean)")


if __name__ == "__main__":
    main()
