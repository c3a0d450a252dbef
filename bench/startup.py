"""Start-up time of `translate --help` and `translate post --help`: target under 0.3 s each.

Usage: python bench/startup.py
Runs each command 10 times in a fresh interpreter and prints the median wall time and its ratio
to the target.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

TARGET_S = 0.3
COMMANDS = [["--help"], ["post", "--help"]]


def median_seconds(args: list[str], runs: int = 10) -> float:
    times = []
    code = "import sys; from translate.cli import main; sys.argv[0] = 'translate'; main()"
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    for args in COMMANDS:
        seconds = median_seconds(args)
        label = "translate " + " ".join(args)
        print(
            f"{label:26s} {seconds:.3f} s  ratio to {TARGET_S} s target: {seconds / TARGET_S:.2f}"
        )


if __name__ == "__main__":
    main()
