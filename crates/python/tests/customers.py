"""Synthetic customers for the Spark test and benchmark: names made of the first and last names
of the 50,000 synthetic people on no list (eval/negatives_us.csv), with people from the UN list
planted among them under their listed names. Seeded: the same rows every run."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import List, Tuple

import pyarrow as pa
import pyarrow.parquet as pq

import namesake

NATIONALITIES = ["us", "gb", "de", "tr", "fr", "iq", "af", "pk", ""]


def name_pools(negatives: Path) -> Tuple[List[str], List[str]]:
    firsts, lasts = set(), set()
    with negatives.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["first_name"]:
                firsts.add(row["first_name"])
            if row["last_name"]:
                lasts.add(row["last_name"])
    return sorted(firsts), sorted(lasts)


def listed_people(list_path: Path) -> List[str]:
    """The primary names of the list's people."""
    out = []
    for e in namesake.read_list(list_path):
        if e["schema"].lower() == "person":
            primary = [n["full"] for n in e["names"] if n["kind"].lower() == "primary"]
            if primary:
                out.append(primary[0])
    return out


def customers(n: int, negatives: Path, list_path: Path, planted: int, seed: int = 17) -> pa.Table:
    """`n` customers (id, name, date_of_birth, nationality), `planted` of them listed people."""
    rng = random.Random(seed)
    firsts, lasts = name_pools(negatives)
    listed = listed_people(list_path)
    names = [f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(n)]
    for i in rng.sample(range(n), planted):
        names[i] = rng.choice(listed)
    years = [str(rng.randint(1940, 2005)) if rng.random() < 0.3 else "" for _ in range(n)]
    countries = [rng.choice(NATIONALITIES) if rng.random() < 0.3 else "" for _ in range(n)]
    return pa.table({
        "id": [f"C{i:07d}" for i in range(n)],
        "name": names,
        "date_of_birth": years,
        "nationality": countries,
    })


def write(table: pa.Table, path: Path) -> Path:
    # Row groups of 50,000 rows: Spark splits a Parquet file by row groups.
    pq.write_table(table, path, row_group_size=50_000)
    return path
