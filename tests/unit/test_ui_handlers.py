"""ui.web.handlers: a streamed turn, panels, note files, resume, new conversation and the API, on a fake."""

import json
from pathlib import Path

import pytest

from tests.unit.ui_fakes import CITATION, NOTE, QUIZ, TOOL, TRIAGE, FakeAssistant
from ui.web import render
from ui.web.handlers import PANEL_NAMES, QUIZ_NAMES, ChatEvents


@pytest.fixture
def events(tmp_path):
    fake = FakeAssistant({
        "chest pain": {"text": "Call now.", "triage": TRIAGE, "mode": "triage", "tools": [TOOL]},
        "quiz me": {"text": "Question 1", "quiz": QUIZ, "citations": [CITATION]},
        "transcript": {"text": "Draft note.", "note": NOTE, "mode": "documentation"},
        "asthma reliever": {"text": "Salbutamol [1].\n\nIn short: a reliever opens the airways.",
                            "tokens": ["In short: ", "a reliever ", "opens the airways."]},
    })
    return ChatEvents(fake, tmp_path / "files")


OWNER = "web-browser:b-alice"


def run_turn(events, text, history=None, mode="education", thread="t1", owner=OWNER):
    return list(events.respond(text, history or [], mode, thread, owner))


def test_a_turn_streams_the_user_bubble_then_tools_then_text_then_panels(events):
    updates = run_turn(events, "chest pain", mode="education")
    first, final = updates[0], updates[-1]
    assert first["message"] == "" and first["chatbot"][0].content == "chest pain"
    assert first["chatbot"][-1].metadata["status"] == "pending"
    assert any(len(u.get("chatbot", [])) == 3 and u["chatbot"][1].metadata.get("title") == TOOL["title"]
               for u in updates[1:-1])
    assert [m.role for m in final["chatbot"]] == ["user", "assistant", "assistant"]
    assert final["chatbot"][-1].content == "Call now."
    assert 'role="alert"' in final["banner"] and "ca-level-emergency" in final["triage"]
    assert final["mode"] == "triage"  # the selector follows a mode the assistant switched to
    assert set(PANEL_NAMES) <= set(final)
    assert events.assistant.calls == [("t1", "chest pain", "education")]


def test_model_tokens_stream_in_a_draft_box_that_the_checked_reply_replaces(events):
    updates = run_turn(events, "asthma reliever")
    drafts = [u["chatbot"][-1] for u in updates[1:-1]
              if u.get("chatbot") and (u["chatbot"][-1].metadata or {}).get("title") == render.DRAFT_TITLE]
    assert [d.content for d in drafts] == ["In short: ", "In short: a reliever ",
                                           "In short: a reliever opens the airways."]
    assert all(u["chatbot"][-2].content.startswith("Salbutamol") for u in updates[1:-1] if u.get("chatbot")
               and (u["chatbot"][-1].metadata or {}).get("title") == render.DRAFT_TITLE)
    final = updates[-1]["chatbot"]
    assert [m.role for m in final] == ["user", "assistant"] and not (final[-1].metadata or {}).get("title")
    assert final[-1].content.endswith("opens the airways.")


def test_the_chosen_learner_level_reaches_the_assistant(events):
    list(events.respond("hello", [], "education", "t1", OWNER, "nurse"))
    list(events.respond("again", [], "education", "t1", OWNER))
    assert events.assistant.audiences == ["nurse", None]  # none chosen: the conversation keeps its level


def test_history_from_the_chatbot_is_kept(events):
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    final = run_turn(events, "quiz me", history=history)[-1]
    assert final["chatbot"][:2] == history and len(final["chatbot"]) == 4


def test_quiz_reply_shows_buttons_for_its_options_only(events):
    final = run_turn(events, "quiz me")[-1]
    visible = {name: final[name].visible for name in QUIZ_NAMES}
    assert visible == {"quiz_A": True, "quiz_B": True, "quiz_C": True, "quiz_D": False, "quiz_E": False}
    assert final["quiz_A"].value == "A. Salbutamol"
    assert "Which is a reliever?" in final["quiz"] and "Asthma management" in final["sources"]


def test_note_reply_writes_markdown_and_fhir_files_for_download(events):
    final = run_turn(events, "transcript", mode="documentation")[-1]
    assert final["note_panel"].visible
    md_path, fhir_path = (Path(final[name].value["path"]) for name in ("note_md", "note_fhir"))
    assert md_path.name == "soap-note.md" and "Cough for 3 days." in md_path.read_text()
    assert json.loads(fhir_path.read_text())["resourceType"] == "Composition"


def test_note_files_go_to_a_fresh_folder_and_a_missing_fhir_is_skipped(events):
    md_one, _ = events.note_files(NOTE, "../../etc")
    md_two, fhir = events.note_files({**NOTE, "fhir": None}, "t")
    assert Path(md_one).parent != Path(md_two).parent and fhir is None
    assert Path(md_one).is_relative_to(events.files_dir) and ".." not in Path(md_one).parent.name
    assert events.note_files(None, "t") == (None, None)


def test_reply_without_artifacts_empties_every_panel(events):
    final = run_turn(events, "hello")[-1]
    assert final["banner"] == final["triage"] == final["sources"] == final["quiz"] == ""
    assert not final["note_panel"].visible and not final["quiz_A"].visible
    assert "mode" not in final


def test_blank_message_does_not_reach_the_assistant(events):
    assert run_turn(events, "   ") == [{"message": ""}]
    assert run_turn(events, None) == [{"message": ""}]
    assert events.assistant.calls == []


def test_missing_thread_id_gets_a_fresh_one(events):
    final = run_turn(events, "hello", thread="")[-1]
    assert final["thread"].startswith("web-")


def test_resume_restores_messages_mode_and_panels(events):
    run_turn(events, "chest pain", thread="t9")
    restored = events.resume("t9", OWNER)
    assert restored["thread"] == "t9" and restored["mode"] == "triage"
    assert restored["chatbot"][0].content == "chest pain"
    assert "ca-level-emergency" in restored["triage"]
    assert events.resume("", OWNER) == {}


def test_new_conversation_gets_a_new_thread_and_lists_the_old_one(events):
    run_turn(events, "hello", thread="old")
    fresh = events.new_conversation(OWNER)
    assert fresh["thread"] != "old" and fresh["chatbot"] == []
    assert ("hello (education, 1 turns)", "old") in fresh["threads"].choices


def test_threads_are_distinct_per_page_load(events):
    assert events.start(OWNER)["thread"] != events.start(OWNER)["thread"]


def test_api_chat_returns_text_and_artifacts_json(events):
    text, payload = events.api_chat("chest pain", "triage", "", "api-session:s1")
    data = json.loads(payload)
    assert text == "Call now." and data["triage"]["level"] == "emergency"
    assert data["thread_id"].startswith("api-") and data["tools"] == [TOOL]
    assert json.loads(events.api_history(data["thread_id"], "api-session:s1"))[0]["text"] == "chest pain"
    assert data["thread_id"] in events.api_export(data["thread_id"], "api-session:s1")
    assert json.loads(events.api_history(data["thread_id"], "api-session:s2")) == []


def test_one_owner_never_sees_another_owner_s_threads(events):
    run_turn(events, "chest pain", thread="alice-thread")
    bob = "web-browser:b-bob"
    assert events.start(bob)["threads"].choices == []
    assert events.resume("alice-thread", bob)["chatbot"] == []  # an unknown thread opens a fresh conversation
    assert events.start(OWNER)["threads"].choices


def test_delete_removes_the_open_conversation(events):
    run_turn(events, "hello", thread="gone")
    fresh = events.delete("gone", OWNER)
    assert fresh["thread"] != "gone" and fresh["threads"].choices == []
