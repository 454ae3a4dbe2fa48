"""The Gradio chat app, the embeddable education-only tutor, and the FastAPI server mounting both.

``clinical-assistant serve`` calls ``launch(settings)``. Layout lives here; event logic in
``ui.web.handlers``; HTML in ``ui.web.render`` / ``ui.web.cards``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.settings import AUDIENCES, MODES, Settings
from assistant.templates import DISCLAIMER
from ui.web.handlers import PANEL_NAMES, QUIZ_NAMES, TURN_NAMES, ChatEvents
from ui.web.identity import client_key_owner, new_browser_id, owner_for, verified_learner
from ui.web.render import QUIZ_LETTERS
from ui.web.rest_api import api_router, readable_http_error, readable_request_error
from ui.web.server import (auth_pair, browser_secret, exposure_warning, frame_ancestors_middleware, origins_of,
                           public_url)

CSS_PATH = Path(__file__).with_name("theme.css")
MODE_CHOICES = [("Education (tutor)", "education"), ("Triage", "triage"), ("Documentation", "documentation")]
AUDIENCE_CHOICES = [(level.capitalize(), level) for level in AUDIENCES]
EXAMPLES = {
    "education": ["Explain the Ottawa ankle rules", "quiz me on asthma", "give me a case"],
    "triage": ["I have crushing chest pain spreading to my left arm and I'm sweating",
               "My 2 year old has had a fever for 5 days", "I have had a sore throat for two days"],
    "documentation": ["Doctor: What brings you in today?\nPatient: A cough for three days, no fever.\n"
                      "Doctor: Any medicines?\nPatient: Just ibuprofen.", "write a SOAP note"],
}
SAFETY_NOTICE = (f'<div class="ca-safety" role="note" aria-label="Safety notice"><strong>Safety notice.</strong> '
                 f'{DISCLAIMER} Answers can be wrong and the content has not been clinically reviewed.</div>')


def _bind(widgets: dict[str, Any], fn: Callable[..., Any]) -> Callable[..., Any]:
    """Adapt a handler returning {name: value} to Gradio's {component: value}."""
    def call(*args: Any) -> dict[Any, Any]:
        return {widgets[k]: v for k, v in fn(*args).items() if k in widgets}
    return call


def _bind_stream(widgets: dict[str, Any], fn: Callable[..., Iterator[dict[str, Any]]]) -> Callable[..., Any]:
    def call(*args: Any) -> Iterator[dict[Any, Any]]:
        for update in fn(*args):
            yield {widgets[k]: v for k, v in update.items() if k in widgets}
    return call


def _panels(widgets: dict[str, Any], *, with_note: bool = True) -> None:
    """The artifact panels shared by the chat app and the tutor (quiz buttons, cards, sources, note)."""
    widgets["quiz"] = gr.HTML("", elem_id="quiz-panel")
    with gr.Row(elem_id="quiz-answers", elem_classes=["ca-quiz-answers"]):
        for letter, name in zip(QUIZ_LETTERS, QUIZ_NAMES):
            widgets[name] = gr.Button(letter, visible=False, size="sm", elem_id=f"quiz-{letter}")
    widgets["triage"] = gr.HTML("", elem_id="triage-card")
    widgets["drugs"] = gr.HTML("", elem_id="drug-checks")
    widgets["sources"] = gr.HTML("", elem_id="sources")
    if with_note:
        with gr.Column(visible=False, elem_id="note-panel") as widgets["note_panel"]:
            widgets["note"] = gr.Markdown("", label="SOAP note", elem_id="note-text")
            with gr.Row():
                widgets["note_md"] = gr.DownloadButton("Download note (Markdown)", visible=False,
                                                       elem_id="download-md")
                widgets["note_fhir"] = gr.DownloadButton("Download note (FHIR JSON)", visible=False,
                                                         elem_id="download-fhir")
    widgets["notices"] = gr.HTML("", elem_id="notices")
    widgets["status"] = gr.HTML("", elem_id="turn-status")


def _audience(settings: Settings) -> Any:
    """Who the answers are pitched at; the tutor remembers it for the conversation."""
    return gr.Radio(AUDIENCE_CHOICES, value=settings.audience, label="Answers pitched for", elem_id="audience",
                    info="Student, nurse or physician: depth and wording of explanations and quizzes.")


def _wire_turn(widgets: dict[str, Any], events: ChatEvents, send_button: Any, mode: Any, namespace: str) -> None:
    """Enter in the message box, the Send button and the quiz buttons all run one streamed turn, for the owner of
    this page (signed-in user, signed learner or this browser), pitched at the chosen learner level."""
    outputs = [widgets[name] for name in TURN_NAMES if name in widgets]
    turn = _bind_stream(widgets, events.respond)

    def run(message: Any, history: Any, chosen_mode: Any, audience: Any, thread: Any, browser: Any, learner: Any,
            request: gr.Request) -> Iterator[Any]:
        yield from turn(message, history, chosen_mode, thread, owner_for(request, browser, namespace, learner),
                        audience)

    inputs = [widgets["message"], widgets["chatbot"], mode, widgets["audience"], widgets["thread"],
              widgets["identity"], widgets["learner"]]
    for trigger in (widgets["message"].submit, send_button.click):
        trigger(run, inputs, outputs, api_visibility="private")
    for letter, name in zip(QUIZ_LETTERS, QUIZ_NAMES):
        def answer(history: Any, chosen_mode: Any, audience: Any, thread: Any, browser: Any, learner: Any,
                   request: gr.Request, letter: str = letter) -> Iterator[Any]:
            yield from run(letter, history, chosen_mode, audience, thread, browser, learner, request)
        widgets[name].click(answer, inputs[1:], outputs, api_visibility="private")


def _identity(widgets: dict[str, Any], settings: Settings, storage_key: str) -> None:
    """This browser's own id (kept in its local storage, encrypted) and the page's verified learner id."""
    widgets["identity"] = gr.BrowserState("", storage_key=storage_key, secret=browser_secret(settings))
    widgets["learner"] = gr.State(None)


def _start(events: ChatEvents, settings: Settings, namespace: str):
    """Page load: make sure the browser has an id, check a signed learner id in the URL, list the owner's threads."""
    def start(browser: Any, request: gr.Request) -> tuple[Any, ...]:
        browser = browser or new_browser_id()
        query = dict(getattr(request, "query_params", None) or {})
        learner = verified_learner(settings.embed_secret, query.get("learner"), query.get("sig"))
        shown = events.start(owner_for(request, browser, namespace, learner))
        ready = gr.update(interactive=True)  # typing opens once the page knows whose conversations these are
        return shown["thread"], shown["threads"], browser, learner, ready, ready
    return start


def _api_owner(request: Any, client_key: str) -> str:
    """A scripted client names itself with a secret key of its choosing (any long random string); without one,
    the client's session (gradio_client keeps one per Client) or the signed-in user owns its threads."""
    if client_key and len(client_key) >= 16 and getattr(request, "username", None) is None:
        return client_key_owner(client_key)
    return owner_for(request, None, "api")


def _register_api(events: ChatEvents) -> None:
    """Endpoints for scripts (gradio_client or plain HTTP): /chat, /history and /export. Each client key, client
    session or signed-in user owns its own threads: another owner's thread id reads as unknown."""
    def chat(message: str, mode: str = "education", thread_id: str = "", client_key: str = "",
             request: gr.Request = None) -> tuple[str, str]:
        """Send a message; returns (reply text, JSON with artifacts, tools, notices and the thread_id)."""
        return events.api_chat(message, mode, thread_id, _api_owner(request, client_key))

    def history(thread_id: str, client_key: str = "", request: gr.Request = None) -> str:
        """The conversation's messages and artifacts as JSON."""
        return events.api_history(thread_id, _api_owner(request, client_key))

    def export(thread_id: str, redact: str = "", client_key: str = "", request: gr.Request = None) -> str:
        """The full conversation export as JSON; redact: comma-separated kinds of personal detail, or "all"."""
        return events.api_export(thread_id, _api_owner(request, client_key), redact)

    gr.api(chat, api_name="chat")
    gr.api(history, api_name="history")
    gr.api(export, api_name="export")


def build_app(assistant: Any, settings: Settings, *, files_dir: Path | None = None) -> gr.Blocks:
    """The full chat app: mode selector, examples, past conversations, cards, quiz and note panels."""
    events = ChatEvents(assistant, files_dir)
    widgets: dict[str, Any] = {}
    with gr.Blocks(title="Clinical Assistant", analytics_enabled=False) as demo:
        widgets["thread"] = gr.State("")
        _identity(widgets, settings, "clinical-assistant-identity")
        gr.HTML('<h1 class="ca-title">Clinical Assistant</h1>' + SAFETY_NOTICE, elem_id="safety-notice")
        widgets["banner"] = gr.HTML("", elem_id="emergency-banner")
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=220, elem_id="sidebar"):
                widgets["audience"] = _audience(settings)
                new_button = gr.Button("New conversation", elem_id="new-conversation")
                widgets["threads"] = gr.Dropdown(choices=[], value=None, label="Past conversations",
                                                 info="Yours only. Pick one to resume it.", elem_id="past-conversations")
                delete_button = gr.Button("Delete this conversation", variant="stop", size="sm",
                                          elem_id="delete-conversation")
                examples = {}
                for name in MODES:
                    examples[name] = gr.Dataset(components=["textbox"], samples=[[x] for x in EXAMPLES[name]],
                                                label=f"Examples ({name})", visible=name == "education",
                                                elem_id=f"examples-{name}")
            with gr.Column(scale=3, min_width=360, elem_id="chat-column"):
                mode = gr.Radio(MODE_CHOICES, value="education", label="Mode", elem_id="mode")
                widgets["mode"] = mode  # above the chat: a typed "switch to ..." moves it too (see ChatEvents.respond)
                widgets["chatbot"] = gr.Chatbot(label="Conversation", elem_id="chat", height=420,
                                                placeholder='Pick a mode above (or type "switch to triage").',
                                                feedback_options=None, buttons=["copy"])
                with gr.Row():
                    widgets["message"] = gr.Textbox(label="Message", placeholder="Type a message and press Enter",
                                                    lines=1, max_lines=12, scale=5, elem_id="message",
                                                    autofocus=True, interactive=False)
                    send_button = gr.Button("Send", variant="primary", scale=1, elem_id="send", interactive=False)
            with gr.Column(scale=2, min_width=300, elem_id="artifacts"):
                _panels(widgets)
        _wire_turn(widgets, events, send_button, mode, "web")
        for name, dataset in examples.items():
            dataset.click(lambda sample: sample[0] if isinstance(sample, list) else sample, dataset,
                          widgets["message"], api_visibility="private")
        mode.change(lambda chosen: [gr.Dataset(visible=chosen == n) for n in MODES], mode,
                    list(examples.values()), api_visibility="private")
        owner_inputs = [widgets["identity"], widgets["learner"]]
        resume, new, delete = (_bind(widgets, fn) for fn in (events.resume, events.new_conversation, events.delete))

        def resume_thread(thread: Any, browser: Any, learner: Any, request: gr.Request) -> dict[Any, Any]:
            return resume(thread, owner_for(request, browser, "web", learner))

        def new_thread(browser: Any, learner: Any, request: gr.Request) -> dict[Any, Any]:
            return new(owner_for(request, browser, "web", learner))

        def delete_thread(thread: Any, browser: Any, learner: Any, request: gr.Request) -> dict[Any, Any]:
            return delete(thread, owner_for(request, browser, "web", learner))

        resume_outputs = [widgets[n] for n in ("chatbot", "thread", "message", "mode", "threads", *PANEL_NAMES)]
        fresh_outputs = [widgets[n] for n in ("chatbot", "message", "thread", "threads", *PANEL_NAMES)]
        widgets["threads"].input(resume_thread, [widgets["threads"], *owner_inputs], resume_outputs,
                                 api_visibility="private")
        new_button.click(new_thread, owner_inputs, fresh_outputs, api_visibility="private")
        delete_button.click(delete_thread, [widgets["thread"], *owner_inputs], fresh_outputs, api_visibility="private")
        demo.load(_start(events, settings, "web"), widgets["identity"],
                  [widgets["thread"], widgets["threads"], widgets["identity"], widgets["learner"], widgets["message"],
                   send_button], api_visibility="private")
        _register_api(events)
    demo.queue(default_concurrency_limit=settings.concurrency_limit)
    return demo


def build_tutor(assistant: Any, settings: Settings, *, files_dir: Path | None = None) -> gr.Blocks:
    """A minimal education-only page for an iframe or <gradio-app> in a course site."""
    events = ChatEvents(assistant, files_dir, thread_prefix="tutor")
    widgets: dict[str, Any] = {}
    with gr.Blocks(title="Clinical Tutor", analytics_enabled=False) as tutor:
        widgets["thread"] = gr.State("")
        _identity(widgets, settings, "clinical-assistant-tutor-identity")
        widgets["threads"] = gr.State(None)  # the tutor page lists no threads; the learner continues in one
        mode = gr.State("education")
        gr.HTML(SAFETY_NOTICE, elem_id="safety-notice")
        widgets["banner"] = gr.HTML("", elem_id="emergency-banner")
        widgets["chatbot"] = gr.Chatbot(label="Tutor", elem_id="chat", height=380, feedback_options=None,
                                        placeholder='Ask about a topic or say "quiz me on asthma".')
        with gr.Row():
            widgets["message"] = gr.Textbox(label="Message", placeholder="Ask the tutor", scale=5,
                                            elem_id="message", interactive=False)
            send_button = gr.Button("Send", variant="primary", scale=1, elem_id="send", interactive=False)
        gr.Examples([[x] for x in EXAMPLES["education"]], widgets["message"], label="Try")
        widgets["audience"] = _audience(settings)
        _panels(widgets, with_note=False)
        _wire_turn(widgets, events, send_button, mode, "tutor")
        tutor.load(_start(events, settings, "tutor"), widgets["identity"],
                   [widgets["thread"], widgets["threads"], widgets["identity"], widgets["learner"], widgets["message"],
                    send_button], api_visibility="private")
    tutor.queue(default_concurrency_limit=settings.concurrency_limit)
    return tutor


def serving_assistant(settings: Settings) -> Any:
    """One in-process assistant, or worker processes for the turns when ``workers`` asks for more than one."""
    import os

    from graphs import ClinicalAssistant
    from graphs.workers import PooledAssistant

    workers = settings.workers or (os.cpu_count() or 1)
    if workers <= 1 or settings.sessions == "memory":
        return ClinicalAssistant(settings)
    pool = PooledAssistant(settings, workers)
    pool.wait_until_ready(timeout=600)
    return pool


def create_server(settings: Settings, assistant: Any = None) -> Any:
    """FastAPI app with the chat app at / and the tutor at /tutor; CORS + frame-ancestors from settings."""
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from fastapi.middleware.cors import CORSMiddleware
    from starlette.exceptions import HTTPException

    owned = assistant is None
    assistant = assistant or serving_assistant(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: Any) -> Any:
        yield
        if owned:
            assistant.close()

    server = FastAPI(title="Clinical Assistant", lifespan=lifespan, docs_url=None, redoc_url=None)
    origins = origins_of(settings.allowed_origins)
    server.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=True,
                          allow_methods=["GET", "POST", "DELETE", "OPTIONS"], allow_headers=["*"])
    server.middleware("http")(frame_ancestors_middleware(origins, embeddable_prefix="/tutor"))
    auth = auth_pair(settings.auth)
    server.include_router(api_router(ChatEvents(assistant), auth))  # before the Gradio app mounted at "/"
    server.add_exception_handler(RequestValidationError, readable_request_error)
    server.add_exception_handler(HTTPException, readable_http_error)
    css = CSS_PATH.read_text(encoding="utf-8")
    common = {"css": css, "auth": auth, "footer_links": ["api"], "run_history": False, "ssr_mode": False,
              "server_name": settings.host, "server_port": settings.port}
    gr.mount_gradio_app(server, build_tutor(assistant, settings), path="/tutor", **common)
    gr.mount_gradio_app(server, build_app(assistant, settings), path="", **common)
    server.state.assistant = assistant
    return server


def launch(settings: Settings) -> None:
    """Print where the app is (and a warning when exposed without a login), then serve with uvicorn."""
    import uvicorn

    from ui.offline import apply_offline_defaults

    apply_offline_defaults()
    warning = exposure_warning(settings)
    server = create_server(settings)
    print(f"Clinical Assistant: {public_url(settings)}/  (embeddable tutor: {public_url(settings)}/tutor/)",
          flush=True)
    if warning:
        print(warning, flush=True)
    uvicorn.run(server, host=settings.host, port=settings.port, log_level="warning")
