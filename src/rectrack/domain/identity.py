"""Who someone is, as the rules compare people: an email, normalised.

Git records an author and a committer as free text; the rules compare the emails.
`Alex@Force.example` and `alex+audit@force.example` reach the same mailbox, so they are
the same person to every rule (a plus-address is not a second person). `.mailmap` is
never consulted: it is a file anyone with push access can edit after the fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase


def normalise_email(email: str) -> str:
    """Lower-case, without the `+tag` of the local part: `Alex+x@F.org` -> `alex@f.org`."""
    text = email.strip().strip("<>").strip().lower()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    return f"{local.partition('+')[0]}@{domain}"


def same_person(first: str, second: str) -> bool:
    """Whether two emails name the same person (case and plus-addressing ignored)."""
    return normalise_email(first) == normalise_email(second)


def is_member(email: str, members: Iterable[str]) -> bool:
    """Whether `email` is one of `members` (emails, or patterns such as `*@audit.example`)."""
    wanted = normalise_email(email)
    for member in members:
        pattern = normalise_email(member)
        if wanted == pattern or (
            ("*" in pattern or "?" in pattern) and fnmatchcase(wanted, pattern)
        ):
            return True
    return False
