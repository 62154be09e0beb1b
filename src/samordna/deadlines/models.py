"""The deadlines of the open cases kept as indexed rows, so "my work" is an index range over my units.

The rows are derived data: `deadlines.store` writes them from `rules.all_case_deadlines`, the one place the
rules live, and never anything else. A change to anything a deadline depends on marks the case in
`DeadlineRefresh` in the same transaction (`deadlines.signals`); a page that reads stored deadlines first works
out again the marked cases it is about to show, and the sweep does the rest. So a stored row is never older
than the last committed change a reader could see.
"""

from django.db import models

from samordna.cases.models import CoordinationCase
from samordna.deadlines.rules import DeadlineAction
from samordna.meetings.models import Meeting
from samordna.organizations.models import Principal, Unit


class StoredDeadline(models.Model):
    """One deadline of an open case for one of the units that must act on it."""

    case = models.ForeignKey(CoordinationCase, on_delete=models.CASCADE, related_name="+")
    # The unit that must act (a deadline for two units is two rows).
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=30)
    action = models.CharField(max_length=30, choices=DeadlineAction.choices)
    due_on = models.DateField()
    notice_from = models.DateField(null=True)
    listed_from = models.DateField(null=True)
    # What the deadline is about: the invited unit of an invitation's answer, the principal of a sign-off.
    subject_unit = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    principal = models.ForeignKey(Principal, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey(Meeting, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        indexes = [models.Index(fields=["unit", "due_on"], name="stored_deadline_unit_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on} (case {self.case_id}, unit {self.unit_id})"


class DeadlineRefresh(models.Model):
    """A case whose stored deadlines must be worked out again, written with the change that caused it. Several
    rows for one case are fine: each is removed only by the refresh that read the case after it. The case is an
    id, not a foreign key, so a mark written while a case is being deleted does not block the deletion."""

    case_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"case {self.case_id}"
