"""One settings object for the whole product.

Precedence: explicit argument > environment (``CLINICAL_ASSISTANT_*``) > TOML file > default.
The same object is handed to the LangGraph graph as its runtime ``Context``, so nodes never read
the environment themselves.
"""

from __future__ import annotations

import difflib
import os
import tomllib
import warnings
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

ENV_PREFIX = "CLINICAL_ASSISTANT_"


class UnknownSettingWarning(UserWarning):
    """An environment variable with the settings' prefix that names no setting (a typo would otherwise go unseen)."""
MODES = ("education", "triage", "documentation")
AUDIENCES = ("student", "nurse", "physician")


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "clinical-assistant"


@dataclass(kw_only=True)
class Settings:
    """Runtime configuration; every field can come from env, TOML or a CLI flag."""

    data_dir: Path = field(
        default_factory=_default_data_dir,
        metadata={"description": "Folder for the guideline index, session database and logs."},
    )
    index_dir: Path | None = field(
        default=None,
        metadata={"description": "Folder of the guideline index; defaults to data_dir/index (can be shared)."},
    )
    cache_dir: Path | None = field(
        default=None,
        metadata={"description": "Folder of the compiled tables (lexicon, triage model, drugs); defaults to "
                                 "data_dir/cache (can be shared; rebuilt when their sources change)."},
    )
    model: str = field(
        default="none",
        metadata={"description": "LLM backend spec: none | smollm2 | openai:MODEL | llamacpp:PATH | hf:PATH."},
    )
    llm_base_url: str | None = field(
        default=None, metadata={"description": "Base URL of an OpenAI-compatible server (vLLM, Ollama, llama.cpp)."}
    )
    llm_api_key_env: str = field(
        default="OPENAI_API_KEY", metadata={"description": "Name of the env var holding the LLM API key."}
    )
    llm_timeout_s: float = field(default=30.0, metadata={"description": "Seconds before an LLM call is abandoned."})
    chroma_url: str | None = field(
        default=None, metadata={"description": "Chroma server URL; embedded persistent Chroma when unset."}
    )
    sessions: str = field(
        default="sqlite",
        metadata={"description": "Session store: sqlite (in data_dir) | memory | a postgresql:// URL."},
    )
    country: str = field(default="US", metadata={"description": "Country code for emergency and crisis contacts."})
    audience: str = field(default="student", metadata={"description": "Default learner level: student | nurse | physician."})
    max_input_chars: int = field(
        default=20_000, metadata={"description": "Longest chat message accepted (documentation transcripts excepted)."}
    )
    max_transcript_chars: int = field(
        default=100_000, metadata={"description": "Longest pasted transcript accepted in documentation mode."}
    )
    history_token_budget: int = field(
        default=3_000, metadata={"description": "Tokens of recent history given to engines and the LLM."}
    )
    votes: int = field(default=5, metadata={"description": "Number of voters/samples in self-consistency voting."})
    host: str = field(default="127.0.0.1", metadata={"description": "Web UI bind address."})
    port: int = field(default=7860, metadata={"description": "Web UI port."})
    auth: str | None = field(default=None, metadata={"description": "Web UI login as user:password."})
    allowed_origins: str = field(
        default="", metadata={"description": "Comma-separated origins allowed to embed the tutor page."}
    )
    concurrency_limit: int = field(default=8, metadata={"description": "Concurrent chat turns in the web UI queue."})
    workers: int = field(
        default=1, metadata={"description": "Worker processes serving turns (0 = one per CPU core; >1 needs sqlite or postgres sessions)."}
    )
    embedding_threads: int = field(
        default=0, metadata={"description": "Threads per query embedding (0 = the runtime's choice; serving workers "
                                            "use 1, since the workers already fill the cores)."}
    )
    retention_days: int = field(
        default=0, metadata={"description": "Delete conversations idle for this many days (0 keeps them)."}
    )
    embed_secret: str | None = field(
        default=None,
        metadata={"description": "Secret an embedding site uses to sign learner ids for the tutor (HMAC-SHA256)."},
    )

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir).expanduser()
        self.index_dir = Path(self.index_dir).expanduser() if self.index_dir else self.data_dir / "index"
        self.cache_dir = Path(self.cache_dir).expanduser() if self.cache_dir else self.data_dir / "cache"

    @property
    def sessions_path(self) -> Path:
        return self.data_dir / "sessions.sqlite"

    @property
    def sessions_on_postgres(self) -> bool:
        """True when ``sessions`` is a PostgreSQL URL (conversations and the thread list then live there)."""
        return self.sessions.startswith(("postgresql://", "postgres://"))

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    def with_overrides(self, **overrides: Any) -> "Settings":
        """A copy with the given non-None values; default index and cache folders follow a new data_dir."""
        values = {k: v for k, v in overrides.items() if v is not None}
        for folder in ("index", "cache"):
            name = f"{folder}_dir"
            if "data_dir" in values and name not in values and getattr(self, name) == self.data_dir / folder:
                values[name] = None
        return replace(self, **values)


def _coerce(name: str, raw: Any) -> Any:
    """Turn env/TOML values into the field's type (ints, floats, paths)."""
    kinds = {f.name: f.type for f in fields(Settings)}
    kind = str(kinds[name])
    if raw is None:
        return None
    if "int" in kind and "Path" not in kind:
        return int(raw)
    if "float" in kind:
        return float(raw)
    if "Path" in kind:
        return Path(str(raw)).expanduser()
    return str(raw)


def load_settings(
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    **explicit: Any,
) -> Settings:
    """Build settings from defaults, an optional TOML file, the environment and explicit values."""
    environ = os.environ if environ is None else environ
    names = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    config_file = config_file or environ.get(ENV_PREFIX + "CONFIG")
    if config_file:
        path = Path(config_file).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"Settings file not found: {path}")
        with path.open("rb") as handle:
            table = tomllib.load(handle)
        table = table.get("clinical_assistant", table)
        unknown = set(table) - names
        if unknown:
            raise ValueError(f"Unknown settings in {path}: {', '.join(sorted(unknown))}")
        values.update({k: _coerce(k, v) for k, v in table.items()})
    for name in names:
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw not in (None, ""):
            values[name] = _coerce(name, raw)
    _warn_unknown_variables(environ, names)
    values.update({k: v for k, v in explicit.items() if v is not None})
    return Settings(**values)


def _warn_unknown_variables(environ: Mapping[str, str], names: set[str]) -> None:
    """Warn about ``CLINICAL_ASSISTANT_*`` variables that set nothing, naming the closest real one: a TOML file's
    unknown key is an error, and a misspelt variable (``..._SESSION`` for ``..._SESSIONS``) should not pass
    silently either. A warning, not an error: the environment is shared with other tools and older versions."""
    known = {ENV_PREFIX + name.upper() for name in names} | {ENV_PREFIX + "CONFIG"}
    for variable in sorted(key for key in environ if key.startswith(ENV_PREFIX) and key not in known):
        close = difflib.get_close_matches(variable, sorted(known), n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        warnings.warn(f"{variable} is not a setting and is ignored.{hint}", UnknownSettingWarning, stacklevel=3)
