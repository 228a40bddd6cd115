"""`coverage`: the status of each disclosure item, per file."""

from __future__ import annotations

import json

import typer

from ..items import ITEMS, item_statuses, tally
from ..report_issues import text_line
from ..validate import check_file, expand_paths

LABELS = {
    "disclosed": "[x] disclosed",
    "withheld": "[w] withheld",
    "not_applicable": "[-] not applicable",
    "not_disclosed": "[ ] not disclosed",
}


def run_coverage(paths: list[str], fmt: str) -> int:
    files, problems = expand_paths(paths)
    for issue in problems:
        typer.echo(text_line(issue), err=True)
    failed = bool(problems)
    docs = []
    for name in files:
        result = check_file(name)
        if result.disclosure is None:
            failed = True
            for issue in result.issues:
                typer.echo(text_line(issue), err=True)
            continue
        statuses = item_statuses(result.disclosure)
        counts = tally(statuses)
        if fmt == "json":
            docs.append(
                {
                    "file": name,
                    "counts": counts,
                    "items": [
                        {
                            "id": s.item.id,
                            "number": s.item.number,
                            "title": s.item.title,
                            "status": s.status,
                            "reasons": list(s.reasons),
                        }
                        for s in statuses
                    ],
                }
            )
            continue
        typer.echo(
            f"{name}: disclosed {counts['disclosed']}/{len(ITEMS)}, withheld {counts['withheld']}, "
            f"not applicable {counts['not_applicable']}, not disclosed {counts['not_disclosed']}"
        )
        for s in statuses:
            reason = f": {'; '.join(s.reasons)}" if s.reasons else ""
            typer.echo(f"  {s.item.number:>2}. {s.item.title:<38} {LABELS[s.status]}{reason}")
    if fmt == "json":
        typer.echo(json.dumps(docs, indent=2, ensure_ascii=False))
    return 1 if failed else 0
