"""What a benchmark reads about its server's processes from Linux /proc: a session's processes,
their command lines, CPU seconds, and which of them holds each established connection."""

from __future__ import annotations

import os
from pathlib import Path


def session_pids(session: int) -> list[int]:
    """The processes of a session (Linux /proc): a server started with start_new_session."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[3]) == session:  # field 6 of stat: the session id
            found.append(int(stat.parent.name))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return False


def open_connections(port: int) -> set[str]:
    """Socket inodes of the established TCP connections whose local port is `port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    return inodes


def held_connections(pid: int, established: set[str]) -> int:
    """How many of the `established` socket inodes process `pid` has open (0 if it ended)."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return 0
    sockets = {os.readlink(fd) for fd in fds if _is_link(fd)}
    return sum(f"socket:[{inode}]" in sockets for inode in established)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (0 if it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
