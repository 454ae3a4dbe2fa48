"""``clinical-assistant eval ...``: the evaluations as printed tables or one JSON object."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ui.cli.options import DataDir, JsonOut, settings_from


def eval_retrieval_command(
    k: int = typer.Option(5, "-k", help="Cut-off for recall@k."),
    data_dir: Path | None = DataDir,
    json_out: bool = JsonOut,
) -> None:
    """Recall@k and MRR for BM25, dense and hybrid retrieval on the written question set."""
    from assistant.guidelines.evaluate import evaluate, load_eval_items, print_table
    from assistant.guidelines.search import open_index

    report = evaluate(open_index(settings_from(data_dir)), load_eval_items(), k)
    print(json.dumps(report, default=str)) if json_out else print_table(report)


def eval_interactions_command(json_out: bool = JsonOut) -> None:
    """Recall on contraindicated/major pairs and false alarms on safe pairs."""
    from assistant.drugs import evaluate as drug_eval

    if json_out:
        print(json.dumps(drug_eval.evaluate(), default=str))
    else:
        drug_eval.main()
