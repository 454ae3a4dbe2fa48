"""check_interactions: every pair of a medication list against the pair table, then the class rules.

Pair-specific entries override class rules. A pair with no finding is reported with severity "none" only when
both drugs are covered by our data; anything we cannot check goes to ``unchecked`` with the reason — never a
silent empty list.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from itertools import combinations
from typing import Any, Sequence

from knowledge.drugs.catalogue import DrugCatalogue
from knowledge.drugs.interaction_data import SEVERITIES, severity_rank
from knowledge.drugs.names import Resolution

MAX_DRUGS = 50
NO_INTERACTION = "No interaction found in our data (pair table and class rules)."
ENGINE_SOURCE = "clinical-assistant interaction engine: its pair table and class rules"


@dataclass
class Finding:
    """One pair's result; ``basis`` says whether it came from the pair table, a class rule or neither."""

    a: str
    b: str
    severity: str
    mechanism: str
    management: str
    source: str
    basis: str  # pair | class_rule | duplicate | none
    rules: list[str] = field(default_factory=list)
    also: list[dict[str, str]] = field(default_factory=list)
    a_input: str = ""
    b_input: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class InteractionReport:
    interactions: list[Finding] = field(default_factory=list)
    unchecked: list[dict[str, Any]] = field(default_factory=list)
    checked: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(f.severity for f in self.interactions)
        return {s: found.get(s, 0) for s in SEVERITIES}

    @property
    def worst(self) -> str | None:
        return min((f.severity for f in self.interactions), key=severity_rank, default=None)

    def summary(self) -> str:
        counts = {s: n for s, n in self.counts.items() if n and s != "none"}
        parts = [f"{n} {s}" for s, n in counts.items()] or (["no interactions found"] if self.interactions else [])
        if self.unchecked:
            parts.append(f"{len(self.unchecked)} unchecked")
        return ", ".join(parts) or "nothing checked"

    def to_dict(self) -> dict[str, Any]:
        return {
            "interactions": [f.to_dict() for f in self.interactions],
            "unchecked": list(self.unchecked),
            "checked": list(self.checked),
            "counts": self.counts,
            "notes": list(self.notes),
            "complete": not self.unchecked and len(self.checked) >= 2,
        }


def check_pair(catalogue: DrugCatalogue, a: str, b: str) -> Finding:
    """Interaction between two resolved generics (pair table first, then class rules)."""
    data = catalogue.interactions
    entry = data.pair(a, b)
    if entry:
        return Finding(a, b, entry.severity, entry.mechanism, entry.management, entry.source, "pair")
    pa, pb = catalogue.profile(a), catalogue.profile(b)
    fired = [r for r in data.rules if r.fires((a, pa.tags), (b, pb.tags))]
    overridden = {o for r in fired for o in r.overrides}
    fired = sorted((r for r in fired if r.id not in overridden), key=lambda r: severity_rank(r.severity))
    if not fired:
        return Finding(a, b, "none", NO_INTERACTION, "No action needed on the basis of our data; this is not proof "
                       "of safety.", ENGINE_SOURCE, "none")
    top = fired[0]
    also = [{"rule": r.id, "severity": r.severity, "mechanism": r.mechanism, "source": r.source} for r in fired[1:]]
    return Finding(a, b, top.severity, top.mechanism, top.management, top.source, "class_rule",
                   rules=[r.id for r in fired], also=also)


def _unchecked(res: Resolution, reason: str | None = None) -> dict[str, Any]:
    return {"name": res.query, "reason": reason or res.reason or "could not be resolved",
            "suggestions": list(res.suggestions)}


def _pair_findings(catalogue: DrugCatalogue, x: Resolution, y: Resolution) -> list[Finding]:
    shared = [c for c in x.components if c in y.components]
    findings: list[Finding] = []
    for drug in shared:
        findings.append(Finding(
            x.generic or "", y.generic or "", "moderate",
            f"Both contain {drug}: taking both adds up to a higher total dose of the same drug.",
            f"Check the total daily dose of {drug}; usually only one product containing it should be taken.",
            ENGINE_SOURCE + " (duplicate-ingredient check)", "duplicate"))
    for a in x.components:
        for b in y.components:
            if a != b:
                finding = check_pair(catalogue, a, b)
                if finding.severity != "none":
                    findings.append(finding)
    if not findings:
        none = check_pair(catalogue, x.components[0], y.components[0]) if x.components[0] != y.components[0] else None
        base = none or Finding("", "", "none", NO_INTERACTION, "", ENGINE_SOURCE, "none")
        base.a, base.b = x.generic or "", y.generic or ""
        findings.append(base)
    for f in findings:
        f.a_input, f.b_input = x.query, y.query
    return findings


def check_interactions(catalogue: DrugCatalogue, drugs: Sequence[str] | str) -> InteractionReport:
    """Check every pair of a medication list; unresolvable or uncovered drugs go to ``unchecked``."""
    report = InteractionReport()
    if isinstance(drugs, str):
        drugs = [drugs]
    if not isinstance(drugs, (list, tuple)):
        report.notes.append("Expected a list of drug names.")
        return report
    names = list(drugs)
    if len(names) > MAX_DRUGS:
        for extra in names[MAX_DRUGS:]:
            report.unchecked.append({"name": str(extra)[:80], "reason": f"list longer than {MAX_DRUGS} drugs; "
                                     "check the rest in a separate request", "suggestions": []})
        names = names[:MAX_DRUGS]
    resolved: list[Resolution] = []
    seen: set[str] = set()
    for name in names:
        res = catalogue.resolve(name)
        if not res.found:
            report.unchecked.append(_unchecked(res))
            continue
        uncovered = [c for c in res.components if not catalogue.profile(c).covered]
        if uncovered:
            report.unchecked.append(_unchecked(res, f"recognised as {res.generic}, but our interaction data has no "
                                                     f"information on {', '.join(uncovered)}"))
            if len(uncovered) == len(res.components):
                continue
            res = replace(res, components=tuple(c for c in res.components if c not in uncovered))
        key = res.generic or ""
        report.checked.append({"query": res.query, "generic": res.generic, "components": list(res.components),
                               "matched_by": res.matched_by, "score": res.score})
        if res.matched_by == "fuzzy":
            report.notes.append(f"'{res.query}' was read as {res.generic} (spelling match); check this is right.")
        if key in seen:
            report.notes.append(f"{res.generic} is listed more than once.")
        seen.add(key)
        resolved.append(res)
    if len(resolved) < 2:
        report.notes.append("Fewer than two drugs could be checked, so no pair was assessed.")
    for x, y in combinations(resolved, 2):
        report.interactions.extend(_pair_findings(catalogue, x, y))
    report.interactions.sort(key=lambda f: severity_rank(f.severity))
    return report
