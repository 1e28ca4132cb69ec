"""Forging a sign-off as an insider would: every attempt is refused when made or reported by
`rec verify` (`--signed` where it needs keys), with real ssh keys and real git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import (
    AUDITORS,
    AUTHOR_A,
    AUTHOR_B,
    AUTHOR_C,
    as_author,
    git,
    new_rec,
    rec,
    signer_line,
    signing_as,
    snapshot,
    ssh_key,
)

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")

VERIFIED = b"- date: 2026-11-25\n  by: Blair Boardmember\n  status: verified\n"


def verify(ledger: Path, *args: str) -> tuple[int, list[str]]:
    result = rec(ledger, "verify", "--json", *args)
    return result.exit_code, [v["problem"] for v in json.loads(result.stdout)["violations"]]


def attach_evidence(ledger: Path, env: dict[str, str] | None = None) -> None:
    doc = ledger.parent / "evidence.txt"
    doc.write_text("Call audit findings\n")
    assert rec(ledger, "evidence", "1", str(doc), env=env).exit_code == 0


def append_and_commit(ledger: Path, *git_args: str, env: dict[str, str] | None = None) -> None:
    """Append a hand-written `verified` to recs/1.yaml and commit it with plain git."""
    path = ledger / "recs/1.yaml"
    path.write_bytes(path.read_bytes() + VERIFIED)
    git(ledger, *git_args, "commit", "-qam", "sign-off", env=env)


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    """Unsigned audit ledger: Alex (admin, auditor) implemented rec 1 and attached evidence;
    Blair is an auditor too, Carol is neither."""
    root = tmp_path / "audit"
    assert rec(root, "init", str(root), "--workflow", "audit", *AUDITORS).exit_code == 0
    new_rec(root, "--title", "Review call handling")
    assert rec(root, "status", "1", "implemented").exit_code == 0
    attach_evidence(root)
    return root


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    return {name: ssh_key(tmp_path / "keys", name) for name in ("alex", "blair", "carol", "eve")}


@pytest.fixture
def signed(tmp_path: Path, keys: dict[str, Path]) -> Path:
    """A signed audit ledger (`rec init --signed`): Alex admin, Blair auditor, Carol a
    writer; all three keys in .rectrack/allowed_signers; rec 1 implemented by Alex."""
    root = tmp_path / "signed"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.signingkey", str(keys["alex"].with_suffix(".pub")))
    result = rec(root, "init", str(root), "--workflow", "audit", "--auditor", AUTHOR_B[1],
                 "--signed")  # fmt: skip
    assert result.exit_code == 0, result.output
    signers = root / ".rectrack/allowed_signers"
    signers.write_text(signers.read_text() + signer_line(AUTHOR_B, keys["blair"])
                       + signer_line(AUTHOR_C, keys["carol"]))  # fmt: skip
    git(root, "commit", "-qam", "Blair and Carol sign too")
    new_rec(root, "--title", "Review call handling")
    assert rec(root, "status", "1", "implemented").exit_code == 0
    attach_evidence(root)
    assert verify(root, "--signed") == (0, [])
    return root


def test_a_real_second_person_sign_off_verifies_signed(signed: Path, keys: dict[str, Path]) -> None:
    """Blair, an auditor, verifies with her own key: `rec verify --signed` passes."""
    blair = signing_as(AUTHOR_B, keys["blair"])
    assert rec(signed, "status", "1", "verified", env=blair).exit_code == 0
    assert git(signed, "log", "-1", "--format=%G? %ae").strip() == "G blair@example.org"
    assert verify(signed, "--signed") == (0, [])


def test_git_author_email_forgery_is_refused_when_made(audit: Path) -> None:
    """`GIT_AUTHOR_EMAIL=blair... rec status 1 verified`, run by Alex, is refused: no commit."""
    before = snapshot(audit)
    env = {"GIT_AUTHOR_NAME": AUTHOR_B[0], "GIT_AUTHOR_EMAIL": AUTHOR_B[1]}
    result = rec(audit, "status", "1", "verified", env=env)
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: recommendation 1 cannot be set to 'verified': the commit would be "
        "authored by blair@example.org but committed by alex@example.org, and a sign-off is "
        "made by one person\n"
    )
    assert snapshot(audit) == before


@pytest.mark.parametrize("how", ["GIT_AUTHOR_EMAIL", "--author"])
def test_a_hand_commit_authored_as_someone_else_is_reported(audit: Path, how: str) -> None:
    """A sign-off committed by Alex under Blair's author email (env or --author) is reported."""
    path = audit / "recs/1.yaml"
    path.write_bytes(path.read_bytes() + VERIFIED)
    if how == "--author":
        git(audit, "commit", "-qam", "sign-off", f"--author={AUTHOR_B[0]} <{AUTHOR_B[1]}>")
    else:
        env = {"GIT_AUTHOR_NAME": AUTHOR_B[0], "GIT_AUTHOR_EMAIL": AUTHOR_B[1]}
        git(audit, "commit", "-qam", "sign-off", env=env)
    code, problems = verify(audit)
    assert code == 1
    assert problems == [
        "event 4 (verified) was authored as blair@example.org but committed by "
        "alex@example.org: a sign-off is made and committed by one person"
    ]


def test_a_plus_address_is_not_a_second_person(audit: Path) -> None:
    """alex+audit@ may not verify what alex@ implemented: refused, and reported by hand."""
    alias = as_author(("Alex Again", "Alex+audit@Example.org"))
    result = rec(audit, "status", "1", "verified", env=alias)
    assert result.exit_code == 1
    assert "needs someone other than whoever set 'implemented'" in result.stderr
    append_and_commit(audit, env=alias)
    code, problems = verify(audit)
    assert code == 1
    assert problems == [
        "event 4 (verified) was set by Alex+audit@Example.org, who also set implemented "
        "(event 2): the rule needs a second person"
    ]


def test_a_mailmap_committed_afterwards_changes_nobody(audit: Path) -> None:
    """Alex's self-verification stays Alex's after a .mailmap maps Alex to Blair; the
    .mailmap is a rules change, and one by a non-admin is reported."""
    append_and_commit(audit)
    code, before = verify(audit)
    assert code == 1 and "set by alex@example.org, who also set implemented" in before[0]
    (audit / ".mailmap").write_text(f"{AUTHOR_B[0]} <{AUTHOR_B[1]}> <{AUTHOR_A[1]}>\n")
    git(audit, "add", ".mailmap")
    git(audit, "commit", "-qm", "tidy names")
    assert git(audit, "log", "-1", "--format=%aE", "HEAD~1").strip() == AUTHOR_B[1]  # git maps
    result = rec(audit, "verify", "--json")
    report = json.loads(result.stdout)
    assert [v["problem"] for v in report["violations"]] == before
    assert [change["files"] for change in report["rules_changes"]] == [[".mailmap"]]
    (audit / ".mailmap").write_text("")
    git(audit, "commit", "-qam", "carol's mailmap", env=as_author(AUTHOR_C))
    problems = verify(audit)[1]
    assert problems[-1] == (
        ".mailmap changed by carol@example.org, who is not in the admins role as it stood "
        "before the change"
    )


def test_deleting_the_rules_later_excuses_nothing(audit: Path) -> None:
    """A self-verification is judged by the rules in force when it was committed, not by a
    rectrack.yaml whose rules were deleted afterwards (by an admin or anyone else)."""
    append_and_commit(audit)
    code, before = verify(audit)
    assert code == 1 and len(before) == 1
    config = audit / "rectrack.yaml"
    text = config.read_text()
    config.write_text(
        text[: text.index("  # What setting a status")] + text[text.index("  # Optional") :]
    )
    git(audit, "commit", "-qam", "simplify the workflow")
    assert verify(audit)[1] == before
    config.write_text(text.replace("  rules:\n", "  rules:\n    open: {}\n"))
    git(audit, "commit", "-qam", "carol edits", env=as_author(AUTHOR_C))
    assert verify(audit)[1][-1].startswith(
        "rectrack.yaml changed by carol@example.org, who is not in the admins"
    )


def test_a_role_is_refused_when_made_and_judged_at_the_time(audit: Path) -> None:
    """Carol (no auditor) cannot set verified; her hand commit is reported, and adding her
    to the auditors afterwards does not make it hers to have made."""
    carol = as_author(AUTHOR_C)
    before = snapshot(audit)
    result = rec(audit, "status", "1", "verified", env=carol)
    assert result.exit_code == 1
    assert result.stderr == (
        "rec: error: recommendation 1 cannot be set to 'verified' by carol@example.org: only "
        "the auditors role may set it (alex@example.org, blair@example.org; roles.auditors in "
        "rectrack.yaml)\n"
    )
    assert snapshot(audit) == before
    append_and_commit(audit, env=carol)
    expected = ["event 4 (verified) was set by carol@example.org, who is not in the auditors role"]
    assert verify(audit)[1] == expected
    config = audit / "rectrack.yaml"
    config.write_text(
        config.read_text().replace("  auditors:\n", "  auditors:\n  - carol@example.org\n")
    )
    git(audit, "commit", "-qam", "carol audits now")  # by Alex, an admin: allowed
    assert verify(audit)[1] == expected


def test_leaving_a_role_later_does_not_undo_a_sign_off(audit: Path) -> None:
    """Blair verified while an auditor; removing her from the role later is no violation."""
    assert rec(audit, "status", "1", "verified", env=as_author(AUTHOR_B)).exit_code == 0
    config = audit / "rectrack.yaml"
    config.write_text(config.read_text().replace("  - blair@example.org\n", ""))
    git(audit, "commit", "-qam", "Blair moved on")
    assert verify(audit) == (0, [])


def test_own_trusted_key_under_someone_elses_email(signed: Path, keys: dict[str, Path]) -> None:
    """Alex signs with his own trusted key as Blair: plain verify cannot tell, --signed
    names both the signer and the author."""
    as_blair_with_alex_key = signing_as(AUTHOR_B, keys["alex"])
    assert rec(signed, "status", "1", "verified", env=as_blair_with_alex_key).exit_code == 0
    assert verify(signed) == (0, [])  # without keys, an identity is a claim (docs/audit.md)
    code, problems = verify(signed, "--signed")
    assert code == 1
    [problem] = problems
    assert problem.startswith("signed by alex@example.org (key SHA256:")
    assert problem.endswith("but authored as blair@example.org: the signature must be the author's")


def test_git_c_user_email_is_caught_only_by_signatures(signed: Path) -> None:
    """`git -c user.email=blair@... commit` (Alex's key signs): --signed reports it; unsigned,
    it is reported as not signed."""
    append_and_commit(signed, "-c", f"user.email={AUTHOR_B[1]}", "-c", f"user.name={AUTHOR_B[0]}")
    assert verify(signed)[0] == 0
    assert "but authored as blair@example.org" in verify(signed, "--signed")[1][0]
    git(signed, "-c", "commit.gpgsign=false", "-c", f"user.email={AUTHOR_B[1]}", "commit",
        "--amend", "-qm", "unsigned sign-off")  # fmt: skip
    assert verify(signed, "--signed", "--accept-history")[1] == ["commit is not signed"]


def test_signers_and_rules_change_only_by_admins_with_keys_from_before(
    signed: Path, keys: dict[str, Path]
) -> None:
    """Eve adding her own key (signed with it) and Carol adding herself to the auditors are
    both reported; Alex's signed change of the same kind is not."""
    signers = signed / ".rectrack/allowed_signers"
    signers.write_text(signers.read_text() + signer_line(("Eve", "eve@example.org"), keys["eve"]))
    git(
        signed,
        "commit",
        "-qam",
        "let me in",
        env=signing_as(("Eve", "eve@example.org"), keys["eve"]),
    )
    problems = verify(signed, "--signed")[1]
    assert problems[0] == (
        ".rectrack/allowed_signers changed by eve@example.org, who is not in the admins role "
        "as it stood before the change"
    )
    assert problems[1].startswith(
        "signed by a key that is not in .rectrack/allowed_signers (SHA256:"
    )
    git(signed, "reset", "-q", "--hard", "HEAD~1")
    config = signed / "rectrack.yaml"
    config.write_text(
        config.read_text().replace("  auditors:\n", "  auditors:\n  - carol@example.org\n")
    )
    git(signed, "commit", "-qam", "me too", env=signing_as(AUTHOR_C, keys["carol"]))
    assert verify(signed, "--signed", "--accept-history")[1] == [
        "rectrack.yaml changed by carol@example.org, who is not in the admins role as it stood "
        "before the change"
    ]
    git(signed, "reset", "-q", "--hard", "HEAD~1")
    git(signed, "commit", "-qam", "Alex adds Carol", "--allow-empty")
    config.write_text(
        config.read_text().replace("  auditors:\n", "  auditors:\n  - carol@example.org\n")
    )
    git(signed, "commit", "-qam", "Alex adds Carol properly")
    assert verify(signed, "--signed", "--accept-history") == (0, [])


def test_a_mailmap_does_not_lend_the_implementer_another_name(audit: Path) -> None:
    """With a .mailmap mapping Alex to Blair (git blame would say Blair implemented it),
    Alex still cannot verify what Alex implemented."""
    (audit / ".mailmap").write_text(f"{AUTHOR_B[0]} <{AUTHOR_B[1]}> <{AUTHOR_A[1]}>\n")
    git(audit, "add", ".mailmap")
    git(audit, "commit", "-qm", "names")
    assert AUTHOR_B[1] in git(audit, "blame", "--porcelain", "recs/1.yaml")
    result = rec(audit, "status", "1", "verified")
    assert result.exit_code == 1
    assert "needs someone other than whoever set 'implemented' (alex@example.org)" in result.stderr


def test_a_replace_ref_does_not_lend_a_commit_another_author(audit: Path) -> None:
    """Alex's self-verification, then a `git replace` of that commit by one authored by
    Blair (git log now says Blair): verify still reports Alex, and `rec log` shows Alex."""
    append_and_commit(audit)
    raw = git(audit, "cat-file", "commit", "HEAD")
    forged = raw.replace(
        f"author {AUTHOR_A[0]} <{AUTHOR_A[1]}>", f"author {AUTHOR_B[0]} <{AUTHOR_B[1]}>"
    )
    assert forged != raw
    replacement = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=audit, input=forged, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    git(audit, "replace", "HEAD", replacement)
    assert git(audit, "log", "-1", "--format=%aE").strip() == AUTHOR_B[1]  # git honours it
    code, problems = verify(audit, "--full")
    assert code == 1 and "set by alex@example.org, who also set implemented" in problems[0]
    logged = rec(audit, "log", "1", "-n", "1").stdout
    assert AUTHOR_A[0] in logged and AUTHOR_B[0] not in logged


def test_a_shallow_clone_is_not_verified_as_if_whole(audit: Path, tmp_path: Path) -> None:
    """A clone cut to its last commit (CI's default) refuses a whole verify, naming the fix;
    --since still checks the commits it has."""
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{audit}", str(shallow))
    result = rec(shallow, "verify")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("rec: error: this clone's history is cut short")
    assert "git fetch --unshallow" in result.stderr and result.stderr.count("\n") == 1
    assert rec(shallow, "verify", "--since", "HEAD").exit_code == 0
