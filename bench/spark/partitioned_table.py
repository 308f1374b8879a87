"""A small Parquet table written by Spark the way teams keep vectors: partitioned by a column
(`df.write.partitionBy("genre").parquet(...)`), so the folder holds `genre=…/part-*.parquet`
plus `_SUCCESS` and `.crc` files. The fixture of tests/formats_spark.rs (the folder-table
reader and its partition column offered for colouring).

    path/to/venv/bin/python bench/spark/partitioned_table.py tests/fixtures/spark_partitioned
"""
import json
import math
import sys

from pyspark.sql import SparkSession
from pyspark.sql.types import ArrayType, FloatType, StringType, StructField, StructType

out = sys.argv[1]
genres = ["comedy", "drama", "sci-fi"]
rows = []
for i in range(12):
    g = genres[i % 3]
    # Each genre around its own direction, so the map shows three groups.
    base = [1.0 if d == i % 3 else 0.0 for d in range(4)]
    vec = [float(round(b + 0.1 * math.sin(i * 7 + d), 6)) for d, b in enumerate(base)]
    rows.append((f"m{i:02d}", f"Movie {i}", g, vec))
spark = (SparkSession.builder.master("local[1]").appName("embedscope-partitioned")
         .config("spark.ui.enabled", "false").getOrCreate())
schema = StructType([StructField("id", StringType()), StructField("title", StringType()),
                     StructField("genre", StringType()),
                     StructField("vector", ArrayType(FloatType()))])
df = spark.createDataFrame(rows, schema).repartition(2)
df.write.mode("overwrite").partitionBy("genre").parquet(out)
spark.stop()
print(json.dumps({"cmd": "partitioned_table", "rows": len(rows), "genres": genres,
                  "first": {"id": rows[0][0], "vector": rows[0][3]}}))
