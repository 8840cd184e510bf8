"""Running a command as its own process and timing it (wall, CPU, peak memory), the fastest of
several runs, and setting folders aside instead of deleting them between timed runs."""
from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def say(message: str) -> None:
    """A progress line: on a terminal only, never in CI logs or pipes."""
    if sys.stderr.isatty() and not os.environ.get("CI"):
        print(f"bench: {message}", file=sys.stderr, flush=True)


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds: less sensitive than wall time to other load on the machine
    rss_mb: float
    code: int
    out: str
    err: str
    sys: float = 0.0  # the system part of cpu: on a virtual machine, mostly the cost of creating files


def run(cmd: list[str], timeout: float, env: dict | None = None, stderr=None, started=None) -> Run:
    """Run cmd as its own process (group); its wall time and peak resident memory (from wait4).
    `started(pid)`, if given, is called once the process runs (to watch its group)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err if stderr is None else stderr,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        if started:
            started(proc.pid)

        def kill():
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), usage.ru_stime)


def archive_cmd() -> list[str]:
    script = Path(sys.executable).parent / "archive"
    return [str(script)] if script.exists() else [sys.executable, "-m", "archive.cli"]


def mkdocs_cmd(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]


def zensical_cmd(config: Path) -> list[str] | None:
    """`zensical build` from scratch (its cache cleared), or None when Zensical is not installed."""
    if importlib.util.find_spec("zensical") is None:
        return None
    return [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config)]


def must(result: Run, what: str) -> Run:
    if result.code != 0:
        raise SystemExit(f"bench: {what} failed (exit {result.code}):\n{result.err[-3000:]}{result.out[-2000:]}")
    return result


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            st = path.stat()
            found[path.relative_to(folder).as_posix()] = (st.st_mtime_ns, st.st_ino, st.st_size)
    return found


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def best_of(times: int, make_run, before=None) -> Run:
    """The fastest of several runs (least disturbed by other load); peak memory is the largest seen."""
    runs = []
    for k in range(max(1, times)):
        if before and k:
            before()
        runs.append(make_run())
    fastest = min(runs, key=lambda r: r.wall)
    return Run(fastest.wall, min(r.cpu for r in runs), max(r.rss_mb for r in runs), fastest.code, fastest.out, fastest.err,
               fastest.sys)


# Deleting thousands of files costs this machine's file system (ext4 on a virtual disk) most of a
# second of kernel time, which lands in whatever runs next: a timed build. So the benchmark never
# deletes between timed runs; it moves folders aside (a rename) and deletes them all after the
# last timed run of each N, then waits for the disk (sync).

def set_aside(folder: Path) -> Path | None:
    if not folder.exists():
        return None
    trash = folder.parent / ".bench-trash"
    trash.mkdir(exist_ok=True)
    return folder.rename(trash / f"{folder.name}-{time.monotonic_ns()}")


def empty_trash(root: Path) -> None:
    shutil.rmtree(root / ".bench-trash", ignore_errors=True)
    os.sync()


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"
