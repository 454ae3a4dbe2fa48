"""DrugCatalogue: everything read from the drug data - names, monographs, FDA classes, interaction tables and the
free-text mention policy - built once by ``DrugCatalogue.load()`` and passed to the engines that need it.

The catalogue is read-only after it is built, so one instance can serve concurrent turns; the only state it
changes is its own memo of drug profiles and word frequencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from knowledge.compiled import files_under, load_compiled
from knowledge.drugs.classes import ClassDataError, ClassIndex, ndc_product_file, read_class_index
from knowledge.drugs.interaction_data import InteractionData, InteractionDataError, canonicalise, read_interaction_data
from knowledge.drugs.mention_policy import MentionPolicy
from knowledge.drugs.mentions import MAX_TEXT_CHARS, Mention, find_mentions, phrase_of
from knowledge.drugs.monographs import Monograph, MonographSet, read_monographs
from knowledge.drugs.names import (
    NameIndex,
    Resolution,
    build_name_index,
    dictionary_path,
    read_aliases,
    read_name_dictionary,
)
from knowledge.drugs.profiles import DrugProfile, build_profile


class DrugCatalogue:
    """The loaded drug knowledge. Build it with ``load()``; tests may assemble one from parts."""

    def __init__(self, *, names: NameIndex, monographs: MonographSet, classes: ClassIndex,
                 interactions: InteractionData | None, interaction_problem: str = "",
                 problems: Iterable[str] = ()) -> None:
        self.names = names
        self.monographs = monographs
        self.classes = classes
        self.policy = MentionPolicy(names)
        self.problems = tuple(problems)  # data that could not be read (bad monograph records, missing NDC data)
        self._interactions = interactions
        self._interaction_problem = interaction_problem or "interaction data not loaded"
        self._known_in_data = frozenset(interactions.known_drugs()) if interactions else frozenset()
        self._profiles: dict[str, DrugProfile] = {}

    @classmethod
    def load_compiled(cls, cache_dir: Path | None) -> DrugCatalogue:
        """``load()`` through the compiled cache in ``cache_dir``: about 0.1 s once compiled, rebuilt when any
        drug data file, the installed NDC or name dictionary, or this package's code changes."""
        return load_compiled(cache_dir, "drugs", cls.sources(), cls.load)

    @staticmethod
    def sources() -> list[Path]:
        """Every file the catalogue is built from: this package (data and code) and the installed data files."""
        found = files_under(Path(__file__).parent)
        for locate in (ndc_product_file, dictionary_path):
            try:
                found.append(locate())
            except (ClassDataError, RuntimeError):
                pass  # load() reports the missing data in ``problems``
        return found

    @classmethod
    def load(cls) -> DrugCatalogue:
        """Read every drug data file (about 2 s). The FDA NDC classes and the interaction tables may be missing:
        that is kept in ``problems`` and the engines then say what they cannot check."""
        monographs = read_monographs()
        problems = list(monographs.problems)
        try:
            classes = read_class_index()
        except ClassDataError as exc:
            classes = ClassIndex()
            problems.append(str(exc))
        try:
            raw: InteractionData | None = read_interaction_data()
            interaction_problem = ""
        except InteractionDataError as exc:
            raw, interaction_problem = None, str(exc)
            problems.append(interaction_problem)
        names = build_name_index(read_name_dictionary(), read_aliases(), monographs.records, classes.brands,
                                 raw.known_drugs() if raw else ())

        def canon(name: str) -> str:
            res = names.resolve(name)
            return res.components[0] if res.found and len(res.components) == 1 else name

        # Re-key the tables to the generics the resolver returns ('valproic acid' -> the monograph's 'valproate').
        interactions = canonicalise(raw, canon) if raw else None
        return cls(names=names, monographs=monographs, classes=classes, interactions=interactions,
                   interaction_problem=interaction_problem, problems=problems)

    # -- names ---------------------------------------------------------------------------------------------------
    def resolve(self, name: object) -> Resolution:
        """Resolve one typed name (generic, brand, international, misspelt); never raises for bad input."""
        return self.names.resolve(name)

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Nearest known names (generic labels), best first."""
        return self.names.suggest(name, limit)

    def find_mentions(self, text: str, *, fuzzy: bool = True, max_chars: int = MAX_TEXT_CHARS) -> list[Mention]:
        """Drug mentions in free text. Stricter than resolve(): names that are everyday English are skipped."""
        return find_mentions(self.policy, text, fuzzy=fuzzy, max_chars=max_chars)

    def spelling_match(self, words: str) -> bool:
        """True when find_mentions can only have read these words as a misspelling (they are no exact name)."""
        return phrase_of(words) not in self.names.exact

    # -- data for the engines ------------------------------------------------------------------------------------
    def monograph(self, generic: str) -> Monograph | None:
        return self.monographs.get(generic)

    @property
    def interactions(self) -> InteractionData:
        """Pair tables and class rules, keyed by resolver generics; raises InteractionDataError when missing
        (an interaction check must fail loudly, never read as "no interactions")."""
        if self._interactions is None:
            raise InteractionDataError(self._interaction_problem)
        return self._interactions

    def profile(self, generic: str) -> DrugProfile:
        """Monograph, FDA classes and interaction tags of one generic (remembered once computed)."""
        generic = generic.lower()
        found = self._profiles.get(generic)
        if found is None:
            found = build_profile(generic, self.monographs.get(generic), self.classes, self.interactions,
                                  self._known_in_data)
            self._profiles[generic] = found
        return found
