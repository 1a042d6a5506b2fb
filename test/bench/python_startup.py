"""The CPU of a Python candidate's start-up: the interpreter and the harness's host program (judge_host.py), spawned
as the harness spawns it (fds 3 and 4 the call and reply pipes), up to its ready message, then told to exit (fd 3
closed). `python3 python_startup.py PYTHON HOST ENTRY ROOT SITE_PACKAGES RUNS` prints the CPU (user + system, from
wait4 of that one child) and the wall time to ready of each run, in milliseconds, as JSON.
"""
import json
import os
import sys
import time

python, host, entry, root, site_packages, runs = sys.argv[1:7]
env = {"PATH": "/usr/bin:/bin", "HOME": root, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}
cpu, wall = [], []
for _ in range(int(runs)):
    calls_read, calls_write = os.pipe()
    replies_read, replies_write = os.pipe()
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2),
               (os.POSIX_SPAWN_DUP2, calls_read, 3), (os.POSIX_SPAWN_DUP2, replies_write, 4)]
    started = time.perf_counter()
    pid = os.posix_spawn(python, [python, "-S", "-B", "-u", host, entry, root, site_packages, "128"], env, file_actions=actions)
    for fd in (calls_read, replies_write, devnull):
        os.close(fd)
    ready = os.read(replies_read, 65536)
    wall.append((time.perf_counter() - started) * 1000)
    if b'"ready"' not in ready or b'"ok":true' not in ready.replace(b" ", b""):
        sys.exit(f"the host program did not get ready: {ready[:300]!r}")
    os.close(calls_write)
    _, _, usage = os.wait4(pid, 0)
    os.close(replies_read)
    cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
print(json.dumps({"cpuMs": cpu, "wallMs": wall}))
