"""Time the case exports at scale: part of `make bench`, or `python scripts/bench_exports.py --help`.

Builds a database with the demo reference data and demo cases (10,000, then 100,000 by default),
and at each size downloads the anonymised CSV and XLSX export (--repeat times, 1 by default),
signed in as the secretary, each download in a fresh subprocess. Per export it prints the medians
of the wall time, of the CPU time the process spent (all its threads: the XLSX is compressed in a
second one) and of the peak memory growth of that process: its peak resident set size during the
download (VmHWM in /proc/self/status, reset to the size of the moment just before it by writing
5 to /proc/self/clear_refs) minus its size before it, so the app's own start-up does not count.
(Not `getrusage`'s ru_maxrss: Linux carries that over from the parent process into the child it
starts, so the child would report the parent's peak.) And the machine's load average, as other work slows the wall time down.

Rows per second: the rows of the case sheet (one per case, the CSV's rows) per second of wall
time for the whole file, which is what the targets count; next to it, per second of CPU time. For
the XLSX also all its rows (cases, stage changes, activities, barriers, helps) per wall second.

Targets: the peak memory growth may differ by at most 50 MB between the smallest and the largest
size (the exports stream); CSV at least 50,000 case rows/s, XLSX at least 10,000 case rows/s.

Without --database-url the database is a fresh SQLite file in a temporary folder, removed
afterwards; --reuse-dir DIR keeps one SQLite file per size there (bench-exports-N.sqlite), so a
second run skips the generating. With --database-url (e.g. PostgreSQL made by
`scripts/postgres_database.py create URL`) cases are added until each size is reached, so the
database must hold no more than the smallest.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import click  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from initiatives import create_app, ready_to_serve  # noqa: E402
from initiatives.barriers.models import Barrier, Help  # noqa: E402
from initiatives.cases.models import Activity, Initiative, StageChange  # noqa: E402
from initiatives.demo import initiatives as demo_cases  # noqa: E402
from initiatives.demo import operations as demo  # noqa: E402
from initiatives.exports.public_texts import cases_without_current_copy, prepare  # noqa: E402
from initiatives.extensions import db  # noqa: E402

USERNAME = "secretaris"
CSRF_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
FORMATS = ("csv", "xlsx")
#: case rows per second, and the largest allowed growth of the peak memory between sizes (MB)
TARGET_ROWS_PER_SECOND = {"csv": 50_000, "xlsx": 10_000}
TARGET_MEMORY_SPREAD_MB = 50


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="case counts to measure (10000,100000)")
    parser.add_argument("--database-url", help="database to use (default: a fresh SQLite file)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="csv,xlsx")
    parser.add_argument("--seed", type=int, default=demo_cases.DEFAULT_SEED, help="seed for the demo cases")
    parser.add_argument("--repeat", type=int, default=1, help="downloads per export; medians shown (1)")
    parser.add_argument("--reuse-dir", help="a folder for one SQLite file per size, kept and reused")
    parser.add_argument("--one", nargs=2, metavar=("URL", "FORMAT"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def make_app(url):
    return create_app(
        {"ENV_NAME": "testing", "TESTING": False, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False}
    )


def grow_to(app, wanted, seed):
    """Add demo cases until there are `wanted`; return the number of cases."""
    with app.app_context():
        upgrade()
        demo.create_reference_data()
        demo.create_demo_accounts()
        db.session.commit()
        # as after an upgrade in production (`flask exports prepare`): the copies the exports read
        stale = db.session.scalar(
            sa.select(sa.func.count()).select_from(cases_without_current_copy().subquery())
        )
        if stale:
            with click.progressbar(length=stale, label=f"Anonymising the texts of {stale} cases") as bar:
                prepare(db.session, progress=bar.update)
        missing = wanted - db.session.scalar(sa.select(sa.func.count()).select_from(Initiative))
        if missing > 0:
            with click.progressbar(length=missing, label=f"Generating {missing} demo cases") as bar:
                demo_cases.add_initiatives(missing, seed=seed + wanted, progress=bar.update)
        return db.session.scalar(sa.select(sa.func.count()).select_from(Initiative))


def all_rows(app):
    """The rows of every sheet of the XLSX: cases, stage changes, activities, barriers, helps."""
    with app.app_context():
        return sum(
            db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Initiative, StageChange, Activity, Barrier, Help)
        )


def _status_mb(field):
    """A size from /proc/self/status (Linux), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # in kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def start_peak():
    """Reset this process's peak memory to what it holds now; return that, in MB."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # resets VmHWM, the peak resident set size
    return _status_mb("VmRSS")


def peak_mb():
    return _status_mb("VmHWM")


def export_once(url, file_format):
    """In this process: sign in, download one export, print its figures as JSON."""
    app = ready_to_serve(make_app(url))  # as wsgi.py serves it
    client = app.test_client()
    match = CSRF_TOKEN.search(client.get("/login").get_data(as_text=True))
    data = {"username": USERNAME, "password": demo.DEMO_PASSWORD}
    if match:
        data["csrf_token"] = match.group(1)
    response = client.post("/login", data=data)
    if response.status_code != 302:
        sys.exit(f"Signing in as {USERNAME} failed (HTTP {response.status_code}).")
    before = start_peak()
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get(f"/initiatives/export.{file_format}", buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        json.dumps(
            {
                "status": response.status_code,
                "bytes": size,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "growth_mb": peak_mb() - before,
                "peak_mb": peak_mb(),
            }
        )
    )


def measure(url, file_format):
    output = subprocess.run(
        [sys.executable, __file__, "--one", url, file_format], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv=None):
    args = parse_args(argv)
    if args.one:
        export_once(*args.one)
        return 0
    sizes = sorted(int(size) for size in args.sizes.split(","))
    formats = [name for name in args.formats.split(",") if name in FORMATS]
    folder = None
    url = args.database_url
    if args.reuse_dir and url:
        sys.exit("Give either --database-url or --reuse-dir, not both.")
    if url is None and not args.reuse_dir:
        folder = Path(tempfile.mkdtemp(prefix="bricoleur-bench-exports-"))
        url = f"sqlite:///{folder / 'bench.sqlite'}"
    results = {}
    try:
        for size in sizes:
            if args.reuse_dir:  # a file per size, generated once
                Path(args.reuse_dir).mkdir(parents=True, exist_ok=True)
                url = f"sqlite:///{Path(args.reuse_dir).resolve() / f'bench-exports-{size}.sqlite'}"
            app = make_app(url)
            cases = grow_to(app, size, args.seed)
            rows = all_rows(app)
            with app.app_context():
                dialect = db.engine.dialect.name
                db.engine.dispose()
            for file_format in formats:
                runs = [measure(url, file_format) for _ in range(max(1, args.repeat))]
                result = dict(runs[0])
                for key in ("seconds", "cpu_seconds", "growth_mb", "peak_mb"):
                    result[key] = statistics.median(run[key] for run in runs)
                result["status"] = max(run["status"] for run in runs)
                result["cases"], result["rows"], result["runs"] = cases, rows, len(runs)
                results[size, file_format] = result
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return report(results, sizes, formats, dialect)


def report(results, sizes, formats, dialect):
    runs = results[sizes[0], formats[0]]["runs"] if formats else 1
    print(
        f"\nExports on {dialect}, signed in as {USERNAME} (anonymised), each in a fresh process; medians of {runs}."
    )
    print("Memory: growth of the peak resident set (VmHWM, reset at the start) during the download.")
    print("rows/s: case rows per wall second for the whole file (the target); per CPU second; for the XLSX")
    print("all rows of its five sheets per wall second too.")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Load average of the machine ({os.cpu_count()} CPUs) now: {load} (1, 5, 15 minutes).\n")
    print(
        f"{'export':<8} {'cases':>8} {'HTTP':>5} {'MB out':>8} {'seconds':>8} {'cpu s':>7} {'rows/s':>8} "
        f"{'/cpu s':>8} {'all/s':>8} {'peak MB':>8} {'+peak MB':>9}"
    )
    failed = False
    for file_format in formats:
        for size in sizes:
            result = results[size, file_format]
            rate = result["cases"] / result["seconds"]
            cpu_rate = result["cases"] / result["cpu_seconds"]
            all_rate = result["rows"] / result["seconds"] if file_format == "xlsx" else rate
            verdict = "ok" if rate >= TARGET_ROWS_PER_SECOND[file_format] else "SLOW"
            if result["status"] != 200:
                verdict = "FAILED"
            failed = failed or verdict != "ok"
            print(
                f"{file_format:<8} {result['cases']:>8} {result['status']:>5} {result['bytes'] / 1e6:>8.1f} "
                f"{result['seconds']:>8.2f} {result['cpu_seconds']:>7.2f} {rate:>8.0f} {cpu_rate:>8.0f} "
                f"{all_rate:>8.0f} {result['peak_mb']:>8.1f} {result['growth_mb']:>9.1f}  {verdict} "
                f"(target {TARGET_ROWS_PER_SECOND[file_format]:,} case rows/s)"
            )
        growths = [results[size, file_format]["growth_mb"] for size in sizes]
        spread = max(growths) - min(growths)
        verdict = "ok" if spread <= TARGET_MEMORY_SPREAD_MB else "TOO MUCH"
        failed = failed or verdict != "ok"
        print(
            f"{file_format:<8} peak memory growth differs by {spread:.1f} MB between {sizes[0]} and "
            f"{sizes[-1]} cases: {verdict} (target at most {TARGET_MEMORY_SPREAD_MB} MB)\n"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
