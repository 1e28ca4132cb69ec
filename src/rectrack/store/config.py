"""rectrack.yaml: reading a ledger's workflow and writing the one `rec init` starts with."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from rectrack.domain.text import DEFAULT_TEXT_BYTES, MIN_TEXT_BYTES
from rectrack.domain.workflow import StatusRule, Workflow
from rectrack.errors import ConfigError
from rectrack.store.files import read_bytes
from rectrack.store.yamldoc import load_yaml

_RULE_KEYS = {"different_person_from", "requires_evidence", "requires_reason"}


def read_workflow(path: Path) -> Workflow:
    """The workflow from a ledger's rectrack.yaml, checked for consistency."""
    return parse_workflow(read_bytes(path), path=path)


def parse_workflow(data: bytes, *, path: Path | str) -> Workflow:
    """The workflow from the bytes of a rectrack.yaml (from disk or from git history)."""
    document = load_yaml(data, path=path)
    spec = document.get("workflow") if isinstance(document, dict) else None
    if not isinstance(spec, dict):
        raise ConfigError(path=path, detail="no `workflow:` mapping")
    return _WorkflowSpec(spec, path=path).workflow()


def read_text_limit(path: Path) -> int:
    """The largest text value a write may store: `limits: {text_bytes: N}` in rectrack.yaml,
    else domain/text.py's default (1 MB)."""
    document = load_yaml(read_bytes(path), path=path)
    limits = document.get("limits") if isinstance(document, dict) else None
    if limits is None:
        return DEFAULT_TEXT_BYTES
    value = limits.get("text_bytes", DEFAULT_TEXT_BYTES) if isinstance(limits, dict) else None
    if not isinstance(limits, dict) or limits.keys() - {"text_bytes"}:
        raise ConfigError(path=path, detail="`limits` may only set text_bytes")
    if not isinstance(value, int) or isinstance(value, bool) or value < MIN_TEXT_BYTES:
        raise ConfigError(
            path=path,
            detail=f"`limits.text_bytes` must be a whole number of bytes, {MIN_TEXT_BYTES} or more",
        )
    return value


class _WorkflowSpec:
    """The `workflow:` mapping of a rectrack.yaml, checked part by part."""

    def __init__(self, spec: dict[Any, Any], *, path: Path | str) -> None:
        self.spec, self.path = spec, path
        statuses = spec.get("statuses")
        if (
            not isinstance(statuses, list)
            or not statuses
            or not all(isinstance(s, str) for s in statuses)
        ):
            self.fail("`workflow.statuses` must be a list of names")
        self.statuses: list[str] = statuses

    def fail(self, detail: str) -> NoReturn:
        raise ConfigError(path=self.path, detail=detail)

    def known(self, name: Any, where: str) -> str:
        if name not in self.statuses:
            self.fail(f"{where}: {name!r} is not in workflow.statuses")
        return str(name)

    def workflow(self) -> Workflow:
        spec = self.spec
        rules = spec.get("rules") or {}
        if not isinstance(rules, dict):
            self.fail("`workflow.rules` maps a status to its rule")
        cap = spec.get("max_due_revisions")
        if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 0):
            self.fail("`workflow.max_due_revisions` must be a whole number")
        return Workflow(
            statuses=tuple(self.statuses),
            initial=self.known(spec.get("initial", self.statuses[0]), "workflow.initial"),
            final=frozenset(self.known(name, "workflow.final") for name in spec.get("final") or []),
            transitions=self.transitions(),
            rules={
                self.known(status, "workflow.rules"): _rule(status, rule, self.path)
                for status, rule in rules.items()
            },
            max_due_revisions=cap,
        )

    def transitions(self) -> dict[str, tuple[str, ...]] | None:
        transitions = self.spec.get("transitions")
        if transitions is None:
            return None
        if not isinstance(transitions, dict) or not all(
            isinstance(t, list) for t in transitions.values()
        ):
            self.fail("`workflow.transitions` maps a status to a list")
        where = "workflow.transitions"
        return {
            self.known(source, where): tuple(self.known(t, where) for t in targets)
            for source, targets in transitions.items()
        }


def _rule(status: str, spec: Any, path: Path | str) -> StatusRule:
    where = f"workflow.rules.{status}"
    if not isinstance(spec, dict) or not spec.keys() <= _RULE_KEYS:
        raise ConfigError(path=path, detail=f"{where} may only set {', '.join(sorted(_RULE_KEYS))}")
    other = spec.get("different_person_from")
    if other is not None and not isinstance(other, str):
        raise ConfigError(path=path, detail=f"{where}.different_person_from must be a status")
    for flag in ("requires_evidence", "requires_reason"):
        if not isinstance(spec.get(flag, False), bool):
            raise ConfigError(path=path, detail=f"{where}.{flag} must be true or false")
    return StatusRule(
        different_person_from=other,
        requires_evidence=spec.get("requires_evidence", False),
        requires_reason=spec.get("requires_reason", False),
    )


def render_config(workflow: Workflow) -> bytes:
    """A commented rectrack.yaml for `rec init`."""
    lines = [
        "# rectrack ledger configuration (docs/format.md).",
        "workflow:",
        "  # Every status a recommendation may have; add your own (e.g. not-accepted).",
        "  statuses:",
        *(f"  - {status}" for status in workflow.statuses),
        "  # The status `rec new` records first.",
        f"  initial: {workflow.initial}",
        "  # Statuses that close a recommendation (not open, never overdue).",
        "  final:",
        *(f"  - {status}" for status in sorted(workflow.final)),
        *_transition_lines(workflow),
        *_rule_lines(workflow),
        "  # Optional: how often a due date may move after it is first set.",
        f"  {'' if workflow.max_due_revisions is not None else '# '}max_due_revisions: "
        f"{workflow.max_due_revisions or 3}",
    ]
    return ("\n".join(lines) + "\n").encode()


def _transition_lines(workflow: Workflow) -> list[str]:
    if workflow.transitions is None:
        return [
            "  # Optional: which statuses may follow which. Without it any may follow any.",
            "  # transitions:",
            f"  #   {workflow.initial}: [{', '.join(workflow.allowed_after(workflow.initial))}]",
        ]
    return [
        "  # Which statuses may follow which (a status not listed may go anywhere).",
        "  transitions:",
        *(
            f"    {source}: [{', '.join(targets)}]"
            for source, targets in workflow.transitions.items()
        ),
    ]


def _rule_lines(workflow: Workflow) -> list[str]:
    if not workflow.rules:
        return []
    lines = ["  # What setting a status requires (docs/format.md, Rules).", "  rules:"]
    for status, rule in workflow.rules.items():
        lines.append(f"    {status}:")
        if rule.different_person_from:
            lines.append(f"      different_person_from: {rule.different_person_from}")
        if rule.requires_evidence:
            lines.append("      requires_evidence: true")
        if rule.requires_reason:
            lines.append("      requires_reason: true")
    return lines
