"""Fold tool results into the reply's artifacts and describe each call for the UI.

Guideline hits get the citation marker they will have in the reply ([n] = position in the citations list), so
the model can cite them and the check node can resolve the markers.
"""

from __future__ import annotations

from typing import Any


def _merge_citations(artifacts: dict[str, Any], results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    citations = list(artifacts.get("citations") or [])
    keys = [(c.get("doc_id"), c.get("section")) for c in citations]
    shown = []
    for hit in results:
        key = (hit.get("doc_id"), hit.get("section"))
        if key not in keys:
            citations.append(hit)
            keys.append(key)
        shown.append({"marker": f"[{keys.index(key) + 1}]", **hit})
    artifacts["citations"] = citations
    return shown


def fold_result(name: str, result: Any, artifacts: dict[str, Any]) -> Any:
    """Add one tool result to the artifacts; returns what the model is shown."""
    if name == "search_guidelines" and isinstance(result, dict):
        return {**result, "results": _merge_citations(artifacts, result.get("results") or [])}
    if name == "vote" and isinstance(result, dict):
        artifacts["vote"] = result
        return result
    if name in ("lookup_drug", "check_interactions", "check_dose") and isinstance(result, dict):
        drugs = artifacts.setdefault("drugs", {"drugs": [], "interactions": [], "unchecked": [], "doses": []})
        for key in ("drugs", "interactions", "unchecked", "doses"):
            drugs.setdefault(key, [])
        if name == "check_interactions":
            drugs["interactions"] += result.get("interactions") or []
            drugs["unchecked"] += result.get("unchecked") or []
        elif name == "check_dose":
            drugs["doses"].append(result)
        elif result.get("found") is False:
            drugs["unchecked"].append({"name": result.get("query", ""), "reason": "not recognised",
                                       "suggestions": list(result.get("suggestions") or [])})
        else:
            drugs["drugs"].append(result)
    return result


def tool_record(name: str, args: dict[str, Any], result: Any) -> dict[str, Any]:
    """The ToolCallDict the UI shows for one call."""
    result = result if isinstance(result, dict) else {}
    if name == "search_guidelines":
        title, summary = f"Searched guidelines: {args.get('query', '')}", f"{len(result.get('results') or [])} passages"
    elif name == "check_interactions":
        found = result.get("interactions") or []
        title = "Checked interactions: " + ", ".join(map(str, args.get("drugs") or []))
        summary = "; ".join(f"{i.get('a')} + {i.get('b')}: {i.get('severity')}" for i in found) or "no pairs found"
        if result.get("unchecked"):
            summary += f"; {len(result['unchecked'])} not checkable"
    elif name == "check_dose":
        title = f"Checked dose: {args.get('drug')} {args.get('amount')} {args.get('unit', 'mg')}"
        summary = str(result.get("status"))
    elif name == "lookup_drug":
        title, summary = f"Looked up {args.get('name')}", "found" if result.get("found", True) else "not found"
    elif name == "vote":
        title = "Urgency vote"
        summary = f"{result.get('winner')} (agreement {float(result.get('agreement') or 0):.0%})"
    else:
        title, summary = name, ""
    return {"name": name, "title": title, "status": "done", "summary": summary}
