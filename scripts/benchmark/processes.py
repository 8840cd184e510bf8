"""Processes measured as a whole: the peak memory and CPU of every process a command starts
(its process group; Pagefind runs beside the normaliser, and the largest single process would
hide it), and of each kind of process in it."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from .run import run
from .site import MB

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Timed:
    wall: float
    cpu: float  # user + system seconds of the command and what it waited for: steadier than wall on a shared machine
    peak_mb: float
    code: int
    err: str


def group_stats(pgid: int):
    """The fields of /proc/<pid>/stat after the command's name (field 3 on) of every live process
    of a process group."""
    return (fields for _, fields in group_processes(pgid))


def group_processes(pgid: int):
    """(/proc/<pid>, the fields of its stat from field 3 on) of every live process of a process group."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            group = int(fields[2])  # field 5 of stat: the process group
        except (OSError, ValueError, IndexError):  # the process ended
            continue
        if group == pgid:
            yield entry.path, fields


def group_rss(pgid: int) -> int:
    """Bytes resident in every process of a process group (clones() not counted)."""
    return sum(rss for _, _, rss in counted(group_processes(pgid)))


def counted(processes) -> list[tuple[str, str, int]]:
    """(/proc/<pid>, its stat fields, bytes resident) of each process but the clones: a child
    of the same program and the same virtual size as its parent is one forked (or vforked) and
    not yet running a program of its own, whose pages are its parent's. Counted, a normaliser of
    900 MB starting Pagefind showed as two (916 MB at 128 s of a cold build at 5,005: 458 + 458)."""
    rows = {proc: fields for proc, fields in processes}
    out = []
    for proc, fields in rows.items():
        parent = rows.get(f"/proc/{fields[1]}")  # field 4: the parent's pid
        if parent is not None and parent[20] == fields[20] and process_name(proc) == process_name(f"/proc/{fields[1]}"):
            continue  # field 23: virtual size
        out.append((proc, fields, int(fields[21]) * PAGE_SIZE))  # field 24: resident pages
    return out


def process_name(proc: str) -> str:
    """'mkdocs serve', 'archive.serve', 'pagefind'...: what a process of the group is."""
    try:
        words = [w.decode("utf-8", "replace") for w in Path(proc, "cmdline").read_bytes().split(b"\0") if w]
    except OSError:  # the process ended
        return "?"
    if "-m" in words[:-1]:  # a module and its first argument unless a path: "mkdocs serve", "archive.serve"
        return " ".join(w for w in words[words.index("-m") + 1:words.index("-m") + 3] if not w.startswith("/"))
    return Path(words[0]).name if words else "?"


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of every live process of a process group, with what each has
    reaped of its children: the work a save costs, which a shared machine's load does not inflate
    as it inflates wall time."""
    ticks = sum(sum(int(x) for x in fields[11:15]) for fields in group_stats(pgid))  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


class Sampler:
    """The peak of group_rss() while a process group lives, and of each kind of process in it."""

    def __init__(self, pgid: int, every: float = 0.02):
        self.pgid, self.every, self.peak = pgid, every, 0
        self.each: dict[str, int] = {}  # bytes, by process_name()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop.is_set():
            total = 0
            for proc, _, rss in counted(group_processes(self.pgid)):
                total += rss
                name = process_name(proc)
                self.each[name] = max(self.each.get(name, 0), rss)
            self.peak = max(self.peak, total)
            self.stop.wait(self.every)

    def done(self) -> float:
        self.stop.set()
        self.thread.join()
        return self.peak / MB


def timed(cmd: list[str], timeout: float) -> Timed:
    """run() with the peak of its whole process group's memory (Pagefind runs beside the normaliser)."""
    sampled = []
    result = run(cmd, timeout, env={"CI": ""}, started=lambda pid: sampled.append(Sampler(pid)))
    return Timed(result.wall, result.cpu, sampled[0].done(), result.code, result.err)


def must(result: Timed, what: str) -> Timed:
    if result.code != 0:
        raise SystemExit(f"bench: {what} failed (exit {result.code}):\n{result.err[-3000:]}")
    return result
