"""ui.web.app: the apps build, expose the named API, and the server sets CORS and framing headers."""

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from tests.unit.ui_fakes import FakeAssistant
from ui.web.app import build_app, build_tutor, create_server


@pytest.fixture
def web_settings(tmp_path):
    return Settings(data_dir=tmp_path, sessions="memory", allowed_origins="https://course.example.edu",
                    concurrency_limit=3)


def api_names(blocks):
    return {fn.api_name for fn in blocks.fns.values() if fn.api_visibility == "public"}


def test_chat_app_exposes_chat_history_and_export_only(web_settings):
    app = build_app(FakeAssistant(), web_settings)
    assert api_names(app) == {"chat", "history", "export"}
    assert app._queue.default_concurrency_limit == 3


def test_chat_app_has_labelled_inputs(web_settings):
    config = build_app(FakeAssistant(), web_settings).get_config_file()
    labels = {c["props"].get("label") for c in config["components"]}
    assert {"Message", "Mode", "Past conversations", "Conversation"} <= labels
    ids = {c["props"].get("elem_id") for c in config["components"]}
    assert {"emergency-banner", "triage-card", "sources", "quiz-A", "download-md", "safety-notice"} <= ids


def test_tutor_is_education_only_and_has_no_api(web_settings):
    tutor = build_tutor(FakeAssistant(), web_settings)
    assert api_names(tutor) == set()
    labels = {c["props"].get("label") for c in tutor.get_config_file()["components"]}
    assert "Mode" not in labels and "Message" in labels


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("web"), sessions="memory",
                        allowed_origins="https://course.example.edu")
    return TestClient(create_server(settings, assistant=FakeAssistant()))


def test_main_app_may_only_be_framed_by_itself(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"


def test_tutor_may_be_framed_by_the_allowed_origin(client):
    response = client.get("/tutor/")
    assert response.status_code == 200
    assert "https://course.example.edu" in response.headers["content-security-policy"]
    assert "x-frame-options" not in response.headers


def test_cors_allows_the_configured_origin_only(client):
    def preflight(origin):
        return client.options("/tutor/config", headers={"Origin": origin, "Access-Control-Request-Method": "GET"})
    assert preflight("https://course.example.edu").headers.get("access-control-allow-origin") == \
        "https://course.example.edu"
    assert "access-control-allow-origin" not in preflight("https://evil.example").headers


def test_login_is_required_when_auth_is_set(web_settings):
    client = TestClient(create_server(web_settings.with_overrides(auth="ann:secret"), assistant=FakeAssistant()))
    assert client.get("/config").status_code == 401
    assert client.post("/login", data={"username": "ann", "password": "secret"}).status_code == 200
    assert client.get("/config").status_code == 200
