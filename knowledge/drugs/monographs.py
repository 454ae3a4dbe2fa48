"""Loader for the drug monographs in knowledge/drugs/monographs/*.yaml (schema: knowledge/drugs/README.md).

Read by ``DrugCatalogue.load()`` and validated on the way in, so a bad record is reported with its file and
record instead of surfacing later as a wrong or missing dose check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.yaml_text import parse_yaml

# libyaml when available: the pure-Python parser takes seconds on these files.
MONOGRAPH_DIR = Path(__file__).parent / "monographs"

TAGS = frozenset(
    """anticoagulant antiplatelet nsaid serotonergic maoi qt_prolonging strong_cyp3a4_inhibitor
    moderate_cyp3a4_inhibitor strong_cyp3a4_inducer cyp3a4_sensitive_substrate strong_cyp2d6_inhibitor
    cyp2c9_inhibitor potassium_raising potassium_sparing_diuretic potassium_supplement ace_inhibitor arb
    neprilysin_inhibitor loop_diuretic thiazide beta_blocker nondihydropyridine_ccb dihydropyridine_ccb
    antiarrhythmic nitrate pde5_inhibitor opioid benzodiazepine cns_depressant gabapentinoid ssri snri tca
    triptan antipsychotic dopamine_antagonist anticholinergic lithium antiepileptic enzyme_inducer statin
    fibrate insulin sulfonylurea sglt2_inhibitor glp1_agonist dpp4_inhibitor hypoglycaemic corticosteroid
    macrolide fluoroquinolone tetracycline beta_lactam nephrotoxic hepatotoxic bleeding_risk
    hyponatraemia_risk bradycardic hypotensive methotrexate immunosuppressant hormonal_contraceptive
    antacid_chelator xanthine_oxidase_inhibitor thyroid_hormone digoxin""".split()
)
ROUTES = frozenset(
    "oral iv im sc inhaled topical rectal sublingual transdermal intranasal vaginal".split()
)
POPULATIONS = frozenset({"adult", "child", "older_adult"})
DOSE_UNITS = frozenset({"mg", "mcg", "g", "units", "mL", "puffs", "mg/kg", "mcg/kg", "units/kg"})


class MonographError(ValueError):
    """A monograph file or record that does not follow the schema."""


@dataclass(frozen=True)
class Monograph:
    """One validated drug record; ``raw`` keeps every schema field for summaries."""

    generic: str
    synonyms: tuple[str, ...]
    brands: tuple[str, ...]
    components: tuple[str, ...]
    drug_class: str
    tags: frozenset[str]
    raw: dict[str, Any]
    file: str

    @property
    def source(self) -> dict[str, Any]:
        return dict(self.raw.get("source") or {})

    @property
    def source_label(self) -> str:
        src = self.source
        year = f" ({src['year']})" if src.get("year") else ""
        return f"{src.get('name', 'monograph')}{year}"


@dataclass
class MonographSet:
    """All loaded monographs plus the problems found (bad records are skipped, never silently)."""

    records: dict[str, Monograph] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, generic: str) -> Monograph | None:
        return self.records.get(generic.lower())


def _check_limit(limit: Any, where: str) -> None:
    if limit is None:
        return
    if not isinstance(limit, dict) or not isinstance(limit.get("amount"), (int, float)):
        raise MonographError(f"{where}: limit needs a numeric 'amount'")
    if limit.get("unit") not in DOSE_UNITS:
        raise MonographError(f"{where}: unit {limit.get('unit')!r} is not one of {sorted(DOSE_UNITS)}")


def _validate(record: Any, file: str, where: str) -> Monograph:
    if not isinstance(record, dict):
        raise MonographError(f"{where}: a record must be a mapping, got {type(record).__name__}")
    generic = record.get("generic")
    if not isinstance(generic, str) or not generic.strip():
        raise MonographError(f"{where}: missing 'generic'")
    where = f"{where} ({generic})"
    if not record.get("class"):
        raise MonographError(f"{where}: missing 'class'")
    source = record.get("source")
    if not isinstance(source, dict) or not source.get("name"):
        raise MonographError(f"{where}: missing 'source.name'")
    tags = record.get("tags") or []
    unknown = sorted(set(tags) - TAGS)
    if unknown:
        raise MonographError(f"{where}: unknown tags {unknown}")
    for i, dose in enumerate(record.get("dosing") or []):
        here = f"{where} dosing[{i}]"
        if not isinstance(dose, dict):
            raise MonographError(f"{here}: must be a mapping")
        if dose.get("route") not in ROUTES:
            raise MonographError(f"{here}: route {dose.get('route')!r} is not one of {sorted(ROUTES)}")
        if dose.get("population", "adult") not in POPULATIONS:
            raise MonographError(f"{here}: population {dose.get('population')!r} unknown")
        _check_limit(dose.get("single_dose_max"), here + ".single_dose_max")
        _check_limit(dose.get("daily_max"), here + ".daily_max")
    for i, rule in enumerate(record.get("renal") or []):
        here = f"{where} renal[{i}]"
        if not isinstance(rule, dict) or not isinstance(rule.get("egfr_below"), (int, float)):
            raise MonographError(f"{here}: needs a numeric 'egfr_below'")
        _check_limit(rule.get("daily_max"), here + ".daily_max")

    def names(key: str) -> tuple[str, ...]:
        value = record.get(key) or []
        if not isinstance(value, list):
            raise MonographError(f"{where}: '{key}' must be a list")
        return tuple(str(v).strip() for v in value if str(v).strip())

    return Monograph(
        generic=generic.strip().lower(),
        synonyms=names("synonyms"),
        brands=names("brands"),
        components=tuple(c.lower() for c in names("components")),
        drug_class=str(record["class"]),
        tags=frozenset(tags),
        raw=dict(record),
        file=file,
    )


def read_monographs(directory: Path = MONOGRAPH_DIR, *, strict: bool = False) -> MonographSet:
    """Read and validate every *.yaml file; strict mode raises on the first problem."""
    result = MonographSet()
    if not directory.is_dir():
        result.problems.append(f"monograph folder not found: {directory}")
        return result
    for path in sorted(directory.glob("*.yaml")):
        try:
            records = parse_yaml(path.read_text(encoding="utf-8")) or []
            if not isinstance(records, list):
                raise MonographError(f"{path.name}: the file must hold a list of records")
        except (yaml.YAMLError, MonographError, UnicodeDecodeError) as exc:
            if strict:
                raise MonographError(f"{path.name}: {exc}") from exc
            result.problems.append(f"{path.name}: {exc}")
            continue
        for index, record in enumerate(records):
            try:
                mono = _validate(record, path.name, f"{path.name} record {index + 1}")
                if mono.generic in result.records:
                    other = result.records[mono.generic].file
                    raise MonographError(f"{path.name} record {index + 1}: duplicate of {mono.generic} in {other}")
            except MonographError as exc:
                if strict:
                    raise
                result.problems.append(str(exc))
                continue
            result.records[mono.generic] = mono
    return result
