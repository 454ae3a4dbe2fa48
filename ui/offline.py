"""Offline defaults for the process, applied once at an entry point (CLI, web app, tests).

Libraries phone home or try hub downloads unless told not to; this product runs with no network.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def apply_offline_defaults() -> None:
    """Set each variable unless the user already set it."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
