"""The ledger's files: the only package that reads or writes them, and the only one that
imports ruamel.yaml (in `yamldoc.py`, the YAML door).

Where a ledger is (`paths`), its configuration (`config`), recommendation files
(`recfile`, with `itemlayout` for their byte layout), atomic writes (`files`), evidence
files (`evidence`) and the read cache (`readcache`).
"""
