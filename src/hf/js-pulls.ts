/**
 * Hugging Face pulls in JavaScript/TypeScript: transformers.js (`pipeline`, `X.from_pretrained`),
 * `@huggingface/hub` downloads and `@huggingface/inference` calls, read with the TypeScript parser
 * that ts-morph bundles (loaded on the first file that needs it, as src/lang/js.ts does).
 *
 * A call counts only when its callee is bound to one of those packages by the file's own imports
 * (ESM, `require`, `import()`, aliases and namespaces), looked up through the enclosing scopes, so
 * `pipeline` from node:stream or a parameter named `pipeline` is never a pull. Model ids and
 * revisions are resolved from literals, same-file constants, templates and concatenations of
 * constants, default parameter values and class fields; anything else is recorded as dynamic with
 * its source text, never guessed.
 */
import type * as TS from 'typescript';
import { lineOf, lineStarts } from '../util/lines.js';
import { isHubId, isPickleWeights, type HfSites, type HubRepoType, type PullSite } from './types.js';
import { jsHfSitesFast } from './js-pulls-fast.js';
import { headOf } from '../lang/js.js';
import { cut, HUB_PULLS, idPartOf, IMPORT_FORM_RE, INFERENCE_CLIENTS, INFERENCE_NON_TASKS, MAX_PARSE_CHARS, PACKAGE_NAMES, packageOf, REPO_PREFIXES, sourceSpan, type IdPart, type Pkg } from './js-calls.js';

/** Names followed for one value: the constant that holds it plus five `const A = B` hops. */
const MAX_HOPS = 6;
/** Nodes visited to resolve one value: `const b = a + a + a`, nested, must not blow up. */
const MAX_STEPS = 256;
const MAX_VALUE_CHARS = 4096;


const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts'];

/**
 * What a name is bound to in some scope. Bindings are read lazily, in the second pass, so the
 * order of declarations does not matter: `const { pipeline } = T` is a 'member' of whatever `T`
 * turns out to be (a namespace, a constant object).
 */
type Decl =
  | { kind: 'import'; pkg: Pkg; name: string } // name '*' is the module namespace
  | { kind: 'var'; init: TS.Expression; isConst: boolean }
  | { kind: 'member'; of: TS.Expression; name: string; isConst: boolean }
  | { kind: 'param'; init: TS.Expression | undefined }
  | { kind: 'class'; node: TS.ClassLikeDeclaration }
  | { kind: 'other' };

interface FileIndex {
  ts: typeof TS;
  sf: TS.SourceFile;
  /** Scope node → names declared in it. */
  scopes: Map<TS.Node, Map<string, Decl>>;
  /** Class → `this.x = value` assignments in its body (first one per name). */
  thisFields: Map<TS.Node, Map<string, TS.Expression>>;
  /** Line starts of the source (CR, LF, CRLF), made at the first position asked for. */
  starts?: number[];
}

interface Budget {
  steps: number;
}

type RevisionPart = Pick<PullSite, 'revision' | 'revisionDynamic'>;

let enginePromise: Promise<typeof TS> | undefined;

/** The TypeScript API inside ts-morph, loaded once per thread and only for files that need it. */
function getTs(): Promise<typeof TS> {
  if (!enginePromise) {
    enginePromise = import('ts-morph').then((morph) => morph.ts as unknown as typeof TS);
    enginePromise.catch(() => {
      enginePromise = undefined;
    });
  }
  return enginePromise;
}

/**
 * Hugging Face pulls of one JS/TS source. `path` picks the dialect (.jsx/.tsx and .js parse JSX).
 * Never throws on bad input: the parser recovers from syntax errors and whatever was read before
 * an unexpected state is kept. `loaders` is always empty: the JS model runtimes (ONNX Runtime
 * under transformers.js) do not run code from the weights the way a Python unpickler does.
 */
export async function jsHfSites(text: string, path: string): Promise<HfSites> {
  const pulls: PullSite[] = [];
  if (!PACKAGE_NAMES.some((n) => text.includes(n)) || !IMPORT_FORM_RE.test(text)) return { pulls, loaders: [] };
  return jsHfSitesFast(text, path) ?? jsHfSitesParsed(text, path);
}

/** The TypeScript-parser reader (exported for the differential test). */
export async function jsHfSitesParsed(text: string, path: string): Promise<HfSites> {
  const pulls: PullSite[] = [];
  const ts = await getTs();
  const sf = parseHead(ts, text, path);
  if (!sf) return { pulls, loaders: [] };
  const cutShort = sf.text.length < text.length;
  const { index, calls, remoteOff } = indexFile(ts, sf);
  const localOnly = remoteOff.some((env) => guarded(() => isTransformersEnv(index, env)));
  for (const call of calls) {
    if (cutShort && call.end >= sf.text.length) continue;
    const site = guarded(() => pullOf(index, call));
    if (!site) continue;
    if (localOnly && site.localPath === undefined && isTransformersVia(site.via)) site.localPath = '(allowRemoteModels=false)';
    pulls.push(site);
  }
  pulls.sort((a, b) => a.line - b.line || a.column - b.column);
  return { pulls, loaders: [] };
}

/** A parser state never seen before costs the one call it is in, not the file. */
function guarded<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** Halvings tried when the parser runs out of stack. */
const PARSE_RETRIES = 4;

/**
 * The file parsed, or as much of its head as parses. The TypeScript parser recurses once per
 * nesting level and overflows the stack near a thousand levels (`[[[…`, `a => a => …`); the head
 * before such a construct is then read alone, halved up to PARSE_RETRIES times and cut at a line
 * break (the construct is often a line of its own), so a hostile tail costs at most one more
 * parse of the file and hides only what comes after it.
 */
function parseHead(ts: typeof TS, text: string, path: string): TS.SourceFile | undefined {
  let source = headOf(text, MAX_PARSE_CHARS, MAX_PARSE_CHARS / 2);
  for (let attempt = 0; attempt <= PARSE_RETRIES; attempt++) {
    try {
      // No parent pointers from the parser: indexFile sets them in the walk it makes anyway.
      return ts.createSourceFile(`f${extensionOf(path)}`, source, parseOptions(ts), false, scriptKindOf(ts, path));
    } catch {
      source = headOf(source, Math.floor(source.length / 2), 1);
    }
  }
  return undefined;
}


/**
 * Every file is read as a module: a script with no import or export but a top-level
 * `const { pipeline } = await import(…)` would otherwise parse as a call of a function named
 * `await`. JSDoc is not parsed (nothing here reads it, and it costs time on commented files).
 */
function parseOptions(ts: typeof TS): TS.CreateSourceFileOptions {
  return {
    languageVersion: ts.ScriptTarget.Latest,
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
    setExternalModuleIndicator: (file) => {
      (file as { externalModuleIndicator?: unknown }).externalModuleIndicator = true;
    },
  };
}

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const ext = dot >= 0 ? base.slice(dot).toLowerCase() : '';
  return JS_EXTENSIONS.includes(ext) ? ext : '.ts';
}

function scriptKindOf(ts: typeof TS, path: string): TS.ScriptKind {
  const ext = extensionOf(path);
  if (ext === '.tsx') return ts.ScriptKind.TSX;
  if (ext === '.jsx') return ts.ScriptKind.JSX;
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

const isTransformersVia = (via: string) => via === 'pipeline' || via.endsWith('.from_pretrained');

/**
 * Source text of a node for `dynamic`: whitespace runs folded so a multi-line expression reads on
 * one line. Only the head is read: the argument may be a megabyte-long object literal.
 */
function sourceText(ix: FileIndex, node: TS.Node): string {
  return sourceSpan(ix.sf.text, node.getStart(ix.sf), node.end);
}


// ---------------------------------------------------------------------------------------------
// Pass 1: scopes, bindings, candidate calls.

/**
 * One walk over the tree: every declaration in its scope, `this.x = …` assignments, every call,
 * and every `….allowRemoteModels = false`. The walk also sets each node's parent (names are looked
 * up through the enclosing scopes), which spares the parser's own parent pass over the tree.
 */
function indexFile(ts: typeof TS, sf: TS.SourceFile) {
  const K = ts.SyntaxKind;
  const index: FileIndex = { ts, sf, scopes: new Map(), thisFields: new Map() };
  const calls: TS.CallExpression[] = [];
  const remoteOff: TS.Expression[] = [];
  const declare = (scope: TS.Node, name: string, decl: Decl) => {
    let names = index.scopes.get(scope);
    if (!names) index.scopes.set(scope, (names = new Map()));
    if (!names.has(name)) names.set(name, decl);
  };

  let parent: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    if (parent) (node as { parent: TS.Node }).parent = parent;
    switch (node.kind) {
      case K.ImportDeclaration:
        indexImport(index, node as TS.ImportDeclaration, declare);
        break;
      case K.ImportEqualsDeclaration: {
        const d = node as TS.ImportEqualsDeclaration;
        const ref = d.moduleReference;
        const pkg = ref.kind === K.ExternalModuleReference ? literalSpecifierPkg(ts, (ref as TS.ExternalModuleReference).expression) : undefined;
        declare(sf, d.name.text, pkg && !d.isTypeOnly ? { kind: 'import', pkg, name: '*' } : { kind: 'other' });
        break;
      }
      case K.VariableDeclaration:
        indexVariable(index, node as TS.VariableDeclaration, declare);
        break;
      case K.Parameter: {
        const p = node as TS.ParameterDeclaration;
        if (p.name.kind === K.Identifier) declare(p.parent, p.name.text, { kind: 'param', init: p.initializer });
        else declareBinding(ts, p.name, p.parent, (init) => ({ kind: 'param', init }), declare);
        break;
      }
      case K.FunctionDeclaration: {
        const f = node as TS.FunctionDeclaration;
        if (f.name) declare(nearestScope(ts, f.parent), f.name.text, { kind: 'other' });
        break;
      }
      case K.ClassDeclaration: {
        const c = node as TS.ClassDeclaration;
        if (c.name) declare(nearestScope(ts, c.parent), c.name.text, { kind: 'class', node: c });
        break;
      }
      case K.BinaryExpression:
        indexAssignment(index, node as TS.BinaryExpression, remoteOff);
        break;
      case K.CallExpression: {
        const call = node as TS.CallExpression;
        calls.push(call);
        indexThenCallback(index, call, declare);
        break;
      }
    }
    const outer = parent;
    parent = node;
    ts.forEachChild(node, visit);
    parent = outer;
  };
  try {
    visit(sf);
  } catch {
    // A parser state never seen before: keep what was indexed.
  }
  return { index, calls, remoteOff };
}

type Declare = (scope: TS.Node, name: string, decl: Decl) => void;

function indexImport(ix: FileIndex, d: TS.ImportDeclaration, declare: Declare): void {
  const clause = d.importClause;
  if (!clause) return;
  const pkg = clause.isTypeOnly ? undefined : literalSpecifierPkg(ix.ts, d.moduleSpecifier);
  // A default import of these ESM packages is their namespace under bundlers' interop.
  if (clause.name) declare(ix.sf, clause.name.text, pkg ? { kind: 'import', pkg, name: '*' } : { kind: 'other' });
  const b = clause.namedBindings;
  if (!b) return;
  if (b.kind === ix.ts.SyntaxKind.NamespaceImport) {
    declare(ix.sf, b.name.text, pkg ? { kind: 'import', pkg, name: '*' } : { kind: 'other' });
    return;
  }
  for (const el of b.elements) {
    const decl: Decl = pkg && !el.isTypeOnly ? { kind: 'import', pkg, name: (el.propertyName ?? el.name).text } : { kind: 'other' };
    declare(ix.sf, el.name.text, decl);
  }
}

/** `const x = …`, `let`, `var`, `catch (e)`: in the block, the function or the catch clause. */
function indexVariable(ix: FileIndex, d: TS.VariableDeclaration, declare: Declare): void {
  const { ts } = ix;
  const list = d.parent;
  const isList = list.kind === ts.SyntaxKind.VariableDeclarationList;
  const blockScoped = isList && (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0;
  const scope = !isList ? list : blockScoped ? nearestScope(ts, list) : nearestFunctionScope(ts, list);
  const isConst = isList && (list.flags & ts.NodeFlags.Const) !== 0;
  declareAssigned(ts, d.name, d.initializer, scope, isConst, declare);
}

/**
 * A name takes the initializer as a whole; `{ a, b: c }` takes members of it (an export when the
 * initializer is a module, a property when it is a constant object). Anything else only shadows.
 */
function declareAssigned(ts: typeof TS, name: TS.BindingName, init: TS.Expression | undefined, scope: TS.Node, isConst: boolean, declare: Declare): void {
  if (init && name.kind === ts.SyntaxKind.Identifier) {
    declare(scope, name.text, { kind: 'var', init, isConst });
    return;
  }
  if (!init || name.kind !== ts.SyntaxKind.ObjectBindingPattern) {
    declareBinding(ts, name, scope, () => ({ kind: 'other' }), declare);
    return;
  }
  for (const el of name.elements) {
    const key = el.propertyName ? propertyNameText(ts, el.propertyName) : el.name.kind === ts.SyntaxKind.Identifier ? el.name.text : undefined;
    if (el.name.kind === ts.SyntaxKind.Identifier && key !== undefined && !el.dotDotDotToken) {
      declare(scope, el.name.text, { kind: 'member', of: init, name: key, isConst });
    } else {
      declareBinding(ts, el.name, scope, () => ({ kind: 'other' }), declare);
    }
  }
}

/** Declares every identifier of a binding name; `make` gets each one's default value (`{ a = 1 }`). */
function declareBinding(ts: typeof TS, name: TS.BindingName, scope: TS.Node, make: (init: TS.Expression | undefined) => Decl, declare: Declare): void {
  if (name.kind === ts.SyntaxKind.Identifier) {
    declare(scope, name.text, make(undefined));
    return;
  }
  for (const el of name.elements) {
    if (el.kind === ts.SyntaxKind.OmittedExpression) continue;
    if (el.name.kind === ts.SyntaxKind.Identifier) declare(scope, el.name.text, make(el.initializer));
    else declareBinding(ts, el.name, scope, make, declare);
  }
}

/** `import(pkg).then((m) => …)` / `.then(({ pipeline }) => …)`: the callback's parameter is the module. */
function indexThenCallback(ix: FileIndex, call: TS.CallExpression, declare: Declare): void {
  const { ts } = ix;
  const callee = call.expression;
  if (callee.kind !== ts.SyntaxKind.PropertyAccessExpression || (callee as TS.PropertyAccessExpression).name.text !== 'then') return;
  const loading = (callee as TS.PropertyAccessExpression).expression;
  const fn = call.arguments[0];
  if (!moduleLoad(ix, loading) || !fn) return;
  if (fn.kind !== ts.SyntaxKind.ArrowFunction && fn.kind !== ts.SyntaxKind.FunctionExpression) return;
  const param = (fn as TS.ArrowFunction | TS.FunctionExpression).parameters[0];
  // Declared before the Parameter visitor reaches it, so the module binding wins.
  if (param) declareAssigned(ts, param.name, loading, fn, true, declare);
}

/** `env.allowRemoteModels = false` candidates, and `this.x = value` fields of classes. */
function indexAssignment(ix: FileIndex, b: TS.BinaryExpression, remoteOff: TS.Expression[]): void {
  const { ts } = ix;
  if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || b.left.kind !== ts.SyntaxKind.PropertyAccessExpression) return;
  const left = b.left as TS.PropertyAccessExpression;
  if (left.name.text === 'allowRemoteModels' && unwrap(ts, b.right).kind === ts.SyntaxKind.FalseKeyword) remoteOff.push(left.expression);
  if (left.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(ts, b);
    if (!cls) return;
    let fields = ix.thisFields.get(cls);
    if (!fields) ix.thisFields.set(cls, (fields = new Map()));
    if (!fields.has(left.name.text)) fields.set(left.name.text, b.right);
  }
}

function isScopeNode(ts: typeof TS, n: TS.Node): boolean {
  const K = ts.SyntaxKind;
  switch (n.kind) {
    case K.SourceFile:
    case K.Block:
    case K.ModuleBlock:
    case K.CaseBlock:
    case K.CatchClause:
    case K.ForStatement:
    case K.ForInStatement:
    case K.ForOfStatement:
      return true;
    default:
      return ts.isFunctionLike(n);
  }
}

function nearestScope(ts: typeof TS, from: TS.Node): TS.Node {
  let n: TS.Node = from;
  while (n.parent && !isScopeNode(ts, n)) n = n.parent;
  return n;
}

function nearestFunctionScope(ts: typeof TS, from: TS.Node): TS.Node {
  let n: TS.Node = from;
  while (n.parent && n.kind !== ts.SyntaxKind.SourceFile && !ts.isFunctionLike(n)) n = n.parent;
  return n;
}

function enclosingClass(ts: typeof TS, from: TS.Node): TS.ClassLikeDeclaration | undefined {
  for (let n = from.parent; n; n = n.parent) if (ts.isClassLike(n)) return n;
  return undefined;
}

/** The declaration a name has where `from` stands: the innermost scope that declares it. */
function lookup(ix: FileIndex, name: string, from: TS.Node): Decl | undefined {
  for (let n: TS.Node | undefined = from; n; n = n.parent) {
    const d = ix.scopes.get(n)?.get(name);
    if (d) return d;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// What a callee is bound to.

function unwrap(ts: typeof TS, node: TS.Expression): TS.Expression {
  const K = ts.SyntaxKind;
  let n = node;
  for (;;) {
    switch (n.kind) {
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.NonNullExpression:
      case K.TypeAssertionExpression:
      case K.AwaitExpression:
        n = (n as TS.ParenthesizedExpression).expression;
        break;
      default:
        return n;
    }
  }
}

function literalSpecifierPkg(ts: typeof TS, node: TS.Node | undefined): Pkg | undefined {
  if (!node || (node.kind !== ts.SyntaxKind.StringLiteral && node.kind !== ts.SyntaxKind.NoSubstitutionTemplateLiteral)) return undefined;
  return packageOf((node as TS.StringLiteral).text);
}

/** `require(pkg)` or `import(pkg)` (awaited or not): the package it loads. */
function moduleLoad(ix: FileIndex, expr: TS.Expression): Pkg | undefined {
  const { ts } = ix;
  const e = unwrap(ts, expr);
  if (e.kind !== ts.SyntaxKind.CallExpression) return undefined;
  const call = e as TS.CallExpression;
  const isLoader =
    call.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (call.expression.kind === ts.SyntaxKind.Identifier && (call.expression as TS.Identifier).text === 'require');
  return isLoader && call.arguments.length === 1 ? literalSpecifierPkg(ts, call.arguments[0]) : undefined;
}

/**
 * The package a namespace expression stands for: a namespace import, an inline load, or a
 * variable holding either (`const T = await import(…)`, `var hf = require(…)`).
 */
function namespaceOf(ix: FileIndex, expr: TS.Expression, hops: number): Pkg | undefined {
  const e = unwrap(ix.ts, expr);
  if (e.kind !== ix.ts.SyntaxKind.Identifier) return moduleLoad(ix, e);
  const d = lookup(ix, (e as TS.Identifier).text, e);
  if (d?.kind === 'import') return d.name === '*' ? d.pkg : undefined;
  return d?.kind === 'var' && hops > 0 ? namespaceOf(ix, d.init, hops - 1) : undefined;
}

/**
 * The package export an expression names: `pipeline` (imported, renamed, destructured from a
 * namespace or a load), `ns.pipeline`, `require(pkg).pipeline`, or a variable holding one.
 */
function exportOf(ix: FileIndex, expr: TS.Expression, hops = MAX_HOPS): { pkg: Pkg; name: string } | undefined {
  const { ts } = ix;
  const e = unwrap(ts, expr);
  if (e.kind === ts.SyntaxKind.PropertyAccessExpression) {
    const pa = e as TS.PropertyAccessExpression;
    const pkg = namespaceOf(ix, pa.expression, hops);
    return pkg ? { pkg, name: pa.name.text } : undefined;
  }
  if (e.kind !== ts.SyntaxKind.Identifier) return undefined;
  const d = lookup(ix, (e as TS.Identifier).text, e);
  if (d?.kind === 'import') return d.name !== '*' ? { pkg: d.pkg, name: d.name } : undefined;
  if (hops <= 0) return undefined;
  if (d?.kind === 'member') {
    const pkg = namespaceOf(ix, d.of, hops - 1);
    return pkg ? { pkg, name: d.name } : undefined;
  }
  return d?.kind === 'var' ? exportOf(ix, d.init, hops - 1) : undefined;
}

/** transformers.js's `env`, whether imported, destructured or reached through the namespace. */
function isTransformersEnv(ix: FileIndex, expr: TS.Expression): boolean {
  const t = exportOf(ix, expr);
  return t?.pkg === 'transformers' && t.name === 'env';
}

/**
 * An `HfInference` / `InferenceClient` instance: `new X(token)`, a variable or class field holding
 * one. A client made with `{ endpointUrl }` sends every call to that URL, not to a Hub model.
 */
function isInferenceClient(ix: FileIndex, expr: TS.Expression, hops: number): boolean {
  const { ts } = ix;
  const e = unwrap(ts, expr);
  if (e.kind === ts.SyntaxKind.NewExpression) {
    const n = e as TS.NewExpression;
    const t = exportOf(ix, n.expression);
    if (t?.pkg !== 'inference' || !INFERENCE_CLIENTS.has(t.name)) return false;
    const opts = n.arguments?.[1];
    const obj = opts ? objectOf(ix, opts, MAX_HOPS, { steps: MAX_STEPS }) : undefined;
    return !(obj && property(ts, obj, 'endpointUrl'));
  }
  if (hops <= 0) return false;
  const init = initializerOf(ix, e, hops);
  return init !== undefined && isInferenceClient(ix, init, hops - 1);
}

/**
 * The expression a name or member stands for: a variable's initializer, a parameter's default, a
 * class field (`this.x`, `Cls.x`, `this.x = …` in the class), a property of a constant object
 * (`CONFIG.model`, `const { model } = CONFIG`). `constOnly` leaves out `let`/`var`, whose value
 * may change before use. `hops` bounds the constants followed to find an object.
 */
function initializerOf(ix: FileIndex, e: TS.Expression, hops: number, constOnly = false): TS.Expression | undefined {
  const { ts } = ix;
  if (e.kind === ts.SyntaxKind.Identifier) {
    const d = lookup(ix, (e as TS.Identifier).text, e);
    if (d?.kind === 'var' && (d.isConst || !constOnly)) return d.init;
    if (d?.kind === 'param') return d.init;
    if (d?.kind === 'member' && (d.isConst || !constOnly)) {
      const obj = objectOf(ix, d.of, hops - 1, { steps: MAX_STEPS });
      return obj ? property(ts, obj, d.name) : undefined;
    }
    return undefined;
  }
  if (e.kind !== ts.SyntaxKind.PropertyAccessExpression) return undefined;
  const pa = e as TS.PropertyAccessExpression;
  const name = pa.name.text;
  const obj = unwrap(ts, pa.expression);
  if (obj.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(ts, pa);
    return cls ? (classField(ts, cls, name) ?? ix.thisFields.get(cls)?.get(name)) : undefined;
  }
  if (obj.kind !== ts.SyntaxKind.Identifier) return undefined;
  const d = lookup(ix, (obj as TS.Identifier).text, obj);
  if (d?.kind === 'class') return classField(ts, d.node, name);
  const lit = d?.kind === 'var' && d.isConst ? objectOf(ix, d.init, hops - 1, { steps: MAX_STEPS }) : undefined;
  return lit ? property(ts, lit, name) : undefined;
}

function classField(ts: typeof TS, cls: TS.ClassLikeDeclaration, name: string): TS.Expression | undefined {
  for (const m of cls.members) {
    if (m.kind === ts.SyntaxKind.PropertyDeclaration && m.name && propertyNameText(ts, m.name) === name) {
      return (m as TS.PropertyDeclaration).initializer;
    }
  }
  return undefined;
}

function propertyNameText(ts: typeof TS, name: TS.PropertyName): string | undefined {
  const K = ts.SyntaxKind;
  if (name.kind === K.Identifier || name.kind === K.StringLiteral || name.kind === K.NoSubstitutionTemplateLiteral || name.kind === K.PrivateIdentifier) {
    return (name as TS.Identifier).text;
  }
  if (name.kind === K.ComputedPropertyName) {
    const inner = (name as TS.ComputedPropertyName).expression;
    if (inner.kind === K.StringLiteral || inner.kind === K.NoSubstitutionTemplateLiteral) return (inner as TS.StringLiteral).text;
  }
  return undefined;
}

/** The value of `key` in an object literal (the last one wins, as in JS); shorthand gives its name. */
function property(ts: typeof TS, obj: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
  let found: TS.Expression | undefined;
  for (const p of obj.properties) {
    if (p.kind === ts.SyntaxKind.PropertyAssignment && propertyNameText(ts, p.name) === key) found = p.initializer;
    else if (p.kind === ts.SyntaxKind.ShorthandPropertyAssignment && p.name.text === key) found = p.name;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Values.

/** A string an expression always evaluates to, when the file says so; undefined otherwise. */
function resolveString(ix: FileIndex, node: TS.Expression, hops: number, budget: Budget): string | undefined {
  if (--budget.steps < 0) return undefined;
  const { ts } = ix;
  const K = ts.SyntaxKind;
  const e = unwrap(ts, node);
  let value: string | undefined;
  switch (e.kind) {
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.NumericLiteral:
      value = (e as TS.StringLiteral).text;
      break;
    case K.TemplateExpression: {
      const t = e as TS.TemplateExpression;
      value = t.head.text;
      for (const span of t.templateSpans) {
        const part = resolveString(ix, span.expression, hops, budget);
        if (part === undefined) return undefined;
        value += part + span.literal.text;
      }
      break;
    }
    case K.BinaryExpression: {
      const b = e as TS.BinaryExpression;
      if (b.operatorToken.kind !== K.PlusToken) return undefined;
      const left = resolveString(ix, b.left, hops, budget);
      if (left === undefined) return undefined;
      const right = resolveString(ix, b.right, hops, budget);
      if (right === undefined) return undefined;
      value = left + right;
      break;
    }
    case K.Identifier:
    case K.PropertyAccessExpression: {
      if (hops <= 0) return undefined;
      const init = initializerOf(ix, e, hops, true);
      value = init ? resolveString(ix, init, hops - 1, budget) : undefined;
      break;
    }
  }
  return value !== undefined && value.length <= MAX_VALUE_CHARS ? value : undefined;
}

/** The object literal an options argument is, directly or through constants. */
function objectOf(ix: FileIndex, node: TS.Expression, hops: number, budget: Budget): TS.ObjectLiteralExpression | undefined {
  if (--budget.steps < 0) return undefined;
  const e = unwrap(ix.ts, node);
  if (e.kind === ix.ts.SyntaxKind.ObjectLiteralExpression) return e as TS.ObjectLiteralExpression;
  if (hops <= 0) return undefined;
  const init = initializerOf(ix, e, hops, true);
  return init ? objectOf(ix, init, hops - 1, budget) : undefined;
}

/** `true` written as such, directly or through constants. */
function isTrue(ix: FileIndex, node: TS.Expression, hops: number): boolean {
  const e = unwrap(ix.ts, node);
  if (e.kind === ix.ts.SyntaxKind.TrueKeyword) return true;
  if (hops <= 0) return false;
  const init = initializerOf(ix, e, hops, true);
  return init !== undefined && isTrue(ix, init, hops - 1);
}

/** An argument written as `undefined` or `null`: the callee takes its default. */
function isAbsent(ix: FileIndex, node: TS.Expression): boolean {
  const e = unwrap(ix.ts, node);
  return e.kind === ix.ts.SyntaxKind.NullKeyword || (e.kind === ix.ts.SyntaxKind.Identifier && (e as TS.Identifier).text === 'undefined');
}


/** A model argument as an id, a local path, or dynamic text (an expression, a URL, or a value that is neither). */
function modelIdPart(ix: FileIndex, node: TS.Expression): IdPart {
  return idPartOf(resolveString(ix, node, MAX_HOPS, { steps: MAX_STEPS }), () => sourceText(ix, node));
}


function revisionPart(ix: FileIndex, node: TS.Expression | undefined): RevisionPart {
  if (!node || isAbsent(ix, node)) return {};
  const v = resolveString(ix, node, MAX_HOPS, { steps: MAX_STEPS });
  return v === undefined ? { revisionDynamic: true } : { revision: v };
}

// ---------------------------------------------------------------------------------------------
// Pass 2: each call as a pull.

function pullOf(ix: FileIndex, call: TS.CallExpression): PullSite | undefined {
  const { ts } = ix;
  const callee = unwrap(ts, call.expression);
  const target = exportOf(ix, callee);
  if (target?.pkg === 'transformers' && target.name === 'pipeline') return pipelineSite(ix, call);
  if (target?.pkg === 'hub' && HUB_PULLS.has(target.name)) return hubSite(ix, call, target.name);
  if (target?.pkg === 'inference' && !INFERENCE_NON_TASKS.has(target.name)) return inferenceSite(ix, call, target.name);
  if (callee.kind !== ts.SyntaxKind.PropertyAccessExpression) return undefined;
  const pa = callee as TS.PropertyAccessExpression;
  const method = pa.name.text;
  if (method === 'from_pretrained') {
    const cls = exportOf(ix, pa.expression);
    return cls?.pkg === 'transformers' ? fromPretrainedSite(ix, call, cls.name) : undefined;
  }
  if (method !== 'endpoint' && isInferenceClient(ix, pa.expression, MAX_HOPS)) return inferenceSite(ix, call, method);
  return undefined;
}

/** A call's position in CR/LF/CRLF lines (not TypeScript's, which also end at U+2028 and U+2029). */
function at(ix: FileIndex, call: TS.CallExpression): { line: number; column: number } {
  ix.starts ??= lineStarts(ix.sf.text, 'cr-lf');
  const off = call.getStart(ix.sf);
  const l = lineOf(ix.starts, off);
  return { line: l + 1, column: off - (ix.starts[l] as number) + 1 };
}

/** transformers.js options: `revision`, and `local_files_only: true` (nothing is fetched). */
function transformersOptions(ix: FileIndex, node: TS.Expression | undefined): RevisionPart & { localFilesOnly?: true } {
  const obj = node ? objectOf(ix, node, MAX_HOPS, { steps: MAX_STEPS }) : undefined;
  if (!obj) return {};
  const local = property(ix.ts, obj, 'local_files_only');
  const rev = revisionPart(ix, property(ix.ts, obj, 'revision'));
  return local && isTrue(ix, local, MAX_HOPS) ? { ...rev, localFilesOnly: true } : rev;
}

function transformersSite(ix: FileIndex, call: TS.CallExpression, via: string, id: IdPart, optionsArg: TS.Expression | undefined): PullSite {
  const { localFilesOnly, ...rev } = transformersOptions(ix, optionsArg);
  const site: PullSite = { via, repoType: 'model', ...id, ...rev, ...at(ix, call) };
  if (localFilesOnly && site.localPath === undefined) site.localPath = '(local_files_only)';
  return site;
}

/** `pipeline(task, model?, options?)`: without a model, transformers.js loads the task's default. */
function pipelineSite(ix: FileIndex, call: TS.CallExpression): PullSite {
  const [task, model, options] = call.arguments;
  const spread = [task, model].find((a) => a?.kind === ix.ts.SyntaxKind.SpreadElement);
  if (spread) return transformersSite(ix, call, 'pipeline', { dynamic: sourceText(ix, spread) }, undefined);
  if (model && !isAbsent(ix, model)) return transformersSite(ix, call, 'pipeline', modelIdPart(ix, model), options);
  const taskName = task ? (resolveString(ix, task, MAX_HOPS, { steps: MAX_STEPS }) ?? sourceText(ix, task)) : '(no task)';
  return transformersSite(ix, call, 'pipeline', { dynamic: cut(`default model for ${taskName}`) }, options);
}

function fromPretrainedSite(ix: FileIndex, call: TS.CallExpression, cls: string): PullSite {
  const [id, options] = call.arguments;
  const via = `${cls}.from_pretrained`;
  return transformersSite(ix, call, via, id ? modelIdPart(ix, id) : { dynamic: '(no argument)' }, options);
}

/** `downloadFile({ repo, path, revision })` and friends; `repo` is `'org/x'`, `'datasets/org/x'` or `{ type, name }`. */
function hubSite(ix: FileIndex, call: TS.CallExpression, fn: string): PullSite {
  const { ts } = ix;
  const arg = call.arguments[0];
  const params = arg ? objectOf(ix, arg, MAX_HOPS, { steps: MAX_STEPS }) : undefined;
  const repo = params ? property(ts, params, 'repo') : undefined;
  if (!params || !repo) {
    const text = arg ? sourceText(ix, arg) : '(no argument)';
    return { via: fn, repoType: 'model', dynamic: text, ...at(ix, call) };
  }
  const site: PullSite = { via: fn, ...repoPart(ix, repo), ...revisionPart(ix, property(ts, params, 'revision')), ...at(ix, call) };
  const pathArg = fn === 'snapshotDownload' ? undefined : property(ts, params, 'path');
  const file = pathArg ? resolveString(ix, pathArg, MAX_HOPS, { steps: MAX_STEPS }) : undefined;
  if (file !== undefined) {
    site.file = file;
    if (isPickleWeights(file)) site.unsafeWeights = `path="${cut(file)}"`;
  }
  return site;
}


/** A hub repo designation. It is never a local path: anything that is not an id stays dynamic. */
function repoPart(ix: FileIndex, node: TS.Expression): IdPart & { repoType: HubRepoType } {
  const { ts } = ix;
  const obj = objectOf(ix, node, MAX_HOPS, { steps: MAX_STEPS });
  if (obj) {
    const typeNode = property(ts, obj, 'type');
    const nameNode = property(ts, obj, 'name');
    const type = typeNode ? resolveString(ix, typeNode, MAX_HOPS, { steps: MAX_STEPS }) : 'model';
    const repoType: HubRepoType = type === 'dataset' || type === 'space' ? type : 'model';
    if (!nameNode) return { repoType, dynamic: sourceText(ix, obj) };
    const name = resolveString(ix, nameNode, MAX_HOPS, { steps: MAX_STEPS });
    if (name === undefined) return { repoType, dynamic: sourceText(ix, nameNode) };
    return isHubId(name) ? { repoType, id: name } : { repoType, dynamic: cut(name) };
  }
  const v = resolveString(ix, node, MAX_HOPS, { steps: MAX_STEPS });
  if (v === undefined) return { repoType: 'model', dynamic: sourceText(ix, node) };
  const [prefix, repoType] = REPO_PREFIXES.find(([p]) => v.startsWith(p)) ?? ['', 'model' as const];
  const name = v.slice(prefix.length);
  return isHubId(name) ? { repoType, id: name } : { repoType, dynamic: cut(v) };
}

/**
 * An Inference API call with `{ model }` in its first argument. The model runs on Hugging Face's
 * side, so there is no revision to pin; a call without a model names nothing to inventory.
 */
function inferenceSite(ix: FileIndex, call: TS.CallExpression, method: string): PullSite | undefined {
  const arg = call.arguments[0];
  const params = arg ? objectOf(ix, arg, MAX_HOPS, { steps: MAX_STEPS }) : undefined;
  const model = params ? property(ix.ts, params, 'model') : undefined;
  if (!model) return undefined;
  return { via: `inference.${method}`, repoType: 'model', ...modelIdPart(ix, model), ...at(ix, call) };
}
