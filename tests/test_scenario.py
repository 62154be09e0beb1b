"""The whole SIP process through the web pages only, as three caseworkers in three browsers would do it.

A school counsellor (convener, municipality) finds a child by personnummer, starts a case, records consent and
the preparation, and calls BUP (region) and social services (municipality) to a SIP meeting. Each of them, logged
in as their own staff, finds the invitation on their overview and answers it. After the meeting the plan is
written together, signed off by both principals with the child's agreement recorded, printed, followed up into a
second version and, at the follow-up, closed by the lead. Staff of a unit outside the case never learn it exists.

Nothing here calls a service or builds a case: every step is a link followed or a form submitted with what the
page itself shows and offers (a tiny browser, below); a page is opened by its address only when the user has been
there before. The clock is moved with `frozen_clock`, never slept.
"""

import datetime
import html
import io
import re
import zoneinfo
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from samordna.audit.models import AuditAction, AuditEvent
from samordna.common import clock
from samordna.organizations.models import ContactRoute
from tests.conftest import TODAY, make_user
from tests.factories import identity_number

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PASSWORD = "test-password-123"  # what tests.conftest.make_user gives every user
CHILD_NUMBER = identity_number(datetime.date(2013, 4, 9), 482)
SIP_MEETING_AT = "2026-11-26T13:00"  # Thursday of the same week as TODAY (Monday 23 November 2026)
FOLLOW_UP_ON = "2027-02-15"  # a Monday
FORM_ERRORS = "Formuläret innehåller fel"


def at(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour, minute), tzinfo=STOCKHOLM)


# A tiny browser ---------------------------------------------------------------------------------------------


@dataclass
class Control:
    """One form control as a browser sees it: its name, kind, value and (for choices) whether it is selected."""

    name: str
    kind: str  # "text" (any typed input and textarea), "checkbox", "radio", "option", "file", "submit"
    value: str = ""
    selected: bool = False
    label: str = ""
    multiple: bool = False  # for options: the select allows several
    id: str = ""


@dataclass
class Form:
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)

    def names(self) -> set[str]:
        return {control.name for control in self.controls if control.kind != "submit"}

    def choices(self, name: str) -> list[Control]:
        return [c for c in self.controls if c.name == name and c.kind in ("checkbox", "radio", "option")]

    def initial(self) -> dict[str, list[str]]:
        """What the browser would send if the user changed nothing."""
        data: dict[str, list[str]] = {}
        selects: dict[str, list[Control]] = {}
        for control in self.controls:
            if control.kind == "text":
                data.setdefault(control.name, []).append(control.value)
            elif control.kind in ("checkbox", "radio") and control.selected:
                data.setdefault(control.name, []).append(control.value or "on")
            elif control.kind == "option":
                selects.setdefault(control.name, []).append(control)
        for name, options in selects.items():
            chosen = [option.value for option in options if option.selected]
            if not chosen and not options[0].multiple:
                chosen = [options[0].value]
            data[name] = chosen
        return data

    def resolve(self, name: str, wanted) -> str:
        """The value of the choice `wanted` names: its value, or the one choice whose label contains it."""
        choices = self.choices(name)
        wanted = str(wanted)
        exact = [c for c in choices if c.value == wanted]
        if exact:
            return exact[0].value
        by_label = [c for c in choices if wanted in c.label]
        assert len(by_label) == 1, f"{name}: no single choice {wanted!r} among {[c.label for c in choices]}"
        return by_label[0].value

    def fill(self, values: dict) -> dict[str, list[str]]:
        data = self.initial()
        for name, value in values.items():
            assert name in self.names(), f"The page has no field {name!r}; it has {sorted(self.names())}"
            kinds = {c.kind for c in self.controls if c.name == name}
            if kinds == {"text"}:
                data[name] = [str(value)]
            elif kinds == {"checkbox"} and len(self.choices(name)) == 1 and isinstance(value, bool):
                data[name] = [self.choices(name)[0].value or "on"] if value else []
            else:
                wanted = value if isinstance(value, list | tuple | set) else [value]
                data[name] = [self.resolve(name, item) for item in wanted]
        return {name: values for name, values in data.items() if values}


class PageParser(HTMLParser):
    """Links, forms and labels of a page, with the standard library's parser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.forms: list[Form] = []
        self.labels: dict[str, str] = {}
        self._link: list | None = None
        self._label: dict | None = None
        self._form: Form | None = None
        self._textarea: Control | None = None
        self._select: tuple[str, bool] | None = None
        self._option: Control | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "a" and "href" in attrs:
            self._link = [attrs["href"], []]
        elif tag == "label":
            self._label = {"for": attrs.get("for", ""), "text": [], "inner": ""}
        elif tag == "form":
            self._form = Form(action=attrs.get("action", ""), method=attrs.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio", "file", "submit"):
                control = Control(attrs.get("name", ""), kind, attrs.get("value", ""), "checked" in attrs)
            else:
                control = Control(attrs.get("name", ""), "text", attrs.get("value", ""))
            control.id = attrs.get("id", "")
            if self._label is not None and control.id:
                self._label["inner"] = control.id
            if control.name:
                self._form.controls.append(control)
        elif tag == "textarea":
            self._textarea = Control(attrs.get("name", ""), "text", "")
            self._form.controls.append(self._textarea)
        elif tag == "select":
            self._select = (attrs.get("name", ""), "multiple" in attrs)
        elif tag == "option" and self._select is not None:
            name, multiple = self._select
            self._option = Control(name, "option", attrs.get("value", ""), "selected" in attrs, multiple=multiple)
            self._form.controls.append(self._option)
        elif tag == "button" and attrs.get("name"):
            self._form.controls.append(Control(attrs["name"], "submit", attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append((" ".join("".join(self._link[1]).split()), self._link[0]))
            self._link = None
        elif tag == "label" and self._label is not None:
            target = self._label["for"] or self._label["inner"]
            if target:
                self.labels[target] = " ".join("".join(self._label["text"]).split())
            self._label = None
        elif tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            value = self._textarea.value
            self._textarea.value = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None:
            self._option.label = " ".join(self._option.label.split())
            self._option = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[1].append(data)
        if self._label is not None:
            self._label["text"].append(data)
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option.label += data


class Page:
    def __init__(self, response):
        self.response = response
        self.url = response.request["PATH_INFO"]
        self.text = response.content.decode()
        parser = PageParser()
        parser.feed(self.text)
        self.links = parser.links
        for form in parser.forms:
            for control in form.controls:
                control.label = control.label or parser.labels.get(control.id, "")
        # The page's own form: not the header's log-out or language forms, which post elsewhere.
        self.forms = [form for form in parser.forms if not form.action or form.action == "."]

    @property
    def plain(self) -> str:
        """The visible text, tags dropped and white space collapsed, for asserting what a reader sees."""
        body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", self.text, flags=re.S)
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())

    def link(self, text: str, *, exact: bool = False) -> str:
        hrefs = [href for label, href in self.links if (text == label if exact else text in label)]
        assert hrefs, f"No link {text!r} on {self.url}; links: {[label for label, _href in self.links]}"
        return hrefs[0]

    def has_link(self, text: str) -> bool:
        return any(text in label for label, _href in self.links)

    def __contains__(self, text: str) -> bool:
        return text in self.plain


class Browser:
    """One user at one browser: logs in through the login page, follows links and submits the page's forms."""

    def __init__(self, username: str):
        self.username = username
        self.client = Client()
        self.page: Page | None = None

    def log_in(self) -> Page:
        self.open(reverse("login"))
        return self.submit({"username": self.username, "password": PASSWORD})

    def open(self, url: str, status: int = 200) -> Page:
        response = self.client.get(url, follow=True)
        assert response.status_code == status, f"GET {url} as {self.username}: {response.status_code}"
        self.page = Page(response)
        return self.page

    def click(self, text: str, *, exact: bool = False) -> Page:
        return self.open(urljoin(self.page.url, self.page.link(text, exact=exact)))

    def download(self, text: str):
        """Follow a link to a file and return the response (no page to parse)."""
        url = urljoin(self.page.url, self.page.link(text))
        response = self.client.get(url)
        assert response.status_code == 200, f"GET {url} as {self.username}: {response.status_code}"
        return response

    def submit(self, values: dict | None = None) -> Page:
        """Fill in the page's form (the rest as the page shows it) and send it; the result must show no errors."""
        assert len(self.page.forms) == 1, f"{self.page.url} has {len(self.page.forms)} forms"
        form = self.page.forms[0]
        data = form.fill(values or {})
        action = urljoin(self.page.url, form.action or self.page.url)
        if form.method == "get":
            response = self.client.get(f"{action}?{urlencode(data, doseq=True)}", follow=True)
        else:
            response = self.client.post(action, data, follow=True)
        assert response.status_code == 200, f"{form.method.upper()} {action}: {response.status_code}"
        page = Page(response)
        if FORM_ERRORS in page.text:
            errors = re.search(r'<div class="error-summary".*?</div>', page.text, flags=re.S)
            raise AssertionError(f"{action} refused the form: {errors.group(0)}")
        self.page = page
        return page


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# The people -------------------------------------------------------------------------------------------------


@pytest.fixture
def people(school_unit, social_unit, bup_unit, other_unit):
    """A school counsellor, BUP staff and social services staff, plus staff of an unrelated health centre."""
    ContactRoute.objects.create(
        unit=bup_unit, label="Mottagningen", email="bup@example.org", phone="021-17 00 00", contact_person="Kim Kontakt"
    )
    users = {
        "skola": make_user(school_unit, username="skola"),
        "bup": make_user(bup_unit, username="bup"),
        "soc": make_user(social_unit, username="soc"),
        "utomstaende": make_user(other_unit, username="utomstaende"),
    }
    for username, (first, last) in {
        "skola": ("Elin", "Sandberg"),
        "bup": ("Sara", "Lindgren"),
        "soc": ("Amira", "Haddad"),
        "utomstaende": ("Olle", "Utanför"),
    }.items():
        users[username].first_name, users[username].last_name = first, last
        users[username].save()
    return users


# The scenario -----------------------------------------------------------------------------------------------


def test_a_case_from_need_to_closure_through_the_pages(people, school_unit, social_unit, bup_unit, other_unit):
    skola, bup, soc, outsider = (Browser(name) for name in ("skola", "bup", "soc", "utomstaende"))
    for browser in (skola, bup, soc, outsider):
        assert "Min översikt" in browser.log_in()

    # Step 1. The counsellor looks the child up by personnummer, registers her and her circle, starts a case.
    skola.click("Starta nytt ärende")
    page = skola.submit({"personal_identity_number": CHILD_NUMBER})
    assert "Ingen person med det numret finns i Samordna." in page
    skola.click("Registrera personen")
    assert skola.page.forms[0].initial()["personal_identity_number"] == [CHILD_NUMBER]  # kept from the search
    page = skola.submit(
        {
            "personal_identity_number": CHILD_NUMBER,
            "first_name": "Nova",
            "last_name": "Sandell",
            "address": "Exempelgatan 3\n731 30 Köping",
            "phone": "070-174 06 10",
        }
    )
    assert "Nova Sandell" in page and "(barn)" in page
    person_id = int(page.url.split("/")[2])
    skola.click("Lägg till vårdnadshavare")
    skola.submit({"name": "Therese Sandell", "phone": "070-174 06 11", "email": "therese@example.org"})
    skola.click("Lägg till närstående")
    page = skola.submit({"name": "Gunnel Ek", "relation": "mormor", "phone": "070-174 06 12"})
    assert "Therese Sandell" in page and "Gunnel Ek" in page

    skola.click("Sök person")
    page = skola.submit({"personal_identity_number": CHILD_NUMBER})
    assert "Nova Sandell" in page
    skola.click("Starta ärende för personen")
    page = skola.submit(
        {
            "initiator_kind": "school",
            "initiator_text": "Mentor på skolan",
            "need_noticed_on": "2026-11-20",
            "need_description": "Hög frånvaro och oro; behöver stöd från BUP och socialtjänsten.",
            "level": "sip_plus",
        }
    )
    assert "Ärendet är startat." in page
    case_url = page.url
    reference = re.search(r"<h1>(\S+) · Nova Sandell</h1>", page.text).group(1)
    assert "Det finns inget giltigt samtycke." in page

    # Step 2. Consent from the guardian, covering the three units and the grandmother.
    skola.click("Registrera samtycke")
    page = skola.submit(
        {
            "decision": "given",
            "given_by": "guardians",
            "guardians": ["Therese Sandell"],
            "form": "written",
            "units": [school_unit.name, bup_unit.name, social_unit.name],
            "related_persons": ["Gunnel Ek"],
            "information_scope": "Skolgång, hälsa och familjens situation, det som behövs för planen.",
            "exclusions": "Uppgifter om pappans sjukdom delas inte med skolan.",
            "child_view": "Nova vill att skolan och BUP pratar med varandra.",
        }
    )
    assert "Samtycket är registrerat." in page
    assert "Gällande: Samtycke lämnat" in page
    covered = re.search(r"Omfattar (.*?) Får delas", page.plain).group(1)
    assert all(unit.name in covered for unit in (school_unit, bup_unit, social_unit)) and "Gunnel Ek" in covered
    assert "Gunnel Ek" in page and "Uppgifter om pappans sjukdom delas inte med skolan." in page

    # Step 3. Preparation with the child: her own words first.
    skola.click("Dokumentera förberedelse")
    page = skola.submit(
        {
            "what_matters": "Att orka gå i skolan varje dag och ha en kompis på rasterna.",
            "purpose": "Samordna stödet från skolan, BUP och socialtjänsten.",
            "questions": "Hur kan skoldagen anpassas? Vad kan BUP erbjuda?",
            "wished_units": [bup_unit.name, social_unit.name],
            "wished_related_persons": ["Gunnel Ek"],
            "meeting_wishes": "Efter skoltid; Nova vill vara med den första halvtimmen.",
            "protected_identity_checked": True,
            "child_voice_form": "drawing",
            "child_voice": "Nova har ritat sin skoldag.",
        }
    )
    assert "Att orka gå i skolan varje dag och ha en kompis på rasterna." in page

    # Step 4. The invitation: proposed as a draft (filled from the preparation), then sent.
    skola.click("Kalla till möte")
    proposal = skola.page.forms[0]
    assert proposal.initial()["purpose"] == ["Samordna stödet från skolan, BUP och socialtjänsten."]
    assert sorted(proposal.initial()["units"]) == sorted([str(bup_unit.pk), str(social_unit.pk)])
    assert "Gunnel Ek" in proposal.choices("related_persons")[0].label
    assert "Kim Kontakt" in skola.page.plain  # the directory shows BUP's contact route beside the choice
    page = skola.submit(
        {
            "kind": "sip",
            "starts_at": SIP_MEETING_AT,
            "duration_minutes": 90,
            "form": "physical",
            "place": "Köpings skola, konferensrummet",
            "units": [bup_unit.name, social_unit.name],
            "include_individual": True,
            "guardians": ["Therese Sandell"],
            "related_persons": ["Gunnel Ek"],
        }
    )
    assert "Mötet är sparat som utkast." in page
    meeting_url = page.url
    assert "Utkast: kallelsen är inte skickad." in page
    skola.click("Skicka kallelsen")
    assert bup_unit.name in skola.page and social_unit.name in skola.page
    page = skola.submit()
    assert "Kallelsen är skickad." in page
    assert page.plain.count("Väntar på svar") == 2
    assert "Svar senast" in page and "2026-11-24" in page  # one working day after receipt

    # The invited units each find the invitation on their overview and answer it.
    page = bup.open("/")
    assert "Kallelser att besvara (1)" in page and reference in page
    bup.click("SIP-möte 2026-11-26 13:00")
    assert bup.page.url == meeting_url
    bup.click("Svara")
    assert "Svara senast 2026-11-24" in bup.page
    page = bup.submit({"answer": "accept", "attendees": ["Sara Lindgren"]})
    assert "Svaret är skickat till samordningsansvarig." in page
    assert "Accepterad" in page and "Sara Lindgren" in page
    assert "Kallelser att besvara" not in bup.open("/")

    page = soc.open("/")
    assert "Kallelser att besvara (1)" in page and reference in page
    soc.click("SIP-möte 2026-11-26 13:00")
    soc.click("Svara")
    page = soc.submit({"answer": "substitute", "substitute_name": "Jonas Ekholm, enhetschef", "attendees": []})
    assert "Ersättare: Jonas Ekholm, enhetschef" in page
    assert "Kallelser att besvara" not in soc.open("/")

    page = skola.open(meeting_url)
    assert "Accepterad" in page and "Ersättare skickas" in page and "Väntar på svar" not in page
    assert not page.has_link("Dokumentera mötet")  # not before the meeting has started

    # Step 5. After the meeting the counsellor records it; the region's KVÅ code is there by default.
    with clock.frozen_clock(at("2026-11-26", 15, 0)):
        skola.open(meeting_url)
        skola.click("Dokumentera mötet")
        record = skola.page.forms[0]
        assert record.initial()["procedure_code"] == ["AU124"]
        assert "AU124" in [o.label.split()[0] for o in record.choices("procedure_code") if o.selected]
        page = skola.submit(
            {
                "present_units": [bup_unit.name, social_unit.name],
                "individual_participation": "part",
                "situation_notes": "Nova berättade först om sin skoldag.",
                "needs_notes": "Anpassad skoldag, samtalsstöd på BUP, föräldrastöd från socialtjänsten.",
                "summary_notes": "Planen skrivs direkt efter mötet.",
            }
        )
        assert "Mötet är dokumenterat." in page
        assert "Genomfört" in page and "Deltog i delar av mötet" in page
        assert "AU124 Upprättande av samordnad individuell plan" in page
        # Both units, the child, her mother and her grandmother took part (the sixth: how the child took part).
        assert page.plain.count("Deltog") == 6 and "Deltog inte" not in page

        # Step 6. The plan, version 1, made from the meeting; each unit writes its own intervention.
        skola.open(case_url)
        skola.click("Till planen")
        assert "Ingen plan är gjord än." in skola.page
        skola.click("Gör planen")
        assert skola.page.forms[0].initial()["long_term_goal"] == [
            "Att orka gå i skolan varje dag och ha en kompis på rasterna."
        ]
        page = skola.submit(
            {
                "individual_wishes": "Slippa äta i den stora matsalen.",
                "own_contribution": "Lägga mig före tio på vardagar.",
                "relatives_contribution": "Mormor hämtar på onsdagar.",
                "follow_up_on": FOLLOW_UP_ON,
                "follow_up_time": "10:00",
                "follow_up_place": "Köpings skola",
            }
        )
        assert "Planen är påbörjad." in page
        assert "Version 1 Utkast" in page
        plan_url = reverse("plans:detail", args=[case_url.split("/")[2]])
        assert page.url.startswith(plan_url)
        skola.click("Lägg till mål")
        skola.submit({"text": "Nova är i skolan minst fyra dagar i veckan."})
        skola.click("Lägg till mål")
        page = skola.submit({"text": "Nova sover bättre och orkar träffa kompisar."})
        assert "Nova är i skolan minst fyra dagar i veckan." in page and "Nova sover bättre" in page
        skola.click("Lägg till mål")
        page = skola.submit({"text": "Komma i tid till första lektionen.", "parent": "Nova är i skolan"})
        assert "Komma i tid till första lektionen." in page
        skola.click("Lägg till insats")
        skola.submit(
            {
                "what": "Anpassad studiegång med kortare skoldagar",
                "unit": school_unit.name,
                "goal": "Nova är i skolan",
                "start_on": "2026-11-30",
                "frequency": "Varje skoldag",
                "place": "Köpings skola",
            }
        )

        bup.open(plan_url)
        assert "Version 1 Utkast" in bup.page
        bup.click("Lägg till insats")
        bup.submit(
            {
                "what": "Samtalsstöd hos kurator på BUP",
                "unit": bup_unit.name,
                "goal": "Nova sover bättre",
                "frequency": "Varannan vecka",
                "place": "BUP",
            }
        )
        soc.open(plan_url)
        soc.click("Lägg till insats")
        page = soc.submit(
            {
                "what": "Föräldrastöd i hemmet",
                "unit": social_unit.name,
                "frequency": "En gång i veckan",
                "pending_decision": True,
                "meanwhile": "Telefonkontakt med vårdnadshavaren varje vecka.",
            }
        )
        for what in ("Anpassad studiegång", "Samtalsstöd hos kurator på BUP", "Föräldrastöd i hemmet"):
            assert what in page
        assert "I väntan på beslut" in page

        skola.open(plan_url)
        skola.click("Utse huvudansvarig")
        page = skola.submit({"lead_unit": school_unit.name, "lead": "Elin Sandberg"})
        assert "Huvudansvarig är utsedd." in page
        assert f"Huvudansvarig Elin Sandberg, {school_unit.name}" in page
        assert "Version 1 Utkast" in page

        # Sign-off: draft -> partly approved -> approved, the badge says so in words.
        skola.click("Godkänn för din huvudman")
        assert [c.label for c in skola.page.forms[0].choices("principal")] == ["Testkommun"]
        page = skola.submit({"principal": "Testkommun", "confirm": True})
        assert "Godkännandet är registrerat." in page
        assert "Version 1 Delvis godkänd" in page
        skola.click("Registrera den enskildes godkännande")
        page = skola.submit({"how": "oral", "note": "Nova och hennes mamma godkände planen på mötet."})
        assert "Version 1 Delvis godkänd" in page and "Godkände muntligt 2026-11-26" in page
        bup.open(plan_url)
        assert "Version 1 Delvis godkänd" in bup.page
        bup.click("Godkänn för din huvudman")
        assert [c.label for c in bup.page.forms[0].choices("principal")] == ["Region Test"]
        page = bup.submit({"principal": "Region Test", "confirm": True})
        assert "Version 1 Godkänd" in page
        assert not page.has_link("Lägg till mål") and not page.has_link("Godkänn för din huvudman")
        assert "badge-approved" in page.text

        # The plan as PDF, read back: the goals and the lead are in it.
        skola.open(plan_url)
        pdf_url = skola.page.link("Hämta planen som PDF")
        text = pdf_text(skola.download("Hämta planen som PDF"))
        assert "Nova är i skolan minst fyra dagar i veckan." in text
        assert "Nova sover bättre och orkar träffa kompisar." in text
        assert "Elin Sandberg" in text
        assert "Samtalsstöd hos kurator på BUP" in text

        page = skola.open(case_url)
        assert "Version 1 Godkänd" in page and "Uppföljning: 2027-02-15" in page

    # Step 7-8. The follow-up: called by the lead, answered, held (AW010), the plan revised into version 2.
    with clock.frozen_clock(at("2027-02-01", 9, 0)):
        skola.open(case_url)
        skola.click("Kalla till möte")
        page = skola.submit(
            {
                "kind": "follow_up",
                "starts_at": f"{FOLLOW_UP_ON}T10:00",
                "place": "Köpings skola",
                "purpose": "Följa upp planen.",
                "units": [bup_unit.name, social_unit.name],
            }
        )
        skola.click("Skicka kallelsen")
        skola.submit()
        follow_up_url = skola.page.url
        for browser, name in ((bup, "Sara Lindgren"), (soc, "Amira Haddad")):
            assert "Kallelser att besvara (1)" in browser.open("/")
            browser.click("Uppföljningsmöte 2027-02-15 10:00")
            browser.click("Svara")
            browser.submit({"answer": "accept", "attendees": [name]})

    with clock.frozen_clock(at(FOLLOW_UP_ON, 12, 0)):
        skola.open(follow_up_url)
        skola.click("Dokumentera mötet")
        assert skola.page.forms[0].initial()["procedure_code"] == ["AW010"]
        page = skola.submit({"individual_participation": "present", "summary_notes": "Det går bättre i skolan."})
        assert "AW010 Uppföljning av samordnad individuell plan" in page

        skola.open(plan_url)
        skola.click("Gör ny version vid uppföljning")
        page = skola.submit({"meeting": "Uppföljningsmöte", "confirm": True})
        assert "En ny version är gjord." in page
        assert "Version 2 Utkast" in page
        assert "Nova är i skolan minst fyra dagar i veckan." in page  # carried over
        skola.click("Ändra mål 1")
        skola.submit({"achievement_status": "achieved", "evaluation": "met", "evaluation_note": "Fem dagar i veckan."})
        skola.click("Ändra mål 2")
        skola.submit({"achievement_status": "improving", "evaluation": "partly_met"})
        skola.click("Ändra insats 1")
        skola.submit({"delivered_as_planned": "true", "effect": "Hon orkar hela dagar.", "evaluation_decision": "end"})
        skola.click("Ändra texter och uppföljning")
        page = skola.submit({"long_term_goal": "Att gå ut nian med godkända betyg.", "follow_up_on": "2027-05-17"})
        assert "Utvärdering: Uppfyllt" in page and "Effekt: Hon orkar hela dagar." in page

        bup.open(plan_url)
        bup.click("Ändra insats 2")
        bup.submit({"delivered_as_planned": "true", "effect": "Sover bättre.", "evaluation_decision": "continue"})

        skola.open(plan_url)
        skola.click("Godkänn för din huvudman")
        skola.submit({"principal": "Testkommun", "confirm": True})
        skola.click("Registrera den enskildes godkännande")
        skola.submit({"how": "written"})
        bup.open(plan_url)
        bup.click("Godkänn för din huvudman")
        page = bup.submit({"principal": "Region Test", "confirm": True})
        assert "Version 2 Godkänd" in page

        # Any two versions side by side.
        page = bup.click("Jämför versioner")
        assert "Version 1 till vänster, version 2 till höger." in page
        assert "Långsiktigt mål Ändrad" in page
        assert "borttaget: orka" in page and "tillagt: nian" in page  # changes marked, not by colour alone
        assert "Utvärdering: Uppfyllt" in page
        bup.click("Till planen")
        bup.click("1", exact=True)  # version 1, superseded, still readable
        assert "Det här är en tidigare version av planen." in bup.page
        assert "Version 1 Ersatt av ny version" in bup.page

        # Step 9. The lead closes the case at the follow-up with a reason and where to turn.
        skola.open(plan_url)
        skola.click("Avsluta ärendet")
        page = skola.submit(
            {
                "reason": "goals_met",
                "note": "Nova går i skolan varje dag. Vid nytt behov: kontakta elevhälsan på skolan.",
                "confirm": True,
            }
        )
        assert "Ärendet är avslutat." in page
        assert "Avslutat" in page and "Målen är uppnådda" in page

    # Every actor still sees the case, read only: no button to change anything.
    for browser in (skola, bup, soc):
        page = browser.open(case_url)
        assert "Ärendet avslutades" in page and "Det som dokumenterats kan bara läsas." in page
        assert re.search(r'aria-current="step">\s*<span class="timeline-label">Avslutat</span>', page.text)
        for action in ("Avsluta ärendet", "Registrera nytt samtycke", "Kalla till möte", "Lägg till aktör"):
            assert not page.has_link(action), (browser.username, action)
        page = browser.open(plan_url)
        assert "Version 2 Godkänd" in page and "Planen kan bara läsas." in page
        assert "Vid nytt behov: kontakta elevhälsan på skolan." in page
        assert not page.has_link("Rapportera händelse till huvudansvarig")
        assert not page.has_link("Ändra status")
        page = browser.open(meeting_url)
        assert not page.has_link("Svara") and not page.has_link("Ändra dokumentationen")
        assert reference in browser.open("/")  # under the recently closed cases

    # Staff of a unit outside the case cannot tell that any of it exists.
    for url in (
        case_url,
        meeting_url,
        follow_up_url,
        plan_url,
        pdf_url,
        f"{plan_url}jamfor/",
        f"{meeting_url}kalender.ics",
    ):
        outsider.open(url, status=404)
    assert reference not in outsider.open("/")

    # The audit log has a read of the child's data for every kind of page each of them opened.
    def reads(username: str) -> set[str]:
        events = AuditEvent.objects.filter(username=username, action=AuditAction.READ, person_id=person_id)
        return set(events.values_list("summary", flat=True))

    pages = {"overview", "case_detail", "meeting_detail", "plan_detail"}
    assert pages | {"person_search", "person_detail", "consent_record", "record"} <= reads("skola")
    assert pages | {"answer", "plan_compare"} <= reads("bup")
    assert pages | {"answer", "intervention_add"} <= reads("soc")
    assert AuditEvent.objects.filter(
        username="skola", action=AuditAction.PRINT, summary="plan_pdf", person_id=person_id
    ).exists()
    assert not AuditEvent.objects.filter(username="utomstaende", person_id=person_id).exists()
    assert clock.today() == TODAY  # every move of the clock was undone
