#!/usr/bin/env python3
"""Writes a CSV of generated people who are on no list, in every locale Faker has (Latin,
Arabic, Cyrillic, Han, Hangul, kana, Devanagari, Bengali, Hebrew, Greek, Thai, Armenian,
Georgian...), in the columns of ../shared/data/eval/negatives_us.csv.

It is a stand-in for a held-back set of people in many scripts: screen it with
`namesake-eval negatives FILE` to see which rows raise a hit and why. Nothing in the matcher
is tuned to a name in it; the rows are read to find classes of false alarms.

    python3 -m venv /tmp/fk && /tmp/fk/bin/pip install faker
    /tmp/fk/bin/python scripts/multiscript_negatives.py 50000 /tmp/negatives_ms.csv
"""
import csv
import random
import sys
import warnings

from faker import Faker
from faker.config import AVAILABLE_LOCALES

warnings.simplefilter("ignore")


def main(n: int, out: str, seed: int = 7) -> None:
    rng = random.Random(seed)
    fakers = []
    for i, loc in enumerate(sorted(AVAILABLE_LOCALES)):
        try:
            f = Faker(loc)
            f.seed_instance(seed * 1000 + i)
            f.first_name()
            f.last_name()
        except Exception:  # a locale without a person provider
            continue
        fakers.append((loc, f))
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["full_name", "first_name", "middle_name", "last_name", "gender",
                    "date_of_birth", "place_of_birth", "nationality", "locale"])
        for k in range(n):
            loc, f = fakers[k % len(fakers)]
            gender = rng.choice(["male", "female"])
            first = getattr(f, f"first_name_{gender}", f.first_name)()
            last = getattr(f, f"last_name_{gender}", f.last_name)()
            # Chinese, Japanese and Korean names are written family name first, unspaced.
            full = f"{last}{first}" if loc[:2] in ("zh", "ja", "ko") else f"{first} {last}"
            dob = f.date_of_birth(minimum_age=18, maximum_age=90).isoformat()
            w.writerow([full, first, "", last, gender, dob, "", "", loc])
    print(f"{n} people from {len(fakers)} locales written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
