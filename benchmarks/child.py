"""Running a command in a child process and measuring it: the benchmarks' one way to do so."""

from __future__ import annotations

import os
import subprocess
import time


def measure(command: list[str]) -> tuple[float, float, str]:
    """Run a command in a child; return its seconds, its peak resident memory in MB and its output
    (standard output and error, spaces collapsed). A failing command stops the benchmark."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, " ".join(output.split())  # Linux reports KB
