"""A user at a real browser window: follows links and fills forms by what the page shows, checked on every page.

Every page an `Actor` arrives at is checked by `Accessibility`: axe-core (bundled by axe-playwright-python) at
WCAG 2.1 A and AA, and reflow at 320 CSS pixels (no horizontal scrolling, WCAG 1.4.10).
"""

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page

PASSWORD = "test-password-123"  # what tests.conftest.make_user gives every user
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
FORM_ERRORS = "Formuläret innehåller fel"

FOCUS_STYLE = """e => {
  const s = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), name: e.name || '', type: e.type || '', value: e.value || '',
    text: (e.innerText || '').trim(), label: e.labels && e.labels.length ? e.labels[0].innerText.trim() : '',
    selected: e.tagName === 'SELECT' ? e.options[e.selectedIndex].text.trim() : '',
    focusVisible: e.matches(':focus-visible'), outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== 'none',
  };
}"""
WIDER_THAN_WINDOW = """() => {
  const wide = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = node.nodeType === Node.TEXT_NODE ? range.getBoundingClientRect() : node.getBoundingClientRect();
    if (box.right > window.innerWidth) wide.push((node.outerHTML || node.textContent).slice(0, 120));
  }
  return wide.slice(-5);
}"""
PAGE_KIND = """() => [...new Set([
  location.pathname,
  ...[...document.querySelectorAll('h1, h2, h3, main button, main label, .badge')]
    .map(e => e.tagName + ' ' + e.innerText.trim()),
].map(text => text.replace(/[0-9]+/g, 'N')))].sort().join('|')"""


class Accessibility:
    """axe-core and reflow on every page visited; what was checked is kept for the test to assert on."""

    def __init__(self):
        self.axe = Axe()
        self.checked: list[str] = []
        self.kinds: set[str] = set()

    def check(self, page: Page) -> None:
        """Check the page unless a page of the same kind in the same state was checked already: the same
        address, headings, buttons, labels and status badges, numbers aside."""
        key = page.evaluate(PAGE_KIND)
        if key in self.kinds:
            return
        self.kinds.add(key)
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = results.response["violations"]
        assert not violations, f"axe-core on {page.url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}" for v in violations
        )
        assert_reflows(page)
        self.checked.append(page.url)


def assert_reflows(page: Page) -> None:
    """At 320 CSS pixels wide (1280 px at 400%) the page scrolls only vertically; the size is then restored."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            wide = page.evaluate(WIDER_THAN_WINDOW)
            raise AssertionError(f"{page.url} scrolls sideways at 320 px: {widths[0]} px wide, because of {wide}")
    finally:
        page.set_viewport_size(size)


class Actor:
    """One user in one browser context (own cookies), logging in through the login form."""

    def __init__(self, browser: Browser, base_url: str, username: str, accessibility: Accessibility, **options):
        options.setdefault("viewport", DESKTOP)
        self.username = username
        self.accessibility = accessibility
        self.context = browser.new_context(base_url=base_url, locale="sv-SE", accept_downloads=True, **options)
        self.context.set_default_timeout(30_000)  # generous: a loaded CI machine renders PDFs slowly
        self.page = self.context.new_page()
        self._form: Locator | None = None

    def close(self) -> None:
        self.context.close()

    # Reading ------------------------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The main content's visible text, white space collapsed."""
        return " ".join(self.page.locator("main").inner_text().split())

    def __contains__(self, text: str) -> bool:
        return text in self.text

    @property
    def path(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.page.url).split("#")[0]

    def has_link(self, name: str) -> bool:
        return self.page.get_by_role("link", name=name).count() > 0

    def arrived(self) -> "Actor":
        self.page.wait_for_load_state()
        self.accessibility.check(self.page)
        self._form = None
        return self

    # Moving -------------------------------------------------------------------------------------------------

    def open(self, path: str, *, status: int = 200) -> "Actor":
        response = self.page.goto(path)
        assert response is not None and response.status == status, f"{path} as {self.username}: {response.status}"
        return self.arrived()

    def click(self, name: str, *, exact: bool = False) -> "Actor":
        link = self.page.get_by_role("link", name=name, exact=exact).first
        with self.page.expect_navigation():
            link.click()
        return self.arrived()

    def log_in(self, *, keyboard: bool = False) -> "Actor":
        self.open("/")  # anonymous: sent to the login page
        assert self.page.get_by_role("heading", name="Logga in i Samordna").is_visible()
        if keyboard:
            self.type_into("Användarnamn", self.username)
            self.type_into("Lösenord", PASSWORD)
            self.enter("Logga in")
        else:
            self.page.get_by_label("Användarnamn").fill(self.username)
            self.page.get_by_label("Lösenord").fill(PASSWORD)
            self.press("Logga in")
        assert "Min översikt" in self.page.title()
        return self

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, animations="disabled")

    # Forms --------------------------------------------------------------------------------------------------

    def control(self, name: str) -> Locator:
        control = self.page.locator(f"main form [name='{name}']")
        assert control.count(), f"{self.path} has no field {name!r}"
        self._form = control.first.locator("xpath=ancestor::form")
        return control

    def fill(self, values: dict) -> "Actor":
        """Fill fields by name; choices are given by value or by (part of) their visible label."""
        for name, value in values.items():
            control = self.control(name)
            kind = control.first.evaluate("e => e.tagName === 'INPUT' ? e.type : e.tagName.toLowerCase()")
            if kind in ("checkbox", "radio") and control.count() == 1 and isinstance(value, bool):
                control.set_checked(value)
            elif kind in ("checkbox", "radio"):
                choices = control.evaluate_all(
                    "els => els.map(e => [e.value, e.labels.length ? e.labels[0].innerText.trim() : ''])"
                )
                wanted = {self._resolve(name, choices, item) for item in _as_list(value)}
                for index, (choice_value, _label) in enumerate(choices):
                    if kind == "checkbox" or choice_value in wanted:
                        control.nth(index).set_checked(choice_value in wanted)
            elif kind == "select":
                options = control.evaluate("e => [...e.options].map(o => [o.value, o.text.trim()])")
                control.select_option([self._resolve(name, options, item) for item in _as_list(value)])
            else:
                control.fill(str(value))
        return self

    def _resolve(self, name: str, choices: list, wanted) -> str:
        wanted = str(wanted)
        if any(value == wanted for value, _label in choices):
            return wanted
        matching = [value for value, label in choices if wanted in label]
        assert len(matching) == 1, f"{name}: no single choice {wanted!r} among {[label for _v, label in choices]}"
        return matching[0]

    def press(self, button: str | None = None, *, errors: bool = False) -> "Actor":
        """Send the form: by its button's name, or the submit button of the form last filled in."""
        if button is not None:
            target = self.page.locator("main").get_by_role("button", name=button, exact=True)
            if not target.count():
                target = self.page.get_by_role("button", name=button, exact=True)
        else:
            form = self._form or self.page.locator("main form:has(button[type=submit])")
            assert form.count() == 1, f"{self.path}: which form? {form.count()}"
            target = form.locator("button[type=submit]")
        with self.page.expect_navigation():
            target.first.click()
        self.arrived()
        if not errors and FORM_ERRORS in self.text:
            raise AssertionError(f"{self.path} refused the form: {self.page.locator('.error-summary').inner_text()}")
        return self

    def submit(self, values: dict | None = None, *, errors: bool = False) -> "Actor":
        return self.fill(values or {}).press(errors=errors)

    # Keyboard -----------------------------------------------------------------------------------------------

    def tab_to(self, *, name: str | None = None, label: str | None = None, text: str | None = None) -> dict:
        """Press Tab until the focus is on the control `name`, the control labelled `label` or the button/link
        `text`; every stop on the way must show where the focus is (an outline or a ring, computed)."""
        for _ in range(80):
            self.page.keyboard.press("Tab")
            focused = self.focused()
            if focused["tag"] == "body":  # the document itself, before the first control
                continue
            assert focused["outline"] or focused["shadow"], f"{self.path}: focus is not visible on {focused}"
            if (
                (name is not None and focused["name"] == name)
                or (label is not None and focused["label"].startswith(label))
                or (text is not None and focused["text"] == text)
            ):
                return focused
        raise AssertionError(f"{self.path}: Tab never reached {name or label or text!r}")

    def focused(self) -> dict:
        return self.page.evaluate(f"() => ({FOCUS_STYLE})(document.activeElement)")

    def type_into(self, label: str, text: str) -> None:
        self.tab_to(label=label)
        self.page.keyboard.type(text)

    def tick(self, label: str) -> None:
        """A checkbox: Tab to it, Space unless it is ticked already."""
        self.tab_to(label=label)
        if not self.page.evaluate("document.activeElement.checked"):
            self.page.keyboard.press("Space")
        assert self.page.evaluate("document.activeElement.checked"), f"{label} is not ticked"

    def choose(self, name: str, label: str) -> None:
        """A radio group or a select: Tab into it, then the arrow keys until `label` is chosen."""
        focused = self.tab_to(name=name)
        if focused["tag"] == "input" and focused["label"].startswith(label):
            self.page.keyboard.press("Space")
        for _ in range(20):
            if self.focused()["label"].startswith(label) or self.focused()["selected"].startswith(label):
                break
            self.page.keyboard.press("ArrowDown")
        else:
            raise AssertionError(f"{self.path}: the arrow keys never reached {label!r} in {name}")
        assert self.page.evaluate("document.activeElement.type !== 'radio' || document.activeElement.checked")

    def enter(self, text: str, *, errors: bool = False) -> "Actor":
        """Tab to the button `text` and press Enter."""
        self.tab_to(text=text)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.arrived()
        if not errors and FORM_ERRORS in self.text:
            raise AssertionError(f"{self.path} refused the form: {self.page.locator('.error-summary').inner_text()}")
        return self


def _as_list(value) -> list:
    return list(value) if isinstance(value, list | tuple | set) else [value]
