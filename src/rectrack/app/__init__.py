"""The use cases: one public function per thing a user does, the library a Python user
would call. Commands in `cli/` parse arguments, call one function here, and render what
it returns.

Every write goes through `writepath.py` (journal, lock, append, commit, roll back);
`verify/` holds the history walk, the audit checks and the verified-history record.
"""
