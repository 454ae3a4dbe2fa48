"""The deployment (deploy/compose.yaml, deploy/Dockerfile, docs/deploy.md) held to the code it deploys.

Docker is not available where these tests run, so compose is never started: each file is checked against the real
settings loader, CLI, web server routes and pyproject, and the guide against the integration tests it names, so a
drift on either side fails here."""

from __future__ import annotations

import gc
import os
import re
import shlex
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from fastapi.testclient import TestClient
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from typer.main import get_command
from typer.testing import CliRunner

from assistant.llm.models import parse_spec
from assistant.settings import ENV_PREFIX, Settings, load_settings
from tests.unit.ui_fakes import FakeAssistant
from ui.cli import app as cli_app
from ui.web.app import create_server
from ui.web.server import exposure_warning, is_loopback

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
GUIDE = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Dockerfile instructions as (NAME, arguments), continuation lines joined, comments dropped
INSTRUCTIONS = [(line.split(None, 1)[0].upper(), line.split(None, 1)[1])
                for line in re.sub(r"\\\n\s*", " ", (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8"))
                .splitlines() if line.strip() and not line.lstrip().startswith("#")]
SECRETS = {"POSTGRES_PASSWORD": "pg-password-1234", "CLINICAL_ASSISTANT_AUTH": "team:a-long-password",
           "CLINICAL_ASSISTANT_EMBED_SECRET": "0123456789abcdef0123456789abcdef"}
VARIABLE = re.compile(r"\$\{(\w+)(?::([?-])([^}]*))?\}")


def resolve(text: str) -> str:
    """Compose's interpolation with every default taken and each required variable given a sample secret."""
    def value(match: re.Match[str]) -> str:
        name, operator, argument = match.groups()
        assert operator, f"${{{name}}} has neither a default nor ':?': it would silently be empty"
        if operator == "?":
            return SECRETS[name]
        return argument
    return VARIABLE.sub(value, str(text))


def environment(service: str) -> dict[str, str]:
    return {key: resolve(value) for key, value in SERVICES[service]["environment"].items()}


def instructions(name: str) -> list[str]:
    return [arguments for instruction, arguments in INSTRUCTIONS if instruction == name]


def option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def read_by_load_settings(variable: str) -> bool:
    """True when the real loader reads ``variable``: setting it changes the settings it builds."""
    try:
        return load_settings(environ={variable: "7"}) != load_settings(environ={})
    except FileNotFoundError:  # CLINICAL_ASSISTANT_CONFIG names a TOML file
        return True


def test_every_clinical_assistant_variable_in_compose_is_a_setting_with_that_value():
    """A misspelt variable is silently ignored by load_settings, so each one is checked against it."""
    env = environment("app")
    ours = {key: value for key, value in env.items() if key.startswith(ENV_PREFIX)}
    assert ours and [key for key in ours if not read_by_load_settings(key)] == []
    settings = load_settings(environ=env)
    for key, value in ours.items():
        got = getattr(settings, key.removeprefix(ENV_PREFIX).lower())
        assert (got == float(value)) if isinstance(got, (int, float)) else (str(got) == value), key
    assert environment("setup") == env  # setup builds the same index the app reads


def test_secrets_are_required_variables_never_values():
    required = {match.group(1) for match in VARIABLE.finditer(COMPOSE_TEXT) if match.group(2) == "?"}
    assert required == set(SECRETS)
    for key in ("CLINICAL_ASSISTANT_AUTH", "CLINICAL_ASSISTANT_EMBED_SECRET"):
        assert VARIABLE.fullmatch(SERVICES["app"]["environment"][key]), key


def test_the_app_command_line_is_accepted_by_serve_and_is_not_exposed_without_a_login(monkeypatch):
    command = SERVICES["app"]["command"]
    assert command[:2] == ["clinical-assistant", "serve"]
    assert PYPROJECT["project"]["scripts"]["clinical-assistant"] == "ui.cli:main"
    launched: list[Settings] = []
    monkeypatch.setattr("ui.web.app.launch", launched.append)
    for key in [key for key in os.environ if key.startswith(ENV_PREFIX)]:
        monkeypatch.delenv(key)
    result = CliRunner().invoke(cli_app, command[1:], env=environment("app"))
    assert result.exit_code == 0, result.output
    (settings,) = launched
    assert settings.host == option(command, "--host") == "0.0.0.0"
    assert settings.workers == int(option(command, "--workers")) > 1
    assert exposure_warning(settings) is None  # listening beyond loopback, so only with a login
    assert settings.sessions.startswith("postgresql://") and settings.chroma_url


def test_the_setup_command_line_parses_and_runs_before_the_app():
    command = SERVICES["setup"]["command"]
    assert command[0] == "clinical-assistant"
    setup = get_command(cli_app).commands[command[1]]
    setup.make_context(command[1], list(command[2:]))  # raises on an unknown option
    assert SERVICES["setup"]["image"] == SERVICES["app"]["image"]
    assert SERVICES["app"]["depends_on"]["setup"]["condition"] == "service_completed_successfully"
    assert SERVICES["setup"]["depends_on"]["chroma"]["condition"] == "service_healthy"


def test_only_the_app_publishes_a_port_and_only_on_loopback():
    published = {name: service["ports"] for name, service in SERVICES.items() if service.get("ports")}
    assert list(published) == ["app"]
    exposed = {int(port) for port in instructions("EXPOSE")}
    for mapping in published["app"]:
        host_ip, _, container_port = mapping.split(":")
        assert is_loopback(host_ip)
        assert int(container_port) == int(option(SERVICES["app"]["command"], "--port"))
        assert exposed == {int(container_port)}


def test_the_health_check_path_answers_without_a_login(tmp_path):
    """The compose file always sets a login, and Gradio's /config then answers 401: the health check must use a
    path the real server answers 200 to without one."""
    (check,) = instructions("HEALTHCHECK")
    url = urlparse(re.search(r"http://[^'\"\s]+", check).group(0))
    assert url.hostname in ("127.0.0.1", "localhost") and url.port == int(option(SERVICES["app"]["command"], "--port"))
    settings = Settings(data_dir=tmp_path, sessions="memory", auth=SECRETS["CLINICAL_ASSISTANT_AUTH"])
    with TestClient(create_server(settings, assistant=FakeAssistant())) as client:
        status = client.get(url.path).status_code
    gc.collect()  # Gradio leaves event loops unclosed: finalise them now, not inside a later import (CPython 3.11.7)
    assert status == 200


def test_the_sessions_url_is_the_postgres_service_with_its_credentials():
    url = urlparse(environment("app")["CLINICAL_ASSISTANT_SESSIONS"])
    postgres = environment("postgres")
    assert url.scheme == "postgresql" and url.hostname == "postgres" and url.port in (None, 5432)
    assert (url.username, url.password, url.path.lstrip("/")) == (
        postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"])
    assert "pg_isready" in " ".join(SERVICES["postgres"]["healthcheck"]["test"])
    assert SERVICES["app"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert SERVICES["postgres"]["volumes"][0].split(":")[0] in COMPOSE["volumes"]


def test_the_chroma_url_is_the_chroma_service_and_its_image_matches_the_client():
    url = urlparse(environment("app")["CLINICAL_ASSISTANT_CHROMA_URL"])
    assert url.hostname == "chroma" and url.port
    heartbeat = urlparse(re.search(r"http://\S+", " ".join(SERVICES["chroma"]["healthcheck"]["test"])).group(0))
    assert heartbeat.port == url.port
    assert heartbeat.path in (ROOT / "tests" / "integration" / "services.py").read_text(encoding="utf-8")
    client = next(Requirement(r) for r in PYPROJECT["project"]["dependencies"] if Requirement(r).name == "chromadb")
    assert client.specifier.contains(SERVICES["chroma"]["image"].rpartition(":")[2])
    assert SERVICES["app"]["depends_on"]["chroma"]["condition"] == "service_healthy"


def test_the_llm_is_optional_and_the_app_is_pointed_at_it():
    llm = SERVICES["llm"]
    assert llm["profiles"] == ["llm"] and "llm" not in SERVICES["app"]["depends_on"]
    env = environment("app")
    assert parse_spec(env["CLINICAL_ASSISTANT_MODEL"]).kind == "none"  # without the profile: grounded engines
    base = urlparse(env["CLINICAL_ASSISTANT_LLM_BASE_URL"])
    assert base.hostname == "llm" and base.port == int(option(llm["command"], "--port")) and base.path == "/v1"
    documented = re.search(rf"{ENV_PREFIX}MODEL=(\S+)", GUIDE).group(1)
    assert parse_spec(documented).kind == "openai"


def test_the_image_installs_real_extras_the_openai_client_and_every_package():
    (install,) = [run for run in instructions("RUN") if "pip install" in run]
    extras = PYPROJECT["project"]["optional-dependencies"]
    wanted = re.search(r'"\.\[([\w,]+)\]"', install).group(1).split(",")
    assert "postgres" in wanted and set(wanted) <= set(extras)
    openai = next(r for r in extras["llama"] if Requirement(r).name == "langchain-openai")
    assert f'"{openai}"' in install  # the openai:NAME backend's client, as the llama extra pins it
    copied = {source for arguments in instructions("COPY") for source in arguments.split()[:-1]}
    packages = {pattern.rstrip("*") for pattern in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert packages | {"pyproject.toml", PYPROJECT["project"]["readme"]} <= copied


def test_the_image_is_built_offline_as_a_non_root_user_with_the_data_folder_as_its_volume():
    (base,) = instructions("FROM")
    assert base == "python:3.11-slim"
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains("3.11")
    names = [name for name, _ in INSTRUCTIONS]
    user_at = max(i for i, name in enumerate(names) if name == "USER")
    setup_at = next(i for i, (name, arguments) in enumerate(INSTRUCTIONS)
                    if name == "RUN" and "clinical-assistant setup" in arguments)
    assert INSTRUCTIONS[user_at][1] not in ("root", "0") and user_at < setup_at < names.index("VOLUME")
    assert "--network=none" in INSTRUCTIONS[setup_at][1]
    env = dict(item.split("=", 1) for arguments in instructions("ENV") for item in shlex.split(arguments))
    assert env["HF_HUB_OFFLINE"] == "1"
    (volume,) = yaml.safe_load(instructions("VOLUME")[0])
    assert volume == env[ENV_PREFIX + "DATA_DIR"] == environment("app")[ENV_PREFIX + "DATA_DIR"]
    assert f"app-data:{volume}" in SERVICES["app"]["volumes"] and "app-data" in COMPOSE["volumes"]


def test_the_guide_mentions_only_real_settings_and_every_one_compose_sets():
    mentioned = set(re.findall(rf"{ENV_PREFIX}\w+", GUIDE))
    assert [name for name in sorted(mentioned) if not read_by_load_settings(name)] == []
    assert {key for key in environment("app") if key.startswith(ENV_PREFIX)} <= mentioned


NAMED_TESTS = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", GUIDE)


@pytest.mark.parametrize(("path", "name"), NAMED_TESTS, ids=[name for _, name in NAMED_TESTS])
def test_each_test_the_guide_names_exists(path, name):
    assert re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.MULTILINE), f"{path}::{name}"


def test_the_guide_names_a_test_for_every_service():
    rows = [line for line in GUIDE.splitlines() if line.startswith("| `") and "`tests/" in line]
    assert NAMED_TESTS and [s for s in SERVICES if not any(row.startswith(f"| `{s}`") for row in rows)] == []
