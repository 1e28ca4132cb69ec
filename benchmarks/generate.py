"""Build a synthetic rectrack ledger of N recommendations and C commits, cached on disk.

    python benchmarks/generate.py --recs 10000 --commits 100000

The history goes into git through one `git fast-import` stream (no process per commit).
Every commit either creates recommendation files or appends events to them, exactly as
`rec` would, so the history is append-only and every file is in the documented format
(docs/format.md). One recommendation (`show_id`) has 200 events, for `rec show`.

Built ledgers are cached in benchmarks/.cache/<key>/ (or $RECTRACK_BENCH_CACHE/<key>/) where the key holds everything that
shapes them (N, C, seed, GENERATOR_VERSION); bump the version whenever the output changes.
A finished build holds `repo/` (the ledger, a git work tree), `tasks.json` (the same
recommendations as Taskwarrior tasks) and `meta.json`, written last.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

#: Bump when anything below changes what a build contains.
GENERATOR_VERSION = 2
CACHE = Path(os.environ.get("RECTRACK_BENCH_CACHE") or Path(__file__).resolve().parent / ".cache")
SHOW_EVENTS = 200
START = dt.date(2015, 1, 5)
SPAN_DAYS = 3650
AUTHOR_EMAIL = "ledger@example.org"

_CONFIG = b"""# rectrack ledger configuration (docs/format.md).
workflow:
  statuses:
  - awaiting-review
  - being-progressed
  - complete
  initial: awaiting-review
  final:
  - complete
"""
_STATUSES = ("awaiting-review", "being-progressed", "complete")
_PEOPLE = ("HMICFRS", "Jo Densford", "DCI Smith", "Sam Patel", "Lee Morgan", "Ana Costa")
_OWNERS = ("DCI Smith", "Supt Jones", "ACC Brown", "DS Green", "Head of Performance")
_TAGS = ("organised-crime", "custody", "vulnerability", "leadership", "cyber", "training")
_VOCABULARY = (
    "force regional organised crime unit mapping custody review update evidence officers "
    "inspection progress confirmed requested information partnership training leadership "
    "vulnerable victims data quality audit plan board meeting completed further assurance "
    "performance analysis reality testing recommendation closure deputy head national"
)
_WORDS = tuple(_VOCABULARY.split())


def cache_key(*, recs: int, commits: int, seed: int) -> str:
    return f"n{recs}-c{commits}-s{seed}-v{GENERATOR_VERSION}"


# --- content -------------------------------------------------------------------------------


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _block(key: str, text: str, indent: str) -> str:
    """A key and its text, as recfile.render_events writes it (plain or a `|-` block)."""
    if "\n" not in text:
        return f"{indent}{key}: {text}\n"
    body = "".join(f"{indent}  {line}\n" for line in text.split("\n"))
    return f"{indent}{key}: |-\n{body}"


def render_event(*, date: dt.date, by: str, kind: str, value: str) -> bytes:
    """One event's bytes; the text vocabulary above needs no quoting in YAML."""
    return (f"- date: {date.isoformat()}\n  by: {by}\n" + _block(kind, value, "  ")).encode()


@dataclass
class Rec:
    """One synthetic recommendation: its header bytes and its events, in order."""

    id: int
    title: str
    owner: str
    due: dt.date
    tags: tuple[str, ...]
    header: bytes = b""
    times: list[float] = field(default_factory=list)
    events: list[bytes] = field(default_factory=list)
    last_status: str = "awaiting-review"


def _make_rec(rng: random.Random, rec_id: int, count: int) -> Rec:
    title = _sentence(rng, 5, 11).rstrip(".")
    created = rng.random() * 0.6
    due = START + dt.timedelta(days=int(created * SPAN_DAYS) + rng.randint(90, 720))
    rec = Rec(
        id=rec_id,
        title=title,
        owner=rng.choice(_OWNERS),
        due=due,
        tags=tuple(rng.sample(_TAGS, rng.randint(0, 2))),
    )
    text = "\n".join(_sentence(rng, 12, 30) for _ in range(rng.randint(1, 3)))
    tags = "".join(f"- {tag}\n" for tag in rec.tags) if rec.tags else ""
    rec.header = (
        f"title: {title}\n"
        + _block("text", text, "")
        + f"report: PEEL {2014 + rec_id % 8} effectiveness\n"
        + f"number: '{rec_id % 40 + 1}'\n"
        + f"owner: {rec.owner}\n"
        + f"due: {due.isoformat()}\n"
        + ("tags:\n" + tags if tags else "tags: []\n")
        + "events:\n"
    ).encode()
    rec.times = [created, *sorted(created + rng.random() * (1 - created) for _ in range(count - 1))]
    for index, moment in enumerate(rec.times):
        date = START + dt.timedelta(days=int(moment * SPAN_DAYS))
        if index == 0:
            kind, value = "status", "awaiting-review"
        elif rng.random() < 0.25:
            choices = [s for s in _STATUSES if s != rec.last_status]
            kind, value = "status", rng.choice(choices)
        else:
            lines = rng.randint(1, 4)
            kind, value = "comment", "\n".join(_sentence(rng, 6, 24) for _ in range(lines))
        if kind == "status":
            rec.last_status = value
        rec.events.append(render_event(date=date, by=rng.choice(_PEOPLE), kind=kind, value=value))
    return rec


def _event_counts(rng: random.Random, *, recs: int, total: int, show_id: int) -> list[int]:
    """Events per recommendation: one each at least, SHOW_EVENTS for show_id, `total` in all."""
    counts = [1] * (recs + 1)
    counts[0] = 0
    counts[show_id] = SHOW_EVENTS
    others = [n for n in range(1, recs + 1) if n != show_id]
    extra = total - sum(counts)
    for rec_id in rng.choices(others, k=max(extra, 0)) if others else []:
        counts[rec_id] += 1
    return counts


# --- the git history -----------------------------------------------------------------------


def _data(out: IO[bytes], payload: bytes) -> None:
    out.write(b"data %d\n" % len(payload))
    out.write(payload)
    out.write(b"\n")


def _commit(out: IO[bytes], *, when: int, by: str, message: str, files: dict[str, bytes]) -> None:
    out.write(b"commit refs/heads/main\n")
    ident = f"{by} <{AUTHOR_EMAIL}> {when} +0000\n".encode()
    out.write(b"author " + ident + b"committer " + ident)
    _data(out, message.encode())
    for path, content in files.items():
        out.write(f"M 100644 inline {path}\n".encode())
        _data(out, content)


def _stream_history(out: IO[bytes], recs: list[Rec], *, commits: int) -> None:
    # Commits start the day the first events are dated: an event is never recorded before
    # its date (rec verify would warn about every one, as it would in a real ledger).
    base = int(dt.datetime.combine(START, dt.time(), tzinfo=dt.UTC).timestamp())
    _commit(out, when=base, by="HMICFRS", message="rec: init ledger",
            files={"rectrack.yaml": _CONFIG})  # fmt: skip
    operations = sorted(
        (moment, rec.id, index) for rec in recs for index, moment in enumerate(rec.times)
    )
    by_id = {rec.id: rec for rec in recs}
    written = {rec.id: rec.header for rec in recs}
    slots = max(commits - 1, 1)
    for chunk in range(slots):
        part = operations[chunk * len(operations) // slots : (chunk + 1) * len(operations) // slots]
        if not part:
            continue
        files: dict[str, bytes] = {}
        for _, rec_id, index in part:
            written[rec_id] += by_id[rec_id].events[index]
            files[f"recs/{rec_id}.yaml"] = written[rec_id]
        moment, rec_id, index = part[-1]
        what = "new" if index == 0 else "event"
        message = f"rec {rec_id}: {what}" + (f" (+{len(part) - 1} more)" if len(part) > 1 else "")
        _commit(out, when=base + int(moment * SPAN_DAYS * 86400) + chunk % 60, by="HMICFRS",
                message=message, files=files)  # fmt: skip


def _git(repo: Path, *args: str, stdin: int | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.Popen(["git", *args], cwd=repo, stdin=stdin, env=env)


def _check(process: subprocess.Popen[bytes]) -> None:
    if process.wait() != 0:
        raise SystemExit(f"git {process.args!r} failed")


def _tasks(recs: list[Rec]) -> list[dict[str, Any]]:
    """The same recommendations as Taskwarrior tasks (all pending, like an open ledger)."""
    namespace = uuid.UUID("6f0c1d2e-0000-4000-8000-000000000000")
    return [
        {
            "uuid": str(uuid.uuid5(namespace, str(rec.id))),
            "status": "pending",
            "description": rec.title,
            "entry": "20150105T000000Z",
            "due": rec.due.strftime("%Y%m%dT000000Z"),
            "project": "peel",
            "tags": list(rec.tags),
        }
        for rec in recs
    ]


def build(*, recs: int, commits: int, seed: int = 1, quiet: bool = False) -> Path:
    """The cached build for (recs, commits, seed), built now if missing; its folder."""
    target = CACHE / cache_key(recs=recs, commits=commits, seed=seed)
    if (target / "meta.json").is_file():
        return target
    rng = random.Random(seed)
    show_id = max(1, recs // 3)
    total = max(commits - 1, recs + SHOW_EVENTS)
    counts = _event_counts(rng, recs=recs, total=total, show_id=show_id)
    if not quiet:
        print(f"building {target.name}: {total} events in {commits} commits", file=sys.stderr)
    made = [_make_rec(rng, rec_id, counts[rec_id]) for rec_id in range(1, recs + 1)]
    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    repo = work / "repo"
    repo.mkdir(parents=True)
    _check(_git(repo, "init", "-q", "-b", "main"))
    importer = _git(repo, "fast-import", "--quiet", "--done", stdin=subprocess.PIPE)
    assert importer.stdin is not None
    with importer.stdin as stream:
        _stream_history(stream, made, commits=commits)
        stream.write(b"done\n")
    _check(importer)
    _check(_git(repo, "reset", "-q", "--hard", "main"))
    (work / "tasks.json").write_text(json.dumps(_tasks(made)))
    quiet_rec = next(r for r in made if r.id != show_id and r.last_status != "being-progressed")
    meta = {
        "recs": recs,
        "commits": commits,
        "seed": seed,
        "version": GENERATOR_VERSION,
        "show_id": show_id,
        "write_id": quiet_rec.id,
    }
    (work / "meta.json").write_text(json.dumps(meta, indent=2))
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recs", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(build(recs=args.recs, commits=args.commits, seed=args.seed))


if __name__ == "__main__":
    main()
