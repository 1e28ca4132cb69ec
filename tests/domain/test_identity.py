"""Who someone is to the rules: emails compared lower-case and without plus-tags."""

from __future__ import annotations

from rectrack.domain.identity import is_member, normalise_email, same_person


def test_case_and_plus_tags_do_not_make_a_second_person() -> None:
    """`Alex+audit@Force.Example` is alex@force.example; another mailbox is another person."""
    assert normalise_email(" <Alex+audit@Force.Example> ") == "alex@force.example"
    assert same_person("alex@force.example", "ALEX+x+y@force.example")
    assert not same_person("alex@force.example", "alex@other.example")
    assert not same_person("alex@force.example", "alexa@force.example")


def test_membership_by_email_or_pattern() -> None:
    """A role lists emails (compared normalised) or patterns such as *@audit.example."""
    assert is_member("Blair+x@Audit.example", ["blair@audit.example"])
    assert is_member("anyone@audit.example", ["*@audit.example"])
    assert not is_member("anyone@audit.example.evil", ["*@audit.example"])
    assert not is_member("blair@audit.example", [])
