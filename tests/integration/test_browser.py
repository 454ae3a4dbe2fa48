"""The web app in Debian's Chromium via Playwright: each mode, red-flag banner, quiz buttons, note download, and the
cards a clinician reads, at desktop and phone widths."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser]
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "screenshots"
RED_FLAG = "I have crushing chest pain spreading to my left arm and I'm sweating"
TRANSCRIPT = ("Doctor: What brings you in today?\nPatient: I have had a dry cough for three days.\n"
              "Doctor: Any fever or shortness of breath?\nPatient: No fever, no shortness of breath.\n"
              "Doctor: Do you take any medicines?\nPatient: Only paracetamol when needed.")
TURN_TIMEOUT_MS = 90_000
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
expect.set_options(timeout=TURN_TIMEOUT_MS)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make browser` (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def open_app(browser, server, viewport):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(TURN_TIMEOUT_MS)
    tab.goto(server.url + "/")
    expect(tab.get_by_role("textbox", name="Message")).to_be_editable()
    return context, tab


@pytest.fixture
def page(browser, server):
    """The app at desktop size (1280x800): the screenshots the README shows are taken at this size."""
    context, tab = open_app(browser, server, DESKTOP)
    yield tab
    context.close()


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser, server):
    """The app at desktop (1280x800) and at phone width (390x844); ``tab.viewport_name`` says which."""
    context, tab = open_app(browser, server, VIEWPORTS[request.param])
    tab.viewport_name = request.param
    yield tab
    context.close()


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def bot_messages(page):
    return page.locator('#chat [data-testid="bot"]')


def send(page, text: str, mode: str | None = None, *, press_enter: bool = True) -> None:
    """Pick a mode, type, submit, and wait until the assistant's final reply has arrived."""
    if mode:
        page.locator("#mode").get_by_label(mode, exact=True).check()
    before = bot_messages(page).count()
    box = page.get_by_role("textbox", name="Message")
    box.fill(text)
    if press_enter:
        box.press("Enter")
    else:
        page.locator("#send").click()
    expect(bot_messages(page)).not_to_have_count(before)
    wait_for_reply(page)


def wait_for_reply(page) -> None:
    """The turn's final update sets the live status region to "ready" (screen readers hear it too)."""
    expect(page.locator('#turn-status [data-state="ready"]')).to_be_visible()


@pytest.mark.parametrize("mode, text", [("Education (tutor)", "What is asthma?"),
                                        ("Triage", "I have had a sore throat for two days"),
                                        ("Documentation", "write a SOAP note")])
def test_each_mode_answers(page, mode, text):
    send(page, text, mode)
    assert bot_messages(page).last.inner_text().strip()
    expect(page.locator("#safety-notice")).to_contain_text("not a substitute for a clinician")
    shot(page, f"mode-{mode.split()[0].lower()}")


def test_red_flag_shows_the_banner_and_the_triage_card(page):
    send(page, RED_FLAG, "Triage", press_enter=False)
    alert = page.locator("#emergency-banner [role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Emergency")
    card = page.locator("#triage-card")
    expect(card).to_contain_text("Call emergency services")
    expect(card.locator(".ca-flags")).to_contain_text("Source")
    path = shot(page, "triage-red-flag")
    shutil.copyfile(path, ROOT / "docs" / "screenshot.png")


def test_red_flag_raises_the_banner_in_education_mode_too(page):
    send(page, RED_FLAG, "Education (tutor)")
    expect(page.locator("#emergency-banner [role=alert]")).to_contain_text("Emergency")


def test_quiz_answer_button_sends_the_letter(page):
    send(page, "quiz me on asthma", "Education (tutor)")
    answer = page.locator("#quiz-A")
    expect(answer).to_be_visible()
    expect(page.locator("#quiz-panel")).to_contain_text("?")
    shot(page, "quiz-question")
    before = bot_messages(page).count()
    answer.click()
    expect(page.locator('#chat [data-testid="user"]').last).to_have_text("A")
    expect(bot_messages(page)).not_to_have_count(before)
    wait_for_reply(page)
    expect(page.locator("#quiz-panel .ca-quiz-result")).to_be_visible()  # graded, or a hint to try again
    shot(page, "quiz-answered")


@pytest.mark.parametrize("level, first_item", [("Physician", "Which vasopressor is first line in septic shock?"),
                                                ("Nurse", "How much IV crystalloid")])
def test_the_learner_level_chosen_on_the_page_shapes_the_quiz(page, level, first_item):
    page.locator("#audience").get_by_label(level, exact=True).check()
    send(page, "quiz me on sepsis", "Education (tutor)")
    expect(bot_messages(page).last).to_contain_text(first_item)


def test_a_pasted_transcript_gives_a_note_to_download(page, tmp_path):
    send(page, TRANSCRIPT, "Documentation")
    button = page.locator("#download-md")
    expect(button).to_be_visible()
    expect(page.locator("#note-text")).to_contain_text("Subjective")
    shot(page, "soap-note")
    with page.expect_download() as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".md" and "cough" in saved.read_text().lower()


def test_past_conversation_can_be_resumed(page, server):
    send(page, "hello from the resume test", "Education (tutor)")
    page.locator("#new-conversation").click()
    expect(bot_messages(page)).to_have_count(0)
    page.get_by_label("Past conversations").click()
    page.get_by_role("option", name="hello from the resume test").first.click()
    expect(page.locator('#chat [data-testid="user"]').first).to_have_text("hello from the resume test")


def test_tutor_page_answers_and_embeds_only_for_allowed_origins(browser, server):
    context = browser.new_context(viewport={"width": 900, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(TURN_TIMEOUT_MS)
    response = tab.goto(server.url + "/tutor/")
    assert "https://course.example.edu" in response.headers["content-security-policy"]
    expect(tab.locator("#mode")).to_have_count(0)
    box = tab.get_by_role("textbox", name="Message")
    box.fill("quiz me on asthma")
    box.press("Enter")
    expect(tab.locator("#quiz-A")).to_be_visible()
    shot(tab, "tutor")
    context.close()


def test_two_browsers_never_see_each_other_s_conversations(browser, server):
    """Two separate browsers (separate storage): each lists and resumes only its own threads; the first one's
    conversation list survives a reload, the second never sees it, and deleting removes it for good."""
    first_context = browser.new_context(viewport={"width": 1280, "height": 900})
    second_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        first, second = first_context.new_page(), second_context.new_page()
        for tab in (first, second):
            tab.set_default_timeout(TURN_TIMEOUT_MS)
            tab.goto(server.url + "/")
            expect(tab.get_by_role("textbox", name="Message")).to_be_visible()
        send(first, "private question from the first browser", "Education (tutor)")
        send(second, "a question from the second browser", "Education (tutor)")
        first.reload()
        first.get_by_label("Past conversations").click()
        expect(first.get_by_role("option", name="private question from the first browser").first).to_be_visible()
        expect(first.get_by_role("option", name="a question from the second browser")).to_have_count(0)
        second.reload()
        second.get_by_label("Past conversations").click()
        expect(second.get_by_role("option", name="a question from the second browser").first).to_be_visible()
        expect(second.get_by_role("option", name="private question from the first browser")).to_have_count(0)
        second.get_by_role("option", name="a question from the second browser").first.click()  # resume it
        expect(second.get_by_text("a question from the second browser").first).to_be_visible()
        second.locator("#delete-conversation").click()
        second.reload()
        second.get_by_label("Past conversations").click()
        expect(second.get_by_role("option", name="a question from the second browser")).to_have_count(0)
    finally:
        first_context.close()
        second_context.close()


# -- the cards a clinician reads, at desktop and phone widths ----------------------------------------------------
CARDS = ("#triage-card", "#drug-checks", "#quiz-panel", "#sources")
INTERNALS = {"a YAML file": re.compile(r"\.ya?ml\b", re.IGNORECASE), "a data path": re.compile(r"knowledge/"),
             "a snake_case field name": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
             "engine wording": re.compile(r"rules? on the intake", re.IGNORECASE),
             "a question-bank id": re.compile(r"\b[a-z]{1,3}-[a-z]+(?:-[a-z]+)*-\d{2,}\b")}
UNNATURAL_AGE = re.compile(r"\b1 (?:day|week|month|year)s\b|\b\d+\.\d+ years?\b|\bage \d", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The card's sentences and list items in a comparable form (four words or more)."""
    parts = (re.sub(r"[^a-z0-9]+", " ", part.lower()).strip() for part in re.split(r"(?<=[.!?])\s+|\n+", text))
    return [part for part in parts if len(part.split()) >= 4]


def assert_reads_plainly(text: str) -> None:
    """No internals, natural ages, and no sentence twice (nor one sentence restated inside another)."""
    for what, pattern in INTERNALS.items():
        found = pattern.search(text)
        assert found is None, f"{what} on the card: {found.group(0)!r}\n{text}"
    found = UNNATURAL_AGE.search(text)
    assert found is None, f"an age not said naturally: {found.group(0)!r}\n{text}"
    said = sentences(text)
    repeated = sorted({s for s in said if said.count(s) > 1})
    assert not repeated, f"shown twice: {repeated}\n{text}"
    restated = [(a, b) for a in said for b in said if a != b and len(a.split()) >= 6 and a in b]
    assert not restated, f"restated: {restated}\n{text}"


def cards_text(page) -> str:
    return "\n".join(page.locator(card).inner_text() for card in CARDS)


def sized_shot(page, name: str, show: str) -> Path:
    """A screenshot named for the viewport; on a phone the card ``show`` is scrolled into view first."""
    if page.viewport_name == "desktop":
        return shot(page, name)
    page.locator(show).scroll_into_view_if_needed()
    return shot(page, f"phone-{name}")


def test_a_triage_card_reads_plainly_and_drops_what_was_answered(sized_page):
    send(sized_page, "I have had a sore throat for two days", "Triage")
    card = sized_page.locator("#triage-card")
    missing = card.locator(".ca-missing li")
    expect(missing.first).to_be_visible()
    asked = missing.first.evaluate("item => item.firstChild.textContent").strip()
    assert asked in bot_messages(sized_page).last.inner_text()  # the chat asked it
    assert_reads_plainly(cards_text(sized_page))
    send(sized_page, "no")
    expect(card.locator(".ca-level-pill")).to_be_visible()
    assert asked not in card.inner_text()
    assert_reads_plainly(cards_text(sized_page))
    sized_shot(sized_page, "triage-card", "#triage-card")


def test_a_baby_s_age_is_said_in_weeks(sized_page):
    send(sized_page, "my 3 week old baby feels hot", "Triage")
    card = sized_page.locator("#triage-card")
    expect(card).to_contain_text("3 weeks")
    assert_reads_plainly(cards_text(sized_page))


@pytest.mark.parametrize("text, raters_agree", [(RED_FLAG, True), ("I have a fever and I feel confused", False)])
def test_the_deciding_reason_comes_first_and_the_vote_is_explained(sized_page, text, raters_agree):
    send(sized_page, text, "Triage")
    card = sized_page.locator("#triage-card")
    line = card.locator(".ca-vote-line")
    expect(line).to_be_visible()
    level = card.locator(".ca-level-pill").inner_text().strip().lower()
    counted = re.match(r"(\d+) of (\d+) raters: ([a-z-]+)", line.inner_text().lower())
    assert counted, line.inner_text()
    assert (counted.group(3) == level) == raters_agree
    if not raters_agree:  # the raters lean elsewhere: the card says why the shown level stands
        assert "red flag overrides" in line.inner_text()
    deciding = card.locator(".ca-tag-deciding").locator("xpath=..").locator("strong").inner_text()
    whole = card.inner_text()
    assert whole.index(deciding) < whole.index(line.inner_text())
    assert_reads_plainly(cards_text(sized_page))
    sized_shot(sized_page, "votes" if raters_agree else "votes-overridden", "#triage-card .ca-vote")


def test_the_interaction_table_stays_inside_its_card(sized_page):
    send(sized_page, "can I take warfarin with ibuprofen and sertraline?", "Triage")
    card = sized_page.locator("#drug-checks .ca-card")
    table = card.locator("table.ca-interactions")
    expect(table.locator("tbody tr")).to_have_count(3)
    outer, inner = card.bounding_box(), table.bounding_box()
    assert inner["x"] >= outer["x"] - 0.5 and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
    for row in table.locator("tbody tr").all():
        box = row.bounding_box()
        assert box["x"] + box["width"] <= outer["x"] + outer["width"] + 0.5
    assert sized_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways page
    expect(card).to_contain_text("warfarin + ibuprofen")
    assert_reads_plainly(cards_text(sized_page))
    sized_shot(sized_page, "drug-interactions", "#drug-checks")


def test_the_note_sits_beside_the_chat_in_documentation_mode(page):
    send(page, TRANSCRIPT, "Documentation")
    note = page.locator("#note-panel")
    expect(note.locator("#note-text")).to_contain_text("Subjective")
    assert page.evaluate("window.scrollY") == 0
    box, chat = note.bounding_box(), page.locator("#chat").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"], box
    assert box["x"] >= chat["x"] + chat["width"] and box["x"] + box["width"] <= DESKTOP["width"], (box, chat)
    download = page.locator("#download-md").bounding_box()
    assert download["y"] + download["height"] <= DESKTOP["height"]
    shot(page, "note-beside-chat")


def test_a_typed_mode_switch_moves_the_mode_selector(sized_page):
    modes = sized_page.locator("#mode")
    send(sized_page, "switch to triage", "Education (tutor)")
    expect(modes.get_by_label("Triage", exact=True)).to_be_checked()
    expect(modes.get_by_label("Education (tutor)", exact=True)).not_to_be_checked()
    send(sized_page, "switch to documentation")
    expect(modes.get_by_label("Documentation", exact=True)).to_be_checked()
    send(sized_page, "switch to triage")  # from documentation too
    expect(modes.get_by_label("Triage", exact=True)).to_be_checked()
    expect(modes.get_by_label("Documentation", exact=True)).not_to_be_checked()
    sized_shot(sized_page, "mode-switch", "#mode")


def test_the_quiz_card_reads_plainly(sized_page):
    send(sized_page, "quiz me on asthma", "Education (tutor)")
    panel = sized_page.locator("#quiz-panel")
    expect(panel).to_contain_text("Progress: 1 asked")
    assert_reads_plainly(cards_text(sized_page))
    for letter in ("D", "C"):
        send(sized_page, letter)
        assert_reads_plainly(cards_text(sized_page))
    sized_shot(sized_page, "quiz-card", "#quiz-panel")
