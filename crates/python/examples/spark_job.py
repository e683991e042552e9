"""Screen a table of customers on a Spark cluster: one row per hit, with the customer's key.

    spark-submit --master yarn spark_job.py \\
        --lists un_sc_consolidated.xml ofac_sdn.csv \\
        --customers s3a://bank/customers.parquet --key customer_id \\
        --output s3a://bank/screening/2026-03-01/

The driver builds the index from the list files and saves it; Spark ships the file to every
executor (SparkContext.addFile), whose Python workers load it once and screen their partitions.
Every node's Python needs the namesake wheel (see docs/spark.md).
"""

import argparse
import os
import tempfile
import time

from pyspark.sql import SparkSession

import namesake
from namesake.spark import screen


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lists", nargs="+", required=True, help="list files, read on the driver")
    p.add_argument("--customers", required=True, help="Parquet (or CSV with --csv) of customers")
    p.add_argument("--csv", action="store_true", help="the customers are CSV with a header row")
    p.add_argument("--key", default="id", help="the customers' key column (default: id)")
    p.add_argument("--threshold", type=float, default=None)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--output", required=True, help="where the hits go (Parquet)")
    args = p.parse_args()

    spark = SparkSession.builder.appName("namesake-screening").getOrCreate()
    index = namesake.Index.from_files(args.lists)
    # A name of its own per run: addFile refuses a second, different file under the same name.
    index_path = os.path.join(tempfile.mkdtemp(), f"namesake-{int(time.time())}.idx")
    index.save(index_path)
    print(f"index: {index!r} -> {index_path}")

    reader = spark.read.option("header", True) if args.csv else spark.read
    customers = reader.csv(args.customers) if args.csv else reader.parquet(args.customers)
    hits = screen(customers, index_path, key=args.key, threshold=args.threshold, limit=args.limit)
    hits.write.mode("overwrite").parquet(args.output)
    print(f"hits written to {args.output}")


if __name__ == "__main__":
    main()
