"""Benchmark: namesake.spark.screen in local[2] against `namesake screen` on the same customers.

    python crates/python/bench/spark_bench.py --rows 1000000 --cli target/release/namesake

Generates `--rows` synthetic customers (crates/python/tests/customers.py: names from
eval/negatives_us.csv, 1 in 1,000 a UN-listed person) as Parquet, then times
1. the CLI: `namesake screen --list … --input customers.parquet --output hits.parquet`
   (building the index from the list files included, as a command line run does);
2. Spark in local[2]: spark.read.parquet → namesake.spark.screen → hits written as Parquet
   (the index loaded by each Python worker included; the session's start timed apart);
3. Index.screen_batch in this process (pyarrow in, pyarrow out, all cores),
and prints rows/s for each and whether the hit counts agree.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE.parent / "tests"))

import pyarrow.parquet as pq  # noqa: E402

import namesake  # noqa: E402
from customers import customers, write  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    p.add_argument("--lists", nargs="+", default=["lists/un_sc_consolidated_2026-02-27.xml"],
                   help="list files, relative to --data")
    p.add_argument("--cli", type=Path, default=REPO / "target" / "release" / "namesake")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--workdir", type=Path, default=None)
    args = p.parse_args()

    lists = [str(args.data / l) for l in args.lists]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="namesake-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"lists: {', '.join(args.lists)}; rows: {args.rows:,}; workdir: {work}")

    started = time.perf_counter()
    table = customers(args.rows, args.data / "eval/negatives_us.csv", Path(lists[0]),
                      planted=max(1, args.rows // 1000))
    data = write(table, work / "customers.parquet")
    print(f"generated in {time.perf_counter() - started:.1f} s: {data}")

    # 1. The command line.
    env = dict(os.environ, NAMESAKE_HOME=str(work / "home"), NAMESAKE_OFFLINE="1")
    cli_out = work / "cli-hits.parquet"
    cmd = [str(args.cli), "screen", *sum((["--list", l] for l in lists), []), "--input", str(data),
           "--output", str(cli_out), "--no-audit", "--no-cache"]
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    cli_s = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"the CLI failed: {done.stderr}")
    cli_hits = pq.read_table(cli_out).num_rows
    print(f"CLI: {cli_s:.1f} s = {args.rows / cli_s:,.0f} rows/s; {cli_hits:,} hits "
          f"({done.stderr.strip().splitlines()[-1]})")

    # 2. Spark.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    from namesake.spark import screen

    started = time.perf_counter()
    index = namesake.Index.from_files(lists)
    index_path = work / f"lists-{int(time.time())}.idx"
    index.save(index_path)
    build_s = time.perf_counter() - started
    print(f"index built and saved in {build_s:.1f} s: {index_path.stat().st_size / 1e6:.1f} MB")
    started = time.perf_counter()
    spark = (SparkSession.builder.master(args.master).appName("namesake-bench")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             # Several input partitions (the file's row groups), so that both cores work.
             .config("spark.sql.files.maxPartitionBytes", "4m")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    session_s = time.perf_counter() - started
    spark_out = work / "spark-hits.parquet"
    started = time.perf_counter()
    hits = screen(spark.read.parquet(str(data)), str(index_path), key="id")
    hits.write.mode("overwrite").parquet(str(spark_out))
    spark_s = time.perf_counter() - started
    spark_hits = spark.read.parquet(str(spark_out)).count()
    partitions = spark.read.parquet(str(data)).rdd.getNumPartitions()
    spark.stop()
    print(f"Spark {args.master}: {spark_s:.1f} s = {args.rows / spark_s:,.0f} rows/s; "
          f"{spark_hits:,} hits; {partitions} input partitions (session start {session_s:.1f} s apart)")

    # 3. screen_batch in-process.
    started = time.perf_counter()
    batch_hits = index.screen_batch(pq.read_table(data)).num_rows
    batch_s = time.perf_counter() - started
    print(f"Index.screen_batch: {batch_s:.1f} s = {args.rows / batch_s:,.0f} rows/s; {batch_hits:,} hits")

    same = cli_hits == spark_hits == batch_hits
    print(f"hit counts agree: {same}")
    print(f"Spark/CLI throughput: {cli_s / spark_s:.2f}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
