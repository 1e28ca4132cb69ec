"""Finding and running the `console` blocks of the docs (tests/test_console_blocks.py).

A `console` block is a terminal session, checked as written:

    ```console
    $ rec new --title "Publish outcomes" --due 2026-06-30
    1
    ```

- `$ ` lines are commands (a line ending in `\\` goes on to the next); the lines after a
  command, up to the next `$ ` line, are what it prints, standard output and error
  together as a terminal shows them. Trailing spaces and blank lines are not compared.
- A command must succeed, unless what it prints has a `rec: error:` line: then it must fail.
- Each block runs in bash, every command a real process, in a new HOME with: `rec` (this
  Python's) on PATH; git's identity `Jo Lane <jo@force.example>`; COLUMNS=80, no colour, no
  terminal, nothing on standard input; BROWSER set to a command that opens nothing. A
  comment on the line before the fence says which folder it starts in:

    <!-- console: ledger -->    (the default) ~/work, made a fresh ledger by `rec init`,
                                holding a copy of the files in docs/examples/
    <!-- console: demo -->      ~/rectrack, as if this repository were cloned there: its
                                demo ledger (rectrack.yaml, recs/, evidence/, its
                                .gitattributes and .gitignore) and docs/examples/, committed
    <!-- console: empty -->     ~/work, a plain folder (no ledger, no git repository)
                                holding a copy of the files in docs/examples/
    <!-- console: continue -->  where the page's previous block left off (folder and all)

- Before comparing, both sides are masked: commit hashes (words of 7 to 40 hex digits)
  become <hash>; the real HOME is /home/jo; times of day (13:06, 13:06:59) are <time>;
  today's date (ISO or long) is <today>, and in the docs DOC_TODAY (2026-11-25, 25th
  November 2026) stands for today, so a commit made by the block shows as made then.

A block that cannot run (a screenshot, a command against a server) uses another fence
(```text or ```sh) on purpose; an unlabelled fence may not hold `$ ` lines.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rectrack.domain.dates import format_long

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "docs" / "examples"
DOC_TODAY = dt.date(2026, 11, 25)
DOC_HOME = "/home/jo"
SETUPS = ("ledger", "demo", "empty", "continue")
IDENTITY = ("Jo Lane", "jo@force.example")
_FENCE = re.compile(r"^(\s*)```+\s*([\w-]*)")
_DIRECTIVE = re.compile(r"<!--\s*console:\s*([\w-]+)\s*-->")
_HASH = re.compile(r"\b[0-9a-f]{7,40}\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")


@dataclass(frozen=True, kw_only=True)
class Command:
    """One `$ ` command, the line it starts on, and what the page says it prints."""

    text: str
    line: int
    expected: list[str]


@dataclass(frozen=True, kw_only=True)
class Block:
    """A fenced block of a page: its language, where it starts, its setup and lines."""

    page: str
    language: str
    line: int
    setup: str
    lines: list[str]

    @property
    def has_commands(self) -> bool:
        return any(line.startswith("$ ") or line == "$" for line in self.lines)

    def commands(self) -> list[Command]:
        """The block's commands with their expected output."""
        found: list[Command] = []
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            if not line.startswith("$ "):
                raise ValueError(f"{self.page}:{self.line + index + 1}: output before any `$ `")
            start, text = index, line[2:]
            while text.endswith("\\") and index + 1 < len(self.lines):
                index += 1
                text = text[:-1] + "\n" + self.lines[index]
            index += 1
            output: list[str] = []
            while index < len(self.lines) and not self.lines[index].startswith("$ "):
                output.append(self.lines[index])
                index += 1
            found.append(Command(text=text, line=self.line + start + 1, expected=output))
        return found


def blocks(page: Path) -> list[Block]:
    """Every fenced block of a Markdown page, in order."""
    name = page.relative_to(REPO).as_posix()
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, language, start = match.group(1), match.group(2), index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith("```"):
            body.append(
                lines[index][len(indent) :] if lines[index].startswith(indent) else lines[index]
            )
            index += 1
        found.append(
            Block(
                page=name, language=language, line=start + 1, setup=_setup(lines, start), lines=body
            )
        )
        index += 1
    return found


def _setup(lines: list[str], fence: int) -> str:
    before = next((line for line in reversed(lines[:fence]) if line.strip()), "")
    match = _DIRECTIVE.search(before)
    return match.group(1) if match else "ledger"


def pages() -> list[Path]:
    """README.md and every page under docs/ (not docs/examples/)."""
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


# --- running -----------------------------------------------------------------------------


@dataclass
class Session:
    """A temporary HOME where one page's blocks run, one after another."""

    root: Path
    cwd: Path | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def home(self) -> Path:
        return self.root / "jo"

    def folder(self, setup: str) -> Path:
        """Where a block with this setup starts (see the module docstring)."""
        return self.home / ("rectrack" if setup == "demo" else "work")


def environment(home: Path) -> dict[str, str]:
    """A user's shell: this `rec` first on PATH, an isolated git config, no terminal."""
    rec = Path(sys.executable).with_name("rec")
    if not rec.exists():
        raise AssertionError(f"no `rec` beside {sys.executable}: pip install -e . first")
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "REC_"))}
    for name in ("EDITOR", "VISUAL", "EMAIL", "PYTHONPATH", "FORCE_COLOR"):
        keep.pop(name, None)
    return {
        **keep, "HOME": str(home), "PATH": f"{rec.parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
        "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "BROWSER": "true",
        "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
    }  # fmt: skip


def prepare(session: Session, block: Block) -> Path:
    """Set up the block's folder (see the module docstring); where its commands start."""
    if block.setup not in SETUPS:
        raise AssertionError(
            f"{block.page}:{block.line}: unknown setup {block.setup!r}; use one of {SETUPS}"
        )
    if block.setup == "continue":
        if session.cwd is None:
            raise AssertionError(f"{block.page}:{block.line}: `continue` needs a block before it")
        return session.cwd
    if session.root.exists():
        shutil.rmtree(session.root)
    start = session.folder(block.setup)
    start.mkdir(parents=True)
    name, email = IDENTITY
    (session.home / ".gitconfig").write_text(
        f"[user]\n\tname = {name}\n\temail = {email}\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
    )
    env = environment(session.home)
    if block.setup == "demo":
        for name_ in ("rectrack.yaml", "recs", "evidence", ".gitattributes", ".gitignore"):
            source = REPO / name_
            if source.is_dir():
                shutil.copytree(source, start / name_)
            elif source.is_file():
                shutil.copy2(source, start / name_)
        shutil.copytree(EXAMPLES, start / "docs" / "examples")
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "the demo ledger"]):
            subprocess.run(["git", *args], cwd=start, env=env, check=True)
        return start
    if block.setup == "ledger":
        subprocess.run(["rec", "init", "."], cwd=start, env=env, check=True, capture_output=True)
    for example in sorted(EXAMPLES.iterdir()):
        if example.is_file():
            shutil.copy2(example, start / example.name)
    return start


def run_block(session: Session, block: Block) -> list[str]:
    """Run the block's commands; a list of what differed from the page (empty if none)."""
    start = prepare(session, block)
    commands = block.commands()
    out = session.root / "out"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    script = ["set +e", f"cd {_quote(start)}"]
    for number, command in enumerate(commands):
        script += [
            f"{{ {command.text}\n}} >{out}/{number}.out 2>&1 </dev/null",
            f"echo $? >{out}/{number}.rc",
        ]
    script.append(f"pwd >{out}/cwd")
    subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", "\n".join(script)],
        env=environment(session.home), cwd=start, timeout=600, check=False,
    )  # fmt: skip
    session.cwd = Path((out / "cwd").read_text().strip() or start)
    problems = []
    for number, command in enumerate(commands):
        actual = (out / f"{number}.out").read_text(encoding="utf-8", errors="replace")
        code = int((out / f"{number}.rc").read_text().strip() or -1)
        problem = compare(command, actual=actual, code=code, home=session.home)
        if problem:
            problems.append(f"{block.page}:{command.line}: $ {command.text}\n{problem}")
    return problems


def compare(command: Command, *, actual: str, code: int, home: Path) -> str | None:
    """What is wrong with a command's run (None if it ran as the page says)."""
    expected = masked("\n".join(command.expected), home=None, today=DOC_TODAY)
    got = masked(actual, home=home, today=dt.date.today())
    wants_error = any(line.startswith("rec: error:") for line in expected)
    if expected != got:
        shown = "\n".join(f"    {line}" for line in got) or "    (nothing)"
        wanted = "\n".join(f"    {line}" for line in expected) or "    (nothing)"
        return f"  the page says:\n{wanted}\n  it printed (exit {code}):\n{shown}"
    if wants_error and code == 0:
        return "  it printed the error the page shows, but exited 0"
    if not wants_error and code != 0:
        return f"  it exited {code}: a command without `rec: error:` output must succeed"
    return None


def masked(text: str, *, home: Path | None, today: dt.date) -> list[str]:
    """Lines with the volatile parts replaced, trailing spaces and blank lines dropped."""
    if home is not None:
        text = text.replace(str(home.resolve()), DOC_HOME).replace(str(home), DOC_HOME)
    for day in (today.isoformat(), format_long(today)):
        text = text.replace(day, "<today>")
    text = _TIME.sub("<time>", _HASH.sub("<hash>", text))
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "'\\''") + "'"
