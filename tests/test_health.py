"""The heartbeat the Docker HEALTHCHECK reads."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from assistant.telegram import health


def test_fresh_stale_and_missing_heartbeats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "not running" in str(health.check(tmp_path))
    assert health.main([str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("unhealthy:")
    health.beat(tmp_path)
    assert health.check(tmp_path) is None
    assert health.main([str(tmp_path)]) == 0
    old = time.time() - health.STALE_AFTER - 10
    os.utime(tmp_path / health.HEARTBEAT, (old, old))
    assert "stuck" in str(health.check(tmp_path))
