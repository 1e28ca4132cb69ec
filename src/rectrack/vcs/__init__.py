"""Git: the only package that starts a git process or imports GitPython.

Every git process starts in `runner.py`; the other modules are verbs over it (commits,
the ledger lock, refs, history, blobs, remotes, the merge driver's configuration).
Nothing here prints or exits: failures are raised as GitError and friends.
"""
