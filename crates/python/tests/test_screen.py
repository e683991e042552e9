"""Python screens as the command line does: the same hits and scores, row by row."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pytest

import namesake
from conftest import REPO, UN_POSITIVES, missing, run_cli


def cli_hits(jsonl: Path) -> list:
    """Per input row, its hits as (entity_id, score), best first."""
    rows = []
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        rows.append([(h["entity_id"], h["score"]) for h in rec["hits"]])
    return rows


def batch_hits(table: pa.Table, n_rows: int) -> list:
    by_row = defaultdict(list)
    for r, e, s in zip(
        table.column("row_index").to_pylist(),
        table.column("entity_id").to_pylist(),
        table.column("score").to_pylist(),
    ):
        by_row[r].append((e, s))
    return [by_row.get(i, []) for i in range(n_rows)]


def test_batch_equals_the_cli_on_un_positives(un_list, un_index, shared_data, cli, tmp_path):
    pd = pytest.importorskip("pandas")
    positives = shared_data / UN_POSITIVES
    out = tmp_path / "cli.jsonl"
    run_cli(cli, tmp_path / "home", "screen", "--list", str(un_list), "--input", str(positives),
            "--output", str(out), "--no-audit", "--no-cache")
    expected = cli_hits(out)

    frame = pd.read_csv(positives, dtype=str, keep_default_na=False)
    assert len(expected) == len(frame), "the CLI wrote one line per input row"
    got = batch_hits(un_index.screen_batch(frame), len(frame))
    for i, (e, g) in enumerate(zip(expected, got)):
        assert g == e, f"row {i} ({frame.iloc[i]['full_name']!r}): Python {g} != CLI {e}"
    with_hits = sum(1 for e in expected if e)
    assert with_hits > len(expected) // 2, "most listed people are found (a comparison of empty results proves nothing)"

    # Single screens of the whole name equal the batch of whole names.
    names = frame[["full_name"]].head(60)
    batch = batch_hits(un_index.screen_batch(names), len(names))
    for i, name in enumerate(names["full_name"]):
        single = [(h.entity_id, h.score) for h in un_index.screen(name)]
        assert single == batch[i], name


def test_pyarrow_polars_and_pandas_inputs_agree(un_index, shared_data):
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(shared_data / UN_POSITIVES, dtype=str, keep_default_na=False).head(100)
    from_pandas = un_index.screen_batch(frame)
    from_arrow = un_index.screen_batch(pa.Table.from_pandas(frame, preserve_index=False))
    assert from_pandas.num_rows > 0
    assert from_arrow.equals(from_pandas)
    pl = pytest.importorskip("polars")
    assert un_index.screen_batch(pl.from_pandas(frame)).equals(from_pandas)
    single = un_index.screen_batch(pa.Table.from_pandas(frame, preserve_index=False).to_batches()[0])
    assert single.num_rows == from_pandas.num_rows


def test_batch_result_columns_and_turkish_headers(un_index):
    table = pa.table({
        "Müşteri No": ["C-1", "C-2", "C-3"],
        "Ad Soyad": ["Abu Bakr al-Baghdadi", "Jane Roe Nobody", None],
        "Doğum Tarihi": ["1971", "", None],
        "ignored": [1, 2, 3],
    })
    with pytest.warns(namesake.NamesakeWarning, match="row 2: name: nothing to screen"):
        hits = un_index.screen_batch(table)
    assert hits.column_names == ["row_index", "id", "entity_id", "score", "band", "list", "name",
                                 "matched_name", "explanation", "suppressed"]
    rows = hits.to_pylist()
    assert rows and {r["row_index"] for r in rows} == {0}
    assert rows[0]["id"] == "C-1" and rows[0]["list"] == "un"
    assert rows[0]["entity_id"] == un_index.screen("Abu Bakr al-Baghdadi", dob="1971")[0].entity_id
    assert json.loads(rows[0]["explanation"])


def test_hit_fields_match_the_cli_json(un_list, un_index, cli, tmp_path):
    done = run_cli(cli, tmp_path / "home", "screen", "--list", str(un_list), "--no-audit",
                   "--no-cache", "--json", "Abu Bakr al-Baghdadi")
    expected = json.loads(done.stdout)["hits"]
    hits = un_index.screen("Abu Bakr al-Baghdadi")
    assert [h.to_dict() for h in hits] == expected
    first = hits[0]
    assert first.entity_id == expected[0]["entity_id"] and first.score == expected[0]["score"]
    assert first.band == expected[0]["band"] and first.list == "un"
    assert first.explanation == expected[0]["explanation"]
    assert first.name and first.matched_name and not first.suppressed
    assert "Hit(entity_id=" in repr(first)


def test_screen_options(un_index):
    all_hits = un_index.screen("Mohammed Ali", threshold=0.5, limit=50)
    top = un_index.screen("Mohammed Ali", threshold=0.5, limit=3)
    assert 3 <= len(top) < len(all_hits)
    kept = {h.entity_id for h in top}
    assert all(h.score <= min(t.score for t in top) for h in all_hits if h.entity_id not in kept)
    assert all(h.score >= 0.9 for h in un_index.screen("Mohammed Omar", threshold=0.9))
    with_dob = un_index.screen("Abu Bakr al-Baghdadi", dob="1971", nationality=["Iraq"],
                               schema="person")
    assert with_dob and with_dob[0].explanation


def test_save_and_load_give_the_same_hits(un_index, tmp_path):
    path = tmp_path / "un.idx"
    un_index.save(path)
    loaded = namesake.Index.load(str(path))
    assert len(loaded) == len(un_index)
    assert loaded.lists == un_index.lists
    for name in ["Abu Bakr al-Baghdadi", "Osama bin Laden", "Kim Jong Un"]:
        assert [h.to_dict() for h in loaded.screen(name)] == [h.to_dict() for h in un_index.screen(name)]


def test_compare_equals_the_cli(cli, tmp_path):
    for a, b in [("Владимир Путин", "Vladimir Putin"), ("ALTUN, Özgür", "Ozgur Altun"),
                 ("John Smith", "Jane Doe")]:
        done = run_cli(cli, tmp_path / "home", "compare", "--json", a, b)
        expected = json.loads(done.stdout)
        got = namesake.compare(a, b)
        assert got.to_dict() == expected
        assert got.score == expected["score"] and got.is_match == expected["match"]
    assert namesake.compare("Ozgur Altun", "ALTUN, Özgür", schema="person").score > 0.9


def test_read_list_gives_every_entity(un_list, un_index):
    entities = namesake.read_list(un_list)
    assert len(entities) == len(un_index)
    assert all(e["id"].startswith("un:") and e["names"] for e in entities)


def test_readme_example_runs():
    """The five-line example in README.md, run as written from the repository's root."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    example = next(b for b in blocks if "namesake.Index.from_files" in b)
    if not (REPO / ".." / "shared" / "data").exists():
        missing("the shared data is not beside the repository")
    done = subprocess.run([sys.executable, "-c", example], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^un:QDi\.\S+ ", done.stdout, re.M), done.stdout
