"""Inputs for the import benchmarks: tracker pages and council-style CSV rows, generated.

    python benchmarks/import_inputs.py --pages 1000 /tmp/pages
    python benchmarks/import_inputs.py --rows 1000 /tmp/tracker.csv

Pages take the shapes of the real ones in tests/data/tracker-pages: `<force>_<ID>.txt`
names, page furniture, a `Cause of concern`, bullets, `[on]...[/on]` statuses and
comments of one to three paragraphs (the last often without its closing tags), and one
page in ten with no entries but an undated progress paragraph.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

FORCES = ("kent", "hampshire", "devon-and-cornwall", "merseyside", "west-midlands", "dyfed-powys")
WORDS = " ".join((
    "force should review its approach to crime recording and ensure that victims receive",
    "timely updates while officers record risk assessments, supervisors check compliance,",
    "and the chief constable reports progress to the police and crime commissioner & panel",
)).split()  # fmt: skip
STATUSES = ("awaiting-review", "being-progressed", "complete", "no-further-action-needed")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def day(rng: random.Random) -> dt.date:
    return dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3650))


def ordinal(date: dt.date) -> str:
    suffix = (
        "th" if 10 <= date.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(date.day % 10, "th")
    )
    return f"{date.day}{suffix} {date:%B %Y}"


def page(rng: random.Random) -> str:
    """One tracker page, as scraped."""
    parts = ["404 Page not found", "", "", "Cause of concern", "", sentence(rng, 30), ""]
    parts += [f"• {sentence(rng, rng.randrange(12, 40))}" for _ in range(rng.randrange(1, 4))]
    parts.append("")
    if rng.random() < 0.1:
        return "\n".join([*parts, "", sentence(rng, 60), ""])
    entries, when = [], day(rng)
    for index in range(rng.randrange(1, 10)):
        when += dt.timedelta(days=rng.randrange(0, 200))
        if index == 0 or rng.random() < 0.3:
            entries.append(f"[on]{ordinal(when)} [status]{rng.choice(STATUSES)}[/status][/on]")
        else:
            paragraphs = "\n\n".join(
                sentence(rng, rng.randrange(10, 80)) for _ in range(rng.randrange(1, 4))
            )
            entries.append(f"[on]{ordinal(when)} [comment]\n\n{paragraphs}\n\n[/comment][/on]")
    if rng.random() < 0.5 and entries[-1].endswith("[/comment][/on]"):
        entries[-1] = entries[-1].removesuffix("[/comment][/on]")  # the tracker often drops them
    return "\n".join(parts) + "".join(entries) + "\n"


def write_pages(folder: Path, *, count: int, seed: int = 1) -> list[Path]:
    """`count` pages in `folder`, named `<force>_<ID>.txt` with IDs from 1000 up."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{rng.choice(FORCES)}_{1000 + number}.txt"
        path.write_text(page(rng), encoding="utf-8")
        paths.append(path)
    return paths


def write_rows(path: Path, *, count: int, seed: int = 1) -> Path:
    """A council scrutiny tracker saved as CSV: day-first dates, RAG statuses, actions."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Reference", "Origin", "Date", "Area", "Recommendation", "Lead Officer",
                         "Action taken", "Status"])  # fmt: skip
        for number in range(1, count + 1):
            writer.writerow([
                f"SC{number:05d}", "Scrutiny Committee", f"{day(rng):%d/%m/%y}",
                rng.choice(("Housing", "Highways", "Adult social care")), sentence(rng, 25),
                rng.choice(("J. Smith", "A. Patel", "")), sentence(rng, 15),
                rng.choice(("Green", "Amber", "Red", "Complete")),
            ])  # fmt: skip
    return path


#: The options that map the council CSV above onto rectrack's fields.
ROW_OPTIONS = (
    "--map", "Reference=number", "--map", "Origin=report", "--map", "Date=opened",
    "--map", "Lead Officer=owner", "--map", "Action taken=comment",
    "--status-map", "Green=being-progressed", "--status-map", "Amber=being-progressed",
    "--status-map", "Red=awaiting-review",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    if args.pages:
        write_pages(args.target, count=args.pages, seed=args.seed)
    if args.rows:
        write_rows(args.target, count=args.rows, seed=args.seed)


if __name__ == "__main__":
    main()
