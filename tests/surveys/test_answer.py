"""Answering SIP-kollen: without login, once per code, and anonymously: nothing ties an answer to a person,
case, unit or meeting, in the database or in a log."""

import datetime
import logging

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse

from samordna.audit.models import AuditEvent
from samordna.common import clock
from samordna.organizations.models import RoutineProfile
from samordna.surveys import services
from samordna.surveys.logging import DropSurveyRequests
from samordna.surveys.models import SurveyResponse, SurveyToken, UsedSurveyToken

RATINGS = {"participation": 4, "listened_to": 5, "understood_plan": 3, "overall": 4}
ADDRESS = "203.0.113.77"
AGENT = "SurveyPhone/1.0 (unique-agent-string)"


@pytest.fixture
def code(held_meeting, convener) -> str:
    return services.survey_tokens_create(meeting=held_meeting, by=convener, count=1)[0]


def post_answer(client, code, **overrides):
    data = {"code": code, **{name: str(value) for name, value in RATINGS.items()}, "comment": "Bra möte."}
    data.update(overrides)
    return client.post(reverse("surveys:start"), data, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)


def test_an_answer_keeps_only_county_month_ratings_and_text(client, code, profile):
    response = post_answer(client, code)

    assert response.status_code == 200
    assert "Tack för dina svar" in response.content.decode()
    answer = SurveyResponse.objects.get()
    assert (answer.county_id, answer.month) == (profile.pk, datetime.date(2026, 11, 1))
    assert (answer.participation, answer.listened_to, answer.understood_plan, answer.overall) == (4, 5, 3, 4)
    assert answer.comment == "Bra möte."


def test_no_foreign_key_or_timestamp_on_an_answer_points_at_anyone():
    """The only relation is the county (a routine profile); there is no time of answering to match a log with."""
    relations = [field for field in SurveyResponse._meta.get_fields() if field.is_relation]
    timestamps = [field for field in SurveyResponse._meta.get_fields() if isinstance(field, models.DateTimeField)]

    assert [(field.name, field.related_model) for field in relations] == [("county", RoutineProfile)]
    assert timestamps == []
    assert isinstance(SurveyResponse._meta.pk, models.UUIDField)


def test_the_link_to_the_meeting_is_deleted_when_the_answer_is_saved(client, code, held_meeting):
    post_answer(client, code)

    assert not SurveyToken.objects.filter(meeting=held_meeting).exists()
    assert list(UsedSurveyToken.objects.values_list("token_hash", flat=True)) == [services.token_hash(code)]


def test_a_used_code_cannot_be_used_again(client, code):
    post_answer(client, code)

    response = post_answer(client, code, overall="1")

    assert response.status_code == 400
    assert str(services.CODE_USED) in response.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_the_service_refuses_a_used_code(code):
    services.survey_answer(code=code, **RATINGS)

    with pytest.raises(ValidationError) as error:
        services.survey_answer(code=code, **RATINGS)
    assert error.value.messages == [services.CODE_USED]


def test_an_unknown_code_is_refused(client, db):
    response = post_answer(client, "AAAA-BBBB-CCCC")

    assert response.status_code == 400
    assert str(services.CODE_UNKNOWN) in response.content.decode()


def test_an_expired_code_is_refused(code):
    later = clock.today() + datetime.timedelta(days=services.CODE_VALID_DAYS + 1)
    with clock.frozen_clock(later), pytest.raises(ValidationError) as error:
        services.survey_answer(code=code, **RATINGS)
    assert error.value.messages == [services.CODE_EXPIRED]


def test_answering_writes_no_audit_event_and_no_session(client, code):
    events = AuditEvent.objects.count()

    post_answer(client, code)

    assert AuditEvent.objects.count() == events
    assert Session.objects.count() == 0


def test_the_code_can_be_typed_in_lower_case_with_spaces(client, code):
    typed = services.format_code(code).lower().replace("-", " ")

    response = client.post(reverse("surveys:start"), {"code": typed})

    assert response.status_code == 200
    assert 'name="participation"' in response.content.decode()


def test_the_link_opens_the_survey_without_login_and_is_not_cached(client, code):
    response = client.get(reverse("surveys:link", args=[services.format_code(code)]))

    assert response.status_code == 200
    assert "Hur delaktig kände du dig i mötet?" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_easy_to_read_variant_asks_in_plain_words(client, code):
    response = client.get(reverse("surveys:link_easy", args=[services.format_code(code)]))

    content = response.content.decode()
    assert "Fick du vara med och bestämma?" in content
    assert "easy-read" in content


def test_a_missing_rating_shows_the_form_again(client, code):
    response = post_answer(client, code, overall="")

    assert response.status_code == 200
    assert "Välj ett svar." in response.content.decode()
    assert SurveyResponse.objects.count() == 0


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.mark.parametrize("name", ["django.request", "django.server", "django.security.csrf"])
def test_django_request_loggers_drop_survey_requests(name):
    assert any(isinstance(item, DropSurveyRequests) for item in logging.getLogger(name).filters)


def test_no_log_line_is_written_for_a_survey_request(client, code):
    """A 404 for a bad link is normally logged with its path; for SIP-kollen nothing reaches a handler."""
    collect = Collect()
    loggers = [logging.getLogger(name) for name in ("django.request", "django.server", "django.security.csrf", "")]
    for logger in loggers:
        logger.addHandler(collect)
    try:
        client.get(reverse("surveys:link", args=["WRNG-CDE2-2222"]), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
        post_answer(client, code)
        post_answer(client, code)
    finally:
        for logger in loggers:
            logger.removeHandler(collect)
    lines = [record.getMessage() for record in collect.records]
    assert not [line for line in lines if "sip-kollen" in line or ADDRESS in line or AGENT in line]


def request_line(path: str) -> logging.LogRecord:
    """A record as runserver writes it for one request."""
    args = (f"GET {path} HTTP/1.1", 200, 10)
    return logging.LogRecord("django.server", logging.INFO, "", 0, '"%s" %s %s', args, None)


def test_the_filter_drops_a_runserver_request_line_and_keeps_others():
    assert DropSurveyRequests().filter(request_line("/sip-kollen/k/ABCD/")) is False
    assert DropSurveyRequests().filter(request_line("/arenden/1/")) is True


def test_the_answers_may_be_posted_to_the_link_itself(client, code):
    data = {"code": code, **{name: str(value) for name, value in RATINGS.items()}}

    response = client.post(reverse("surveys:link", args=[services.format_code(code)]), data)

    assert response.status_code == 200
    assert SurveyResponse.objects.count() == 1
    assert client.post(reverse("surveys:link", args=[services.format_code(code)]), data).status_code == 404


def test_answers_without_a_code_show_the_form_again(client, db):
    response = client.post(reverse("surveys:start"), {**{name: str(value) for name, value in RATINGS.items()}})

    assert response.status_code == 200
    assert SurveyResponse.objects.count() == 0


def test_a_personnummer_can_never_be_a_survey_link():
    for number in ("19121212-1212", "201701012393", "121212-1212"):
        with pytest.raises(NoReverseMatch):
            reverse("surveys:link", args=[number])
