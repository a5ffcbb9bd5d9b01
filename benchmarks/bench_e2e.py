"""Updates per second of the real bot through the fake Bot API server, beside a PTB echo bot.

    python benchmarks/bench_e2e.py [--users 100] [--messages 1000] [--rounds 2]

Both bots poll the same kind of fake server (tests/e2e/fake_bot_api.py) on 127.0.0.1 and get
the same burst: `--messages` private questions from `--users` users, pushed at once. The echo
bot (benchmarks/bench_e2e_echo.py) replies with the text; ours is the production Application
(`build_application`) answering from the knowledge base, with its typing action, keyboards and
rate limiter. The rate limiter's pacing is switched off here (it would cap both at Telegram's
30 messages a second, which says nothing about our code); its 429 retries stay on.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dtm
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from telegram.ext import AIORateLimiter  # noqa: E402

from assistant import Assistant  # noqa: E402
from assistant.telegram.app import ALLOWED_UPDATES, build_application  # noqa: E402
from assistant.telegram.config import Config  # noqa: E402
from assistant.tools.evaluation import DATA_DIRECTORY, EVAL_FILES, load_labelled  # noqa: E402
from benchmarks.bench_e2e_echo import private_burst, run_echo_bot_burst  # noqa: E402
from tests.e2e.fake_bot_api import FakeBotApi  # noqa: E402

FIRST_USER_ID = 700000


async def run_bot_burst(assistant: Assistant, n_users: int, n_messages: int) -> float:
    """Updates per second the production bot answers through the fake Bot API server."""
    questions = [i.question for name in EVAL_FILES for i in load_labelled(DATA_DIRECTORY / name)]
    async with FakeBotApi() as fake:
        with tempfile.TemporaryDirectory() as data_dir:
            config = Config(token=fake.token, base_url=fake.base_url, data_dir=Path(data_dir))
            limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=50)
            app = build_application(config, assistant=assistant, rate_limiter=limiter)
            updates = private_burst(fake, questions, n_users, n_messages, FIRST_USER_ID)
            async with app:
                await app.start()
                assert app.updater is not None
                await app.updater.start_polling(
                    poll_interval=0,
                    timeout=dtm.timedelta(seconds=1),
                    allowed_updates=ALLOWED_UPDATES,
                )
                try:
                    mark = fake.mark()
                    started = time.monotonic()
                    for update in updates:
                        fake.push_update(update)
                    await fake.wait_idle(quiet=0.5, timeout=max(60.0, n_messages / 5))
                finally:
                    await app.updater.stop()
                    await app.stop()
            answers = [c for c in fake.calls[mark:] if c.method == "sendMessage" and c.ok]
            answered = {c.params.get("chat_id") for c in answers}
            assert len(answered) == n_users, f"only {len(answered)} of {n_users} users answered"
            fake.assert_no_errors()
            return n_messages / (max(c.time for c in answers) - started)


async def main_async(users: int, messages: int, rounds: int) -> None:
    assistant = Assistant.load()
    echo: list[float] = []
    ours: list[float] = []
    for _ in range(rounds):  # alternate, so both see the same machine load
        echo.append(await run_echo_bot_burst(users, messages))
        ours.append(await run_bot_burst(assistant, users, messages))
    mid_echo, mid_ours = statistics.median(echo), statistics.median(ours)
    print(f"{messages} private questions from {users} users, median of {rounds} rounds\n")
    print(f"{'bot':<44}{'updates/s':>10}")
    print(f"{'minimal PTB echo bot':<44}{mid_echo:>10.0f}")
    print(f"{'Twitch-Relief bot (answer, keyboard, stats)':<44}{mid_ours:>10.0f}")
    print(f"\nratio ours/echo: {mid_ours / mid_echo:.2f}   (goal: at least 0.8)")
    print("all rounds, echo:", ", ".join(f"{r:.0f}" for r in echo))
    print("all rounds, ours:", ", ".join(f"{r:.0f}" for r in ours))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main_async(args.users, args.messages, args.rounds))


if __name__ == "__main__":
    main()
