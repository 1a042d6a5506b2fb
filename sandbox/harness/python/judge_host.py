"""Runs in the candidate's process: imports the candidate's module and answers the harness's calls.

Started by the harness as ``python3 -S -B -u judge_host.py ENTRY ROOT SITE_PACKAGES MEMORY_MB`` (no ``site``, an
environment the harness built from nothing). The channel is JSON lines on two inherited pipes: fd 3 carries calls
``{"id", "fn", "args"}`` to this process, fd 4 carries ``{"type": "ready", "ok", "error"?}`` once and then one
``{"id", "ok", "value" | "error": {"name", "message", "pythonName", "traceback"}}`` per call. Nothing here is
trusted: the harness computes every verdict from what it receives and ignores ids it did not send.

Plain functions run on the main thread, blocking, like a synchronous JavaScript function. The first ``async def``
result starts one asyncio loop on the main thread that runs from then on, so a server started by ``start()`` keeps
serving between calls. Only the standard library is imported, and only what a call needs (start-up is paid per
process).
"""

import json
import os
import sys

CALLS_FD = 3
REPLIES_FD = 4
MAX_RESULT_BYTES = 16 * 1024 * 1024
MAX_CALL_LINE = 64 * 1024 * 1024
# Exit codes the harness maps to verdicts (python-candidate-process.ts).
MEMORY_EXIT = 152
PROTOCOL_EXIT = 151
# The candidate packages to name first when an import fails; the rest of site-packages follows.
PRIMARY_PACKAGES = ("openai", "httpx", "pydantic", "numpy", "fastapi", "uvicorn", "flask", "tiktoken", "tenacity", "langchain_openai", "langchain_core")

# Bound before the candidate's module loads: a solution that patches json or os changes only its own answers (the
# harness accepts replies only to calls it sent to this process), never how this host reads or frames them.
_dumps, _loads, _write, _read, _exit = json.dumps, json.loads, os.write, os.read, os._exit

ENTRY, ROOT, SITE_PACKAGES = sys.argv[1], sys.argv[2], sys.argv[3]
MEMORY_MB = int(sys.argv[4])
# The challenge's narrowed list of catalogue packages (PyPI names), or None: all of site-packages.
ALLOWED = [n for n in os.environ["JUDGE_PACKAGES"].split(",") if n] if "JUDGE_PACKAGES" in os.environ else None
# Room for the interpreter, every candidate package imported at once (~360 MB of address space with two malloc
# arenas), 8 MB stacks of a server's worker threads (anyio's pool has 40) on top of the candidate's limit. The
# container's cgroup is the real limit; this cap only makes a runaway allocation a prompt MemoryError.
ADDRESS_SPACE_ROOM_MB = 1024


class SerializationError(Exception):
    pass


def write_all(data):
    view = memoryview(data)
    while view:
        written = _write(REPLIES_FD, view)
        view = view[written:]


def encode_json(message):
    """UTF-8 JSON; a lone surrogate (valid in a JavaScript string, not in UTF-8) is sent escaped instead."""
    try:
        return _dumps(message, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return _dumps(message, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def send(message):
    write_all(encode_json(message) + b"\n")


def die(code):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    _exit(code)


# ---- results to JSON ------------------------------------------------------------------------------------------------

def to_json(value, path, active):
    if value is None or value is True or value is False or type(value) is str:
        return value
    if type(value) is int:
        return value
    if type(value) is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise SerializationError(f"{path} is {value}, which JSON cannot carry")
        return value
    if isinstance(value, (str, int, float)):
        # str/int/float subclasses (enums among them) cross as their plain value
        return to_json(next(base for base in (str, int, float) if isinstance(value, base))(value), path, active)
    key = id(value)
    if key in active:
        raise SerializationError(f"{path} refers back to itself (a cycle)")
    active.add(key)
    try:
        return container_to_json(value, path, active)
    finally:
        active.discard(key)


def container_to_json(value, path, active):
    if isinstance(value, (list, tuple)):
        return [to_json(item, f"{path}[{i}]", active) for i, item in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if isinstance(k, bool) or not isinstance(k, (str, int, float)):
                raise SerializationError(f"{path} has a key of type {type(k).__name__}; JSON keys are strings")
            out[str(k) if not isinstance(k, str) else k] = to_json(v, f"{path}[{k!r}]", active)
        return out
    special = library_value(value)
    if special is not None:
        return to_json(special[0], path, active)
    raise SerializationError(f"{path} is a {type(value).__module__}.{type(value).__qualname__}, which has no JSON form")


def library_value(value):
    """The JSON-ready form of a pydantic model, a dataclass or a numpy value, as a 1-tuple; None for anything else."""
    kind = type(value)
    pydantic = sys.modules.get("pydantic")
    if pydantic is not None and isinstance(value, pydantic.BaseModel):
        return (value.model_dump(mode="json"),)
    dataclasses = sys.modules.get("dataclasses")
    if dataclasses is not None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ({field.name: getattr(value, field.name) for field in dataclasses.fields(value)},)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(value, numpy.ndarray):
            return (value.tolist(),)
        if isinstance(value, numpy.generic):
            return (value.item(),)
    return None


def encode_result(call_id, value):
    data = encode_json({"id": call_id, "ok": True, "value": to_json(value, "the result", set())})
    if len(data) > MAX_RESULT_BYTES:
        raise SerializationError(f"it is larger than {MAX_RESULT_BYTES} bytes")
    return data + b"\n"


# ---- errors ---------------------------------------------------------------------------------------------------------

def js_name(error):
    """The name tests see: the JavaScript error a TypeScript solution would throw for the same failure."""
    if isinstance(error, ValueError):
        return "RangeError"
    if isinstance(error, TypeError):
        return "TypeError"
    return type(error).__name__


def relative(text):
    return text.replace(ROOT + os.sep, "").replace(ROOT, ".")


def candidate_traceback(error):
    """The traceback trimmed to the candidate's own frames, paths relative to the submission."""
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith(ROOT + os.sep)]
    for frame in frames:
        frame.filename = os.path.relpath(frame.filename, ROOT)
    head = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames)) if frames else ""
    return relative(head + "".join(traceback.format_exception_only(type(error), error))).rstrip("\n")


def error_message(error):
    try:
        text = str(error)
    except BaseException:
        text = f"<the {type(error).__name__}'s message could not be read>"
    return relative(text)


def describe(error):
    return {"name": js_name(error), "message": error_message(error), "pythonName": type(error).__name__, "traceback": candidate_traceback(error)}


def distribution_versions():
    """Module-style distribution name (``langchain_openai``) -> version, from site-packages' ``.dist-info`` folders."""
    versions = {}
    try:
        entries = os.listdir(SITE_PACKAGES)
    except OSError:
        entries = []
    for entry in entries:
        if entry.endswith(".dist-info"):
            name, _, version = entry[: -len(".dist-info")].partition("-")
            versions[module_name(name)] = version
    return versions


def module_name(distribution):
    """The import name of a catalogue distribution: ``langchain-openai`` -> ``langchain_openai``."""
    return distribution.lower().replace("-", "_").replace(".", "_")


def available_packages():
    """What the candidate may import, with versions: the challenge's list, else the catalogue's primary packages."""
    versions = distribution_versions()
    names = [module_name(n) for n in ALLOWED] if ALLOWED is not None else [n for n in PRIMARY_PACKAGES if n in versions]
    return [f"{name} {versions[name]}" if name in versions else name for name in names]


def missing_message(missing):
    listed = ", ".join(available_packages())
    return f"No module named '{missing}': it is not available in this challenge. Available: {listed}, and Python's standard library."


class OutsideList:
    """A ``sys.meta_path`` finder: the candidate's own import of a site-packages module outside the challenge's list
    fails as a missing module. Packages still import their dependencies. A policy for honest solutions with a clear
    message, not a security boundary (the code runs in this process), and nothing outside the list is secret."""

    def __init__(self, allowed):
        self.allowed = {module_name(n) for n in allowed}
        try:
            self.installed = {e[:-3] if e.endswith(".py") else e.split(".")[0] for e in os.listdir(SITE_PACKAGES)}
        except OSError:
            self.installed = set()

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in self.allowed or top not in self.installed or top in sys.stdlib_module_names or not imported_by_candidate():
            return None
        raise ModuleNotFoundError(missing_message(top), name=top)


def imported_by_candidate():
    """True when the import statement running now is in the candidate's files (under ROOT), not in a package's."""
    frame = sys._getframe(2)
    while frame is not None and (frame.f_code.co_filename.startswith("<frozen") or "/importlib/" in frame.f_code.co_filename):
        frame = frame.f_back
    return frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(ROOT + os.sep)


def load_error(error):
    """The ready message for a module that failed to import."""
    if isinstance(error, SyntaxError) and error.filename and os.path.abspath(error.filename).startswith(ROOT + os.sep):
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from compile_check import syntax_message

        del sys.path[0]
        message = syntax_message(error, os.path.relpath(os.path.abspath(error.filename), ROOT))
        return {"name": "SyntaxError", "message": message, "pythonName": "SyntaxError", "traceback": message}
    described = describe(error)
    missing = getattr(error, "name", None) if isinstance(error, ModuleNotFoundError) else None
    if missing and missing.split(".")[0] not in sys.stdlib_module_names:
        described["message"] = missing_message(missing)
        described["traceback"] = candidate_traceback(error).rsplit("\n", 1)[0] + f"\nModuleNotFoundError: {described['message']}"
    described["message"] = described["traceback"] if described["traceback"] else described["message"]
    return described


# ---- loading --------------------------------------------------------------------------------------------------------

def limit_memory():
    try:
        import resource

        cap = (MEMORY_MB + ADDRESS_SPACE_ROOM_MB) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass


def load_module():
    entry_dir = os.path.dirname(ENTRY)
    # Like `python src/solution.py`: the entry's folder first, then the standard library, then the packages.
    sys.path[0] = entry_dir
    sys.path.append(SITE_PACKAGES)
    if ALLOWED is not None:
        sys.meta_path.insert(0, OutsideList(ALLOWED))
    import importlib.util

    spec = importlib.util.spec_from_file_location("solution", ENTRY)
    module = importlib.util.module_from_spec(spec)
    sys.modules["solution"] = module
    spec.loader.exec_module(module)
    return module


# ---- calls ----------------------------------------------------------------------------------------------------------

def snake_case(name):
    """chunkText -> chunk_text (the harness's rule for function names, applied to option keys)."""
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0 and (name[i - 1].islower() or name[i - 1].isdigit() or (i + 1 < len(name) and name[i + 1].islower())):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def split_options(fn, args):
    """A trailing options object becomes keyword arguments when the function takes keyword-only parameters.

    ``chunkText(text, { maxChars: 200 })`` calls ``def chunk_text(text, *, max_chars=500)`` as
    ``chunk_text(text, max_chars=200)``. Only a call that could not work otherwise (one positional argument too many,
    a dict whose keys all name keyword-only parameters, as written or in snake_case) is changed.
    """
    code = getattr(fn, "__code__", None)
    if code is None or not code.co_kwonlyargcount or not args or type(args[-1]) is not dict:
        return args, {}
    positional = code.co_argcount - (1 if hasattr(fn, "__self__") else 0)
    if len(args) != positional + 1 or code.co_flags & 0x04:  # 0x04: takes *args
        return args, {}
    names = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
    kwargs = {}
    for key, value in args[-1].items():
        name = key if key in names else snake_case(key)
        if name not in names:
            return args, {}
        kwargs[name] = value
    return args[:-1], kwargs


class Host:
    def __init__(self, module):
        self.module = module
        self.loop = None

    def handle(self, line):
        try:
            message = _loads(line)
            call_id, name, args = message["id"], message["fn"], message["args"]
            if type(call_id) is not int or type(name) is not str or type(args) is not list:
                raise ValueError("bad call")
        except (ValueError, KeyError, TypeError):
            die(PROTOCOL_EXIT)
        fn = getattr(self.module, name, None)
        if not callable(fn):
            send({"id": call_id, "ok": False, "error": {"name": "TypeError", "message": f'The solution does not define a function named "{name}"', "pythonName": "AttributeError", "traceback": ""}})
            return
        args, kwargs = split_options(fn, args)
        self.run(call_id, lambda: fn(*args, **kwargs))

    def run(self, call_id, invoke):
        try:
            result = self.without_running_loop(invoke)
        except BaseException as error:
            self.fail(call_id, error)
            return
        if hasattr(type(result), "__await__"):
            self.start_loop()
            self.loop.create_task(self.finish(call_id, result))
        else:
            self.reply(call_id, result)

    def without_running_loop(self, invoke):
        """A plain function may call asyncio.run() itself, as it could in a script, even once the loop runs."""
        if self.loop is None:
            return invoke()
        import asyncio.events as events

        running = events._get_running_loop()
        events._set_running_loop(None)
        try:
            return invoke()
        finally:
            events._set_running_loop(running)

    async def finish(self, call_id, awaitable):
        try:
            result = await awaitable
        except BaseException as error:
            self.fail(call_id, error)
            return
        self.reply(call_id, result)

    def reply(self, call_id, value):
        try:
            data = encode_result(call_id, value)
        except MemoryError:
            die(MEMORY_EXIT)
        except BaseException as error:
            why = str(error) if isinstance(error, SerializationError) else f"{type(error).__name__}: {error_message(error)}"
            send({"id": call_id, "ok": False, "error": {"name": "SerializationError", "message": f"The result cannot be sent to the tests: {why}", "pythonName": "SerializationError", "traceback": ""}})
            return
        write_all(data)

    def fail(self, call_id, error):
        if isinstance(error, SystemExit):
            die(exit_code(error))
        if isinstance(error, MemoryError):
            die(MEMORY_EXIT)
        try:
            described = describe(error)
        except MemoryError:
            die(MEMORY_EXIT)
        except BaseException:
            described = {"name": "Error", "message": "the solution raised an exception that cannot be described", "pythonName": "Exception", "traceback": ""}
        send({"id": call_id, "ok": False, "error": described})

    def start_loop(self):
        if self.loop is None:
            import asyncio

            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)


def exit_code(error):
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(f"{code}\n")
    except BaseException:
        pass
    return 1


class Lines:
    """Splits what arrives on the calls pipe into lines."""

    def __init__(self):
        # the unfinished line's pieces: joined once its newline arrives, so a long call costs linear time
        self.parts = []
        self.size = 0

    def feed(self, chunk):
        if b"\n" not in chunk:
            self.parts.append(chunk)
            self.size += len(chunk)
            if self.size > MAX_CALL_LINE:
                die(PROTOCOL_EXIT)
            return []
        *lines, rest = (b"".join(self.parts) + chunk).split(b"\n")
        self.parts = [rest]
        self.size = len(rest)
        if self.size > MAX_CALL_LINE:
            die(PROTOCOL_EXIT)
        return lines

    def take(self):
        """The unfinished line so far, handed over (to be fed again elsewhere)."""
        pending = b"".join(self.parts)
        self.parts = []
        self.size = 0
        return pending


def serve(host):
    lines = Lines()
    while host.loop is None:
        chunk = _read(CALLS_FD, 1 << 16)
        if not chunk:
            die(0)
        for line in lines.feed(chunk):
            guarded(host.handle, line)
    serve_on_loop(host, lines)


def serve_on_loop(host, lines):
    """From the first coroutine on, the loop owns the main thread and reads the calls pipe between callbacks."""
    os.set_blocking(CALLS_FD, False)

    def readable():
        try:
            chunk = _read(CALLS_FD, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            die(0)
        for line in lines.feed(chunk):
            guarded(host.handle, line)

    pending = lines.take()
    host.loop.add_reader(CALLS_FD, readable)
    if pending:
        host.loop.call_soon(lambda: [guarded(host.handle, line) for line in lines.feed(pending)])
    while True:
        guarded(host.loop.run_forever)


def guarded(action, *args):
    """Whatever escapes a call ends the process as a verdict, never as a hang."""
    try:
        action(*args)
    except SystemExit as error:
        die(exit_code(error))
    except MemoryError:
        die(MEMORY_EXIT)
    except BaseException as error:
        try:
            sys.stderr.write(f"{type(error).__name__}: {error_message(error)}\n")
        except BaseException:
            pass
        die(1)


def warm_up_http_client():
    """The first request of a process pays for httpx's lazy imports and its SSL and connection set-up: when the
    solution uses the openai SDK (or httpx), pay it before the first test rather than inside a test's timeout. Its
    traffic reaches the mock before the first test, whose journal starts empty."""
    base = os.environ.get("OPENAI_BASE_URL")
    if not base or not ("openai" in sys.modules or "httpx" in sys.modules):
        return
    try:
        import httpx

        httpx.get(base.rstrip("/") + "/models", headers={"authorization": "Bearer warm-up"}, timeout=2.0)
    except BaseException:
        pass


def main():
    for fd in (CALLS_FD, REPLIES_FD):
        os.set_inheritable(fd, False)
    limit_memory()
    try:
        module = load_module()
    except SystemExit as error:
        die(exit_code(error))
    except MemoryError:
        die(MEMORY_EXIT)
    except BaseException as error:
        try:
            send({"type": "ready", "ok": False, "error": load_error(error)})
        except MemoryError:
            die(MEMORY_EXIT)
        die(0)
    warm_up_http_client()
    send({"type": "ready", "ok": True})
    guarded(serve, Host(module))


main()
