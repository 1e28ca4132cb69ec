"""rectrack: an append-only, git-backed ledger of inspection recommendations."""

__version__ = "0.1.0"
