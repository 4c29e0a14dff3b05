#!/usr/bin/env python3
"""Run copylint over a list of files on Spark: the map step of an audit too big for one
machine. The reduce step is `copylint report --from OUTPUT/part-*`.

    spark-submit contrib/spark/copylint_spark.py \\
        --binary target/release/copylint --files-from files.txt \\
        --root s3a://collateral/ --output s3a://audits/2026-12/jsonl --partitions 64 \\
        -- --no-config

Each line of the list (`--files-from`, one per line) is a path or any URI Spark's
`binaryFiles` reads (`s3a://`, `abfss://`, `gs://`, `hdfs://`, `file:`). Either Spark
reads the files (`--read spark`, the default for a URI root) and each partition writes
its files under their path relative to `--root` into a temporary folder on the executor,
or, for a local root every executor sees at the same path (`--read local`, the default
for a local root), copylint reads them there. Each partition runs the copylint binary
(shipped with `SparkContext.addFile`) once over its files with
`check --format jsonl --files-from`, with as many threads as `spark.task.cpus`. Each
partition's output is one complete run, ending with its summary line, saved as one
`part-NNNNN` text file; `copylint report --from` merges them into the report one run
over every file would make. The paths in the report are the paths relative to `--root`,
so waivers and baselines written for a checkout of that root apply unchanged.

Arguments after `--` go to `copylint check` (for example `--no-config`, or `--config`,
`--lexicon`, `--baseline` with files given to `--ship`, which are sent to every executor
and named there by their file name). The report must be made with the same lexicons,
config and baseline: `report --from` refuses shards made otherwise.

The binary must run on the executors (for a cluster, a static Linux build:
`cargo build --release --target x86_64-unknown-linux-musl`).
"""

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile

# How a copylint argument names a file sent with --ship, resolved on the executor.
SHIPPED = "shipped:"

# Characters Hadoop reads as globs or list separators in a path given to binaryFiles.
HADOOP_SPECIAL = set(",{}[]*?\\")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Run copylint over a list of files on Spark; writes JSON Lines."
    )
    parser.add_argument("--binary", required=True, help="the copylint binary to ship")
    parser.add_argument(
        "--files-from", required=True, help="the list of files, one path or URI a line"
    )
    parser.add_argument(
        "--root",
        default=".",
        help="paths in the report are relative to this folder or URI (default: the current folder)",
    )
    parser.add_argument("--output", required=True, help="folder (or URI) for the JSON Lines")
    parser.add_argument("--partitions", type=int, default=0, help="partitions (default: Spark's)")
    parser.add_argument(
        "--ship", action="append", default=[], help="a file copylint's arguments name (repeatable)"
    )
    parser.add_argument(
        "--read",
        choices=["auto", "local", "spark"],
        default="auto",
        help="who reads the files: copylint on the executors, from a folder they all see "
        "at the same path (local), or Spark's binaryFiles (spark); auto: local for a local "
        "--root, spark otherwise",
    )
    parser.add_argument("--master", help="Spark master, when not run by spark-submit")
    parser.add_argument("copylint_args", nargs="*", help="arguments for copylint check (after --)")
    return parser.parse_args(argv)


def as_uri(path):
    """A path or URI as Spark's binaryFiles names it (`file:/abs/path` for local files)."""
    if "://" in path or path.startswith("file:"):
        return path.replace("file:///", "file:/", 1).replace("file://localhost/", "file:/", 1)
    return "file:" + os.path.abspath(path)


def relative(uri, root):
    """The path of `uri` below `root`, checked: no absolute path, no `..`, no empty part.

    File names come from the storage being audited and are not trusted: the result is
    written into a temporary folder, so it must stay inside it.
    """
    if not uri.startswith(root):
        raise ValueError(f"{uri} is not below --root {root}")
    rel = uri[len(root):]
    parts = rel.split("/")
    if not rel or any(p in ("", ".", "..") or "\0" in p for p in parts):
        raise ValueError(f"{uri}: unsafe path below --root: {rel!r}")
    return rel


def copylint_run(binary_name, cwd, names, copylint_args, work):
    """Runs the shipped copylint once over `names` (relative to `cwd`); yields its lines."""
    from pyspark import SparkFiles

    binary = os.path.join(work, "copylint-bin")
    shutil.copyfile(SparkFiles.get(binary_name), binary)
    os.chmod(binary, stat.S_IRWXU)
    file_list = os.path.join(work, "files.list")
    with open(file_list, "wb") as f:
        # NUL-separated: a file name may hold a newline.
        f.write(b"".join(os.fsencode(n) + b"\0" for n in names))
    args = [
        SparkFiles.get(a[len(SHIPPED):]) if a.startswith(SHIPPED) else a for a in copylint_args
    ]
    command = [binary, "check", "--format", "jsonl", "--files-from", file_list] + args
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    last = None
    for line in proc.stdout:
        last = line
        yield line.decode("utf-8").rstrip("\n")
    stderr = proc.stderr.read().decode("utf-8", "replace")
    status = proc.wait()
    # 0 clean, 1 findings, 2 some file could not be checked (said in the output);
    # anything else, or no summary line, means the run itself failed.
    if status not in (0, 1, 2) or last is None or b'"type":"summary"' not in last:
        raise RuntimeError(f"copylint failed (status {status}): {stderr}")


def check_read_by_spark(records, binary_name, root, copylint_args):
    """Checks one partition of (URI, bytes) with one copylint run; yields its JSON Lines.

    The files are written under their path relative to `root` into a temporary folder,
    which copylint runs in, so the paths it reports are those relative paths.
    """
    work = tempfile.mkdtemp(prefix="copylint-")
    try:
        docs = os.path.join(work, "docs")
        os.mkdir(docs)
        names = []
        for uri, data in records:
            rel = relative(uri, root)
            target = os.path.join(docs, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(data)
            names.append(rel)
        yield from copylint_run(binary_name, docs, names, copylint_args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_local(names, binary_name, root_dir, copylint_args):
    """Checks one partition of paths relative to `root_dir`, a folder every executor sees
    at the same place (a local or shared file system): copylint reads them there."""
    work = tempfile.mkdtemp(prefix="copylint-")
    try:
        yield from copylint_run(binary_name, root_dir, list(names), copylint_args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark import SparkConf, SparkContext

    # Split by bytes, not by a guessed 4 MB cost of opening each file: documents are
    # small, and with that cost binaryFiles puts thousands of them in one partition.
    conf = SparkConf().setAppName("copylint").setIfMissing("spark.files.openCostInBytes", "8192")
    if args.master:
        conf = conf.setMaster(args.master)
    sc = SparkContext.getOrCreate(conf)
    sc.addFile(os.path.abspath(args.binary))
    binary_name = os.path.basename(args.binary)
    shipped = {}
    for path in args.ship:
        sc.addFile(os.path.abspath(path))
        shipped[path] = SHIPPED + os.path.basename(path)
    # A shipped file is named by its place on the executor, found there.
    copylint_args = [shipped.get(a, a) for a in args.copylint_args]
    # One task, as many threads as Spark gives it cores (copylint would take them all).
    if not any(a in ("-j", "--jobs") or a.startswith(("-j", "--jobs=")) for a in copylint_args):
        copylint_args += ["--jobs", sc.getConf().get("spark.task.cpus", "1")]

    root = as_uri(args.root).rstrip("/") + "/"
    with open(args.files_from, "rb") as f:
        entries = [line.decode("utf-8") for line in f.read().splitlines() if line.strip()]
    if not entries:
        raise SystemExit(f"{args.files_from} lists no files")
    uris = [as_uri(e) for e in entries]
    names = [relative(uri, root) for uri in uris]
    partitions = args.partitions or sc.defaultParallelism
    read = args.read
    if read == "auto":
        read = "local" if root.startswith("file:") else "spark"
    if read == "local":
        if not root.startswith("file:"):
            raise SystemExit(f"--read local needs a local --root, not {root}")
        root_dir = root[len("file:"):]
        paths = sc.parallelize(names, partitions)
        lines = paths.mapPartitions(
            lambda part: check_local(part, binary_name, root_dir, copylint_args)
        )
    else:
        for uri in uris:
            if HADOOP_SPECIAL & set(uri):
                raise SystemExit(
                    f"{uri}: Spark would read , {{ }} [ ] * ? \\ in a path as a pattern; rename the file or check it apart"
                )
        files = sc.binaryFiles(",".join(uris), minPartitions=partitions)
        if files.getNumPartitions() < partitions:
            # Too few splits to give every core work: spread the files (one shuffle).
            files = files.repartition(partitions)
        lines = files.mapPartitions(
            lambda records: check_read_by_spark(records, binary_name, root, copylint_args)
        )
    lines.saveAsTextFile(args.output)
    sc.stop()


if __name__ == "__main__":
    main()
