"""Benchmarks: start-up and batch throughput of meso, each beside its baseline, in one run.

    python bench/run.py            # full: 40 start-up runs, 100k-row batch, batch memory
    python bench/run.py --smoke    # seconds: proves the script works (CI); figures mean little

Batch memory: peak RSS on 100k and 1M rows, on one 100 MB line, and on 200k rows that each
name a different unknown plan (time too): the 64 MiB goal holds however many rows.

Run it with the Python of the environment where meso is installed (it finds `meso` beside it).
Standard library only; whole processes, timed with time.perf_counter; medians, min and max.
It measures and prints; it never fails on a time (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO = """\
import typer

app = typer.Typer()


@app.command()
def main(name: str = "world"):
    print(f"hello {name}")


app()
"""

# The baseline of the batch goal: read the same CSV, write the same number of rows.
BARE_LOOP = """\
import csv, sys
reader = csv.reader(open(sys.argv[1], newline=""))
writer = csv.writer(sys.stdout, lineterminator="\\n")
writer.writerow(next(reader)[:1] + ["a", "b", "c", "d", "e"])
for row in reader:
    writer.writerow([row[0], "1.00", "2.00", "3.00", "4.00", "5.00"])
"""


def meso_package() -> str:
    found = subprocess.run(
        [sys.executable, "-c", "import meso_cli; print(meso_cli.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def timed(command: list[str], stdin=None, env=None) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stdin=stdin, check=True, env=env)
    return time.perf_counter() - start


def peak_rss_mib(command: list[str], statuses: tuple[int, ...] = (0,)) -> float:
    """Peak resident memory of one whole process (Linux and macOS report it via wait4)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in statuses:
        raise SystemExit(f"failed: {' '.join(command)}")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return usage.ru_maxrss * scale / (1024 * 1024)


def stats(samples: list[float]) -> str:
    ms = [value * 1000 for value in samples]
    return f"median {statistics.median(ms):8.1f} ms  min {min(ms):8.1f}  max {max(ms):8.1f}"


SEED_PLANS = ["henner", "neoliane", "cegema", ""]
# Plans that use the real-contract keys: levels, % PMSS, waiting periods, seniority, membership year.
CONTRACT_PLANS = {
    "levels": (
        'name: Levels\nforfait: {per_session: "1 % PMSS", sessions_per_year: 4}\n'
        "levels:\n"
        '  "1": {forfait: {sessions_per_year: 2}}\n'
        '  "2": {forfait: {per_year: "5 % PMSS"}, consultation: {optam: 150}}\n'
        '  "3": {forfait: {per_session: 80, percent_of_price: 80}}\n'
    ),
    "waiting": (
        "name: Waiting\nyear: membership\n"
        "forfait: {per_session: 50, sessions_per_year: 5, waiting_months: 3}\n"
    ),
    "senior": (
        "name: Senior\nforfait: {per_year: 150, practices: [osteopathy, mesotherapy]}\n"
        "seniority:\n  - from_year: 2\n    forfait: {per_year: 250}\n"
        "  - from_year: 3\n    consultation: {optam: 200}\n"
    ),
}
CONTRACT_IDS = ["levels:1", "levels:2", "levels:3", "waiting", "senior", "henner", ""]


def write_contract_plans(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for plan_id, text in CONTRACT_PLANS.items():
        (folder / f"{plan_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def write_scenarios(path: Path, rows: int, seed: int = 2026, plans=SEED_PLANS) -> None:
    rng = random.Random(seed)
    columns = ["id", "plan", "sessions", "price", "purpose", "sector", "start", "every"]
    contracts = plans is CONTRACT_IDS
    if contracts:
        columns.append("member_since")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for index in range(rows):
            since = [f"20{rng.randint(22, 26)}-{rng.randint(1, 12):02d}-15"] if contracts else []
            writer.writerow(
                [
                    index,
                    rng.choice(plans),
                    rng.randint(1, 8),
                    rng.choice(["45", "60", "35.50", "150", ""]),
                    rng.choice(["therapeutic", "therapeutic", "aesthetic"]),
                    rng.choice(["1", "2-optam", "2", "3"]),
                    f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice([7, 10, 14]),
                    *since,
                ]
            )


def write_long_line(path: Path, size: int) -> None:
    """A CSV whose second line is `size` bytes long, then one good row."""
    chunk = b"x" * (1 << 20)
    with path.open("wb") as handle:
        handle.write(b"id,plan\n")
        for _ in range(size // len(chunk)):
            handle.write(chunk)
        handle.write(b"x" * (size % len(chunk)) + b",henner\nafter,henner\n")


def write_unknown_plans(path: Path, rows: int) -> None:
    """Each row names a different plan that does not exist (the plan cache must stay bounded)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,plan\n")
        handle.writelines(f"{index},nope-{index}\n" for index in range(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: seconds, for CI")
    parser.add_argument("--runs", type=int, help="start-up runs of each command")
    parser.add_argument("--rows", type=int, help="rows of the batch benchmark")
    args = parser.parse_args()
    runs = args.runs or (3 if args.smoke else 40)
    rows = args.rows or (2_000 if args.smoke else 100_000)
    batch_runs = 2 if args.smoke else 9  # a shared machine: one slow run in five moved the median
    memory_rows = (2_000, 20_000) if args.smoke else (100_000, 1_000_000)
    line_size = (1 if args.smoke else 100) * 1024 * 1024
    unknown_rows = 2_000 if args.smoke else 200_000

    meso = str(Path(sys.executable).parent / "meso")
    python = sys.executable
    # Bytecode as a wheel install leaves it (an editable install under PYTHONDONTWRITEBYTECODE
    # would otherwise recompile every changed module on every run, and measure that).
    subprocess.run([python, "-m", "compileall", "-q", str(Path(meso_package()).parent)], check=True)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    with tempfile.TemporaryDirectory(prefix="meso-bench-") as folder:
        tmp = Path(folder)
        hello = tmp / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        bare = tmp / "bare.py"
        bare.write_text(BARE_LOOP, encoding="utf-8")
        env_home = {**os.environ, "XDG_CONFIG_HOME": str(tmp / "config")}
        os.environ.update(env_home)

        # 1. Start-up, interleaved so that both sides see the same machine noise.
        commands = {
            "meso estimate --plan henner --sessions 5 --format json": [
                meso,
                "estimate",
                "--plan",
                "henner",
                "--sessions",
                "5",
                "--format",
                "json",
            ],
            "typer 0.27 hello-world": [python, str(hello)],
            "meso --help": [meso, "--help"],
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():
            timed(command)  # warm the file cache
        for _ in range(runs):
            for name, command in commands.items():
                samples[name].append(timed(command))
        print(f"\nstart-up ({runs} runs each, whole processes)")
        for name, values in samples.items():
            print(f"  {name:55s} {stats(values)}")
        estimate_name, hello_name, help_name = list(commands)
        start_ratio = statistics.median(samples[estimate_name]) / statistics.median(
            samples[hello_name]
        )
        help_ratio = statistics.median(samples[help_name]) / statistics.median(samples[hello_name])
        print(f"  ratio estimate / hello-world (medians): {start_ratio:.2f}  (goal ≤ 1.10)")
        print(f"  ratio --help / hello-world (medians):   {help_ratio:.2f}")

        # 2. Batch throughput: the seed plans, and plans with the real-contract keys; each
        # beside the bare loop on the same file, interleaved.
        contract_env = {**os.environ, "MESO_PLANS_PATH": str(write_contract_plans(tmp / "plans"))}
        for title, plans in (("seed plans", SEED_PLANS), ("real-contract plans", CONTRACT_IDS)):
            source = tmp / "scenarios.csv"
            write_scenarios(source, rows, plans=plans)
            bare_times, batch_times = [], []
            for _ in range(batch_runs):
                bare_times.append(timed([python, str(bare), str(source)]))
                batch_times.append(timed([meso, "batch", str(source)], env=contract_env))
            print(f"\nbatch, {title} ({rows:,} scenarios of 1-8 sessions, {batch_runs} runs each)")
            print(
                f"  {'bare Python loop (read the CSV, write as many rows)':55s} {stats(bare_times)}"
            )
            print(f"  {'meso batch':55s} {stats(batch_times)}")
            batch_ratio = statistics.median(batch_times) / statistics.median(bare_times)
            rate = rows / statistics.median(batch_times)
            print(
                f"  ratio meso batch / bare loop (medians): {batch_ratio:.2f}  (goal ≤ 6)"
                f"  = {rate:,.0f} scenarios/s"
            )

        # 3. Memory as the input grows.
        sizes = []
        for count in memory_rows:
            path = tmp / f"memory-{count}.csv"
            write_scenarios(path, count, seed=count)
            sizes.append(peak_rss_mib([meso, "batch", str(path)]))
            path.unlink()
        print(
            f"\nbatch peak memory (goal < 64 MiB): {memory_rows[0]:,} rows {sizes[0]:.1f} MiB, "
            f"{memory_rows[1]:,} rows {sizes[1]:.1f} MiB (difference {sizes[1] - sizes[0]:+.1f} MiB)"
        )
        long_line = tmp / "long-line.csv"
        write_long_line(long_line, line_size)
        line_peak = peak_rss_mib([meso, "batch", str(long_line)], statuses=(1,))
        long_line.unlink()
        print(
            f"  one {line_size // (1024 * 1024)} MB line (reported, skipped): {line_peak:.1f} MiB"
        )
        unknown = tmp / "unknown-plans.csv"
        write_unknown_plans(unknown, unknown_rows)
        start = time.perf_counter()
        unknown_peak = peak_rss_mib([meso, "batch", str(unknown)], statuses=(1,))
        took = time.perf_counter() - start
        print(
            f"  {unknown_rows:,} rows, each a different unknown plan: {unknown_peak:.1f} MiB, "
            f"{took:.1f} s"
        )


if __name__ == "__main__":
    main()
