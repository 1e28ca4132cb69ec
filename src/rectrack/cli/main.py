"""The typer application with every command registered, in the order help lists them."""

from __future__ import annotations

# isort: off
from rectrack.cli import writes, reads, audit, transfer, publish, integrity  # noqa: F401 (registers)

# isort: on
from rectrack.cli.base import app

__all__ = ["app", "main"]


def main() -> None:
    """Run the typer application (fast.py hands it what it does not handle itself)."""
    app(prog_name="rec")
