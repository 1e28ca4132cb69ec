"""rectrack.yaml: reading a ledger's workflow and declared fields, and writing the file
`rec init` starts with."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from rectrack.domain.identifiers import FIELD_NAME
from rectrack.domain.text import DEFAULT_TEXT_BYTES, MIN_TEXT_BYTES
from rectrack.domain.workflow import StatusRule, Workflow
from rectrack.errors import ConfigError
from rectrack.store.files import read_bytes
from rectrack.store.yamlcache import load_yaml_cached
from rectrack.store.yamldoc import load_yaml

_RULE_KEYS = {"different_person_from", "requires_evidence", "requires_reason", "set_by"}


def read_workflow(path: Path, *, cache: Path | None = None) -> Workflow:
    """The workflow from a ledger's rectrack.yaml, checked for consistency. `cache`: where
    the parse may be kept (store/yamlcache.py)."""
    return parse_workflow(read_bytes(path), path=path, cache=cache)


def _document(data: bytes, *, path: Path | str, cache: Path | None) -> Any:
    if cache is None:
        return load_yaml(data, path=path)
    return load_yaml_cached(data, path=path, cache=cache)


def parse_workflow(data: bytes, *, path: Path | str, cache: Path | None = None) -> Workflow:
    """The workflow from the bytes of a rectrack.yaml (from disk or from git history)."""
    document = _document(data, path=path, cache=cache)
    spec = document.get("workflow") if isinstance(document, dict) else None
    if not isinstance(spec, dict):
        raise ConfigError(path=path, detail="no `workflow:` mapping")
    assert isinstance(document, dict)  # narrowed by `spec` above
    workflow = _WorkflowSpec(spec, path=path).workflow()
    roles = _roles(document.get("roles"), path=path)
    for status, rule in workflow.rules.items():
        if rule.set_by is not None and rule.set_by not in roles:
            raise ConfigError(
                path=path, detail=f"workflow.rules.{status}.set_by: no role {rule.set_by!r} "
                "under roles:",
            )  # fmt: skip
    return replace(workflow, roles=roles)


def _roles(spec: Any, *, path: Path | str) -> dict[str, tuple[str, ...]]:
    """`roles:`: role name -> list of people by email (docs/format.md, Roles)."""
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise ConfigError(path=path, detail="`roles` maps a role name to a list of emails")
    roles: dict[str, tuple[str, ...]] = {}
    for name, people in spec.items():
        people = [] if people is None else people
        if not isinstance(name, str) or not isinstance(people, list):
            raise ConfigError(path=path, detail=f"roles.{name}: a list of emails")
        if not all(isinstance(person, str) and "@" in person for person in people):
            raise ConfigError(path=path, detail=f"roles.{name}: every entry is an email")
        roles[name] = tuple(people)
    return roles


#: Names `fields:` may not declare: they are not header fields.
RESERVED_FIELDS = ("id", "events", "status")


def read_fields(path: Path, *, cache: Path | None = None) -> tuple[str, ...]:
    """The header fields rectrack.yaml declares beyond the known ones (`fields:`)."""
    return parse_fields(read_bytes(path), path=path, cache=cache)


def parse_fields(data: bytes, *, path: Path | str, cache: Path | None = None) -> tuple[str, ...]:
    """`fields:` from the bytes of a rectrack.yaml: a list of field names (none: empty)."""
    document = _document(data, path=path, cache=cache)
    names = document.get("fields") if isinstance(document, dict) else None
    if names is None:
        return ()
    if not isinstance(names, list) or not all(
        isinstance(name, str) and FIELD_NAME.fullmatch(name) for name in names
    ):
        raise ConfigError(
            path=path, detail="`fields` must be a list of field names (lower-case words)"
        )
    if reserved := sorted(set(names) & set(RESERVED_FIELDS)):
        raise ConfigError(path=path, detail=f"`fields` may not declare {', '.join(reserved)}")
    return tuple(names)


def read_text_limit(path: Path, *, cache: Path | None = None) -> int:
    """The largest text value a write may store: `limits: {text_bytes: N}` in rectrack.yaml,
    else domain/text.py's default (1 MB)."""
    document = _document(read_bytes(path), path=path, cache=cache)
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
    for key, what in (("different_person_from", "a status"), ("set_by", "a role")):
        if spec.get(key) is not None and not isinstance(spec.get(key), str):
            raise ConfigError(path=path, detail=f"{where}.{key} must be {what}")
    evidence = spec.get("requires_evidence", False)
    if not isinstance(evidence, bool) and evidence != "stored":
        raise ConfigError(
            path=path, detail=f"{where}.requires_evidence must be true, false or stored"
        )
    if not isinstance(spec.get("requires_reason", False), bool):
        raise ConfigError(path=path, detail=f"{where}.requires_reason must be true or false")
    return StatusRule(
        different_person_from=spec.get("different_person_from"),
        requires_evidence=bool(evidence),
        evidence_stored=evidence == "stored",
        requires_reason=spec.get("requires_reason", False),
        set_by=spec.get("set_by"),
    )


def render_config(workflow: Workflow) -> bytes:
    """A commented rectrack.yaml for `rec init`."""
    lines = [
        "# rectrack ledger configuration (docs/format.md).",
        *_role_lines(workflow),
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
            lines.append(f"      requires_evidence: {'stored' if rule.evidence_stored else 'true'}")
        if rule.set_by:
            lines.append(f"      set_by: {rule.set_by}")
        if rule.requires_reason:
            lines.append("      requires_reason: true")
    return lines


def _role_lines(workflow: Workflow) -> list[str]:
    if not workflow.roles:
        return []
    lines = [
        "# Who may do what, by git email (docs/format.md, Roles). A change to this file, to",
        "# .rectrack/ or to .mailmap/.gitattributes must be made by someone in `admins`.",
        "roles:",
    ]
    for role, people in workflow.roles.items():
        lines.append(f"  {role}:{'' if people else ' []'}")
        lines += [f"  - {person}" for person in people]
    return lines
