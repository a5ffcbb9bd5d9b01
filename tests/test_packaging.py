"""The wheel's contents as pyproject.toml declares them (the CI builds and installs it)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from setuptools import find_packages

from assistant import __version__
from assistant.kb.model import DEFAULT_DIRECTORY

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_and_the_knowledge_base_are_listed() -> None:
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])  # type: ignore[index]
    found = set(find_packages(str(ROOT), include=["assistant", "assistant.*"]))
    missing = found - listed
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"
    assert listed - found == {"assistant.knowledge"}


def test_knowledge_ships_from_the_top_level_directory() -> None:
    tool = _pyproject()["tool"]["setuptools"]  # type: ignore[index]
    assert tool["package-dir"] == {"assistant.knowledge": "knowledge"}  # type: ignore[index]
    assert "*.yaml" in tool["package-data"]["assistant.knowledge"]  # type: ignore[index]
    assert DEFAULT_DIRECTORY == ROOT / "knowledge"  # from a checkout


def test_metadata() -> None:
    project = _pyproject()["project"]
    assert project["license"] == "MIT"  # type: ignore[index]
    assert project["scripts"] == {"twitch-relief": "assistant.cli:main"}  # type: ignore[index]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert __version__.count(".") == 2
