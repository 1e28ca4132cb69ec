"""gitrepo's process-free shortcuts: HEAD from the ref files, identity from the environment
and git's config listing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from rectrack.errors import GitError
from rectrack.vcs import repo as git_repo
from rectrack.vcs.gitconfig import read_config
from tests.helpers import AUTHOR_A, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with two commits on main."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    for name in ("a", "b"):
        (root / name).write_text(name)
        git(root, "add", name)
        git(root, "commit", "-q", "-m", name)
    return root


def rev_parse(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def test_head_from_a_loose_ref(repo: Path) -> None:
    """A branch in refs/heads: the same hash as git rev-parse."""
    assert git_repo.head_commit(repo) == rev_parse(repo)


def test_head_from_packed_refs(repo: Path) -> None:
    """After `git pack-refs --all` the hash comes from packed-refs."""
    git(repo, "pack-refs", "--all")
    assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    assert git_repo.head_commit(repo) == rev_parse(repo)


def test_head_when_detached(repo: Path) -> None:
    """A detached HEAD holds the hash itself."""
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    assert git_repo.head_commit(repo) == rev_parse(repo)


def test_head_in_a_linked_worktree(repo: Path, tmp_path: Path) -> None:
    """A linked worktree's HEAD names a branch whose ref lives in the main git dir."""
    other = tmp_path / "other"
    git(repo, "worktree", "add", "-q", "-b", "side", str(other))
    (other / "c").write_text("c")
    git(other, "add", "c")
    git(other, "commit", "-q", "-m", "c")
    assert git_repo.head_commit(other) == rev_parse(other) != rev_parse(repo)


def test_head_falls_back_to_git_for_anything_unusual(repo: Path) -> None:
    """A HEAD file it cannot read is left to `git rev-parse`."""
    expected = rev_parse(repo)
    (repo / ".git" / "refs" / "heads" / "main").write_text("not a hash\n")
    with pytest.raises(GitError):
        git_repo.head_commit(repo)  # git itself refuses the broken ref
    (repo / ".git" / "refs" / "heads" / "main").write_text(expected + "\n")
    assert git_repo.head_commit(repo) == expected


@pytest.mark.parametrize(
    ("name", "email"),
    [("Jo Densford", "jo@example.org"), ("Ana Costa", "ana@example.org")],
)
def test_identity_from_the_environment_matches_git(
    repo: Path, monkeypatch: pytest.MonkeyPatch, name: str, email: str
) -> None:
    """With both variables set, no process runs and the answer is what `git var` says."""
    monkeypatch.setenv("GIT_AUTHOR_NAME", name)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", email)
    found = git_repo.identity(repo)
    assert found == git_repo.Identity(name=name, email=email)
    ident = git(repo, "var", "GIT_AUTHOR_IDENT")
    assert ident.startswith(f"{name} <{email}> ")


@pytest.mark.parametrize("name", [" Jo ", "Jo.", "<Jo>", "Jo\nDensford"])
def test_names_git_would_tidy_go_through_git(
    repo: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Names with stray dots, spaces or brackets are left to `git var` to clean up."""
    monkeypatch.setenv("GIT_AUTHOR_NAME", name)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "jo@example.org")
    found = git_repo.identity(repo)
    assert found is None or found.name == git(repo, "var", "GIT_AUTHOR_IDENT").split(" <")[0]


def test_identity_from_config_without_the_environment(repo: Path) -> None:
    """Without the variables, git's own answer (here the test's global config)."""
    assert git_repo.identity(repo) == git_repo.Identity(name=AUTHOR_A[0], email=AUTHOR_A[1])


#: (what is configured, the role asked, whether it is settled without `git var`).
#: Config text goes into .git/config; `inc` is a file beside the repository; `env` is set.
IDENTITY_CASES = [
    ("[user]\n\tname = Repo Name\n\temail = repo@example.org\n", {}, "AUTHOR", True),
    ("[author]\n\tname = Author Name\n[user]\n\tname = User Name\n", {}, "AUTHOR", True),
    ("[author]\n\tname = Author Name\n", {}, "COMMITTER", True),
    ("[committer]\n\temail = c@example.org\n", {}, "COMMITTER", True),
    ("[user]\n\tname = First\n\tname = Second\n", {}, "AUTHOR", True),
    ("[include]\n\tpath = ../../inc\n", {}, "AUTHOR", True),
    ('[includeIf "gitdir:**/repo/"]\n\tpath = ../../inc\n', {}, "AUTHOR", True),
    ('[includeIf "onbranch:main"]\n\tpath = ../../inc\n', {}, "AUTHOR", True),
    ('[includeIf "gitdir:/nowhere/"]\n\tpath = ../../inc\n', {}, "AUTHOR", True),
    ("", {"GIT_AUTHOR_NAME": "Env Name"}, "AUTHOR", True),
    ("", {"GIT_COMMITTER_EMAIL": "env@example.org"}, "COMMITTER", True),
    ("", {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.name",
          "GIT_CONFIG_VALUE_0": "From Env Config"}, "AUTHOR", True),
    ("", {"GIT_CONFIG_PARAMETERS": "'user.email'='param@example.org'"}, "AUTHOR", True),
    ("[user]\n\tname = \" Quoted. \"\n", {}, "AUTHOR", False),
    ("[user]\n\tname = Jo <jo>\n", {}, "AUTHOR", False),
    ("[author]\n\tname =\n", {}, "AUTHOR", False),
    ("[user]\n\temail =\n", {"EMAIL": "fallback@example.org"}, "AUTHOR", False),
    ("[user]\n\tname\n", {}, "AUTHOR", False),
    ("", {"GIT_AUTHOR_NAME": ""}, "AUTHOR", False),
    ("", {"GIT_AUTHOR_NAME": "Trailing."}, "AUTHOR", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "env", "role", "settled"), IDENTITY_CASES)
def test_identity_from_gits_config_listing_is_what_git_records(
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    env: dict[str, str],
    role: str,
    settled: bool,
) -> None:
    """Read from `git config --list`, the identity is git's own (`git var`) across config
    files, includes, conditional includes and the environment; where a value is one git
    would tidy, reject or replace, no answer is given without asking git."""
    (repo.parent / "inc").write_text("[user]\n\tname = Included Name\n")
    with (repo / ".git" / "config").open("a") as stream:
        stream.write(text)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = read_config(repo)
    assert config is not None
    done = subprocess.run(["git", "var", f"GIT_{role}_IDENT"], cwd=repo, capture_output=True)
    ident = done.stdout.decode()
    expected = (
        git_repo.Identity(name=ident.partition(" <")[0], email=ident.split("<")[1].split(">")[0])
        if done.returncode == 0
        else None
    )
    assert git_repo.identity(repo, role=role, config=config) == expected
    monkeypatch.setenv("PATH", str(repo / "no-git-here"))  # any git process now fails
    offline = git_repo.identity(repo, role=role, config=config)
    assert offline == (expected if settled else None)
