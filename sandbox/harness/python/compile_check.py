"""Parses every .py file of a submission without running any of it.

Run by the harness as the candidate's uid: ``python3 -S -B compile_check.py ROOT MEMORY_MB``. Prints nothing and
exits 0 when every file compiles; otherwise prints one message per broken file (``src/solution.py, line 3:
SyntaxError: invalid syntax``, the source line, a caret) and exits 1. Sources are hostile: deep nesting, huge files
and null bytes end as messages, and the address space is capped so the parser cannot take the container's memory.
"""

import os
import sys


def syntax_message(error, rel_path):
    """Python's own words for a SyntaxError, with the file named relative to the submission."""
    name = type(error).__name__
    line = error.lineno
    where = f"{rel_path}, line {line}" if line else rel_path
    text = f"{where}: {name}: {error.msg}"
    source = (error.text or "").rstrip("\r\n")
    if source.strip():
        stripped = source.lstrip()
        indent = len(source) - len(stripped)
        text += f"\n    {stripped}"
        offset = error.offset or 0
        if offset >= 1:
            end = error.end_offset if error.end_offset and error.end_offset > offset and error.end_lineno == line else offset + 1
            start = max(offset - 1 - indent, 0)
            text += "\n    " + " " * start + "^" * max(end - offset, 1)
    return text


def check_file(path, rel_path):
    with open(path, "rb") as handle:
        source = handle.read()
    try:
        compile(source, rel_path, "exec", dont_inherit=True)
    except SyntaxError as error:
        return syntax_message(error, rel_path)
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        return f"{rel_path}: {type(error).__name__}: the file cannot be compiled ({error})"
    return None


def python_files(root):
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                yield path, os.path.relpath(path, root)


def main():
    root = sys.argv[1]
    memory_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 512
    try:
        import resource

        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass
    messages = [m for m in (check_file(p, r) for p, r in python_files(root)) if m]
    if messages:
        sys.stdout.write("\n".join(messages) + "\n")
        sys.stdout.flush()
        os._exit(1)
    os._exit(0)


if __name__ == "__main__":
    main()
