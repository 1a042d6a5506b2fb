/**
 * @module quality/llm-patterns
 * LLM-call flaws a static reading can name without running anything (the TypeScript half; python/analyze.py has the
 * same rules for Python):
 * - `user-input-in-system-prompt`: a system message (or AI SDK `system` / Responses `instructions`) built from the
 *   user's text, a document, retrieved passages or a summary: data placed with the instructions.
 * - `llm-stacked-retries`: a retry loop of your own around an LLM call while the client keeps the SDK's retries.
 * - `retry-after-ignored`: a retry loop of your own that never reads `retry-after` / `retry-after-ms`.
 * - `retries-client-errors`: a retry loop of your own whose error handling never looks at the status: 400, 401, 404
 *   are retried like 429 and 5xx.
 * - `llm-call-per-item`: an embeddings request per item inside a loop (`.data[0]` of each response).
 * - `llm-timeout-headers-only`: the SDK's `timeout` is the only bound and no request passes an AbortSignal.
 * - `tokenizer-special-tokens`: gpt-tokenizer's `encode`/`countTokens` without options, which throw on text containing
 *   a special token such as `<|endoftext|>`.
 */
import ts from 'typescript';
import type { QualityFinding } from './types';
import { lineCol, walk, type SourceFile } from './source-files';

/** Names that hold the user's or a document's text (constants in UPPER_CASE are instructions, not data). */
const DATA_NAME = /text|input|query|question|^q$|ticket|passage|context|chunk|document|^docs?$|summary|transcript|history|body|^req$|request|user|message|content|retriev/i;
const LLM_CALL = /\b(completions|responses|embeddings|messages|chat|beta\.chat\.completions)\.(create|parse|stream)$|\b(llm|model|chain|chat)\.(invoke|stream)$|^(generateText|generateObject|streamText|streamObject|embed|embedMany)$/i;
const STATUS_CHECK = /\bstatus|RateLimitError|InternalServerError|APIConnection|retryable|transient|\b[45]\d\d\b/i;
const AI_SDK_CALL = /^(generateText|generateObject|streamText|streamObject)$/;

function finding(source: SourceFile, node: ts.Node, rule: string, message: string): QualityFinding {
  return { kind: 'llm-risk', rule, severity: 'warning', file: source.file, ...lineCol(source.ast, node.getStart(source.ast)), message };
}

function propName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (!p.name) return undefined;
  if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) return p.name.text;
  return undefined;
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (propName(p) !== name) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

function isStringConst(node: ts.Expression | undefined, value: RegExp): boolean {
  return !!node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && value.test(node.text);
}

/** Every variable declaration of the file, by name (to follow `content: system` to what `system` was built from). */
function declarations(source: SourceFile): Map<string, ts.Expression[]> {
  const out = new Map<string, ts.Expression[]>();
  const add = (name: string, value: ts.Expression) => out.set(name, [...(out.get(name) ?? []), value]);
  walk(source.ast, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) add(node.name.text, node.initializer);
    // `lines.push(\`[${p.id}] ${text}\`)`: what an array of prompt lines is built from
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push'
      && ts.isIdentifier(node.expression.expression)) {
      for (const arg of node.arguments) add(node.expression.expression.text, arg);
    }
  });
  return out;
}

/** A value the prompt text is assembled in (a name built this way is followed to what it was built from). */
function buildsText(node: ts.Expression): boolean {
  if (ts.isTemplateExpression(node) || ts.isBinaryExpression(node) || ts.isStringLiteralLike(node) || ts.isIdentifier(node)
    || ts.isConditionalExpression(node) || ts.isArrayLiteralExpression(node)) return true;
  return ts.isCallExpression(node) && /^(join|concat|trim|replace|replaceAll)$/.test(calleeName(node));
}

/** The first identifier holding user or document data that the expression is built from (followed through locals). */
function dataNameIn(expr: ts.Expression, decls: Map<string, ts.Expression[]>, seen = new Set<string>()): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node)) {
      // `context.map(...)`: the object; `summary.content`: the field read, unless it is the system message's own
      if (ts.isCallExpression(node.parent) && node.parent.expression === node) return visit(node.expression);
      const root = node.getText().split(/[.[(]/)[0]!;
      if (DATA_NAME.test(node.name.text) && !/system|instruction|prompt/i.test(root)) found = node.getText();
      return;
    }
    if (ts.isPropertyAssignment(node)) return visit(node.initializer);
    if (ts.isIdentifier(node)) {
      const name = node.text;
      if (/^[A-Z0-9_]+$/.test(name)) return;
      // `q = collapse(q)` refers to itself: the name decides
      if (seen.has(name)) {
        if (DATA_NAME.test(name)) found = name;
        return;
      }
      const built = (decls.get(name) ?? []).filter(buildsText);
      // a prompt assembled here is what it was built from (`const content = \`...${labels}\``); anything else, its name
      if (built.length === 0) {
        if (DATA_NAME.test(name)) found = name;
        return;
      }
      seen.add(name);
      for (const init of built) if (!found) found = dataNameIn(init, decls, seen);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expr);
  return found;
}

function checkSystemContent(source: SourceFile, node: ts.Node, content: ts.Expression, decls: Map<string, ts.Expression[]>, out: QualityFinding[]): void {
  if (ts.isStringLiteral(content) || ts.isNoSubstitutionTemplateLiteral(content)) return;
  const name = dataNameIn(content, decls);
  if (name) {
    out.push(finding(source, node, 'user-input-in-system-prompt',
      `The system prompt is built from \`${name}\`: user or document text placed with the instructions gets their authority (prompt injection); send it in a user message.`));
  }
}

function findSystemPrompts(source: SourceFile, out: QualityFinding[]): void {
  const decls = declarations(source);
  walk(source.ast, (node) => {
    if (ts.isObjectLiteralExpression(node) && isStringConst(property(node, 'role'), /^(system|developer)$/)) {
      const content = property(node, 'content');
      if (content) checkSystemContent(source, node, content, decls, out);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      const callee = node.expression.getText(source.ast).replace(/\s+/g, '');
      const key = AI_SDK_CALL.test(callee) ? 'system' : /responses\.(create|parse|stream)$/.test(callee) ? 'instructions' : undefined;
      const content = key ? property(node.arguments[0], key) : undefined;
      if (content) checkSystemContent(source, node.arguments[0], content, decls, out);
    }
  });
}

// ---------------------------------------------------------------- own retry loops

type Loop = ts.IterationStatement;

function calleeName(call: ts.CallExpression): string {
  const e = call.expression;
  return ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : '';
}

function containsLlmCall(node: ts.Node, source: SourceFile, llmFunctions: Set<string>, params: Set<string>): boolean {
  let found = false;
  walk(node, (n) => {
    if (found || !ts.isCallExpression(n)) return;
    const text = n.expression.getText(source.ast).replace(/\s+/g, '');
    if (LLM_CALL.test(text)) found = true;
    else if (llmFunctions.has(calleeName(n)) || (ts.isIdentifier(n.expression) && params.has(n.expression.text))) found = true;
  });
  return found;
}

/** Functions of the file that make an LLM call themselves (one level: a helper doing one attempt). */
function llmFunctions(source: SourceFile): Set<string> {
  const out = new Set<string>();
  walk(source.ast, (node) => {
    let name: string | undefined;
    let body: ts.Node | undefined;
    if (ts.isFunctionDeclaration(node) && node.name) [name, body] = [node.name.text, node.body];
    else if (ts.isMethodDeclaration(node) && ts.isIdentifier(node.name)) [name, body] = [node.name.text, node.body];
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer
      && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) [name, body] = [node.name.text, node.initializer.body];
    if (name && body && containsLlmCall(body, source, new Set(), new Set())) out.add(name);
  });
  return out;
}

/** The loop's own variables (`for (let i ...)`, `for (const x of ...)`): a try that uses them works on an item, it does not retry. */
function loopVariables(loop: Loop): Set<string> {
  const init = ts.isForStatement(loop) ? loop.initializer : ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.initializer : undefined;
  const out = new Set<string>();
  if (init && ts.isVariableDeclarationList(init)) {
    for (const d of init.declarations) walk(d.name, (n) => { if (ts.isIdentifier(n)) out.add(n.text); });
  }
  return out;
}

function usesAny(node: ts.Node, names: Set<string>): boolean {
  let found = false;
  walk(node, (n) => { if (ts.isIdentifier(n) && names.has(n.text) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) found = true; });
  return found;
}

function enclosingParams(node: ts.Node): Set<string> {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) return new Set(n.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  }
  return new Set();
}

/** The catch clause ends every path with throw/return: the loop does not go round again after an error. */
function alwaysLeaves(block: ts.Block): boolean {
  const last = block.statements[block.statements.length - 1];
  return !!last && (ts.isThrowStatement(last) || ts.isReturnStatement(last));
}

interface RetryLoop { loop: Loop; handler: ts.CatchClause }

/** Loops whose body tries an LLM call (directly, through a helper of the file, or a callback parameter) and goes on after its error. */
function retryLoops(source: SourceFile): RetryLoop[] {
  const helpers = llmFunctions(source);
  const out: RetryLoop[] = [];
  walk(source.ast, (node) => {
    if (!ts.isIterationStatement(node, false)) return;
    const params = enclosingParams(node);
    const own = loopVariables(node);
    walk(node.statement, (n) => {
      if (ts.isTryStatement(n) && n.catchClause && !alwaysLeaves(n.catchClause.block) && containsLlmCall(n.tryBlock, source, helpers, params)
        && !usesAny(n.tryBlock, own)) {
        out.push({ loop: node, handler: n.catchClause });
      }
    });
  });
  return out;
}

function checksStatus(loop: RetryLoop, source: SourceFile): boolean {
  let found = false;
  walk(loop.loop.statement, (n) => {
    if (found) return;
    const condition = ts.isIfStatement(n) ? n.expression : ts.isConditionalExpression(n) ? n.condition : ts.isSwitchStatement(n) ? n.expression
      : ts.isCallExpression(n) && /retryable|transient|shouldRetry/i.test(calleeName(n)) ? n : undefined;
    if (condition && STATUS_CHECK.test(condition.getText(source.ast))) found = true;
  });
  return found;
}

/** `new OpenAI(...)` keeps the SDK's retries (no `maxRetries: 0` on the client or on any request). */
function keepsSdkRetries(source: SourceFile): ts.NewExpression | undefined {
  let client: ts.NewExpression | undefined;
  let zero = false;
  walk(source.ast, (node) => {
    if (ts.isNewExpression(node) && /^(OpenAI|AzureOpenAI)$/.test(node.expression.getText(source.ast).replace(/^.*\./, ''))) client ??= node;
    if (ts.isPropertyAssignment(node) && propName(node) === 'maxRetries' && node.initializer.getText(source.ast) === '0') zero = true;
  });
  return zero ? undefined : client;
}

/** A variable that tells whether to retry. */
const RETRY_FLAG = /^(is)?retr(y|yable|iable)$|^shouldRetry$|^transient$/i;

/** `const retryable = true` in the catch of an LLM call: every error, 400 and 401 included, is classified retryable. */
function findAlwaysRetryable(source: SourceFile, out: QualityFinding[]): void {
  walk(source.ast, (node) => {
    if (!ts.isTryStatement(node) || !node.catchClause || !containsLlmCall(node.tryBlock, source, new Set(), new Set())) return;
    walk(node.catchClause.block, (n) => {
      const [name, value] = ts.isVariableDeclaration(n) ? [n.name, n.initializer]
        : ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken ? [n.left, n.right] : [undefined, undefined];
      if (name && ts.isIdentifier(name) && RETRY_FLAG.test(name.text) && value?.kind === ts.SyntaxKind.TrueKeyword) {
        out.push(finding(source, n, 'retries-client-errors',
          'Every error of this LLM call is marked retryable without looking at its status: a 400, 401 or 404 fails the same way each time and only wastes attempts.'));
      }
    });
  });
}

function findRetryFlaws(source: SourceFile, out: QualityFinding[]): void {
  findAlwaysRetryable(source, out);
  const loops = retryLoops(source);
  const seen = new Set<Loop>();
  const client = keepsSdkRetries(source);
  for (const l of loops) {
    if (seen.has(l.loop)) continue;
    seen.add(l.loop);
    if (client) {
      out.push(finding(source, l.loop, 'llm-stacked-retries',
        'A retry loop of your own around an LLM call while the client keeps the SDK\'s 2 retries: every attempt is up to 3 requests, so the retry budget multiplies.'));
    }
    if (!/retry-after/i.test(source.text)) {
      out.push(finding(source, l.loop, 'retry-after-ignored',
        'This retry loop never reads retry-after / retry-after-ms: a 429 is retried on your own schedule, not when the server said it can take the request.'));
    }
    if (!checksStatus(l, source)) {
      out.push(finding(source, l.handler, 'retries-client-errors',
        'This retry loop retries every error without looking at its status: a 400, 401 or 404 fails the same way each time and only wastes attempts.'));
    }
  }
}

// ---------------------------------------------------------------- one request per item

function insideLoopOrCallback(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isIterationStatement(n, false)) return true;
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isCallExpression(n.parent)
      && /^(map|forEach|flatMap)$/.test(calleeName(n.parent))) return true;
    if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) return false;
  }
  return false;
}

function findPerItemCalls(source: SourceFile, out: QualityFinding[]): void {
  walk(source.ast, (node) => {
    if (!ts.isCallExpression(node) || !/\bembeddings\.create$/.test(node.expression.getText(source.ast).replace(/\s+/g, '')) || !insideLoopOrCallback(node)) return;
    // the body around the call reads only the first embedding of each response
    let scope: ts.Node = node;
    while (scope.parent && !ts.isBlock(scope) && !ts.isArrowFunction(scope)) scope = scope.parent;
    if (/\.data\s*\[\s*0\s*\]/.test(scope.getText(source.ast))) {
      out.push(finding(source, node, 'llm-call-per-item',
        'One embeddings request per item inside a loop: the API takes a list of inputs, so this costs one round trip and one rate-limit slot per item instead of per batch.'));
    }
  });
}

// ---------------------------------------------------------------- the SDK timeout as the only bound

function findHeadersOnlyTimeout(source: SourceFile, out: QualityFinding[]): void {
  if (/\bsignal\b|AbortController|AbortSignal/.test(source.text)) return;
  walk(source.ast, (node) => {
    if (!ts.isNewExpression(node) || !/^(OpenAI|AzureOpenAI)$/.test(node.expression.getText(source.ast).replace(/^.*\./, ''))) return;
    const options = node.arguments?.[0];
    if (options && ts.isObjectLiteralExpression(options) && property(options, 'timeout')) {
      out.push(finding(source, node, 'llm-timeout-headers-only',
        'The SDK\'s timeout stops counting once the response headers arrive and no request passes an AbortSignal: a body that stalls after the headers is never cut off.'));
    }
  });
}

// ---------------------------------------------------------------- tokenizers that throw on special-token text

const TOKENIZER_MODULE = /^gpt-tokenizer(\/|$)/;
const THROWING_FUNCTIONS = new Set(['encode', 'countTokens', 'isWithinTokenLimit', 'encodeGenerator']);

/** Local names bound to gpt-tokenizer's encode/countTokens (named imports, `require` destructuring) and namespaces. */
function tokenizerNames(source: SourceFile): { functions: Map<string, string>; namespaces: Set<string> } {
  const functions = new Map<string, string>();
  const namespaces = new Set<string>();
  walk(source.ast, (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && TOKENIZER_MODULE.test(node.moduleSpecifier.text)) {
      const clause = node.importClause;
      if (clause?.name) namespaces.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const e of bindings.elements) functions.set(e.name.text, (e.propertyName ?? e.name).text);
      }
    } else if (ts.isVariableDeclaration(node) && node.initializer && ts.isCallExpression(node.initializer)
      && node.initializer.expression.getText(source.ast) === 'require' && node.initializer.arguments[0]
      && ts.isStringLiteral(node.initializer.arguments[0]) && TOKENIZER_MODULE.test(node.initializer.arguments[0].text)) {
      if (ts.isIdentifier(node.name)) namespaces.add(node.name.text);
      else if (ts.isObjectBindingPattern(node.name)) {
        for (const e of node.name.elements) {
          if (ts.isIdentifier(e.name)) functions.set(e.name.text, e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : e.name.text);
        }
      }
    }
  });
  return { functions, namespaces };
}

function findThrowingTokenizer(source: SourceFile, out: QualityFinding[]): void {
  const { functions, namespaces } = tokenizerNames(source);
  if (functions.size === 0 && namespaces.size === 0) return;
  walk(source.ast, (node) => {
    if (!ts.isCallExpression(node) || node.arguments.length !== 1) return;
    const e = node.expression;
    const name = ts.isIdentifier(e) ? functions.get(e.text)
      : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && namespaces.has(e.expression.text) ? e.name.text : undefined;
    if (name && THROWING_FUNCTIONS.has(name)) {
      out.push(finding(source, node, 'tokenizer-special-tokens',
        `gpt-tokenizer's ${name}() without options throws on text that contains a special token such as <|endoftext|>: user text can crash the count (pass { disallowedSpecial: new Set() }).`));
    }
  });
}

/** The pattern findings of one source. */
export function findLlmPatterns(source: SourceFile): QualityFinding[] {
  const out: QualityFinding[] = [];
  findSystemPrompts(source, out);
  findRetryFlaws(source, out);
  findPerItemCalls(source, out);
  findHeadersOnlyTimeout(source, out);
  findThrowingTokenizer(source, out);
  return out;
}
