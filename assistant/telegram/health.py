"""Liveness for container and service health checks.

The running bot touches `BOT_DATA_DIR/heartbeat` every 30 seconds from its job queue, so the
file's age says whether the event loop is alive and the data directory writable.
`python -m assistant.telegram.health [DATA_DIR]` (the Dockerfile's HEALTHCHECK) exits 0 when the
heartbeat is fresh, else 1 with one line saying why.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.telegram.context import App, Context

logger = logging.getLogger(__name__)

HEARTBEAT = "heartbeat"
INTERVAL = 30.0  # seconds between beats
STALE_AFTER = 180.0  # a heartbeat older than this: the bot is stuck or gone


def beat(data_dir: Path) -> None:
    (data_dir / HEARTBEAT).write_text(f"{int(time.time())}\n", encoding="ascii")


async def _beat(context: Context) -> None:
    data_dir = context.job.data if context.job is not None else None
    if not isinstance(data_dir, Path):
        return
    try:
        beat(data_dir)
    except OSError as exc:  # a full disk shows up here first; the health check will say so
        logger.warning("cannot write the heartbeat in BOT_DATA_DIR: %s", exc)


def schedule(application: App, data_dir: Path) -> None:
    """Beat a second after start, then every INTERVAL seconds while the application runs."""
    assert application.job_queue is not None  # reminders need it too (reminder_jobs.start)
    application.job_queue.run_repeating(
        _beat, interval=INTERVAL, first=1, name="heartbeat", data=data_dir
    )


def check(data_dir: Path, now: float | None = None) -> str | None:
    """Why the bot looks unhealthy, or None when its heartbeat is fresh."""
    path = data_dir / HEARTBEAT
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except OSError:
        return f"no heartbeat at {path}: the bot is not running (or BOT_DATA_DIR differs)"
    if age > STALE_AFTER:
        return f"heartbeat at {path} is {age:.0f} s old: the bot is stuck or stopped"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    data_dir = Path(args[0] if args else os.environ.get("BOT_DATA_DIR") or "data")
    problem = check(data_dir)
    if problem is None:
        print("healthy")
        return 0
    print(f"unhealthy: {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
