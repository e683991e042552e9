"""Spark: namesake.spark.screen in local[2] finds exactly the command line's hits."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

import namesake
from conftest import java_available, missing, run_cli
from customers import customers, write

N_CUSTOMERS = 100_000
N_PLANTED = 300


@pytest.fixture(scope="module")
def spark():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        missing("pyspark is not installed")
    if not java_available():
        missing("no Java for Spark (apt-get install openjdk-17-jre-headless)")
    # The workers run this interpreter, the one namesake is installed in.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("namesake-test")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def cli_rows(jsonl: Path) -> list:
    out = []
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out += [(rec["id"], h["entity_id"], h["score"]) for h in rec["hits"]]
    return sorted(out)


def test_spark_screens_100k_customers_as_the_cli_does(spark, un_list, un_index, shared_data, cli, tmp_path):
    from namesake.spark import screen

    table = customers(N_CUSTOMERS, shared_data / "eval/negatives_us.csv", un_list, N_PLANTED)
    path = write(table, tmp_path / "customers.parquet")
    index_path = tmp_path / "un.idx"
    un_index.save(index_path)

    out = tmp_path / "cli.jsonl"
    run_cli(cli, tmp_path / "home", "screen", "--list", str(un_list), "--input", str(path),
            "--output", str(out), "--no-audit", "--no-cache")
    expected = cli_rows(out)

    df = spark.read.parquet(str(path)).repartition(4)
    hits = screen(df, str(index_path), key="id")
    assert hits.columns == ["id", "entity_id", "score", "band", "list", "name", "matched_name",
                            "explanation"]
    rows = hits.collect()
    got = sorted((r["id"], r["entity_id"], r["score"]) for r in rows)
    assert len(got) == len(expected), f"Spark: {len(got)} hits, the CLI: {len(expected)}"
    assert got == expected
    assert len({r[0] for r in expected}) >= N_PLANTED * 0.9, "the planted listed people are found"
    assert all(r["band"] in ("strong", "probable", "possible", "none") for r in rows)
    assert all(json.loads(r["explanation"]) for r in rows[:50])


def test_spark_columns_mapping_and_errors(spark, un_index, tmp_path):
    from namesake.spark import screen

    index_path = tmp_path / "un-small.idx"
    un_index.save(index_path)
    df = spark.createDataFrame(
        [(1, "Abu Bakr al-Baghdadi", "1971"), (2, "Jane Roe Nobody", None)],
        "customer_no long, `customer.name` string, born string",
    )
    hits = screen(df, str(index_path), key="customer_no",
                  columns={"name": "customer.name", "date_of_birth": "born"}, ship=False)
    rows = hits.collect()
    assert rows and {r["customer_no"] for r in rows} == {1}
    expected = [h.entity_id for h in un_index.screen("Abu Bakr al-Baghdadi", dob="1971")]
    assert [r["entity_id"] for r in rows] == expected
    with pytest.raises(ValueError, match="key column 'nope'"):
        screen(df, str(index_path), key="nope")
    with pytest.raises(ValueError, match="threshold"):
        screen(df, str(index_path), key="customer_no", threshold=2.0)
