"""Getting a comment's text: from the argument, standard input, or $EDITOR."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from rectrack.errors import EditorFailed, TextRequired

SCISSORS = "# ------------------------ >8 ------------------------"
_TEMPLATE = (
    "\n\n{scissors}\n"
    "# Write the comment for recommendation {rec_id} above this line.\n"
    "# Everything from the line above down is ignored. An empty comment aborts.\n"
)


def read_text(argument: str | None, *, rec_id: str) -> str:
    """The comment text: the argument itself, stdin for `-`, else what the user writes in $EDITOR.

    The editor only opens on a terminal: from a script or a pipe it would wait for ever.
    """
    if argument == "-":
        return sys.stdin.read().strip("\n")
    if argument is not None:
        return argument
    if not sys.stdin.isatty():
        raise TextRequired()
    return edit(_TEMPLATE.format(scissors=SCISSORS, rec_id=rec_id))


def edit(template: str) -> str:
    """Open $VISUAL or $EDITOR (else vi) on `template`; the text above the scissors line."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="rec-comment-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(template)
        try:
            completed = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (OSError, ValueError) as error:
            raise EditorFailed(editor=editor, detail=str(error)) from None
        if completed.returncode != 0:
            raise EditorFailed(editor=editor, detail=f"exit status {completed.returncode}")
        text = path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
    return text.split(SCISSORS, 1)[0].strip("\n")
