"""The shapes of the names a ledger uses, defined once: IDs, file names, fields, digests."""

from __future__ import annotations

import re

from rectrack.errors import InvalidId

#: A recommendation ID: a positive whole number of at most nine digits, no leading zero.
REC_ID = re.compile(r"[1-9][0-9]{0,8}")
#: A recommendation's file name under recs/; group 1 is its ID.
REC_FILE = re.compile(r"([1-9][0-9]{0,8})\.yaml")
#: A header field name: a lower-case word (`owner`, `due`, `tracker_id`).
FIELD_NAME = re.compile(r"[a-z][a-z0-9_-]{0,40}")
#: A SHA-256 digest as the ledger stores it: 64 lower-case hex digits.
SHA256 = re.compile(r"[0-9a-f]{64}")


def parse_id(value: str | int) -> int:
    """A recommendation ID from user input: a positive whole number, nothing else."""
    text = str(value).strip()
    if not REC_ID.fullmatch(text):
        raise InvalidId(value=str(value))
    return int(text)


def rec_id_of_file(name: str) -> int | None:
    """The ID a file name under recs/ stands for (`5.yaml` -> 5), or None if it is no ID."""
    match = REC_FILE.fullmatch(name)
    return int(match.group(1)) if match else None
