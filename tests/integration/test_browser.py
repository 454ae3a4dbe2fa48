"""The web app in Debian's Chromium via Playwright: each mode, red-flag banner, quiz buttons, note download."""

from __future__ import annotations

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
expect.set_options(timeout=TURN_TIMEOUT_MS)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make browser` (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(TURN_TIMEOUT_MS)
    tab.goto(server.url + "/")
    expect(tab.get_by_role("textbox", name="Message")).to_be_visible()
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
