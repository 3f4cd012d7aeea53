"""The same extractor on Apache Spark: articles in (JSONL, Parquet, WARC), output-contract Parquet out.

Install with `pip install 'sitrep-events[spark]'`. The extraction itself is `sitrep.pipeline.Pipeline`,
unchanged: each Python worker loads it once (a module-level cache that lives as long as the worker, which
Spark reuses across tasks by default) and runs it over its partitions through `mapInPandas`.

Output schema (`output_schema()`): one row per record, the output contract's fields with their JSON
names; `event_date` and `published` are dates; `evidence` is a JSON string (`{field: [{start, end,
text}]}`, exactly what `sitrep extract` writes); aggregate records fill `aggregate_id`, `qualifier`,
`period`, `region`, `consistent_with` and `consistency_note`, and leave the event columns null.
Documents that cannot be read (no text, a date that is not a date, a page with no article) are written
beside the output, to `<output>_rejected`, with their source and the reason, and the run goes on.

Merging (`merge_events_frame`) groups events by country, admin1 and a date window, and runs
`sitrep.merge.merge_events` inside each group with `applyInPandas`. The windows are fixed, so each report
lands in exactly one group; reports of one event that fall in different groups (different admin1, or
either side of a window edge) stay apart.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import types
import typing
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sitrep.records import Aggregate, Article, Event

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

INPUT_COLUMNS = ("id", "text", "html", "title", "published", "url", "source", "rejected")
AGGREGATE_ONLY = ("aggregate_id", "qualifier", "period", "region", "consistent_with", "consistency_note")
REJECTED_COLUMNS = ("source", "reason")
MERGE_WINDOW_DAYS = 4

_PIPELINE: Any = None  # one per Python worker: models and the gazetteer load once, not per task


def _pipeline() -> Any:
    global _PIPELINE
    if _PIPELINE is None:
        from sitrep.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


# -- schema -------------------------------------------------------------------------------------
def _kind(annotation: Any) -> str:
    """ "int", "float", "date", "str" or "json" for a pydantic field annotation."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = (
        args[0] if args and (typing.get_origin(annotation) in (typing.Union, types.UnionType)) else annotation
    )
    if base is int:
        return "int"
    if base is float:
        return "float"
    if base is dt.date:
        return "date"
    if base is str or typing.get_origin(base) is typing.Literal:
        return "str"
    return "json"


def column_kinds() -> dict[str, str]:
    """Every output column, in the contract's order (event fields, then aggregate-only ones)."""
    kinds = {name: _kind(f.annotation) for name, f in Event.model_fields.items()}
    for name in AGGREGATE_ONLY:
        kinds[name] = _kind(Aggregate.model_fields[name].annotation)
    kinds["consistent_with"] = "list"
    return kinds


def output_schema() -> Any:
    from pyspark.sql import types as T

    spark_types = {
        "int": T.LongType(),
        "float": T.DoubleType(),
        "date": T.DateType(),
        "str": T.StringType(),
        "json": T.StringType(),
        "list": T.ArrayType(T.StringType()),
    }
    fields = [T.StructField(name, spark_types[kind], True) for name, kind in column_kinds().items()]
    fields.append(T.StructField("reason", T.StringType(), True))
    return T.StructType(fields)


def input_schema() -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(c, T.StringType(), True) for c in INPUT_COLUMNS])


# -- rows ---------------------------------------------------------------------------------------
def record_row(record: Event | Aggregate) -> dict[str, Any]:
    """One record as an output row: contract names, dates as dates, evidence as JSON text."""
    data = record.model_dump(mode="json")
    row: dict[str, Any] = {}
    for name, kind in column_kinds().items():
        value = data.get(name)
        if kind == "date" and value is not None:
            value = dt.date.fromisoformat(value)
        elif kind == "json" and value is not None:
            value = json.dumps(value, ensure_ascii=False)
        row[name] = value
    row["reason"] = None
    return row


def rejected_row(source: str, reason: str) -> dict[str, Any]:
    row = dict.fromkeys(column_kinds())
    row.update(record_type="rejected", doc_id=source, reason=reason)
    return row


def extract_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Input rows ({id, text, html, …}, as `sitrep extract` reads a JSONL line) to output rows.

    Pure apart from the cached pipeline; the Spark job and the tests call exactly this.
    """
    from sitrep.ingest.files import Rejected, article_from_row

    articles: list[Article] = []
    out: list[dict[str, Any]] = []
    for number, raw in enumerate(rows):
        clean = {k: v for k, v in raw.items() if v is not None and not (isinstance(v, float) and v != v)}
        where = str(clean.get("id") or f"row {number}")
        if clean.get("rejected"):  # the reader already found it unreadable (a WARC record, a bad line)
            out.append(rejected_row(where, str(clean["rejected"])))
            continue
        item = article_from_row(clean, where)
        if isinstance(item, Rejected):
            out.append(rejected_row(item.source, item.reason))
        else:
            articles.append(item)
    for _article, records in _pipeline().extract_many(articles):
        out.extend(record_row(r) for r in records)
    return out


def to_pandas(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    columns = [*column_kinds(), "reason"]
    frame = pd.DataFrame(rows, columns=columns)
    for name, kind in column_kinds().items():
        if kind == "int":
            frame[name] = frame[name].astype("Int64")
        elif kind == "float":
            frame[name] = frame[name].astype("float64")
    return frame


def extract_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The `mapInPandas` function: one pandas batch of articles in, one of records out."""
    for batch in batches:
        rows = extract_rows(batch.to_dict("records"))
        yield to_pandas(rows)


def warc_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """`binaryFile` rows (path, content) to article rows, through the same WARC reader as `sitrep ingest`."""
    from pathlib import Path

    import pandas as pd

    from sitrep.ingest.files import Rejected
    from sitrep.ingest.warc import read_warc

    for batch in batches:
        rows: list[dict[str, Any]] = []
        for path, content in zip(batch["path"], batch["content"], strict=True):
            suffix = ".warc.gz" if str(path).endswith(".gz") else ".warc"
            # fastwarc reads files; executors get bytes, so they go through a local temporary file.
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                tmp.write(content)
                tmp.flush()
                for item in read_warc(Path(tmp.name)):
                    if isinstance(item, Rejected):
                        rows.append({"id": f"{path}: {item.source}", "rejected": item.reason})
                    else:
                        rows.append(
                            {
                                "id": item.id,
                                "text": item.text,
                                "title": item.title,
                                "published": item.published.isoformat() if item.published else None,
                                "url": item.url,
                                "source": item.source,
                            }
                        )
        yield pd.DataFrame(rows, columns=list(INPUT_COLUMNS))


# -- the jobs -----------------------------------------------------------------------------------
def read_articles(spark: SparkSession, path: str, fmt: str = "auto") -> DataFrame:
    """JSONL, Parquet or WARC articles as a DataFrame of the input columns (strings)."""
    from pyspark.sql import functions as F

    if fmt == "auto":
        lowered = path.rstrip("/").lower()
        if lowered.endswith((".parquet", ".pq")):
            fmt = "parquet"
        elif lowered.endswith((".warc", ".warc.gz")):
            fmt = "warc"
        else:
            fmt = "jsonl"
    if fmt == "warc":
        files = spark.read.format("binaryFile").load(path).select("path", "content")
        return files.mapInPandas(warc_batches, schema=input_schema())
    if fmt == "parquet":
        frame = spark.read.parquet(path)
    elif fmt == "jsonl":
        # A line that is not JSON becomes a row with only _corrupt_record: kept, and rejected later.
        frame = spark.read.option("mode", "PERMISSIVE").json(path)
    else:
        raise ValueError(f"unknown input format {fmt!r}: use jsonl, parquet, warc or auto")
    present = set(frame.columns)
    columns = [
        (F.col(c).cast("string") if c in present else F.lit(None).cast("string")).alias(c)
        for c in INPUT_COLUMNS
        if c != "rejected"
    ]
    if "_corrupt_record" in present:
        reason = F.when(F.col("_corrupt_record").isNotNull(), F.lit("line is not JSON"))
        columns.append(reason.alias("rejected"))
    else:
        columns.append(F.lit(None).cast("string").alias("rejected"))
    return frame.select(*columns)


def extract_frame(articles: DataFrame) -> DataFrame:
    return articles.mapInPandas(extract_batches, schema=output_schema())


def run_extract(
    spark: SparkSession,
    input_path: str,
    output_path: str,
    fmt: str = "auto",
    rejected_path: str | None = None,
) -> dict[str, int]:
    """Read, extract, write Parquet; rejected documents go to `<output>_rejected`. Returns counts."""
    from pyspark.sql import functions as F

    articles = read_articles(spark, input_path, fmt)
    # A small JSONL file is one partition: spread it so every core (and executor) gets work.
    wanted = spark.sparkContext.defaultParallelism * 2
    if articles.rdd.getNumPartitions() < wanted:
        articles = articles.repartition(wanted)
    records = extract_frame(articles).persist()
    try:
        good = records.filter(F.col("record_type") != "rejected").drop("reason")
        good.write.mode("overwrite").parquet(output_path)
        bad = records.filter(F.col("record_type") == "rejected").select(
            F.col("doc_id").alias("source"), "reason"
        )
        counts = {
            row["record_type"]: row["count"] for row in records.groupBy("record_type").count().collect()
        }
        if counts.get("rejected"):
            bad.write.mode("overwrite").parquet(rejected_path or f"{output_path.rstrip('/')}_rejected")
    finally:
        records.unpersist()
    return counts


# -- merging ------------------------------------------------------------------------------------
def window_start(day: dt.date | None, width: int = MERGE_WINDOW_DAYS) -> int:
    """The date window a day falls in, as the day number of the window's first day (-1: no date)."""
    if day is None:
        return -1
    n = day.toordinal()
    return n - n % width


def merge_group(frame: pd.DataFrame) -> pd.DataFrame:
    """`applyInPandas` over one (country, admin1, window) group: merged events with their reports."""
    import pandas as pd

    from sitrep.merge import merge_events

    events = [_event_from_row(row) for row in frame.to_dict("records")]
    index = merge_events(events)
    rows = []
    for cid, cluster in index.clusters.items():
        row = record_row(cluster.canonical)
        row.pop("reason", None)
        row["canonical_id"] = cid
        row["mention_ids"] = [m.event_id for m in cluster.mentions]
        rows.append(row)
    out = pd.DataFrame(rows, columns=[*column_kinds(), "canonical_id", "mention_ids"])
    for name, kind in column_kinds().items():
        if kind == "int":
            out[name] = out[name].astype("Int64")
        elif kind == "float":
            out[name] = out[name].astype("float64")
    return out


def _event_from_row(row: dict[str, Any]) -> Event:
    data = {}
    for name in Event.model_fields:
        value = row.get(name)
        if value is None or (isinstance(value, float) and value != value):
            continue
        if hasattr(value, "item"):  # numpy scalars from pandas
            value = value.item()
        if name == "evidence":
            value = json.loads(value)
        data[name] = value
    return Event.model_validate(data)


def merge_events_frame(events: DataFrame, width: int = MERGE_WINDOW_DAYS) -> DataFrame:
    """Merged events: grouped by country, admin1 and a `width`-day window, merged with `sitrep.merge`.

    The windows are fixed and do not overlap, so every report lands in exactly one group and none is
    lost or counted twice; the price is that two reports of one event on either side of a window edge
    (or with different admin1) stay two events. `sitrep merge` on one machine has no such edges.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    schema = T.StructType(
        [f for f in output_schema().fields if f.name != "reason"]
        + [
            T.StructField("canonical_id", T.StringType()),
            T.StructField("mention_ids", T.ArrayType(T.StringType())),
        ]
    )
    day = F.datediff(F.col("event_date"), F.lit("0001-01-01")) + 1  # date.toordinal()
    window = F.when(F.col("event_date").isNull(), F.lit(-1)).otherwise(day - F.pmod(day, F.lit(width)))
    only_events = events.filter(F.col("record_type") == "event").drop("reason")
    columns = list(only_events.columns)
    keyed = only_events.withColumn("_country", F.coalesce("iso3", "country")).withColumn("_window", window)
    return keyed.groupBy("_country", "admin1", "_window").applyInPandas(
        lambda frame: merge_group(frame[columns]), schema=schema
    )


def run_merge(spark: SparkSession, input_path: str, output_path: str) -> int:
    merged = merge_events_frame(spark.read.parquet(input_path))
    merged.write.mode("overwrite").parquet(output_path)
    return spark.read.parquet(output_path).count()


def local_session(master: str = "local[2]", app: str = "sitrep") -> SparkSession:
    """A local session whose Python workers use this interpreter (so they see this sitrep)."""
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "256")
        .getOrCreate()
    )


def contract_dict(row: dict[str, Any]) -> dict[str, Any]:
    """An output row back in the JSON contract's shape (what `sitrep extract` writes for that record)."""
    kinds = column_kinds()
    is_event = row.get("record_type") == "event"
    names = Event.model_fields if is_event else Aggregate.model_fields
    out: dict[str, Any] = {}
    for name in names:
        value = row.get(name)
        if value is None or (isinstance(value, float) and value != value):
            value = None
        elif hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if value is not None:
            kind = kinds[name]
            if kind == "date":
                value = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]
            elif kind == "json":
                value = json.loads(value)
            elif kind == "int":
                value = int(value)
            elif kind == "list":
                value = [str(v) for v in value]
        if name == "evidence" and value is None:
            value = {}
        out[name] = value
    return out
