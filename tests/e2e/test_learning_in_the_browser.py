"""Learning from the work, in a real browser: a deviation walked from report to written answer and closure by
the two units' managers, who learn of each step from the notification bell; and SIP-kollen answered on a phone
without logging in, in easy-to-read Swedish. Every page passes axe-core at WCAG 2.1 AA and reflows at 320 px
(`browsing.Accessibility`)."""

import re

import pytest

from samordna.deviations.models import Deviation, DeviationStatus
from samordna.organizations.models import Role
from samordna.surveys.models import SurveyResponse
from samordna.surveys.services import survey_tokens_create
from tests.conftest import make_user
from tests.plans.conftest import make_meeting  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def managers(school_unit, bup_unit):
    make_user(school_unit, username="skola")
    make_user(school_unit, Role.MANAGER, username="skolchef")
    make_user(bup_unit, Role.MANAGER, username="bupchef")


def open_from_the_bell(actor, text: str) -> None:
    """Follow the bell to the notifications and open the newest one saying `text`."""
    actor.click("Notiser")
    item = actor.page.locator("li.notification", has_text=text).first
    with actor.page.expect_navigation():
        item.get_by_role("button", name=re.compile("^Öppna")).click()
    actor.arrived()


def test_a_deviation_from_report_to_written_answer_and_closure(open_browser, managers):
    skola = open_browser("skola").log_in()
    skola.open("/avvikelser/")
    skola.click("Rapportera avvikelse")
    skola.submit(
        {
            "reporting_unit": "Testskolan",
            "concerned_unit": "BUP Test",
            "category": "Kallelse till SIP-möte har inte besvarats",
            "occurred_on": "2026-11-20",
            "description": "Kallelsen till SIP-mötet den 19 november besvarades inte.",
        }
    )
    deviation_path = skola.path
    assert "Rapporterad" in skola

    bupchef = open_browser("bupchef").log_in()
    assert bupchef.page.get_by_role("link", name=re.compile(r"^Notiser 1 olästa")).is_visible()
    open_from_the_bell(bupchef, "Ny avvikelse som gäller din enhet")
    assert bupchef.path == deviation_path
    bupchef.press("Ta emot avvikelsen")
    bupchef.press("Börja hantera tillsammans")
    bupchef.fill({"text": "Kallelsen hamnade i en funktionsbrevlåda som ingen bevakade."}).press("Spara kommentar")
    bupchef.click("Svara skriftligt med orsak och åtgärder")
    bupchef.submit(
        {
            "cause": "Funktionsbrevlådan saknade ansvarig under hösten.",
            "actions": "En ansvarig per vecka bevakar brevlådan från vecka 49.",
        }
    )
    assert "Besvarad" in bupchef

    skolchef = open_browser("skolchef").log_in()
    open_from_the_bell(skolchef, "Besvarad")
    assert "Funktionsbrevlådan saknade ansvarig under hösten." in skolchef
    assert "Kallelsen hamnade i en funktionsbrevlåda som ingen bevakade." in skolchef
    skolchef.shoot("deviation")
    skolchef.click("Avsluta avvikelsen")
    skolchef.submit({"confirm": True})

    deviation = Deviation.objects.get()
    assert deviation.status == DeviationStatus.CLOSED
    assert skolchef.path == deviation_path and "Avslutad" in skolchef
    open_from_the_bell(open_browser("bupchef").log_in(), "Avslutad")


def test_sip_kollen_on_a_phone_in_easy_to_read_swedish(open_browser, make_meeting, convener):  # noqa: F811
    (code,) = survey_tokens_create(meeting=make_meeting(), by=convener, count=1)
    phone = open_browser("anonym", viewport=PHONE, is_mobile=True, has_touch=True)

    phone.open("/sip-kollen/lattlast/")
    phone.submit({"code": code})
    phone.submit(
        {"participation": "5", "listened_to": "4", "understood_plan": "3", "overall": "5", "comment": "Bra möte."}
    )

    assert phone.page.get_by_role("heading", level=1).is_visible()
    response = SurveyResponse.objects.get()
    assert (response.participation, response.overall, response.comment) == (5, 5, "Bra möte.")
    phone.open("/sip-kollen/lattlast/")
    phone.submit({"code": code}, errors=True)
    assert "Koden har redan använts." in phone
    assert SurveyResponse.objects.count() == 1
