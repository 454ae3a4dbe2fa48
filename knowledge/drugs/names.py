"""Drug name resolution: generic, brand, international and misspelt names -> one US generic (or the
components of a combination).

Name data: the drug-named-entity-recognition package's dictionary (107k variants, DrugBank/MeSH names, CC0),
read from its installed data file (importing the package would build its own indexes, ~2 s), plus the
monographs and name_aliases.yaml, plus FDA NDC brand names. The readers here do the IO and
``build_name_index`` puts the parts together; ``DrugCatalogue.load()`` calls them once and keeps the index.
"""

from __future__ import annotations

import bz2
import importlib.util
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from knowledge.drugs.classes import strip_salt
from knowledge.drugs.monographs import Monograph
from knowledge.yaml_text import parse_yaml

ALIASES_FILE = Path(__file__).parent / "name_aliases.yaml"
MAX_NAME_CHARS = 200
FUZZY_ACCEPT = 85.0  # rapidfuzz ratio needed to treat a misspelling as the drug
FUZZY_STRICT = 92.0  # for obscure dictionary variants, which collide with everyday words more often
FUZZY_SUGGEST = 65.0
_STRENGTH = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|ml|units?|iu|%)\b|\b(?:tablets?|tabs?|capsules?|caps|oral|er|xr|sr|cr)\b"
)
# A dosage form said with the name ("nitroglycerin spray", "fentanyl patch") names the same medicine for lookups and
# interaction checks; the bare name is tried first so a form-specific dictionary entry does not hide the medicine.
_FORM = re.compile(r"\b(?:sprays?|pump|patch(?:es)?|creams?|ointment|gel|inhalers?|puffer|nebuli[sz]er|injections?|"
                   r"injectable|sublingual|drops|solution|suspension|syrup|liquid|lozenges?|suppositor(?:y|ies)|pen)\b")


def normalise(name: str) -> str:
    text = name.lower().replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip(" .,;:!?\"'()[]{}")


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name; ``generic`` is None when it could not be resolved."""

    query: str
    generic: str | None = None
    components: tuple[str, ...] = ()
    matched_by: str = "none"  # monograph | alias | dictionary | brand | fuzzy | none
    score: float = 0.0
    suggestions: tuple[str, ...] = ()
    reason: str = ""
    monograph: str | None = None  # key of the monograph this name belongs to, if any

    @property
    def found(self) -> bool:
        return self.generic is not None


@dataclass(frozen=True)
class NameAliases:
    """name_aliases.yaml: curated aliases, names that are not drugs, and words never read as mentions."""

    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    not_drugs: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()


@dataclass
class NameIndex:
    """Variant -> (components, how it matched); built by build_name_index()."""

    exact: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    monograph_of: dict[str, str] = field(default_factory=dict)  # name -> monograph generic
    not_drugs: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()  # everyday and lab words never read as mentions in free text
    keys: list[str] = field(default_factory=list)  # names eligible for fuzzy matching (not obscure synonyms)
    well_known: frozenset[str] = frozenset()  # the same names, as a set
    trusted: frozenset[str] = frozenset()  # names our own data files use: monographs, aliases, interaction tables
    all_keys: list[str] = field(default_factory=list)
    by_letter: dict[str, list[str]] = field(default_factory=dict)
    max_words: int = 4

    def generics(self) -> set[str]:
        return {c for comps, _ in self.exact.values() for c in comps}

    def resolution(self, query: str, key: str, how: str | None = None, score: float = 100.0) -> Resolution:
        """The Resolution of a name known to be in the index (``how`` overrides the way it matched)."""
        comps, kind = self.exact[key]
        mono = self.monograph_of.get(key)
        if mono is None and len(comps) == 1 and comps[0] in self.monograph_of:
            mono = self.monograph_of[comps[0]]
        return Resolution(query=query, generic=_label(comps), components=comps, matched_by=how or kind,
                          score=score, monograph=mono)

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Nearest known names (generic labels), best first."""
        query = normalise(name)[:MAX_NAME_CHARS]
        if len(query) < 2:
            return []
        out: list[str] = []
        for key, _score, _ in process.extract(query, self.keys, scorer=fuzz.ratio, limit=limit * 4,
                                               score_cutoff=FUZZY_SUGGEST):
            label = _label(self.exact[key][0])
            if label not in out:
                out.append(label)
            if len(out) >= limit:
                break
        return out

    def resolve(self, name: object) -> Resolution:
        """Resolve one user-supplied name; never raises for bad input (the reason says what was wrong)."""
        if not isinstance(name, str):
            return Resolution(query=str(name)[:MAX_NAME_CHARS], reason="not a text name")
        query = normalise(name)
        if not query:
            return Resolution(query=name, reason="empty name")
        if len(query) > MAX_NAME_CHARS:
            return Resolution(query=name[:60] + "…",
                              reason=f"name too long ({len(name)} characters; at most {MAX_NAME_CHARS})")
        if not re.search(r"[a-z]", query):
            return Resolution(query=name, reason="not a drug name (no letters)")
        if query in self.not_drugs:
            return Resolution(query=name, reason="not a medicine in our drug data")
        bare = normalise(_STRENGTH.sub(" ", query))
        formless = [normalise(_FORM.sub(" ", bare))] if _FORM.search(bare) else []
        for candidate in (*formless, query, bare):
            if candidate and candidate in self.exact:
                return self.resolution(name, candidate)
        # Misspellings: well-known names first; every dictionary variant only for long, very close matches.
        for pool, accept, min_len in ((self.keys, FUZZY_ACCEPT, 4), (self.all_keys, FUZZY_STRICT, 7)):
            if len(query) < min_len:
                continue
            best = process.extract(query, pool, scorer=fuzz.ratio, limit=6, score_cutoff=FUZZY_SUGGEST)
            if best and best[0][1] >= accept:
                top = self.exact[best[0][0]][0]
                rivals = [s for k, s, _ in best[1:] if self.exact[k][0] != top]
                if not rivals or rivals[0] < best[0][1] - 2:
                    return self.resolution(name, best[0][0], "fuzzy", round(best[0][1], 1))
        return Resolution(query=name, reason="not found in our drug names", suggestions=tuple(self.suggest(query)))


def _label(components: tuple[str, ...]) -> str:
    return " + ".join(components)


def dictionary_path() -> Path:
    """The drug-named-entity-recognition package's data file (found without importing the package)."""
    spec = importlib.util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("drug-named-entity-recognition is not installed (needed for drug name resolution)")
    return Path(list(spec.submodule_search_locations)[0]) / "drug_ner_dictionary.pkl.bz2"


def read_name_dictionary(path: Path | None = None) -> dict[str, Any]:
    """The DrugBank/MeSH variant dictionary: {"drug_variant_to_canonical": ..., "drug_variant_to_variant_data": ...}."""
    with bz2.open(path or dictionary_path(), "rb") as handle:
        return pickle.load(handle)  # trusted: the installed package's own data file


def read_aliases(path: Path = ALIASES_FILE) -> NameAliases:
    data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    return NameAliases(
        aliases={normalise(k): tuple(normalise(x) for x in v) for k, v in (data.get("aliases") or {}).items()},
        not_drugs=frozenset(normalise(w) for w in data.get("not_drugs") or []),
        stopwords=frozenset(normalise(w) for w in data.get("free_text_stopwords") or []),
    )


def build_name_index(dictionary: Mapping[str, Any], aliases: NameAliases, monographs: Mapping[str, Monograph],
                     brands: Mapping[str, tuple[str, ...]], curated_names: Iterable[str]) -> NameIndex:
    """Put the name sources together. ``brands`` is the FDA NDC brand -> ingredients map (empty when that data is
    missing); ``curated_names`` are the drug names the interaction tables use (trusted as free-text mentions)."""
    not_drugs = aliases.not_drugs
    preferred: dict[str, tuple[str, ...]] = dict(aliases.aliases)  # name -> components, consulted when canonicalising
    for mono in monographs.values():
        comps = mono.components or (mono.generic,)
        for name in (mono.generic, *mono.synonyms, *mono.brands):
            preferred[normalise(name)] = comps

    variants: dict[str, list[str]] = dictionary["drug_variant_to_canonical"]
    curated_variants = {normalise(v) for v in dictionary.get("drug_variant_to_variant_data", {})}
    known = set(variants)

    def canon(name: str) -> tuple[str, ...]:
        if name in preferred:
            return preferred[name]
        stripped = strip_salt(name)
        if stripped != name and (stripped in preferred or stripped in known):
            return canon(stripped) if stripped in preferred else (stripped,)
        parts = [p.strip() for p in re.split(r"\s*/\s*|,\s*(?:and\s+)?|\s+and\s+", name) if p.strip()]
        if len(parts) > 1 and all(p in known or p in preferred for p in parts):
            out: list[str] = []
            for part in parts:
                out.extend(c for c in (preferred.get(part) or (variants.get(part, [part])[0],)) if c not in out)
            return tuple(out)
        return (name,)

    index = NameIndex(not_drugs=not_drugs, stopwords=aliases.stopwords)
    fuzzy_pool: set[str] = set(preferred)
    for variant, canonicals in variants.items():
        key = normalise(variant)
        if key and canonicals and key not in not_drugs:
            index.exact[key] = (canon(normalise(canonicals[0])), "dictionary")
            if key == normalise(canonicals[0]) or key in curated_variants:
                fuzzy_pool.add(key)
    for brand, ingredients in brands.items():
        key = normalise(brand)
        if key in index.exact and key not in not_drugs and len(key) >= 5:
            fuzzy_pool.add(key)  # a marketed US brand: a name people really type
        if key in index.exact or key in not_drugs or len(key) < 4:
            continue
        if all(i in index.exact or i in preferred for i in ingredients):
            comps: list[str] = []
            for ing in ingredients:
                for c in preferred.get(ing) or index.exact[ing][0]:
                    if c not in comps:
                        comps.append(c)
            index.exact[key] = (tuple(comps), "brand")
            fuzzy_pool.add(key)
    for key, comps in aliases.aliases.items():
        index.exact[key] = (comps, "alias")
    for mono in monographs.values():
        comps = mono.components or (mono.generic,)
        for name in (mono.generic, *mono.synonyms, *mono.brands):
            index.exact[normalise(name)] = (comps, "monograph")
            index.monograph_of[normalise(name)] = mono.generic
    index.keys = sorted(k for k in fuzzy_pool if k in index.exact)
    index.well_known = frozenset(index.keys)
    index.trusted = frozenset(k for k, (_, kind) in index.exact.items() if kind in ("monograph", "alias")) | \
        frozenset(k for k in map(normalise, curated_names) if k in index.exact)
    index.all_keys = sorted(index.exact)
    letters: dict[str, list[str]] = defaultdict(list)
    for key in index.keys:
        letters[key[0]].append(key)
    index.by_letter = dict(letters)
    index.max_words = 4
    return index
