"""The Python half of the quality analysis: parses the candidate's files with the standard library's `ast` and
`tokenize` (nothing of the candidate is imported or run) and prints one JSON document on stdout.

Input on stdin: {"files": {"src/a.py": "..."}}. Output per file: its parse error (Python's own message), functions
(complexity as in sandbox/quality/functions.ts), size, the token stream for the duplication finder and the string
literals for the secret finder (both run in TypeScript, so thresholds and patterns are shared), and LLM-call risks.
"""

import ast
import io
import json
import re
import sys
import tokenize

CLIENTS = {"OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI"}
LANGCHAIN_CLIENTS = {"ChatOpenAI", "AzureChatOpenAI", "OpenAIEmbeddings"}
REQUEST_METHODS = {"create", "parse", "stream", "invoke", "ainvoke", "with_options"}
LLM_CALL_METHODS = {"create", "parse", "stream", "invoke", "ainvoke", "batch", "abatch", "astream"}
COUNTER = re.compile(r"attempt|retr|tries|tried|count|max|deadline|elapsed|time|budget|left|remaining", re.I)
MAX_SANE_RETRIES = 5
AWAIT_BOUNDS = {"wait_for", "timeout", "timeout_at", "fail_after", "fail_at", "move_on_after", "move_on_at"}
SKIP_TOKENS = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}


def dotted(node):
    """`a.b.c` for a Name/Attribute chain, else ''."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def last_name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def keywords_of(call):
    """Keyword names of a call, with '**' when it spreads a mapping (then nothing can be told statically)."""
    return {k.arg if k.arg is not None else "**" for k in call.keywords}


# ---------------------------------------------------------------- functions


def is_elif(node, parent):
    return isinstance(parent, ast.If) and parent.orelse == [node] and node.col_offset == parent.col_offset


def complexity_and_nesting(fn):
    """McCabe (1 + decision points, `and`/`or` operands included) and the deepest nesting of branching blocks."""
    state = {"complexity": 1, "nesting": 0}

    def visit(node, parent, depth):
        if node is not fn and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return
        if isinstance(node, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.IfExp)):
            state["complexity"] += 1
        elif isinstance(node, ast.BoolOp):
            state["complexity"] += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            state["complexity"] += 1 + len(node.ifs)
        elif isinstance(node, ast.match_case):
            wildcard = isinstance(node.pattern, ast.MatchAs) and node.pattern.pattern is None and node.guard is None
            state["complexity"] += 0 if wildcard else 1
        nests = isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.Try, ast.ExceptHandler, ast.Match)) or (
            isinstance(node, ast.If) and not is_elif(node, parent))
        if hasattr(ast, "TryStar") and isinstance(node, ast.TryStar):
            nests = True
        d = depth + 1 if nests and node is not fn else depth
        state["nesting"] = max(state["nesting"], d)
        for child in ast.iter_child_nodes(node):
            visit(child, node, d)

    for stmt in fn.body:
        visit(stmt, fn, 0)
    return state["complexity"], state["nesting"]


def measure_functions(tree, file):
    out = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                complexity, nesting = complexity_and_nesting(child)
                end = child.end_lineno or child.lineno
                out.append({"file": file, "name": prefix + child.name, "line": child.lineno, "endLine": end,
                            "lines": end - child.lineno + 1, "complexity": complexity, "maxNesting": nesting})
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    out.sort(key=lambda f: (f["line"], f["name"]))
    return out


# ---------------------------------------------------------------- size and tokens


def docstring_lines(tree):
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def tokens_and_size(file, text, tree):
    """Tokens for the duplication finder (comments and blank-line tokens left out) and the file's line counts.
    Docstrings count as comment lines (they are the language's documentation comments)."""
    lines = text.split("\n")
    code, comment, tokens = set(), set(), []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                comment.add(tok.start[0])
            if tok.type in SKIP_TOKENS:
                continue
            if tok.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE):
                # a DEDENT starts on the next statement's line: it belongs to the block it closes
                line = tokens[-1][1] if tok.type == tokenize.DEDENT and tokens else tok.start[0]
                tokens.append([tokenize.tok_name[tok.type], line])
                continue
            code.update(range(tok.start[0], tok.end[0] + 1))
            tokens.append([tok.string, tok.start[0]])
    except (tokenize.TokenError, SyntaxError, IndentationError):
        code = {i + 1 for i, line in enumerate(lines) if line.strip() and not line.strip().startswith("#")}
        comment = {i + 1 for i, line in enumerate(lines) if line.strip().startswith("#")}
        tokens = []
    if tree is not None:
        docs = docstring_lines(tree)
        code -= docs
        comment |= docs
    comment -= code
    blank = sum(1 for line in lines if line.strip() == "")
    size = {"file": file, "lines": len(lines), "linesOfCode": len(code), "commentLines": len(comment), "blankLines": blank}
    return tokens, size


# ---------------------------------------------------------------- string literals (secrets)


def literals(tree):
    """Every str constant with the name it is assigned to (variable, attribute, keyword argument, dict key)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            target = node.targets[0]
            names[id(node.value)] = dotted(target) or ast.unparse(target)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Constant):
            names[id(node.value)] = dotted(node.target)
        elif isinstance(node, ast.Call):
            for k in node.keywords:
                if k.arg and isinstance(k.value, ast.Constant):
                    names[id(k.value)] = k.arg
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(value, ast.Constant):
                    names[id(value)] = key.value
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 8:
            out.append({"line": node.lineno, "column": node.col_offset + 1, "value": node.value[:4096],
                        "name": names.get(id(node))})
    out.sort(key=lambda x: (x["line"], x["column"]))
    return out


# ---------------------------------------------------------------- LLM-call risks


class Risks:
    def __init__(self, tree):
        self.tree = tree
        self.out = []
        self.tenacity_names = set()  # local names bound to tenacity.retry / Retrying / AsyncRetrying
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tenacity":
                for alias in node.names:
                    if alias.name in ("retry", "Retrying", "AsyncRetrying"):
                        self.tenacity_names.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "tenacity":
                        name = alias.asname or "tenacity"
                        self.tenacity_names.update({f"{name}.retry", f"{name}.Retrying", f"{name}.AsyncRetrying"})

    def add(self, node, rule, severity, message):
        self.out.append({"rule": rule, "severity": severity, "line": node.lineno, "column": node.col_offset + 1,
                         "message": message})

    def per_request_timeout(self):
        """A request passes `timeout=`, or the file bounds awaits itself (asyncio.wait_for, asyncio.timeout, anyio's
        fail_after/move_on_after): the client's own default is then not what bounds the call."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and last_name(node.func) in AWAIT_BOUNDS:
                return True
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in REQUEST_METHODS:
                kws = keywords_of(node)
                if "timeout" in kws or "**" in kws:
                    return True
        return False

    def check_client(self, call):
        name = last_name(call.func)
        kws = keywords_of(call)
        if "**" in kws:
            return
        if name in CLIENTS or name in LANGCHAIN_CLIENTS:
            # an http_client= brings its own timeout, which the openai SDK then uses
            if not ({"timeout", "request_timeout", "http_client"} & kws) and not self.per_request_timeout():
                self.add(call, "llm-client-no-timeout", "warning",
                         f"{name}() has no timeout, and no request passes one or is bounded by asyncio.wait_for/timeout: "
                         "the SDK waits up to 10 minutes per attempt.")
            for k in call.keywords:
                if k.arg in ("max_retries",) and isinstance(k.value, ast.Constant) and isinstance(k.value.value, int) \
                        and not isinstance(k.value.value, bool) and k.value.value > MAX_SANE_RETRIES:
                    self.add(k.value, "llm-client-excessive-retries", "warning",
                             f"max_retries={k.value.value}: a failing upstream is retried {k.value.value} times, with "
                             "backoff, before your code sees the error.")

    def check_tenacity(self, node):
        """tenacity's default is to retry forever: a `@retry` or `Retrying()` without `stop=` has no bound."""
        targets = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            targets = node.decorator_list
        elif isinstance(node, ast.Call):
            targets = [node]
        for t in targets:
            call = t if isinstance(t, ast.Call) else None
            name = dotted(call.func if call else t)
            if name not in self.tenacity_names:
                continue
            if isinstance(node, ast.Call) and name.split(".")[-1] == "retry":
                continue  # retry(...) as a call is checked where it decorates
            kws = keywords_of(call) if call else set()
            if "stop" not in kws and "**" not in kws:
                self.add(t, "llm-unbounded-retry", "warning",
                         f"tenacity's {name.split('.')[-1]} without stop= retries forever: give it a stop condition "
                         "(stop_after_attempt, stop_after_delay).")

    def check_loop(self, loop):
        if not (isinstance(loop.test, ast.Constant) and loop.test.value in (True, 1)):
            return
        tries = [n for n in ast.walk(loop) if isinstance(n, ast.Try) and any(
            is_llm_call(c) for stmt in n.body for c in ast.walk(stmt))]
        if not tries:
            return
        for n in ast.walk(loop):
            if isinstance(n, ast.Compare) and COUNTER.search(ast.unparse(n)):
                return
        for t in tries:
            for handler in t.handlers:
                if any(isinstance(s, (ast.Raise, ast.Break, ast.Return)) for s in handler.body):
                    return
        self.add(loop, "llm-unbounded-retry", "warning",
                 "A `while True` loop retries an LLM call on every error with no attempt counter or deadline: "
                 "retries have no bound.")

    def run(self):
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                self.check_client(node)
                self.check_tenacity(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.check_tenacity(node)
            elif isinstance(node, ast.While):
                self.check_loop(node)
        self.out.sort(key=lambda r: (r["line"], r["column"]))
        return self.out


# ---------------------------------------------------------------- LLM-call patterns (as sandbox/quality/llm-patterns.ts)

DATA_NAME = re.compile(r"text|input|query|question|^q$|ticket|passage|context|chunk|document|^docs?$|summary|transcript|"
                       r"history|body|^req$|request|user|message|content|retriev", re.I)
TIGHT_TIMEOUT_S = 2
RETRY_FLAG = re.compile(r"^(is_?)?retr(y|yable|iable)$|^should_?retry$|^transient$", re.I)
TEXT_BUILDERS = {"join", "format", "strip", "replace", "substitute", "format_map"}
STATUS_CHECK = re.compile(r"\bstatus|RateLimitError|InternalServerError|APIConnection|retryable|transient|\b[45]\d\d\b", re.I)
BROAD_ERRORS = re.compile(r"\b(APIStatusError|APIError|OpenAIError|Exception|BaseException)\b")
RATE_LIMIT_ERRORS = re.compile(r"\b(RateLimitError|APIStatusError|APIError|OpenAIError|Exception|BaseException)\b|429")
SYSTEM_MESSAGES = {"SystemMessage"}


def builds_text(node):
    """A value the prompt text is assembled in (a name built this way is followed to what it was built from)."""
    if isinstance(node, (ast.JoinedStr, ast.BinOp, ast.Constant, ast.Name, ast.IfExp, ast.List, ast.ListComp, ast.GeneratorExp)):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in TEXT_BUILDERS


def is_str_constant(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


class Patterns:
    """user-input-in-system-prompt, llm-stacked-retries, retry-after-ignored, retries-client-errors, llm-call-per-item,
    llm-timeout-headers-only, tokenizer-special-tokens."""

    def __init__(self, tree, text, tenacity_names):
        self.tree = tree
        self.text = text
        self.tenacity_names = tenacity_names
        self.out = []
        self.assigned = {}
        self.parents = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        self.assigned.setdefault(t.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("append", "extend") \
                    and isinstance(node.func.value, ast.Name):
                # `lines.append(f"[{p.id}] {text}")`: what a list of prompt lines is built from
                self.assigned.setdefault(node.func.value.id, []).extend(node.args)
        self.llm_functions = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                              and any(is_llm_call(c) for stmt in n.body for c in ast.walk(stmt))}

    def add(self, node, rule, message):
        self.out.append({"rule": rule, "severity": "warning", "line": node.lineno, "column": node.col_offset + 1,
                         "message": message})

    # -------- the system prompt

    def data_name(self, expr, seen):
        if isinstance(expr, ast.Name):
            name = expr.id
            if re.fullmatch(r"[A-Z0-9_]+", name):
                return None
            # `q = collapse(q)` refers to itself: the name decides
            if name in seen:
                return name if DATA_NAME.search(name) else None
            built = [v for v in self.assigned.get(name, []) if builds_text(v)]
            # a prompt assembled here is what it was built from (`content = f"...{labels}"`); anything else, its name
            if not built:
                return name if DATA_NAME.search(name) else None
            seen.add(name)
            for value in built:
                found = self.data_name(value, seen)
                if found:
                    return found
            return None
        if isinstance(expr, ast.Attribute):
            # `summary.content` is data (unless it is the system message's own); `req.labels` is not
            root = dotted(expr).split(".")[0]
            if DATA_NAME.search(expr.attr) and not re.search(r"system|instruction|prompt", root, re.I):
                return ast.unparse(expr)
            return None
        if isinstance(expr, ast.Call):
            # `context.format(...)`, `"\n".join(passages)`: the object and the arguments, not the method's name
            func = expr.func.value if isinstance(expr.func, ast.Attribute) else None
            parts = ([func] if func is not None else []) + list(expr.args) + [k.value for k in expr.keywords]
        else:
            parts = list(ast.iter_child_nodes(expr))
        for part in parts:
            found = self.data_name(part, seen)
            if found:
                return found
        return None

    def check_system(self, node, content):
        if content is None or is_str_constant(content):
            return
        name = self.data_name(content, set())
        if name:
            self.add(node, "user-input-in-system-prompt",
                     f"The system prompt is built from `{name}`: user or document text placed with the instructions gets "
                     "their authority (prompt injection); send it in a user message.")

    def system_prompts(self):
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Dict):
                items = {k.value: v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and isinstance(k.value, str)}
                role = items.get("role")
                if is_str_constant(role) and role.value in ("system", "developer"):
                    self.check_system(node, items.get("content"))
            elif isinstance(node, ast.Call) and last_name(node.func) in SYSTEM_MESSAGES:
                content = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "content"), None)
                self.check_system(node, content)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and "responses" in dotted(node.func):
                self.check_system(node, next((k.value for k in node.keywords if k.arg == "instructions"), None))

    # -------- own retries

    def calls_llm(self, nodes):
        for stmt in nodes:
            for c in ast.walk(stmt):
                if is_llm_call(c) or (isinstance(c, ast.Call) and last_name(c.func) in self.llm_functions):
                    return True
        return False

    def retry_loops(self):
        """(loop, handler) for loops that try an LLM call and go round again after an error."""
        out = []
        for loop in ast.walk(self.tree):
            if not isinstance(loop, (ast.For, ast.AsyncFor, ast.While)):
                continue
            # the loop's own variable used in the try: it works on an item, it does not retry
            own = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)} if isinstance(loop, (ast.For, ast.AsyncFor)) else set()
            for t in ast.walk(loop):
                if not isinstance(t, ast.Try) or not self.calls_llm(t.body):
                    continue
                if any(isinstance(n, ast.Name) and n.id in own for stmt in t.body for n in ast.walk(stmt)):
                    continue
                for handler in t.handlers:
                    if not (handler.body and isinstance(handler.body[-1], (ast.Raise, ast.Return, ast.Break))):
                        out.append((loop, handler))
        return out

    def tenacity_retries(self):
        """(node, its `retry=` argument or None) for tenacity's @retry on an LLM-calling function and Retrying() loops."""
        out = []
        for node in ast.walk(self.tree):
            targets = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and self.calls_llm(node.body):
                targets = [d for d in node.decorator_list if dotted(d.func if isinstance(d, ast.Call) else d) in self.tenacity_names]
            elif isinstance(node, ast.Call) and dotted(node.func) in self.tenacity_names and last_name(node.func) != "retry" \
                    and self.calls_llm([self.enclosing_function(node)]):
                targets = [node]
            for t in targets:
                kws = {k.arg: k.value for k in t.keywords} if isinstance(t, ast.Call) else {}
                if "**" not in kws and None not in kws:
                    out.append((t, kws.get("retry")))
        return out

    def enclosing_function(self, node):
        while id(node) in self.parents:
            node = self.parents[id(node)]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node
        return node

    def keeps_sdk_retries(self):
        client = None
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                for k in node.keywords:
                    if k.arg == "max_retries" and isinstance(k.value, ast.Constant) and k.value.value == 0:
                        return False
                if client is None and last_name(node.func) in CLIENTS | LANGCHAIN_CLIENTS:
                    client = node
        return client is not None

    def loop_checks_status(self, loop):
        for n in ast.walk(loop):
            test = n.test if isinstance(n, (ast.If, ast.IfExp, ast.While)) else n if isinstance(n, ast.Compare) else None
            if test is not None and STATUS_CHECK.search(ast.unparse(test)):
                return True
        return False

    def retries(self):
        self.always_retryable()
        stacked = self.keeps_sdk_retries()
        reads_retry_after = re.search(r"retry-after", self.text, re.I) is not None
        seen = set()
        for loop, handler in self.retry_loops():
            if id(loop) in seen:
                continue
            seen.add(id(loop))
            caught = ast.unparse(handler.type) if handler.type is not None else "BaseException"
            self.report_retry(loop, stacked, reads_retry_after, client_errors=bool(BROAD_ERRORS.search(caught)) and not self.loop_checks_status(loop),
                              rate_limits=bool(RATE_LIMIT_ERRORS.search(caught)))
        for node, retry_arg in self.tenacity_retries():
            what = ast.unparse(retry_arg) if retry_arg is not None else "Exception"
            self.report_retry(node, stacked, reads_retry_after,
                              client_errors=bool(BROAD_ERRORS.search(what)) and not STATUS_CHECK.search(what),
                              rate_limits=bool(RATE_LIMIT_ERRORS.search(what)))

    def always_retryable(self):
        """`retryable = True` in the except block of an LLM call: every error, 400 and 401 included, is retried."""
        for t in ast.walk(self.tree):
            if not isinstance(t, ast.Try) or not self.calls_llm(t.body):
                continue
            for handler in t.handlers:
                for n in (n for stmt in handler.body for n in ast.walk(stmt)):
                    if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and n.value.value is True \
                            and any(isinstance(x, ast.Name) and RETRY_FLAG.search(x.id) for x in n.targets):
                        self.add(n, "retries-client-errors",
                                 "Every error of this LLM call is marked retryable without looking at its status: a 400, "
                                 "401 or 404 fails the same way each time and only wastes attempts.")

    def report_retry(self, node, stacked, reads_retry_after, client_errors, rate_limits):
        if stacked:
            self.add(node, "llm-stacked-retries",
                     "Retries of your own around an LLM call while the client keeps the SDK's retries (max_retries "
                     "defaults to 2): every attempt is up to 3 requests, so the retry budget multiplies.")
        if rate_limits and not reads_retry_after:
            self.add(node, "retry-after-ignored",
                     "These retries never read retry-after / retry-after-ms: a 429 is retried on your own schedule, not "
                     "when the server said it can take the request.")
        if client_errors:
            self.add(node, "retries-client-errors",
                     "These retries cover every API error without looking at its status: a 400, 401 or 404 fails the "
                     "same way each time and only wastes attempts.")

    # -------- one request per item

    def per_item(self):
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Call) and dotted(node.func).endswith("embeddings.create")):
                continue
            scope, inside = node, None
            while id(scope) in self.parents:
                scope = self.parents[id(scope)]
                if isinstance(scope, (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                    inside = scope
                    break
                if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    break
            if inside is not None and re.search(r"\.data\[0\]", ast.unparse(inside)):
                self.add(node, "llm-call-per-item",
                         "One embeddings request per item inside a loop: the API takes a list of inputs, so this costs "
                         "one round trip and one rate-limit slot per item instead of per batch.")

    # -------- the SDK timeout as the only bound

    def timeout_only(self):
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and last_name(node.func) in AWAIT_BOUNDS:
                return
            if isinstance(node, ast.Call) and any(k.arg == "stream" for k in node.keywords):
                return  # a read timeout is the idle timeout a stream wants
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Call) and last_name(node.func) in CLIENTS):
                continue
            timeout = next((k.value for k in node.keywords if k.arg == "timeout"), None)
            # a timeout of a few seconds at most is a deadline the code relies on; a generous one is a safety net
            if isinstance(timeout, ast.Constant) and isinstance(timeout.value, (int, float)) and not isinstance(timeout.value, bool) \
                    and timeout.value <= TIGHT_TIMEOUT_S:
                self.add(node, "llm-timeout-headers-only",
                         f"timeout={timeout.value} is the only bound: httpx applies it to each network read, not to the whole "
                         "response, so an attempt can take several times as long (wrap the call in asyncio.wait_for).")

    # -------- tokenizers that raise on special-token text

    def throwing_tokenizer(self):
        def is_encoding(expr):
            return isinstance(expr, ast.Call) and dotted(expr.func).split(".")[-1] in ("get_encoding", "encoding_for_model") \
                and "tiktoken" in dotted(expr.func)
        encodings = {name for name, values in self.assigned.items() if any(is_encoding(v) for v in values)}
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("encode", "encode_batch")):
                continue
            target = node.func.value
            if not (is_encoding(target) or (isinstance(target, ast.Name) and target.id in encodings)):
                continue
            if {"disallowed_special", "allowed_special", None} & {k.arg for k in node.keywords}:
                continue
            self.add(node, "tokenizer-special-tokens",
                     f"tiktoken's {node.func.attr}() raises on text that contains a special token such as <|endoftext|>: "
                     "user text can crash the count (use encode_ordinary, or pass disallowed_special=()).")

    def run(self):
        self.throwing_tokenizer()
        self.system_prompts()
        self.retries()
        self.per_item()
        self.timeout_only()
        return self.out


# ---------------------------------------------------------------- regexes

LEADING_UNBOUNDED = re.compile(r"^(?:\((?:\?:)?)?(\[(?:\\.|[^\]\\])*\]|\\[wWsSdD]|\.)(?:\+|\*|\{\d+,\})\??\)?(.+)$", re.S)
# runs of these are ordinary text (words, numbers, addresses), unlike runs of punctuation
WORDY = re.compile(r"^\\[wdS]$|^\.$|^\[\^|a-z|A-Z|0-9")
SEARCH_METHODS = {"search", "finditer", "findall", "sub", "subn", "split"}
REGEX_MESSAGE = ("This regex is searched through the text and starts with an unbounded repetition: on a long run that never "
                 "completes a match, every start position rescans the run (quadratic time on large input).")


def scans_quadratically(pattern):
    m = LEADING_UNBOUNDED.match(pattern)
    return bool(m) and bool(WORDY.search(m.group(1))) and not re.fullmatch(r"(?:[)*?|]|\$|\\b)*", m.group(2))


def ends_with_dollar(pattern):
    """A pattern anchored with a final `$` (not `\\$`, not in MULTILINE mode)."""
    if "(?m" in pattern or not pattern.endswith("$"):
        return False
    backslashes = len(pattern[:-1]) - len(pattern[:-1].rstrip("\\"))
    return backslashes % 2 == 0


DOLLAR_MESSAGE = ("In Python `$` also matches before a final newline, so this check accepts \"value\\n\": use "
                  "re.fullmatch, or end the pattern with \\Z.")
VALIDATION_METHODS = {"match", "search"}


def regex_risks(tree):
    """`regex-quadratic-scan` for re.compile(...) patterns searched (not only matched at a position) and re.search & co."""
    out = []
    uses = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            uses.setdefault(node.func.value.id, set()).add(node.func.attr)
    for node in ast.walk(tree):
        pattern = None
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and dotted(node.value.func) == "re.compile" \
                and node.value.args and is_str_constant(node.value.args[0]):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            methods = set().union(*(uses.get(n, set()) for n in names)) if names else set()
            if not methods or methods & SEARCH_METHODS:
                pattern, at = node.value.args[0].value, node.value
        elif isinstance(node, ast.Call) and dotted(node.func) in {f"re.{m}" for m in SEARCH_METHODS} and node.args \
                and is_str_constant(node.args[0]):
            pattern, at = node.args[0].value, node
        if pattern is not None and scans_quadratically(pattern):
            out.append({"rule": "regex-quadratic-scan", "severity": "warning", "line": at.lineno,
                        "column": at.col_offset + 1, "message": REGEX_MESSAGE})
        dollar = dollar_check(node, uses)
        if dollar is not None:
            out.append({"rule": "regex-dollar-newline", "severity": "warning", "line": dollar.lineno,
                        "column": dollar.col_offset + 1, "message": DOLLAR_MESSAGE})
    return out


def multiline(call):
    return any("MULTILINE" in ast.unparse(a) or ast.unparse(a) == "re.M" for a in list(call.args[1:]) + [k.value for k in call.keywords])


def dollar_check(node, uses):
    """`re.compile("...$")` used with match/search, or `re.match("...$", s)`: a validation that lets a newline through."""
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and dotted(node.value.func) == "re.compile" \
            and node.value.args and is_str_constant(node.value.args[0]) and ends_with_dollar(node.value.args[0].value) \
            and not multiline(node.value):
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if any(uses.get(n, set()) & VALIDATION_METHODS for n in names):
            return node.value
    if isinstance(node, ast.Call) and dotted(node.func) in ("re.match", "re.search") and node.args and is_str_constant(node.args[0]) \
            and ends_with_dollar(node.args[0].value) and not any(k.arg == "flags" and "M" in ast.unparse(k.value) for k in node.keywords) \
            and len(node.args) < 3:
        return node
    return None


ERROR_TEXT_ATTRS = {"message", "body", "response", "args"}
# what of `e.response` is its text (its status code and headers are not)
RESPONSE_TEXT_ATTRS = {"text", "content", "json"}
LOG_CALL = re.compile(r"^(print|log|logger|logging|_?log(ger)?\.[a-z_]+|logging\.[a-z_]+|self\.(log|logger)\.[a-z_]+|warnings\.warn)$")


def reads_error_text(node, caught, parents):
    """`str(e)`, `repr(e)`, `f"{e}"`, `e.message`/`e.body`/`e.args`, `e.response` or its text: the caught error's text
    (`e.response.status_code` and `e.response.headers` are not)."""
    def is_caught(n):
        return isinstance(n, ast.Name) and n.id == caught

    if isinstance(node, ast.Call) and dotted(node.func) in ("str", "repr", "format") and node.args and is_caught(node.args[0]):
        return True
    if isinstance(node, ast.FormattedValue) and is_caught(node.value):
        return True
    if not (isinstance(node, ast.Attribute) and node.attr in ERROR_TEXT_ATTRS and is_caught(node.value)):
        return False
    parent = parents.get(id(node))
    return not (isinstance(parent, ast.Attribute) and parent.value is node and parent.attr not in RESPONSE_TEXT_ATTRS)


def echoes_upstream_error(tree):
    """In the except block of a try that calls the LLM, the caught error's text goes somewhere other than a log line."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try) or not any(is_llm_call(c) for stmt in node.body for c in ast.walk(stmt)):
            continue
        for handler in node.handlers:
            if not handler.name:
                continue
            logged, parents = set(), {}
            for n in (n for stmt in handler.body for n in ast.walk(stmt)):
                for child in ast.iter_child_nodes(n):
                    parents[id(child)] = n
                if isinstance(n, ast.Call) and LOG_CALL.match(dotted(n.func)):
                    logged.update(id(x) for x in ast.walk(n))
            for n in (n for stmt in handler.body for n in ast.walk(stmt)):
                if id(n) not in logged and reads_error_text(n, handler.name, parents):
                    text = ast.unparse(n)[:60]
                    out.append({"rule": "echoes-upstream-error", "severity": "warning", "line": n.lineno,
                                "column": n.col_offset + 1,
                                "message": f"The caught error's text ({text}) leaves this except block: upstream error "
                                           "messages can carry the API key and internals; answer with your own message."})
    return out


def is_llm_call(node):
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    return node.func.attr in LLM_CALL_METHODS or bool(re.search(r"client|openai|llm|chat|completions", dotted(node.func), re.I))


# ---------------------------------------------------------------- driver


def analyze_file(file, text):
    result = {"file": file}
    tree = None
    try:
        tree = ast.parse(text, filename=file, type_comments=False)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None) or 1
        column = getattr(error, "offset", None) or 1
        result["parseError"] = {"line": line, "column": max(1, column),
                                "message": f"{type(error).__name__}: {getattr(error, 'msg', str(error))}"}
    tokens, size = tokens_and_size(file, text, tree)
    result["size"] = size
    result["tokens"] = tokens if tree is not None else []
    result["functions"] = measure_functions(tree, file) if tree is not None else []
    result["literals"] = literals(tree) if tree is not None else []
    result["echoes"] = echoes_upstream_error(tree) if tree is not None else []
    if tree is not None:
        risks = Risks(tree)
        result["risks"] = sorted(risks.run() + Patterns(tree, text, risks.tenacity_names).run(), key=lambda r: (r["line"], r["column"]))
    else:
        result["risks"] = []
    result["regexes"] = regex_risks(tree) if tree is not None else []
    return result


def main():
    sys.setrecursionlimit(10_000)
    payload = json.load(sys.stdin)
    out = []
    for file in sorted(payload["files"]):
        try:
            out.append(analyze_file(file, payload["files"][file]))
        except RecursionError:
            out.append({"file": file, "parseError": {"line": 1, "column": 1, "message": "RecursionError: nested too deeply to analyse"},
                        "size": {"file": file, "lines": 0, "linesOfCode": 0, "commentLines": 0, "blankLines": 0},
                        "tokens": [], "functions": [], "literals": [], "risks": [], "echoes": [], "regexes": []})
    json.dump({"files": out, "python": sys.version.split()[0]}, sys.stdout)


if __name__ == "__main__":
    main()
