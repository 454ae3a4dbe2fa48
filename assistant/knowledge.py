"""``Knowledge``: everything the engines read, built once per assistant and reached through the runtime context.

Lexicons, the triage model, safety rules, the drug catalogue, the guideline index, the tutor's library and the
embedding model are built lazily on first use - so a drug lookup never loads the guideline index - and exactly once
per ``Knowledge`` (a lock guards each build), then shared read-only by concurrent turns. Nothing is kept in module
globals: two assistants (or two tests) never share state by accident.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

from langchain_core.language_models import BaseChatModel

from assistant.guidelines.search import search
from assistant.llm.models import LLMUnavailable, build_chat_model, parse_spec
from assistant.llm.understanding import merge_under_floor, model_parse
from assistant.notes.vocabulary import NoteVocabulary
from assistant.routing_examples import IntentExamples
from assistant.safety.rules import SafetyBook
from assistant.settings import Settings
from assistant.triage.model import DecisionModel
from assistant.triage.reference import ReferenceCases
from assistant.tutor.library import TutorLibrary
from assistant.understanding.findings import AskedQuestion, DrugMention, Findings
from assistant.understanding.languages import identifier_files
from assistant.understanding.lexicon import Lexicon
from assistant.understanding.medications import with_details
from assistant.understanding.paraphrase import ParaphraseIndex
from assistant.understanding.parse import parse
from knowledge import language
from knowledge import safety as safety_data
from knowledge import triage as triage_data
from knowledge.compiled import files_under, load_compiled
from knowledge.dialogue import load as load_dialogue
from knowledge.drugs.catalogue import DrugCatalogue
from knowledge.embeddings import MODEL_ID, Embedder
from knowledge.ingest.manifest import IndexManifest
from knowledge.notes.icd10 import Icd10Index
from knowledge.retrieval.library import GuidelineIndex
from knowledge.safety import load as load_safety
from knowledge.tokens import TokenCounter

T = TypeVar("T")


def _lexicon_sources() -> list[Path]:
    """What the compiled lexicon depends on: the language and crisis data, and the code that reads text."""
    return files_under(Path(language.__file__).parent, Path(safety_data.__file__).parent,
                       Path(inspect.getfile(Lexicon)).parent, *identifier_files())


def _triage_sources() -> list[Path]:
    """What the compiled triage model depends on: the presentations, the concept inventory and the triage code."""
    return files_under(Path(triage_data.__file__).parent, Path(language.__file__).parent,
                       Path(inspect.getfile(DecisionModel)).parent)


def _icd10_sources() -> list[Path]:
    """What the compiled ICD-10-CM tables depend on: the package that ships the tabular list, and our reader."""
    spec = importlib.util.find_spec("simple_icd_10_cm")
    package = Path(spec.origin).parent if spec and spec.origin else Path("simple_icd_10_cm-missing")
    return files_under(package, Path(inspect.getfile(Icd10Index)), suffixes=(".py", ".xml", ".txt"))


class Knowledge:
    """Built knowledge for one assistant. Thread-safe: each part is built once, then only read."""

    def __init__(self, settings: Settings, **prebuilt: Any) -> None:
        """``prebuilt`` parts (embedder=, guidelines=, drugs=, ...) are used as given - tests share them."""
        self.settings = settings
        self._lock = threading.RLock()
        self._parts: dict[str, Any] = {name: part for name, part in prebuilt.items() if part is not None}

    def _part(self, name: str, build: Callable[[], T]) -> T:
        part = self._parts.get(name)
        if part is None:
            with self._lock:
                part = self._parts.get(name)
                if part is None:
                    part = build()
                    self._parts[name] = part
        return part

    def warm(self) -> None:
        """Build every part a turn may need now, so the first user does not wait (serving workers call this)."""
        for part in ("lexicon", "triage_model", "safety", "reference_cases", "paraphraser", "intents", "drugs",
                     "guidelines", "tutor", "note_vocabulary", "icd10"):
            getattr(self, part)
        self.paraphraser.vectors  # the lexicon's phrase vectors (cached on disk after the first build)
        self.reference_cases.vectors()  # the nearest-cases voter's matrix
        self.intents.vectors()  # the example utterances the router compares a message with
        self.parse("B")  # a message in no clear language reads every language pack once, compiling their cue patterns
        self.guidelines.retriever  # BM25 over every chunk (a third of a second on the first search otherwise)
        self.tutor.label_vectors(self.embedder.embed)  # topic labels the tutor matches requests against

    def compile_tables(self) -> None:
        """Build the tables kept compiled in the cache (lexicon, triage model, drugs, ICD-10) - ``setup`` calls
        this, so the first one-shot command reads them instead of building them."""
        for part in ("lexicon", "triage_model", "drugs", "icd10"):
            getattr(self, part)

    @property
    def cache_dir(self) -> Path:
        return self.settings.cache_dir

    # -- language ------------------------------------------------------------------------------------------------
    @property
    def lexicon(self) -> Lexicon:
        """The lexicon, compiled once into the data folder's cache (rebuilt when its data or code changes)."""
        return self._part("lexicon", lambda: load_compiled(self.cache_dir, "lexicon", _lexicon_sources(),
                                                           self._build_lexicon))

    def _build_lexicon(self) -> Lexicon:
        return Lexicon.build(
            concepts=language.load("concepts"), english=language.load("lexicon_en"), features=language.load("features"),
            context=language.load("context"), crisis=self.safety.crisis_phrases, frames=language.load("frames"),
            packs=[language.load(f"emergency/{code}") for code in language.emergency_languages()],
        )

    @property
    def lexicon_labels(self) -> dict[str, str]:
        """Plain label of every concept ("pain passing urine"), for wording."""
        return self._part("labels", lambda: {cid: str(e.get("label", cid)) for cid, e in self.lexicon.concepts.items()})

    @property
    def embedder(self) -> Embedder:
        return self._part("embedder", lambda: Embedder.load(threads=self.settings.embedding_threads or None))

    @property
    def paraphraser(self) -> ParaphraseIndex:
        lexicon = self.lexicon
        return self._part("paraphraser", lambda: ParaphraseIndex(
            self.embedder.embed, lexicon.paraphrase_phrases, lexicon.non_symptoms, self.cache_dir))

    def parse(self, text: object, asked: AskedQuestion | None = None, *, paraphrase: bool = True) -> Findings:
        """The one parse of a message (embedding fallback included unless ``paraphrase`` is False), with the
        language model's reading merged under it when the model spec says ``understand=on``."""
        findings = parse(text, self.lexicon, asked=asked, drugs=self.find_drugs,
                         paraphraser=self.paraphraser if paraphrase else None)
        if findings.is_transcript or not self._model_understands():
            return findings  # a pasted consultation is long and about someone else: the lexicon reads it alone
        try:
            model = self.language_model
        except LLMUnavailable:
            return findings
        if model is None:
            return findings
        return merge_under_floor(findings, model_parse(model, findings.text, self.lexicon_labels))

    def _model_understands(self) -> bool:
        try:
            return parse_spec(self.settings.model).understands
        except ValueError:
            return False

    def find_drugs(self, text: str) -> list[DrugMention]:
        """Medicines named in the text, each with how it is taken (dose, route, frequency, status)."""
        mentions = [DrugMention(name=m.generic, surface=m.surface, start=m.start, end=m.end)
                    for m in self.drugs.find_mentions(text)]
        return with_details(text, mentions)

    # -- engines' data -------------------------------------------------------------------------------------------
    @property
    def safety(self) -> SafetyBook:
        return self._part("safety", lambda: SafetyBook.from_data(load_safety("crisis"), load_safety("contacts"),
                                                                 load_safety("injection")))

    @property
    def triage_model(self) -> DecisionModel:
        """The presentations and discriminators, compiled once into the cache like the lexicon."""
        def build() -> DecisionModel:
            known = set(language.load("concepts")["concepts"]) | set(language.load("features")["features"])
            return DecisionModel.from_data(triage_data.load("general"), triage_data.presentations(), known)
        return self._part("triage_model", lambda: load_compiled(self.cache_dir, "triage-model", _triage_sources(),
                                                                build))

    @property
    def reference_cases(self) -> ReferenceCases:
        return self._part("reference_cases", lambda: ReferenceCases(triage_data.load("reference_cases"), self.embedder.embed))

    @property
    def drugs(self) -> DrugCatalogue:
        return self._part("drugs", lambda: DrugCatalogue.load_compiled(self.cache_dir))

    @property
    def tokens(self) -> TokenCounter:
        return self._part("tokens", TokenCounter.load)

    def count_tokens(self, text: str) -> int:
        return self.tokens.count(text)

    @property
    def guidelines(self) -> GuidelineIndex:
        return self._part("guidelines", lambda: GuidelineIndex.open(self.settings.index_dir, self.embedder,
                                                                   chroma_url=self.settings.chroma_url,
                                                                   tokens=self.tokens))

    def guideline_citations(self, query: str, k: int = 6) -> list[dict[str, Any]]:
        """Citation records for the passages that best match ``query``."""
        return search(self.guidelines, query, k)

    def presentation_citations(self, query: str, k: int = 6) -> list[dict[str, Any]]:
        """``guideline_citations`` for a query written in the triage data (a presentation's guideline query),
        kept in the cache until the index's manifest changes: a one-shot triage then reads its citations without
        opening the vector store (about a second). A Chroma server may change under us, so it is always asked."""
        if self.settings.chroma_url:
            return self.guideline_citations(query, k)
        name = "citations-" + hashlib.sha256(f"{k}|{query}".encode()).hexdigest()[:16]
        manifest = IndexManifest(self.settings.index_dir, MODEL_ID).path
        return load_compiled(self.cache_dir, name, [manifest], lambda: self.guideline_citations(query, k))

    @property
    def intents(self) -> IntentExamples:
        return self._part("intents", lambda: IntentExamples(load_dialogue("intents"), self.embedder.embed))

    def nearest_intent(self, text: str) -> str | None:
        return self.intents.nearest(text)

    @property
    def language_model(self) -> BaseChatModel | None:
        """The configured chat model, built once; None for the grounded default (``model = none``).

        Raises ``LLMUnavailable`` when the configured model cannot be used here (callers fall back to the grounded
        reply with a notice). A prebuilt ``language_model=`` (tests' fake chat model) is used as given.
        """
        if "language_model" in self._parts:
            return self._parts["language_model"]
        try:
            spec = parse_spec(self.settings.model)
        except ValueError as err:
            raise LLMUnavailable(str(err)) from err
        return None if spec.kind == "none" else self._part("language_model", self._language_model)

    def _language_model(self) -> BaseChatModel:
        return build_chat_model(self.settings)

    @property
    def model_configured(self) -> bool:
        """Whether a language model is configured or given (nothing is loaded to tell)."""
        if "language_model" in self._parts:
            return True
        try:
            return parse_spec(self.settings.model).kind != "none"
        except ValueError:
            return True  # a misconfigured model still gets its notice through the model path

    @property
    def agent_on(self) -> bool:
        """Whether the model drives the tool-calling agent (from the spec's ``tools`` option; nothing is loaded)."""
        try:
            spec = parse_spec(self.settings.model)
        except ValueError:
            return "language_model" in self._parts
        if spec.kind == "none":
            return "language_model" in self._parts
        return spec.tools

    @property
    def icd10(self) -> Icd10Index:
        """ICD-10-CM tables for the notes' code suggestions, compiled once into the cache (reading the package's
        XML takes about 3 s)."""
        return self._part("icd10", lambda: load_compiled(self.cache_dir, "icd10", _icd10_sources(), Icd10Index.load))

    @property
    def note_vocabulary(self) -> NoteVocabulary:
        return self._part("note_vocabulary", NoteVocabulary.load)

    @property
    def tutor(self) -> TutorLibrary:
        return self._part("tutor", TutorLibrary.load)
