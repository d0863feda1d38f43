"""Field-level precision and recall of ``dashboard.ingest.extract`` over the development set (``cases/``).

Each case is a real post (``NN-slug.txt``, its address on the first line) and a gold file written by reading
it (``NN-slug.json``: the command's keys, plus ``_input``: the unit and published date the uploader would
give). ``python -m tests.extract.scoring`` prints the table ``docs/extraction.md`` reports.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from dashboard.contract.text import fold_key
from dashboard.ingest.extract import extract

CASES = Path(__file__).resolve().parent / "cases"
SCORED = ("date", "session", "title", "kind", "unit", "document codes", "document dates", "roles", "speakers",
          "groups", "counts")


def cases() -> list[tuple[str, str, dict]]:
    out = []
    for text_path in sorted(CASES.glob("*.txt")):
        gold = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        out.append((text_path.stem, text_path.read_text(encoding="utf-8"), gold))
    return out


def run_case(text: str, gold: dict, units: list[str]) -> dict:
    given = gold["_input"]
    published = date.fromisoformat(given["published"]) if given.get("published") else None
    return extract(text, unit=given.get("unit"), units=units, published=published)


def _items(result: dict, field: str) -> set:
    """What one result says about ``field``, as a set of comparable items (empty: nothing said)."""
    if field == "date":
        return {(result["date"], result["end_date"])} if result["date"] else set()
    if field in ("session", "kind", "attendees_min"):
        return {result[field]} if result[field] is not None else set()
    if field in ("title", "unit"):
        return {fold_key(result[field]).strip(" .,;")} if result[field] else set()
    if field == "document codes":
        return {d["code"] for d in result["documents"] if d["code"]}
    if field == "document dates":
        return {(d["code"], d["date"]) for d in result["documents"] if d["code"] and d["date"]}
    if field == "roles":
        return {(d["code"], d["role"]) for d in result["documents"] if d["code"] and d["role"]}
    if field == "speakers":
        return {fold_key(s["name"]) for s in result["speakers"]}
    if field == "groups":
        return {t for g in result["groups"] for t in g["organizations"]}
    raise KeyError(field)


_FIELD_KEY = {"counts": "attendees_min"}


def score() -> dict[str, dict[str, float]]:
    """``{field: {"precision", "recall", "gold", "found", "right"}}`` over every case."""
    all_cases = cases()
    units = sorted({gold["unit"] for _, _, gold in all_cases if gold["unit"]})
    totals = {field: [0, 0, 0] for field in SCORED}  # gold items, found items, right items
    for _, text, gold in all_cases:
        result = run_case(text, gold, units)
        for field in SCORED:
            key = _FIELD_KEY.get(field, field)
            want, got = _items(gold, key), _items(result, key)
            totals[field][0] += len(want)
            totals[field][1] += len(got)
            totals[field][2] += len(want & got)
    table = {}
    for field, (n_gold, n_found, n_right) in totals.items():
        table[field] = {"precision": n_right / n_found if n_found else 1.0,
                        "recall": n_right / n_gold if n_gold else 1.0,
                        "gold": n_gold, "found": n_found, "right": n_right}
    return table


def misses() -> list[str]:
    """Every disagreement with the gold, one line each (what to read when a score drops)."""
    all_cases = cases()
    units = sorted({gold["unit"] for _, _, gold in all_cases if gold["unit"]})
    lines = []
    for name, text, gold in all_cases:
        result = run_case(text, gold, units)
        for field in SCORED:
            key = _FIELD_KEY.get(field, field)
            want, got = _items(gold, key), _items(result, key)
            if want != got:
                lines.append(f"{name}: {field}: missing {sorted(want - got, key=str)}, extra {sorted(got - want, key=str)}")
    return lines


if __name__ == "__main__":
    print(f"{len(cases())} posts\n")
    print("| field | precision | recall | gold items |")
    print("|---|---|---|---|")
    for field, row in score().items():
        print(f"| {field} | {row['precision']:.0%} | {row['recall']:.0%} | {row['gold']} |")
    print()
    print("\n".join(misses()))
