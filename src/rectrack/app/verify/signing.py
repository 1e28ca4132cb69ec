"""`rec verify --signed`: every commit that touched the ledger is signed by its author.

Each commit is checked against the ledger's own `.rectrack/allowed_signers` as it stood
before that commit (so a commit adding its own key is checked against the keys before
it; the commit that first adds the file is checked against itself). A commit made while
the ledger had no such file is checked against git's own configuration, as before.
A good signature is not enough: the key must belong to the commit's author email, so
signing with one's own trusted key under a colleague's email is reported naming both.
"""

from __future__ import annotations

from collections import defaultdict

from rectrack.app.verify.checker import Checker
from rectrack.app.verify.judge import Where
from rectrack.app.verify.rules import RulesState
from rectrack.domain.identity import is_member
from rectrack.domain.signers import AllowedSigners
from rectrack.vcs import history, signatures

_MEANING = {
    "N": "commit is not signed",
    "B": "bad signature",
    "U": "signature by a key that is not trusted",
    "X": "signature has expired",
    "Y": "signed by an expired key",
    "R": "signed by a revoked key",
    "E": "signature cannot be checked (missing key?)",
}


def check_signed(checker: Checker) -> None:
    """Check the signature of every commit the walk found touching the ledger."""
    book = checker.book
    groups: dict[bytes | None, list[tuple[history.CommitChanges, RulesState | None]]]
    groups = defaultdict(list)
    for commit in checker.judge.commits:
        before, own = book.before(commit), book.state_of(commit.sha)
        state = before if before.signers is not None else own if own.signers else None
        data = None if state is None else book.signers_bytes(state)
        groups[data].append((commit, state))
    for data, commits in groups.items():
        found = signatures.check_signatures(
            checker.ledger.git_root, [commit.sha for commit, _ in commits], allowed_signers=data
        )
        for commit, state in commits:
            checker.report.signatures += 1
            signature = found.get(commit.sha)
            problem = _problem(commit, signature, None if state is None else state.signers)
            if problem is not None:
                where = Where(commit, workflow=book.state_of(commit.sha).workflow)
                checker.judge.flag(where, checker.pathspec, problem)


def _problem(
    commit: history.CommitChanges,
    signature: signatures.Signature | None,
    signers: AllowedSigners | None,
) -> str | None:
    code = signature.code if signature is not None else ""
    if signature is None or code != "G":
        meaning = _MEANING.get(code, f"signature not verified ({code or 'unknown'})")
        if signers is not None and code == "U":
            meaning = f"signed by a key that is not in .rectrack/allowed_signers ({signature.key})"  # type: ignore[union-attr]
        return meaning
    author = commit.author_email
    if signers is not None:
        principals = signers.principals(signature.key) or (
            (signature.signer,) if signature.signer else ()
        )
    else:
        signer = signature.signer
        email = signer.partition("<")[2].partition(">")[0] if "<" in signer else signer
        principals = (email,) if "@" in email else ()
        if not principals:
            return None  # git's own trust says good, and names no email to compare
    if is_member(author, principals):
        return None
    names = ", ".join(principals) or "nobody"
    return (
        f"signed by {names} (key {signature.key}) but authored as {author}: "
        "the signature must be the author's"
    )
