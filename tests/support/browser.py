"""Browser tests' tools: a tab that records every problem, axe-core, staff sign-in, the intake form.

Pages are found the way a person finds things: by the words on them (roles, labels, headings).
"""

import re
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.utils.translation import gettext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, Request, Response, expect

# Reported through console.error so one listener sees them with the page's own errors.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " in " + (event.sourceFile || document.location.pathname) + ":" + event.lineNumber);
});
"""

_axe = Axe()


class Tab:
    """One browser tab with a record of every console error, uncaught exception, CSP violation,
    failed load and error response (but those a test provokes on purpose)."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.problems: list[str] = []
        self._expected: set[tuple[int, str]] = set()
        self.page = self.watch(context.new_page())

    def watch(self, page: Page) -> Page:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_failed)
        return page

    def expect_error(self, status: int, path: str) -> None:
        """An error response the test provokes on purpose (a form sent back with its errors)."""
        self._expected.add((status, path))

    def open(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        return self.page

    def _on_console(self, message: ConsoleMessage) -> None:
        # "Failed to load resource" carries no address: _on_response records those, with it.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")

    def _on_failed(self, request: Request) -> None:
        # A load still running when the page is left (an icon, a style) is aborted by the browser
        # itself: not a problem of the page.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400 and (response.status, urlsplit(response.url).path) not in self._expected:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def accessibility_problems(page: Page) -> list[str]:
    """Every axe-core violation (WCAG 2.0 to 2.2 A/AA and best practices), one line per element.

    axe is injected through the DevTools protocol, so the site's CSP stays on.
    """
    return [
        f"{page.url} [{violation['impact']}] {violation['id']}: {violation['help']} — "
        f"{', '.join(map(str, node['target']))}: {node['html'][:160]}"
        for violation in _axe.run(page).response["violations"]
        for node in violation["nodes"]
    ]


def assert_accessible(page: Page) -> None:
    problems = accessibility_problems(page)
    assert not problems, "axe found problems:\n" + "\n".join(problems)


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def assert_focus_visible(page: Page) -> None:
    """The focused element has a clear outline (at least 2px), not just the faint default glow."""
    style = page.evaluate(
        """() => {
             const style = getComputedStyle(document.activeElement);
             return {id: document.activeElement.id, style: style.outlineStyle, width: style.outlineWidth};
           }"""
    )
    assert style["style"] not in ("none", "") and float(style["width"].removesuffix("px")) >= 2, style


# --------------------------------------------------------------------------- staff


def login_staff(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in through the admin's login page as staff do: password, then their authenticator's code."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Authentication code").fill(f"{code:0{device.digits}d}")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base_url}/admin/")


# --------------------------------------------------------------------------- the intake form
# The steps below find the form's parts by their words, written here as the site's English
# messages and read through `say`: in the active language. The English journeys run them as
# they are; the Spanish journey runs the same steps under `translation.override("es")`, so they
# find the Spanish form by its Spanish labels (the catalog's translations of these messages).

# A request's reference, as the status page shows it.
REFERENCE = re.compile(r"^WT-[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$")
OPIOID_QUESTION = (
    "Do you take any opioid, or have a prescription for one — even now and then, or only when needed?"
)
OPIOID_WHICH = "Which opioid, how much, and how often?"
OPIOID_WHEN = "When did you last take it?"
# The yes/no safety questions after the opioid one, each answered "No" by fill_safety.
SAFETY_QUESTIONS = [
    "Do you have surgery or dental work in the next 3 months that may need strong painkillers (opioids)?",
    "Have you ever had liver disease, hepatitis, or a blood test that showed a liver problem?",
    "Do you have kidney disease?",
    "Are you pregnant, breastfeeding or planning a pregnancy?",
    "Have you ever had an allergic reaction to naltrexone, naloxone (Narcan) or nalmefene?",
    "Do you have a thyroid condition?",
]
CONSENTS = [
    "The information I have given is accurate and complete, as far as I know.",
    "I have read the privacy notice.",
    "I agree to have my consultation by video or phone (telehealth).",
    "I understand that Welltopia is not an emergency service. In an emergency I will call 911.",
]


def say(message: str) -> str:
    """One of the site's messages as a person sees it in the active language."""
    return gettext(message)


def section(page: Page, title: str) -> Locator:
    return page.get_by_role("group", name=say(title), exact=True)


def question(page: Page, text: str) -> Locator:
    """A radio or checkbox group, by its question (the legend)."""
    return page.get_by_role("group", name=say(text))


def choose(page: Page, text: str, answer: str) -> None:
    question(page, text).get_by_label(say(answer), exact=True).check()


def choose_score(page: Page, text: str, score: int) -> None:
    """Click the box with the number, as a person does (the radio inside it is invisible)."""
    question(page, text).locator("label", has_text=re.compile(rf"^\s*{score}\s*$")).click()


def medicine_row(page: Page, number: int) -> Locator:
    return page.get_by_role("group", name=say("Medicine %(number)s") % {"number": number}, exact=True)


def fill_medicine(page: Page, number: int, name: str, dose: str, frequency: str) -> None:
    row = medicine_row(page, number)
    row.get_by_label(say("Medicine name")).fill(name)
    row.get_by_label(say("Dose")).fill(dose)
    row.get_by_label(say("How often")).fill(frequency)


def fill_about_you(
    page: Page, *, state: str = "California", last_name: str = "Quillfeather", language: str = "English"
) -> None:
    about = section(page, "About you")
    about.get_by_label(say("Which US state will you be in during the consultation?")).select_option(
        label=state
    )
    about.get_by_label(say("First name")).fill("Marta")
    about.get_by_label(say("Last name")).fill(last_name)
    about.get_by_label(say("Date of birth")).fill("1970-03-25")
    about.get_by_role("textbox", name=say("Email")).fill("marta@example.com")
    about.get_by_role("textbox", name=say("Phone")).fill("(201) 555-0123")
    choose(page, "How should we contact you?", "Email")
    choose(page, "When is the best time to reach you?", "Mornings (8am–12pm)")
    choose(page, "Which language would you like for your consultation?", language)
    choose(page, "Would you like a professional interpreter at your consultation?", "No")


def fill_your_ra(page: Page, *, pain: int | None = 6) -> None:
    ra = section(page, "Your rheumatoid arthritis")
    ra.get_by_label(say("Which year were you diagnosed with rheumatoid arthritis?")).fill("2012")
    choose(page, "Did a rheumatologist confirm the diagnosis?", "Yes")
    ra.get_by_label(say("Your rheumatologist or the doctor who prescribes your RA medicines")).fill(
        "Dr. Imani Okonjo"
    )
    ra.get_by_label(say("Their practice or clinic")).fill("Bayview Rheumatology")
    if pain is not None:
        choose_score(page, "Over the last week, how much pain have you had?", pain)
    choose_score(page, "Considering everything, how are you doing overall?", 5)
    ra.get_by_label(say("On a usual morning, how many minutes until your stiffness eases most?")).fill("45")
    ra.get_by_label(say("How many flares have you had in the last 3 months?")).fill("2")


def fill_safety(page: Page, *, opioid: str = "No") -> None:
    choose(page, OPIOID_QUESTION, opioid)
    if opioid == "Yes":
        page.get_by_label(say(OPIOID_WHICH)).fill("Tramadol 50 mg, now and then")
        page.get_by_label(say(OPIOID_WHEN)).fill("2026-11-02")
    for text in SAFETY_QUESTIONS:
        choose(page, text, "No")
    choose(page, "Have you taken low-dose naltrexone (LDN) before?", "No")
    choose(page, "Do you take naltrexone at any other dose, or have you in the past?", "No")


def fill_goals_and_consent(page: Page, *, goals: str = "Less pain in the mornings.") -> None:
    choose(page, "What would you most like help with?", "Joint pain")
    choose(page, "What would you most like help with?", "Sleep")
    page.get_by_label(say("In your own words, what do you hope to get from a consultation?")).fill(goals)
    consent = section(page, "Consent")
    for text in CONSENTS:
        consent.get_by_label(say(text)).check()


def send(page: Page) -> None:
    page.get_by_role("button", name=say("Send my request")).click()
    page.wait_for_load_state()
