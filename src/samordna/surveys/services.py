"""Writes for SIP-kollen: staff make one-time codes after a meeting; anyone holding a code answers once.

The answer service takes no user and no request: it can't write who or where from, and it writes no audit
event, because an audit row (time, object) is exactly what would tie the answer back to the meeting.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AuditAction
from samordna.audit.services import audit_record
from samordna.cases.policies import ensure_can_act
from samordna.common import clock
from samordna.meetings.models import Meeting
from samordna.surveys.models import SurveyResponse, SurveyToken, UsedSurveyToken

# 32 letters and digits that can't be mistaken for each other on paper (no I, O, 0 or 1).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 60 bits: not guessable, still short enough to type from a slip of paper
CODE_VALID_DAYS = 60
MAX_CODES_PER_MEETING_CALL = 8

MEETING_NOT_HELD = _("SIP-kollen kan bara delas ut efter ett genomfört SIP-möte eller uppföljningsmöte.")
CODE_UNKNOWN = _("Koden finns inte. Kontrollera att du har skrivit av den rätt.")
CODE_USED = _("Koden har redan använts. Varje kod kan bara användas en gång.")
CODE_EXPIRED = _("Koden gäller inte längre.")
CODE_COUNT_INVALID = _("Välj mellan 1 och %(max)s koder.") % {"max": MAX_CODES_PER_MEETING_CALL}


def normalise_code(raw: str) -> str:
    """The code as stored: capitals only, without the dashes and spaces used to print and type it."""
    return "".join(char for char in str(raw).upper() if char.isalnum())


def format_code(code: str) -> str:
    """Groups of four for the printed slip: ABCD-EFGH-JKLM."""
    return "-".join(code[index : index + 4] for index in range(0, len(code), 4))


def token_hash(code: str) -> str:
    """A keyed hash (HMAC with the installation's secret), so a copy of the database alone can't test codes."""
    return salted_hmac("samordna.surveys.token", normalise_code(code), algorithm="sha256").hexdigest()


@transaction.atomic
def survey_tokens_create(*, meeting: Meeting, by, count: int) -> list[str]:
    """Make `count` one-time codes for a held meeting: one for the individual and one per relative who wants
    to answer. Returns the codes; only their hashes are stored, so they are shown once, on the printed slip."""
    case = meeting.case
    ensure_can_act(by, case)
    if not meeting.can_hold_plan:
        raise ValidationError(MEETING_NOT_HELD, code="meeting_not_held")
    if not 1 <= count <= MAX_CODES_PER_MEETING_CALL:
        raise ValidationError({"count": CODE_COUNT_INVALID})
    month = timezone.localdate(meeting.held_at).replace(day=1)
    expires_on = clock.today() + datetime.timedelta(days=CODE_VALID_DAYS)
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(count)]
    SurveyToken.objects.bulk_create(
        SurveyToken(
            token_hash=token_hash(code),
            meeting=meeting,
            county_id=case.routine_profile_id,
            month=month,
            expires_on=expires_on,
        )
        for code in codes
    )
    # Who handed out how many codes for which meeting: never the codes or their hashes.
    audit_record(
        user=by,
        action=AuditAction.CREATE,
        obj=meeting,
        person_id=case.person_id,
        summary=f"survey_tokens_create:{count}",
    )
    return codes


def survey_token_check(code: str) -> None:
    """Raise the reason a code can't be used now, or nothing; the survey form is shown only for a usable code."""
    digest = token_hash(code)
    token = SurveyToken.objects.filter(token_hash=digest).only("expires_on").first()
    _ensure_usable(token, digest)


def _ensure_usable(token: SurveyToken | None, digest: str) -> None:
    if token is None:
        if UsedSurveyToken.objects.filter(token_hash=digest).exists():
            raise ValidationError(CODE_USED, code="code_used")
        raise ValidationError(CODE_UNKNOWN, code="code_unknown")
    if token.expires_on < clock.today():
        raise ValidationError(CODE_EXPIRED, code="code_expired")


@transaction.atomic
def survey_answer(
    *, code: str, participation: int, listened_to: int, understood_plan: int, overall: int, comment: str = ""
) -> SurveyResponse:
    """Save one anonymous answer and burn the code: the token row (the only link to the meeting) is deleted and
    its hash remembered as used, in the same transaction, so a code answers once and then leads nowhere."""
    digest = token_hash(code)
    token = SurveyToken.objects.select_for_update().filter(token_hash=digest).first()
    _ensure_usable(token, digest)
    response = SurveyResponse(
        county_id=token.county_id,
        month=token.month,
        participation=participation,
        listened_to=listened_to,
        understood_plan=understood_plan,
        overall=overall,
        comment=comment.strip(),
    )
    response.full_clean()
    try:
        with transaction.atomic():
            UsedSurveyToken.objects.create(token_hash=digest)
    except IntegrityError as error:  # a second answer with the same code racing this one
        raise ValidationError(CODE_USED, code="code_used") from error
    token.delete()
    response.save()
    return response
