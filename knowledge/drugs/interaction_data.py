"""Loader for the interaction knowledge: pair tables (interactions/pairs_*.yaml) and class rules
(interactions/class_rules.yaml). Validated and expanded by ``DrugCatalogue.load()``; errors name the file and entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import yaml

from knowledge.drugs.monographs import TAGS
from knowledge.yaml_text import parse_yaml

DATA_DIR = Path(__file__).parent / "interactions"
SEVERITIES = ("contraindicated", "major", "moderate", "minor", "none")
_TEXT_FIELDS = ("mechanism", "management", "source")


class InteractionDataError(ValueError):
    """An interaction data file that does not follow the expected shape."""


def severity_rank(severity: str) -> int:
    """0 = most severe; unknown severities rank last."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class PairEntry:
    """One drug pair's interaction, with where it came from."""

    a: str
    b: str
    severity: str
    mechanism: str
    management: str
    source: str
    file: str


@dataclass(frozen=True)
class Side:
    tags: frozenset[str]
    drugs: frozenset[str]

    def matches(self, generic: str, tags: frozenset[str] | set[str]) -> bool:
        return generic in self.drugs or bool(self.tags & tags)


@dataclass(frozen=True)
class ClassRule:
    """A class-level rule: fires when one drug matches side a and the other side b."""

    id: str
    a: Side
    b: Side
    severity: str
    mechanism: str
    management: str
    source: str
    overrides: frozenset[str] = frozenset()

    def fires(self, x: tuple[str, frozenset[str]], y: tuple[str, frozenset[str]]) -> bool:
        return (self.a.matches(*x) and self.b.matches(*y)) or (self.a.matches(*y) and self.b.matches(*x))


@dataclass
class InteractionData:
    pairs: dict[frozenset[str], PairEntry] = field(default_factory=dict)
    rules: list[ClassRule] = field(default_factory=list)
    tag_members: dict[str, frozenset[str]] = field(default_factory=dict)  # drug -> curated tags
    reviewed: frozenset[str] = frozenset()  # drugs reviewed and found to need no tags
    files: list[str] = field(default_factory=list)

    def pair(self, a: str, b: str) -> PairEntry | None:
        return self.pairs.get(frozenset((a, b)))

    def known_drugs(self) -> set[str]:
        names = {n for key in self.pairs for n in key} | set(self.tag_members) | set(self.reviewed)
        for rule in self.rules:
            names |= rule.a.drugs | rule.b.drugs
        return names


def _names(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise InteractionDataError(f"{where}: expected a non-empty list of drug names")
    return [v.strip().lower() for v in value]


def _check_common(entry: dict[str, Any], where: str) -> None:
    if entry.get("severity") not in SEVERITIES[:-1]:
        raise InteractionDataError(f"{where}: severity must be one of {SEVERITIES[:-1]}, got {entry.get('severity')!r}")
    for key in _TEXT_FIELDS:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise InteractionDataError(f"{where}: missing '{key}'")


def _load_yaml(path: Path) -> Any:
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InteractionDataError(f"{path.name}: not valid YAML: {exc}") from exc


def read_pairs(path: Path, data: InteractionData) -> None:
    entries = _load_yaml(path) or []
    if not isinstance(entries, list):
        raise InteractionDataError(f"{path.name}: the file must hold a list of entries")
    for index, entry in enumerate(entries, start=1):
        where = f"{path.name} entry {index}"
        if not isinstance(entry, dict):
            raise InteractionDataError(f"{where}: must be a mapping")
        _check_common(entry, where)
        for a in _names(entry.get("a"), where + ".a"):
            for b in _names(entry.get("b"), where + ".b"):
                if a == b:
                    raise InteractionDataError(f"{where}: {a} paired with itself")
                key = frozenset((a, b))
                if key in data.pairs:
                    raise InteractionDataError(f"{where}: {a} + {b} already defined in {data.pairs[key].file}")
                data.pairs[key] = PairEntry(a, b, entry["severity"], entry["mechanism"].strip(),
                                            entry["management"].strip(), entry["source"].strip(), where)


def _side(value: Any, where: str) -> Side:
    if not isinstance(value, dict):
        raise InteractionDataError(f"{where}: expected a mapping with tags and/or drugs")
    tags = frozenset(value.get("tags") or [])
    unknown = sorted(tags - TAGS)
    if unknown:
        raise InteractionDataError(f"{where}: unknown tags {unknown}")
    drugs = frozenset(d.lower() for d in value.get("drugs") or [])
    if not tags and not drugs:
        raise InteractionDataError(f"{where}: needs tags or drugs")
    return Side(tags, drugs)


def read_class_rules(path: Path, data: InteractionData) -> None:
    doc = _load_yaml(path) or {}
    members: dict[str, set[str]] = {}
    for tag, drugs in (doc.get("tag_members") or {}).items():
        if tag not in TAGS:
            raise InteractionDataError(f"{path.name} tag_members: unknown tag {tag!r}")
        for drug in _names(drugs, f"{path.name} tag_members.{tag}"):
            members.setdefault(drug, set()).add(tag)
    data.tag_members = {drug: frozenset(tags) for drug, tags in members.items()}
    data.reviewed = frozenset(_names(doc["reviewed"], f"{path.name} reviewed")) if doc.get("reviewed") else frozenset()
    ids: set[str] = set()
    for index, rule in enumerate(doc.get("rules") or [], start=1):
        where = f"{path.name} rule {index} ({rule.get('id', '?') if isinstance(rule, dict) else '?'})"
        if not isinstance(rule, dict) or not rule.get("id"):
            raise InteractionDataError(f"{where}: needs an id")
        if rule["id"] in ids:
            raise InteractionDataError(f"{where}: duplicate id")
        ids.add(rule["id"])
        _check_common(rule, where)
        data.rules.append(ClassRule(
            id=rule["id"], a=_side(rule.get("a"), where + ".a"), b=_side(rule.get("b"), where + ".b"),
            severity=rule["severity"], mechanism=rule["mechanism"].strip(), management=rule["management"].strip(),
            source=rule["source"].strip(), overrides=frozenset(rule.get("overrides") or []),
        ))
    for rule in data.rules:
        missing = rule.overrides - ids
        if missing:
            raise InteractionDataError(f"{path.name} rule {rule.id}: overrides unknown rules {sorted(missing)}")


def read_interaction_data(directory: Path = DATA_DIR) -> InteractionData:
    data = InteractionData()
    pair_files = sorted(directory.glob("pairs_*.yaml"))
    rules_file = directory / "class_rules.yaml"
    if not pair_files or not rules_file.is_file():
        raise InteractionDataError(f"interaction data missing in {directory}")
    for path in pair_files:
        read_pairs(path, data)
        data.files.append(path.name)
    read_class_rules(rules_file, data)
    data.files.append(rules_file.name)
    return data


def canonicalise(data: InteractionData, canon: Callable[[str], str]) -> InteractionData:
    """Re-key every drug name through ``canon`` (e.g. 'valproic acid' -> the monograph's 'valproate'), so the
    tables match whatever generic the name resolver returns."""
    out = InteractionData(rules=[], files=list(data.files))
    for key, entry in data.pairs.items():
        a, b = canon(entry.a), canon(entry.b)
        new_key = frozenset((a, b))
        if len(new_key) == 2 and new_key not in out.pairs:
            out.pairs[new_key] = replace(entry, a=a, b=b)
    for drug, tags in data.tag_members.items():
        out.tag_members[canon(drug)] = out.tag_members.get(canon(drug), frozenset()) | tags
    out.reviewed = frozenset(canon(d) for d in data.reviewed)
    for rule in data.rules:
        out.rules.append(replace(rule, a=replace(rule.a, drugs=frozenset(canon(d) for d in rule.a.drugs)),
                                 b=replace(rule.b, drugs=frozenset(canon(d) for d in rule.b.drugs))))
    return out

