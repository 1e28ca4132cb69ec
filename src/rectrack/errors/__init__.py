"""rectrack's exception tree, the lowest layer: every other package may raise these.

Every failure rectrack expects is a `RectrackError`: it carries a one-line message built
from keyword arguments and never prints. `cli/exits.py` turns it into that line on stderr
and its exit code (1: refused, the ledger left as it was; 2 stays the usage error), the
only place that picks exit codes. The classes live by theme (`ledger`, `rules`, `git`,
`transfer`); import them from here.
"""

from __future__ import annotations

from rectrack.errors.base import RectrackError
from rectrack.errors.git import (
    GitError,
    LockTimeout,
    MergeConflict,
    MergeDriverMissing,
    ShallowHistory,
    SyncError,
    UnknownRevision,
    VerificationFailed,
)
from rectrack.errors.ledger import (
    ConfigError,
    EditorFailed,
    EmptyComment,
    InvalidDate,
    InvalidField,
    InvalidId,
    InvalidValue,
    LedgerExists,
    LedgerFormatError,
    NestedLedger,
    NoIdentity,
    NotInGitRepository,
    NotInLedger,
    NotWritable,
    OutputRefused,
    RecommendationExists,
    RecordInvalid,
    UncommittedChanges,
    UnknownRecommendation,
    UnknownWorkflow,
)
from rectrack.errors.rules import (
    CorrectionRefused,
    DueChangeRefused,
    EvidenceError,
    EvidenceRequired,
    IdentityMismatch,
    ReasonRequired,
    RoleRequired,
    SameApprover,
    TextRequired,
    TransitionNotAllowed,
    UnknownStatus,
)
from rectrack.errors.transfer import (
    ImportConflict,
    ImportFormatError,
    ImportRefused,
    ImportRowsInvalid,
    ImportUnknownStatus,
    SourceUnreadable,
)

__all__ = [
    "ConfigError",
    "CorrectionRefused",
    "DueChangeRefused",
    "EditorFailed",
    "EmptyComment",
    "EvidenceError",
    "EvidenceRequired",
    "GitError",
    "IdentityMismatch",
    "ImportConflict",
    "ImportFormatError",
    "ImportRefused",
    "ImportRowsInvalid",
    "ImportUnknownStatus",
    "InvalidDate",
    "InvalidField",
    "InvalidId",
    "InvalidValue",
    "LedgerExists",
    "LedgerFormatError",
    "LockTimeout",
    "MergeConflict",
    "MergeDriverMissing",
    "NestedLedger",
    "NoIdentity",
    "NotInGitRepository",
    "NotInLedger",
    "NotWritable",
    "OutputRefused",
    "ReasonRequired",
    "RecommendationExists",
    "RecordInvalid",
    "RectrackError",
    "RoleRequired",
    "SameApprover",
    "ShallowHistory",
    "SourceUnreadable",
    "SyncError",
    "TextRequired",
    "TransitionNotAllowed",
    "UncommittedChanges",
    "UnknownRecommendation",
    "UnknownRevision",
    "UnknownStatus",
    "UnknownWorkflow",
    "VerificationFailed",
]
