"""The whole SIP process in a real browser, as three caseworkers at three windows would do it.

A school counsellor notices a need for a 14-year-old, records both guardians' consent and the child's view,
prepares with "Vad är viktigt för dig?" and calls BUP (region) and social services (municipality) to a SIP meeting.
Both answer from their own overview (social services sends a substitute); the meeting is held, the plan written
with two goals and three interventions, approved by both principals and downloaded as a PDF; a follow-up makes
version 2 with evaluations, and the case closes. Every page on the way passes axe-core at WCAG 2.1 AA and reflows
at 320 px (see `browsing.Accessibility`). The clock is moved with `frozen_clock` (the live server runs in this
process), never slept.
"""

import datetime
import io
import re
import zoneinfo

import pytest
from pypdf import PdfReader

from samordna.common import clock
from samordna.organizations.models import ContactRoute, Role
from tests.conftest import make_user
from tests.factories import identity_number

# reset_sequences: the same case reference in every run, so the screenshots only change when the pages do.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True, serialized_rollback=True)

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
CHILD_BIRTH = datetime.date(2012, 3, 14)  # 14 years old on Monday 23 November 2026
CHILD_NUMBER = identity_number(CHILD_BIRTH, 246)
BAD_NUMBER = CHILD_NUMBER[:-1] + str((int(CHILD_NUMBER[-1]) + 1) % 10)  # the check digit is wrong
SIP_MEETING_AT = "2026-11-26T13:00"  # Thursday of the same week
FOLLOW_UP_ON = "2027-02-15"
GOAL_1 = "Nova är i skolan minst fyra dagar i veckan."
GOAL_2 = "Nova sover bättre och orkar träffa kompisar."
WHAT_MATTERS = "Att orka gå i skolan varje dag och ha en kompis på rasterna."


def at(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour, minute), tzinfo=STOCKHOLM)


@pytest.fixture
def staff(school_unit, social_unit, bup_unit, other_unit):
    """A school counsellor, BUP staff and social services staff, plus staff of an unrelated health centre."""
    ContactRoute.objects.create(
        unit=bup_unit, label="Mottagningen", email="bup@example.org", phone="021-17 00 00", contact_person="Kim Kontakt"
    )
    names = {
        "skola": (school_unit, "Elin", "Sandberg"),
        "bup": (bup_unit, "Sara", "Lindgren"),
        "soc": (social_unit, "Amira", "Haddad"),
        "utomstaende": (other_unit, "Olle", "Utanför"),
    }
    for username, (unit, first, last) in names.items():
        user = make_user(unit, username=username)
        user.first_name, user.last_name = first, last
        user.save()
    chef = make_user(school_unit, Role.MANAGER, username="skolchef")
    chef.first_name, chef.last_name = "Maja", "Chef"
    chef.save()


def test_a_case_from_need_to_closure_in_three_browsers(
    staff, open_browser, accessibility, school_unit, social_unit, bup_unit
):
    skola, bup, soc = (open_browser(name) for name in ("skola", "bup", "soc"))
    skola.log_in(keyboard=True)  # the main forms by keyboard only: Tab, arrow keys, Space and Enter
    for actor in (bup, soc):
        actor.log_in()

    # The counsellor searches for the child by personnummer; nobody has registered her yet.
    skola.click("Starta nytt ärende")
    skola.page.get_by_label("Personnummer").fill(CHILD_NUMBER)
    skola.press("Sök")
    assert "Ingen person med det numret finns i Samordna." in skola
    skola.click("Registrera personen")
    assert skola.page.get_by_label("Personnummer").input_value() == CHILD_NUMBER  # kept from the search

    # A typo in the number: the Swedish error stands next to the field and what was typed stays.
    skola.page.get_by_label("Personnummer").fill(BAD_NUMBER)
    skola.page.get_by_label("Förnamn").fill("Nova")
    skola.page.get_by_label("Efternamn").fill("Sandell")
    skola.page.get_by_label("Adress").fill("Exempelgatan 3\n731 30 Köping")
    skola.press("Registrera", errors=True)
    field = skola.page.locator(".field-error", has=skola.page.get_by_label("Personnummer"))
    assert "Ogiltigt personnummer eller samordningsnummer." in field.inner_text()
    assert skola.page.get_by_label("Personnummer").input_value() == BAD_NUMBER
    assert skola.page.get_by_label("Förnamn").input_value() == "Nova"
    assert skola.page.get_by_label("Adress").input_value() == "Exempelgatan 3\n731 30 Köping"
    # The error summary leads to the field.
    skola.page.get_by_role("link", name=re.compile("^Personnummer eller samordningsnummer: Ogiltigt")).click()
    assert skola.page.evaluate("document.activeElement.name") == "personal_identity_number"
    skola.page.get_by_label("Personnummer").fill(CHILD_NUMBER)
    skola.press("Registrera")
    assert "Nova Sandell" in skola and "(barn)" in skola
    person_path = skola.path

    # Both guardians and the grandmother.
    for name, email in (("Therese Sandell", "therese@example.org"), ("Mikael Sandell", "mikael@example.org")):
        skola.click("Lägg till vårdnadshavare")
        skola.submit({"name": name, "email": email})
    skola.click("Lägg till närstående")
    skola.submit({"name": "Gunnel Ek", "relation": "mormor", "phone": "070-174 06 12"})
    assert "Mikael Sandell" in skola and "Gunnel Ek" in skola

    # The case starts from the person's search result.
    skola.click("Sök person")
    skola.page.get_by_label("Personnummer").fill(CHILD_NUMBER)
    skola.press("Sök")
    skola.click("Starta ärende för personen")
    skola.choose("initiator_kind", "Förskola/skola")
    skola.type_into("Behov", "Hög frånvaro och oro; behöver stöd från BUP och socialtjänsten.")
    skola.choose("level", "SIP+")
    skola.enter("Starta ärendet")
    assert "Ärendet är startat." in skola
    case_path = skola.path
    reference = re.match(r"(\S+) · Nova Sandell", skola.page.get_by_role("heading", level=1).inner_text()).group(1)
    assert "Det finns inget giltigt samtycke." in skola

    # Consent from both guardians, with the child's own view.
    skola.click("Registrera samtycke")
    skola.choose("decision", "Samtycke lämnat")
    skola.choose("given_by", "Vårdnadshavare")
    skola.tick("Therese Sandell")
    skola.tick("Mikael Sandell")
    skola.choose("form", "Skriftligt")
    for unit in (school_unit, bup_unit, social_unit):
        skola.tick(unit.name)
    skola.tick("Gunnel Ek")
    skola.type_into("Information som får delas", "Skolgång, hälsa och familjens situation.")
    skola.type_into("Barnets egen inställning", "Nova vill att skolan och BUP pratar med varandra.")
    skola.enter("Spara")
    assert "Samtycket är registrerat." in skola and "Gällande: Samtycke lämnat" in skola
    assert "Nova vill att skolan och BUP pratar med varandra." in skola

    # Preparation with the child: her own words first.
    skola.click("Dokumentera förberedelse")
    assert "Vad är viktigt för dig?" in skola
    skola.page.get_by_label("Vad är viktigt för dig?").fill(WHAT_MATTERS)
    skola.submit(
        {
            "purpose": "Samordna stödet från skolan, BUP och socialtjänsten.",
            "wished_units": [bup_unit.name, social_unit.name],
            "protected_identity_checked": True,
            "child_voice_form": "drawing",
            "child_voice": "Nova har ritat sin skoldag.",
        }
    )
    assert WHAT_MATTERS in skola

    # The invitation to BUP and social services: a draft filled from the preparation, then sent.
    skola.click("Kalla till möte")
    assert "Kim Kontakt" in skola  # the directory shows BUP's contact route beside the choice
    skola.submit(
        {
            "kind": "sip",
            "starts_at": SIP_MEETING_AT,
            "duration_minutes": 90,
            "form": "physical",
            "place": "Köpings skola, konferensrummet",
            "units": [bup_unit.name, social_unit.name],
            "include_individual": True,
            "guardians": ["Therese Sandell", "Mikael Sandell"],
        }
    )
    assert "Mötet är sparat som utkast." in skola
    meeting_path = skola.path
    skola.click("Skicka kallelsen")
    skola.press()
    assert "Kallelsen är skickad." in skola and skola.text.count("Väntar på svar") == 2

    # BUP accepts from its overview.
    bup.open("/")
    assert "Kallelser att besvara (1)" in bup and reference in bup
    bup.click("SIP-möte 2026-11-26 13:00")
    assert bup.path == meeting_path
    bup.click("Svara")
    bup.page.get_by_label("Vi kommer").check()
    bup.page.get_by_label("Sara Lindgren").check()
    bup.press("Skicka svar")
    assert "Svaret är skickat till samordningsansvarig." in bup
    # Social services sends a substitute.
    soc.open("/")
    soc.click("SIP-möte 2026-11-26 13:00")
    soc.click("Svara")
    soc.choose("answer", "Vi skickar en ersättare")
    soc.type_into("Ersättare", "Jonas Ekholm, enhetschef")
    soc.enter("Skicka svar")
    assert "Ersättare: Jonas Ekholm, enhetschef" in soc

    skola.open(meeting_path)
    assert "Accepterad" in skola and "Ersättare skickas" in skola and "Väntar på svar" not in skola
    skola.shoot("meeting")

    # The meeting is held and documented; the plan is written with two goals and three interventions.
    with clock.frozen_clock(at("2026-11-26", 15, 0)):
        skola.open(meeting_path)
        skola.click("Dokumentera mötet")
        skola.submit(
            {
                "present_units": [bup_unit.name, social_unit.name],
                "individual_participation": "part",
                "needs_notes": "Anpassad skoldag, samtalsstöd på BUP, föräldrastöd från socialtjänsten.",
            }
        )
        assert "Mötet är dokumenterat." in skola

        skola.open(case_path)
        skola.click("Till planen")
        skola.click("Gör planen")
        assert skola.page.get_by_label(re.compile("^Långsiktigt mål")).input_value() == WHAT_MATTERS
        skola.submit({"follow_up_on": FOLLOW_UP_ON, "follow_up_time": "10:00", "follow_up_place": "Köpings skola"})
        assert "Planen är påbörjad." in skola and "Version 1 Utkast" in skola
        plan_path = f"{case_path}plan/"
        for goal in (GOAL_1, GOAL_2):
            skola.click("Lägg till mål")
            skola.submit({"text": goal})
        skola.click("Lägg till insats")
        skola.submit(
            {
                "what": "Anpassad studiegång med kortare skoldagar",
                "unit": school_unit.name,
                "goal": "Nova är i skolan",
                "start_on": "2026-11-30",
                "frequency": "Varje skoldag",
            }
        )
        bup.open(plan_path)
        bup.click("Lägg till insats")
        bup.submit({"what": "Samtalsstöd hos kurator på BUP", "unit": bup_unit.name, "goal": "Nova sover bättre"})
        soc.open(plan_path)
        soc.click("Lägg till insats")
        soc.submit(
            {
                "what": "Föräldrastöd i hemmet",
                "unit": social_unit.name,
                "pending_decision": True,
                "meanwhile": "Telefonkontakt med vårdnadshavarna varje vecka.",
            }
        )
        assert "I väntan på beslut" in soc

        skola.open(plan_path)
        skola.click("Utse huvudansvarig")
        skola.submit({"lead_unit": school_unit.name, "lead": "Elin Sandberg"})
        assert "Huvudansvarig är utsedd." in skola

        # Both principals approve, the child's agreement recorded in between.
        skola.click("Godkänn för din huvudman")
        skola.submit({"principal": "Testkommun", "confirm": True})
        assert "Version 1 Delvis godkänd" in skola
        skola.click("Registrera den enskildes godkännande")
        skola.submit({"how": "oral", "note": "Nova och hennes föräldrar godkände planen på mötet."})
        bup.open(plan_path)
        bup.click("Godkänn för din huvudman")
        bup.submit({"principal": "Region Test", "confirm": True})
        assert "Version 1 Godkänd" in bup

        # The PDF downloads and holds the goals.
        skola.open(plan_path)
        skola.shoot("plan")
        with skola.page.expect_download() as download:
            skola.page.get_by_role("link", name="Hämta planen som PDF").click()
        text = pdf_text(download.value.path().read_bytes())
        assert GOAL_1 in text and GOAL_2 in text and "Elin Sandberg" in text

        skola.open(case_path)
        assert "Version 1 Godkänd" in skola and "Uppföljning: 2027-02-15" in skola
        skola.shoot("case")
        skola.open("/")
        assert reference in skola
        skola.shoot("overview")

    # The follow-up: called, answered, held, and the plan revised into version 2 with evaluations.
    with clock.frozen_clock(at("2027-02-01", 9, 0)):
        skola.open(case_path)
        skola.click("Kalla till möte")
        skola.submit(
            {
                "kind": "follow_up",
                "starts_at": f"{FOLLOW_UP_ON}T10:00",
                "place": "Köpings skola",
                "purpose": "Följa upp planen.",
                "units": [bup_unit.name, social_unit.name],
            }
        )
        skola.click("Skicka kallelsen")
        skola.press()
        follow_up_path = skola.path
        for actor, name in ((bup, "Sara Lindgren"), (soc, "Amira Haddad")):
            actor.open("/")
            actor.click("Uppföljningsmöte 2027-02-15 10:00")
            actor.click("Svara")
            actor.submit({"answer": "accept", "attendees": [name]})

    with clock.frozen_clock(at(FOLLOW_UP_ON, 12, 0)):
        skola.open(follow_up_path)
        skola.click("Dokumentera mötet")
        skola.submit({"individual_participation": "present", "summary_notes": "Det går bättre i skolan."})
        skola.open(plan_path)
        skola.click("Gör ny version vid uppföljning")
        skola.submit({"meeting": "Uppföljningsmöte", "confirm": True})
        assert "Version 2 Utkast" in skola and GOAL_1 in skola
        skola.click("Ändra mål 1")
        skola.submit({"achievement_status": "achieved", "evaluation": "met", "evaluation_note": "Fem dagar i veckan."})
        skola.click("Ändra mål 2")
        skola.submit({"achievement_status": "improving", "evaluation": "partly_met"})
        skola.click("Ändra insats 1")
        skola.submit({"delivered_as_planned": "true", "effect": "Hon orkar hela dagar.", "evaluation_decision": "end"})
        skola.click("Ändra texter och uppföljning")
        skola.submit({"long_term_goal": "Att gå ut nian med godkända betyg.", "follow_up_on": "2027-05-17"})
        assert "Utvärdering: Uppfyllt" in skola and "Effekt: Hon orkar hela dagar." in skola
        skola.click("Godkänn för din huvudman")
        skola.submit({"principal": "Testkommun", "confirm": True})
        skola.click("Registrera den enskildes godkännande")
        skola.submit({"how": "written"})
        bup.open(plan_path)
        bup.click("Godkänn för din huvudman")
        bup.submit({"principal": "Region Test", "confirm": True})
        assert "Version 2 Godkänd" in bup
        bup.click("Jämför versioner")
        assert "Version 1 till vänster, version 2 till höger." in bup

        # The lead closes the case.
        skola.open(plan_path)
        skola.click("Avsluta ärendet")
        skola.submit({"reason": "goals_met", "note": "Vid nytt behov: kontakta elevhälsan på skolan.", "confirm": True})
        assert "Ärendet är avslutat." in skola and "Målen är uppnådda" in skola

    for actor in (skola, bup, soc):
        actor.open(case_path)
        assert "Det som dokumenterats kan bara läsas." in actor
    skola.open("/")
    assert reference in skola  # under the recently closed cases

    # At 200 % zoom a 1280 px window lays out 640 CSS pixels, two device pixels each: nothing scrolls sideways.
    zoomed = open_browser("skola", viewport={"width": 640, "height": 400}, device_scale_factor=2).log_in()
    for path in ("/", case_path, meeting_path, plan_path, f"{plan_path}jamfor/", person_path):
        zoomed.open(path)
        assert zoomed.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert zoomed.page.get_by_role("heading", level=1).is_visible()
        assert zoomed.page.get_by_role("button", name="Logga ut").is_visible()
    assert len(accessibility.checked) > 40

    # The school's manager follows the unit's work in the statistics, drawn from the case just closed.
    chef = open_browser("skolchef").log_in()
    chef.open("/statistik/")
    assert chef.page.get_by_role("heading", level=1).is_visible()
    chef.shoot("statistics")


def test_an_outsider_typing_the_address_of_a_case_is_told_it_does_not_exist(
    staff, open_browser, consented_case, other_unit
):
    outsider = open_browser("utomstaende").log_in()
    for path in (consented_case.get_absolute_url(), f"/arenden/{consented_case.pk}/plan/"):
        outsider.open(path, status=404)
        page = outsider.page.content()
        assert "Sidan finns inte" in page and consented_case.person.first_name not in page
        assert consented_case.reference not in page


def test_withdrawn_consent_ends_the_case(open_browser, convener, consented_case):
    counsellor = open_browser("convener").log_in()
    counsellor.open(consented_case.get_absolute_url())
    counsellor.click("Återkalla samtycke")
    counsellor.submit({"withdrawn_by_whom": "Den enskilde", "withdrawal_form": "oral", "confirm": True})
    assert "Samtycket har återkallats" in counsellor
    assert counsellor.page.locator('[aria-current="step"]').inner_text().strip().startswith("Avslutat")
    assert not counsellor.has_link("Kalla till möte")


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
