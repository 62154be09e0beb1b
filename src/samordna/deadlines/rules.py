"""Due dates of a case, computed from the routine profile. Every page reads deadlines from here.

The functions work on already loaded objects (see cases.selectors for the prefetching), so a list of
cases costs no extra queries per case.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import ConsentStatus, CoordinationCase, Step
from samordna.common import clock

CONSENT_EXPIRY_WARNING_DAYS = 30
STEPS_BEFORE_MEETING = {Step.NEED, Step.CONSENT, Step.PREPARATION, Step.INVITATION}


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    due_on: datetime.date

    @property
    def is_overdue(self) -> bool:
        return self.due_on < clock.today()

    @property
    def days_left(self) -> int:
        return (self.due_on - clock.today()).days


def discharge_invitation_due(case: CoordinationCase) -> datetime.date | None:
    """At discharge the invitation is due N calendar days after the notice was sent (lag 2017:612)."""
    notice = getattr(case, "discharge_notice", None)
    if notice is None:
        return None
    sent_on = timezone.localdate(notice.sent_at)
    return sent_on + datetime.timedelta(days=case.routine_profile.discharge_invitation_days)


def case_deadlines(case: CoordinationCase) -> list[Deadline]:
    """Every deadline that applies to the case now, earliest first. A closed case has none."""
    if case.is_closed:
        return []
    deadlines = []
    if case.status in STEPS_BEFORE_MEETING:
        deadlines.append(Deadline("meeting_within", str(_("SIP-möte senast")), case.meeting_due_on))
        discharge_due = discharge_invitation_due(case)
        if discharge_due is not None:
            deadlines.append(Deadline("discharge_invitation", str(_("Kallelse vid utskrivning senast")), discharge_due))
    consent = active_consent(case)
    if consent is not None and (consent.valid_to - clock.today()).days <= CONSENT_EXPIRY_WARNING_DAYS:
        deadlines.append(Deadline("consent_expiry", str(_("Samtycket upphör")), consent.valid_to))
    return sorted(deadlines, key=lambda deadline: deadline.due_on)


def next_deadline(case: CoordinationCase) -> Deadline | None:
    deadlines = case_deadlines(case)
    return deadlines[0] if deadlines else None


def active_consent(case: CoordinationCase):
    """The active consent from the prefetched `case.consents` (no query when prefetched)."""
    for consent in case.consents.all():
        if consent.status == ConsentStatus.ACTIVE:
            return consent
    return None
