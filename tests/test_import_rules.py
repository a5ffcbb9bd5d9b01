"""Which package may import which, read from the source with `ast` (no import is executed).

The rules are those in each package's `__init__.py` docstring: the core (kb, answering) never
imports storage, reminders or Telegram; storage never imports answering or Telegram; reminders
never import Telegram; only storage imports the PostgreSQL driver.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
FORBIDDEN = {
    # kb reads text with answering.normalise (so YAML synonyms and questions meet halfway).
    "assistant.kb": ("telegram", "psycopg", "assistant.storage", "assistant.reminders",
                     "assistant.telegram", "assistant.tools", "assistant.cli"),
    "assistant.answering": ("telegram", "psycopg", "assistant.storage", "assistant.reminders",
                            "assistant.telegram", "assistant.tools", "assistant.cli"),
    "assistant.storage": ("telegram", "assistant.answering", "assistant.reminders",
                          "assistant.telegram", "assistant.kb"),
    # The database driver stays behind the storage interface (psycopg in storage only).
    "assistant.reminders": ("telegram", "psycopg", "assistant.telegram", "assistant.answering"),
}  # fmt: skip


def imports(path: Path) -> set[str]:
    """Every module `path` imports, absolute (`from . import x` resolved), with parents."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [base])])
            found.update(f"{base}.{alias.name}" for alias in node.names)
            found.add(base)
    return found


def _modules(package: str) -> list[Path]:
    return sorted((PACKAGE.parent / package.replace(".", "/")).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_follow_the_rules(package: str) -> None:
    broken = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in _modules(package)
        for name in sorted(imports(path))
        if any(name == bad or name.startswith(f"{bad}.") for bad in FORBIDDEN[package])
    ]
    assert not broken, "\n".join(broken)


def test_the_rule_checker_sees_imports() -> None:
    sample = PACKAGE / "reminders" / "commands.py"
    assert "assistant.storage.chat_settings" in imports(sample)
    assert "assistant.reminders.store" in imports(sample)
