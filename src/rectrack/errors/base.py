"""The root of rectrack's exception tree."""

from __future__ import annotations

from typing import Any, ClassVar


class RectrackError(Exception):
    """An operation rectrack refused; the ledger is left as it was."""

    template: ClassVar[str] = "{detail}"
    exit_code: ClassVar[int] = 1

    def __init__(self, **details: Any) -> None:
        self.details = details
        super().__init__(self.template.format(**details))

    @property
    def message(self) -> str:
        return str(self)
