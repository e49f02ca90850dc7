/**
 * The JavaScript/TypeScript front-end: imports and interesting string literals of one source file,
 * read with the TypeScript parser that ts-morph bundles, loaded on the first file that needs it (a
 * dynamic import). Each file is parsed alone with `ts.createSourceFile` (no Project, no type
 * checking, no lib files): a ts-morph Project per thread parsed ~500 files/s and kept hundreds of
 * MB alive; the bare parser is an order of magnitude faster and keeps nothing between files.
 *
 * Positions are 1-based lines and columns in UTF-16 code units; a specifier's or string's column is
 * that of its opening quote (or backtick).
 */
import type * as TS from 'typescript';
import { lineOf, lineStarts } from '../util/lines.js';
import { bindingAt, callPlace } from './place.js';
import { MODEL_CALL_KEY, type ImportKind, type ImportSite, type ModelCalls, type StringSite } from './types.js';
import { URL_HEAD_RE, URL_RE } from './urls.js';
import { npmImportSite } from './npm-specifier.js';
import { headOf } from './limits.js';
import { isModelSetting, MODEL_TABLE_KEYS } from './config-text.js';

export { headOf };

/** `= new X(`, `= new a.b.X(` (a class: a capital first; group 1), or an AI SDK provider factory's call `= createOpenAI(` (group 2). */
const NEW_CLIENT = /=[ \t]*(?:await[ \t]+)?(?:new[ \t]+(?:[A-Za-z_$][\w$]*\.){0,4}([A-Z][\w$]*)|(create[A-Z][\w$]*))[ \t]*\(/g;
/** What comes before NEW_CLIENT's `=` on its line when it binds a name: `const x`, `this.x`, a class field (`private readonly x: T`); group 1 the name. */
const BOUND_NAME = /(?:\b(?:const|let|var)[ \t]+|\bthis\.|^[ \t]*(?:(?:private|public|protected|readonly|static|declare)[ \t]+)*)([A-Za-z_$][\w$]*)[ \t]*(?:[!?][ \t]*)?(?::[^=;\n]{1,100})?$/;

/**
 * A name bound to a client (jsClientInstances): the class's (or factory's) name, and the offsets of
 * the `(` of the calls that bind it, ascending (bindingAt picks one). `factory`: a provider factory's
 * result (`const ollama = createOpenAI({ baseURL })`), which model calls are made on
 * (`ollama('llama3.2')`) and which keeps its own name as their `via`.
 */
export interface JsClientInstance {
  callee: string;
  ats: number[];
  factory: boolean;
}

/**
 * The names a JS/TS file binds to class instances (`const groq = new OpenAI({ baseURL: … })`,
 * `this.client = new Anthropic()`, a class field `private llm = new ChatOpenAI({…})`): a method
 * called on one (`groq.chat.completions.create({ model: … })`) gives its object's values to that
 * class (StringSite.via) and to its construction call (StringSite.call), as the construction does.
 * A name bound to two classes is neither's; one bound more than once to the same class is that
 * class's, a use taking the binding before it (bindingAt). Read from the text by both readers, so they agree.
 */
export function jsClientInstances(text: string): ReadonlyMap<string, JsClientInstance> | undefined {
  if (!text.includes('new') && !text.includes('create')) return undefined;
  let out: Map<string, JsClientInstance> | undefined;
  for (const m of text.matchAll(NEW_CLIENT)) {
    // The line's start, looked for at most 200 characters back (a minified file's one line holds thousands of matches).
    let from = m.index;
    while (from > 0 && m.index - from < 200 && text[from - 1] !== '\n') from--;
    const bound = BOUND_NAME.exec(text.slice(from, m.index));
    if (bound === null) continue;
    const name = bound[1] as string;
    const callee = (m[1] ?? m[2]) as string;
    const at = m.index + m[0].length - 1;
    out ??= new Map();
    const had = out.get(name);
    if (had === undefined) out.set(name, { callee, ats: [at], factory: m[2] !== undefined });
    else if (had.callee !== callee) had.callee = '';
    else had.ats.push(at);
  }
  if (out) for (const [name, x] of out) if (x.callee === '') out.delete(name);
  return out?.size ? out : undefined;
}

/** Object keys / JSX attributes whose string values are reported with their key. */
export const JS_STRING_KEYS: ReadonlySet<string> = new Set([
  'model',
  'modelId',
  'model_name',
  'engine',
  'deployment',
  'deploymentName',
  'endpoint',
  'baseURL',
  'baseUrl',
  'base_url',
  'apiBase',
  // Mistral's and other Speakeasy-made SDKs' base URL: `new Mistral({ serverURL })`.
  'serverURL',
  'azureOpenAIEndpoint',
  'azureOpenAIBasePath',
]);

/** zod methods that keep a schema's default value when called after `.default(…)` (zodDefault here and in js-lex). */
export const ZOD_KEEPS: ReadonlySet<string> = new Set(['describe', 'optional', 'nullable', 'nullish', 'readonly', 'meta']);

export const JS_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts'];

interface Engine {
  ts: typeof TS;
}

let enginePromise: Promise<Engine> | undefined;

async function loadEngine(): Promise<Engine> {
  const morph = await import('ts-morph');
  return { ts: morph.ts as unknown as typeof TS };
}

function getEngine(): Promise<Engine> {
  if (!enginePromise) {
    enginePromise = loadEngine();
    enginePromise.catch(() => {
      enginePromise = undefined;
    });
  }
  return enginePromise;
}

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const ext = dot >= 0 ? base.slice(dot).toLowerCase() : '';
  return JS_EXTENSIONS.includes(ext) ? ext : '.ts';
}


/**
 * Imports and string sites of one JS/TS source. `path` picks the dialect (by extension: .jsx/.tsx
 * parse JSX, .js/.mjs/.cjs are JavaScript). `calls`: the calls whose first argument, a string
 * literal, is reported under MODEL_CALL_KEY (`openai('gpt-4o')`, `openai.chat('gpt-4o')`). Never
 * throws on bad input: the TypeScript parser recovers from syntax errors and whatever parsed is
 * reported.
 */
export async function jsImports(text: string, path: string, calls?: ModelCalls): Promise<{ imports: ImportSite[]; strings: StringSite[] }> {
  const { ts } = await getEngine();
  const imports: ImportSite[] = [];
  const strings = new Map<number, StringSite>();
  const specifierStarts = new Set<number>();
  const ext = extensionOf(path);
  const scriptKind =
    ext === '.tsx'
      ? ts.ScriptKind.TSX
      : ext === '.jsx'
        ? ts.ScriptKind.JSX
        : ext === '.js' || ext === '.mjs' || ext === '.cjs'
          ? ts.ScriptKind.JS
          : ts.ScriptKind.TS;

  // The TypeScript parser recurses once per nesting level and overflows the stack near a thousand
  // (`[[[…`): then the head before such a construct is parsed alone, halved up to 4 times at a line
  // break, so the imports above it are still read (as src/hf/js-pulls.ts does).
  let sf: TS.SourceFile | undefined;
  let source = text;
  for (let attempt = 0; attempt <= 4 && sf === undefined; attempt++) {
    try {
      // setParentNodes: the require() visitor looks at the call's parent for destructured names.
      sf = ts.createSourceFile(`f${ext}`, source, ts.ScriptTarget.Latest, true, scriptKind);
    } catch {
      source = headOf(source, Math.floor(source.length / 2), 1);
    }
  }
  if (sf === undefined) return { imports: [], strings: [] };
  const K = ts.SyntaxKind;

  // Positions in the lines of editors and SARIF (CR, LF, CRLF): TypeScript also ends lines at
  // U+2028 and U+2029, which no viewer of a finding does.
  let starts: number[] | undefined;
  const at = (node: TS.Node) => {
    starts ??= lineStarts(text, 'cr-lf');
    const off = node.getStart(sf);
    const l = lineOf(starts, off);
    return { line: l + 1, column: off - (starts[l] as number) + 1 };
  };
  const isLiteral = (node: TS.Node | undefined): node is TS.StringLiteral | TS.NoSubstitutionTemplateLiteral =>
    node !== undefined && (node.kind === K.StringLiteral || node.kind === K.NoSubstitutionTemplateLiteral);
  const addImport = (spec: TS.Node, kind: ImportKind, extra: { names?: string[]; typeOnly?: boolean; defaultLocal?: string } = {}) => {
    if (!isLiteral(spec)) return;
    specifierStarts.add(spec.getStart(sf));
    const site: ImportSite = { specifier: spec.text, kind, ...at(spec) };
    if (extra.names) site.names = extra.names;
    if (extra.defaultLocal !== undefined) site.defaultLocal = extra.defaultLocal;
    if (extra.typeOnly) site.typeOnly = true;
    imports.push(npmImportSite(site));
  };
  /**
   * `require` or Node's `module.require` (which loads a module as require does; another object's
   * `.require` is a method of its own). `require.resolve()` and `import.meta.resolve()` only find a
   * path and load nothing: a `resolve` site (isResolveCallee), not a require.
   */
  const isRequireCallee = (callee: TS.Node): boolean => {
    if (callee.kind === K.Identifier) return (callee as TS.Identifier).text === 'require';
    if (callee.kind !== K.PropertyAccessExpression) return false;
    const p = callee as TS.PropertyAccessExpression;
    return p.questionDotToken === undefined && p.name.text === 'require' && p.expression.kind === K.Identifier && (p.expression as TS.Identifier).text === 'module';
  };
  /** A literal's TypeScript `as const` taken off (`'gpt-4o' as const`: js-lex's constEnd). */
  const withoutConst = (node: TS.Node): TS.Node => {
    if (node.kind !== K.AsExpression) return node;
    const a = node as TS.AsExpression;
    return isLiteral(a.expression) && a.type.kind === K.TypeReference && (a.type as TS.TypeReferenceNode).typeName.getText(sf) === 'const' ? a.expression : node;
  };
  /** `process.env` or `Bun.env` (no `?.`), or with `meta` also `import.meta.env`. */
  const isEnvObject = (node: TS.Node, meta: boolean): boolean => {
    if (node.kind !== K.PropertyAccessExpression) return false;
    const p = node as TS.PropertyAccessExpression;
    if (p.questionDotToken !== undefined || p.name.text !== 'env') return false;
    const o = p.expression;
    if (o.kind === K.Identifier) return (o as TS.Identifier).text === 'process' || (o as TS.Identifier).text === 'Bun';
    return meta && o.kind === K.MetaProperty && (o as TS.MetaProperty).keywordToken === K.ImportKeyword && (o as TS.MetaProperty).name.text === 'meta';
  };
  /** `process.env.X`, `process.env['X']`, `Bun.env.X`, `import.meta.env.X`, `Deno.env.get('X')`. */
  const isEnvRead = (node: TS.Node): boolean => {
    if (node.kind === K.PropertyAccessExpression) {
      const p = node as TS.PropertyAccessExpression;
      return p.questionDotToken === undefined && p.name.kind === K.Identifier && isEnvObject(p.expression, true);
    }
    if (node.kind === K.ElementAccessExpression) {
      const e = node as TS.ElementAccessExpression;
      return e.questionDotToken === undefined && isLiteral(e.argumentExpression) && isEnvObject(e.expression, false);
    }
    if (node.kind !== K.CallExpression) return false;
    const c = node as TS.CallExpression;
    if (c.questionDotToken !== undefined || c.typeArguments !== undefined || c.arguments.length !== 1 || !isLiteral(c.arguments[0]) || c.expression.kind !== K.PropertyAccessExpression) return false;
    const get = c.expression as TS.PropertyAccessExpression;
    if (get.questionDotToken !== undefined || get.name.text !== 'get' || get.expression.kind !== K.PropertyAccessExpression) return false;
    const env = get.expression as TS.PropertyAccessExpression;
    return env.questionDotToken === undefined && env.name.text === 'env' && env.expression.kind === K.Identifier && (env.expression as TS.Identifier).text === 'Deno';
  };
  /** The env var an env read (isEnvRead) names. */
  const envNameOf = (node: TS.Node): string | undefined => {
    if (node.kind === K.PropertyAccessExpression) return (node as TS.PropertyAccessExpression).name.text;
    if (node.kind === K.ElementAccessExpression) return ((node as TS.ElementAccessExpression).argumentExpression as TS.StringLiteral).text;
    if (node.kind === K.CallExpression) return ((node as TS.CallExpression).arguments[0] as TS.StringLiteral).text;
    return undefined;
  };
  /**
   * An env read with a literal fallback (`process.env.X ?? 'gpt-4o'`, or `||`): the fallback, the
   * value the code uses where the variable is unset; else the node itself (js-lex's envFallback).
   */
  /**
   * A zod schema with a literal default as its last call, `z.string().default('gpt-4o')` (a chain of
   * property accesses and calls from the identifier `z`): the literal (js-lex's zodDefault).
   */
  const zodDefault = (node: TS.Node): TS.Node | undefined => {
    // Calls after the default that keep its value (`.describe('…')`, `.optional()`: ZOD_KEEPS).
    for (let steps = 0; steps < 16 && node.kind === K.CallExpression; steps++) {
      const call = node as TS.CallExpression;
      const callee = call.expression;
      if (call.questionDotToken !== undefined || call.typeArguments !== undefined || callee.kind !== K.PropertyAccessExpression) return undefined;
      const p = callee as TS.PropertyAccessExpression;
      if (p.questionDotToken !== undefined || !ZOD_KEEPS.has(p.name.text)) break;
      node = p.expression;
    }
    if (node.kind !== K.CallExpression) return undefined;
    const c = node as TS.CallExpression;
    if (c.questionDotToken !== undefined || c.typeArguments !== undefined || c.arguments.length !== 1 || !isLiteral(c.arguments[0]) || c.expression.kind !== K.PropertyAccessExpression) return undefined;
    const pa = c.expression as TS.PropertyAccessExpression;
    if (pa.questionDotToken !== undefined || pa.name.text !== 'default') return undefined;
    let cur: TS.Node = pa.expression;
    for (let steps = 0; steps < 16; steps++) {
      if (cur.kind === K.Identifier) return (cur as TS.Identifier).text === 'z' ? c.arguments[0] : undefined;
      if (cur.kind === K.CallExpression && (cur as TS.CallExpression).questionDotToken === undefined && (cur as TS.CallExpression).typeArguments === undefined) cur = (cur as TS.CallExpression).expression;
      else if (cur.kind === K.PropertyAccessExpression && (cur as TS.PropertyAccessExpression).questionDotToken === undefined && (cur as TS.PropertyAccessExpression).name.kind === K.Identifier) cur = (cur as TS.PropertyAccessExpression).expression;
      else return undefined;
    }
    return undefined;
  };
  const envFallback = (node: TS.Node): TS.Node => {
    const zod = zodDefault(node);
    if (zod !== undefined) return zod;
    node = withoutConst(node);
    if (node.kind !== K.BinaryExpression) return node;
    const b = node as TS.BinaryExpression;
    const op = b.operatorToken.kind;
    const right = withoutConst(b.right);
    return (op === K.QuestionQuestionToken || op === K.BarBarToken) && isLiteral(right) && isEnvRead(b.left) ? right : node;
  };
  /**
   * An env read's literal fallback whose env var is named for a model (`process.env.CHAT_MODEL ??
   * 'gpt-4o'`), keyed by the env var's name: for a variable or key whose own name says no model.
   */
  const envKeyed = (init: TS.Node, via?: string, call?: string): void => {
    const lit = envFallback(init);
    if (lit === init || !isLiteral(lit) || zodDefault(init) !== undefined) return;
    const b = withoutConst(init);
    const env = b.kind === K.BinaryExpression ? envNameOf((b as TS.BinaryExpression).left) : undefined;
    if (env !== undefined && isModelSetting(env)) addString(lit, env, via, call);
  };
  /**
   * `require.resolve` or `import.meta.resolve`: the package's files are found to be run or read (an
   * MCP server's entry point started with `node`), so the package is used though not imported.
   */
  const isResolveCallee = (callee: TS.Node): boolean => {
    if (callee.kind !== K.PropertyAccessExpression) return false;
    const p = callee as TS.PropertyAccessExpression;
    if (p.questionDotToken !== undefined || p.name.text !== 'resolve') return false;
    const owner = p.expression;
    if (owner.kind === K.Identifier) return (owner as TS.Identifier).text === 'require';
    return owner.kind === K.MetaProperty && (owner as TS.MetaProperty).keywordToken === K.ImportKeyword && (owner as TS.MetaProperty).name.text === 'meta';
  };
  /** `via` and `call`: StringSite's (`call`: the place of the object literal's `{`, the call's first argument, as js-lex gives it). */
  const addString = (node: TS.Node, key?: string, via?: string, call?: string) => {
    const start = node.getStart(sf);
    if (strings.has(start) && key === undefined) return;
    let value: string | undefined;
    if (isLiteral(node)) {
      value = node.text;
      if (key === undefined && !URL_RE.test(value)) return;
    } else if (node.kind === K.TemplateExpression) {
      // `https://${host}/v1`: the literal head, when it names a host.
      const head = (node as TS.TemplateExpression).head.text;
      const m = URL_HEAD_RE.exec(head);
      if (!m || /\s/.test(head)) return;
      value = head;
    } else return;
    strings.set(start, key === undefined ? { value, ...at(node) } : { value, ...at(node), key, ...(via !== undefined ? (call !== undefined ? { via, call } : { via }) : {}) });
  };
  const instances = jsClientInstances(text);
  /** The place (`line:column`) of an offset, as `at` gives a node's. */
  const placed = (off: number): string => callPlace((starts ??= lineStarts(text, 'cr-lf')), off);
  /**
   * The call the object literal `obj` is the first argument of (`new ChatOpenAI({…})`,
   * `client.chat.completions.create({…})`; js-lex's calleeOfObject), not through `?.(`, type
   * arguments or any other callee expression: its callee's last name (StringSite.via) and the place
   * of its `(` (StringSite.call); for a method of a class instance (jsClientInstances), the class's
   * name and its construction's `(`.
   */
  const calleeOf = (obj: TS.Node): { via: string; call?: string } | undefined => {
    // LangChain JS's client options (`new ChatOpenAI({ model, configuration: { baseURL } })`): the outer object's call.
    const prop = obj.parent;
    if (prop?.kind === K.PropertyAssignment && (prop as TS.PropertyAssignment).initializer === obj && (prop as TS.PropertyAssignment).name.kind === K.Identifier && ((prop as TS.PropertyAssignment).name as TS.Identifier).text === 'configuration' && prop.parent.kind === K.ObjectLiteralExpression) return calleeOf(prop.parent);
    const call = obj.parent;
    if (call === undefined || (call.kind !== K.CallExpression && call.kind !== K.NewExpression)) return undefined;
    const c = call as TS.CallExpression | TS.NewExpression;
    if (c.arguments?.[0] !== obj || c.typeArguments !== undefined || (call.kind === K.CallExpression && (c as TS.CallExpression).questionDotToken !== undefined)) return undefined;
    const e = c.expression;
    const own = (via: string) => ({ via, call: placed((c.arguments as TS.NodeArray<TS.Expression>).pos - 1) });
    if (e.kind === K.Identifier) return own((e as TS.Identifier).text);
    if (e.kind !== K.PropertyAccessExpression || (e as TS.PropertyAccessExpression).name.kind !== K.Identifier) return undefined;
    // The objects of the callee's chain, innermost first, up to a `?.` (js-lex walks the same tokens).
    for (let o: TS.Node = (e as TS.PropertyAccessExpression).expression; instances !== undefined; ) {
      const name = o.kind === K.Identifier ? (o as TS.Identifier).text : o.kind === K.PropertyAccessExpression ? (o as TS.PropertyAccessExpression).name.text : undefined;
      const client = name !== undefined ? instances.get(name) : undefined;
      if (client !== undefined && !client.factory) return { via: client.callee, call: placed(bindingAt(client.ats, (c.arguments as TS.NodeArray<TS.Expression>).pos - 1)) };
      if (o.kind !== K.PropertyAccessExpression || (o as TS.PropertyAccessExpression).questionDotToken !== undefined) break;
      o = (o as TS.PropertyAccessExpression).expression;
    }
    return own((e as TS.PropertyAccessExpression).name.text);
  };
  const propName = (name: TS.Node): string | undefined => {
    if (name.kind === K.Identifier || name.kind === K.StringLiteral || name.kind === K.PrivateIdentifier) {
      return (name as TS.Identifier | TS.StringLiteral).text;
    }
    if (name.kind === K.ComputedPropertyName && isLiteral((name as TS.ComputedPropertyName).expression)) {
      return ((name as TS.ComputedPropertyName).expression as TS.StringLiteral).text;
    }
    return undefined;
  };
  const bindingNames = (node: TS.Node | undefined): string[] | undefined => {
    if (!node || node.kind !== K.ObjectBindingPattern) return undefined;
    const names: string[] = [];
    for (const el of (node as TS.ObjectBindingPattern).elements) {
      if (el.dotDotDotToken) continue;
      const n = propName(el.propertyName ?? el.name);
      if (n !== undefined) names.push(n);
    }
    return names;
  };

  /** `x` of an identifier, `o.x` (an identifier after the dot): a callee's last name segment. */
  const lastName = (node: TS.Node): string | undefined => {
    if (node.kind === K.Identifier) return (node as TS.Identifier).text;
    if (node.kind !== K.PropertyAccessExpression) return undefined;
    const name = (node as TS.PropertyAccessExpression).name;
    return name.kind === K.Identifier ? name.text : undefined;
  };
  /**
   * `openai('gpt-4o')`, `p.openai('gpt-4o')`, `openai.chat('gpt-4o')` (also with `new`, which the
   * fast path's tokens cannot tell from a call): the first argument when it is a string literal.
   * Not with type arguments or `?.(`, whose `(` follows no name in the fast path's tokens.
   */
  const modelCall = (call: TS.CallExpression | TS.NewExpression): void => {
    if (!calls || call.typeArguments || (call.kind === K.CallExpression && (call as TS.CallExpression).questionDotToken)) return;
    // A literal, or an env read's literal fallback (`openai(process.env.OPENAI_MODEL ?? 'gpt-4o-mini')`).
    const given = call.arguments?.[0];
    const fallback = given === undefined || isLiteral(given) || zodDefault(given) !== undefined ? undefined : envFallback(given);
    const first = fallback !== undefined && given !== undefined && fallback !== withoutConst(given) ? fallback : given;
    const name = isLiteral(first) ? lastName(call.expression) : undefined;
    if (name === undefined || !calls.any.has(name)) return;
    // The provider the call is made on (`groq('…')`, `openai.chat('…')`): its `via`.
    let via = name;
    if (!calls.names.has(name)) {
      const object = call.expression.kind === K.PropertyAccessExpression ? lastName((call.expression as TS.PropertyAccessExpression).expression) : undefined;
      if (object === undefined || !calls.names.has(object)) return;
      via = object;
    }
    // Its call: that of the client or provider instance it is made on (`ollama('llama3.2')` after
    // `const ollama = createOpenAI({ baseURL })`), else its own `(`.
    const paren = (call.arguments as TS.NodeArray<TS.Expression>).pos - 1;
    const bound = instances?.get(via);
    addString(first as TS.Node, MODEL_CALL_KEY, via, placed(bound !== undefined ? bindingAt(bound.ats, paren) : paren));
  };

  const visit = (node: TS.Node): void => {
    switch (node.kind) {
      case K.ImportDeclaration: {
        const d = node as TS.ImportDeclaration;
        const clause = d.importClause;
        if (!clause) {
          addImport(d.moduleSpecifier, 'side-effect');
        } else {
          const names: string[] = [];
          if (clause.name) names.push('default');
          const b = clause.namedBindings;
          if (b && b.kind === K.NamespaceImport) names.push('*');
          else if (b) for (const el of (b as TS.NamedImports).elements) names.push((el.propertyName ?? el.name).text);
          if (clause.isTypeOnly) addImport(d.moduleSpecifier, 'import-type', { names, typeOnly: true });
          else addImport(d.moduleSpecifier, 'import', clause.name ? { names, defaultLocal: clause.name.text } : { names });
        }
        return;
      }
      case K.ExportDeclaration: {
        const d = node as TS.ExportDeclaration;
        if (!d.moduleSpecifier) break;
        const names: string[] = [];
        const c = d.exportClause;
        if (!c || c.kind === K.NamespaceExport) names.push('*');
        else for (const el of (c as TS.NamedExports).elements) names.push((el.propertyName ?? el.name).text);
        addImport(d.moduleSpecifier, 're-export', d.isTypeOnly ? { names, typeOnly: true } : { names });
        return;
      }
      case K.ImportEqualsDeclaration: {
        const d = node as TS.ImportEqualsDeclaration;
        if (d.moduleReference.kind === K.ExternalModuleReference) {
          addImport(d.moduleReference.expression, 'require', d.isTypeOnly ? { typeOnly: true } : {});
          return;
        }
        break;
      }
      case K.ImportType: {
        // `typeof import('x')`, `import('x').T` in a type position.
        const arg = (node as TS.ImportTypeNode).argument;
        if (arg.kind === K.LiteralType) addImport((arg as TS.LiteralTypeNode).literal, 'import-type', { typeOnly: true });
        break;
      }
      case K.NewExpression:
        modelCall(node as TS.NewExpression);
        break;
      case K.CallExpression: {
        const call = node as TS.CallExpression;
        const callee = call.expression;
        const first = call.arguments[0];
        modelCall(call);
        if (callee.kind === K.ImportKeyword) {
          if (isLiteral(first)) addImport(first, 'dynamic-import');
        } else if (isRequireCallee(callee) && call.arguments.length === 1 && isLiteral(first)) {
          const parent = call.parent;
          let names: string[] | undefined;
          let defaultLocal: string | undefined;
          if (parent?.kind === K.VariableDeclaration && (parent as TS.VariableDeclaration).initializer === call) {
            names = bindingNames((parent as TS.VariableDeclaration).name);
            // `const OpenAI = require('openai')`: the module's binding, as a default import's (js-lex alike).
            const n = (parent as TS.VariableDeclaration).name;
            const list = parent.parent;
            const first = list?.kind === K.VariableDeclarationList && (list as TS.VariableDeclarationList).declarations[0] === parent;
            if (first && n.kind === K.Identifier && (parent as TS.VariableDeclaration).type === undefined) defaultLocal = (n as TS.Identifier).text;
          } else if (parent?.kind === K.PropertyAccessExpression && (parent as TS.PropertyAccessExpression).expression === call) {
            names = [(parent as TS.PropertyAccessExpression).name.text];
          }
          addImport(first, 'require', names ? { names } : defaultLocal !== undefined ? { defaultLocal } : {});
        } else if (isResolveCallee(callee) && call.questionDotToken === undefined && isLiteral(first)) {
          addImport(first, 'resolve');
        }
        break;
      }
      case K.VariableDeclaration: {
        // `const DEFAULT_MODEL = 'gpt-4o'`: a model name keyed by the variable's name (js-lex's modelVariable).
        const d = node as TS.VariableDeclaration;
        const typed = d.type === undefined || d.type.kind === K.StringKeyword;
        const init = d.initializer === undefined ? undefined : envFallback(d.initializer);
        if (d.name.kind === K.Identifier && typed && isLiteral(init) && isModelSetting((d.name as TS.Identifier).text)) addString(init, (d.name as TS.Identifier).text);
        else if (d.name.kind === K.Identifier && typed && d.initializer !== undefined) {
          // `const m = process.env.OPENAI_MODEL ?? 'gpt-4o'`: keyed by the env var when its name says model (js-lex alike).
          envKeyed(d.initializer);
        }
        break;
      }
      case K.EnumMember: {
        // `enum Model { Large = 'mistral-large-latest' }`: keyed by the member's name (js-lex: enumBody).
        const m = node as TS.EnumMember;
        if (m.name.kind === K.Identifier && isLiteral(m.initializer)) addString(m.initializer, (m.name as TS.Identifier).text);
        break;
      }
      case K.PropertyAssignment: {
        const p = node as TS.PropertyAssignment;
        const key = propName(p.name);
        const to = p.parent.kind === K.ObjectLiteralExpression ? calleeOf(p.parent) : undefined;
        const via = to?.via;
        const call = to?.call;
        if (key !== undefined && (JS_STRING_KEYS.has(key) || isModelSetting(key))) addString(envFallback(p.initializer), key, via, call);
        // A model table's entry (`[{ id: 'gpt-4o', label: … }]`, js-lex alike): an object literal in an array literal.
        else if (key !== undefined && MODEL_TABLE_KEYS.has(key) && p.name.kind === K.Identifier && p.parent.parent?.kind === K.ArrayLiteralExpression && isLiteral(p.initializer)) addString(p.initializer, key);
        else if (key !== undefined) envKeyed(p.initializer, via, call);
        break;
      }
      case K.Parameter: {
        // `function chat(prompt, model = 'gpt-4o')`, `(q, model: string = '…') =>`, a method's:
        // a default keyed by a name that says model (js-lex's paramDefault); not a destructured,
        // rest, decorated or modified (`private model = …`) parameter, nor one of another type.
        const p = node as TS.ParameterDeclaration;
        const typed = p.type === undefined || p.type.kind === K.StringKeyword;
        const key = p.name.kind === K.Identifier ? (p.name as TS.Identifier).text : undefined;
        if (key !== undefined && p.initializer && typed && p.dotDotDotToken === undefined && !p.modifiers?.length && p.questionToken === undefined && (JS_STRING_KEYS.has(key) || isModelSetting(key))) {
          const value = envFallback(p.initializer);
          if (isLiteral(value)) addString(value, key);
        }
        break;
      }
      case K.PropertyDeclaration: {
        const p = node as TS.PropertyDeclaration;
        const key = propName(p.name);
        if (key !== undefined && p.initializer && (JS_STRING_KEYS.has(key) || isModelSetting(key))) addString(envFallback(p.initializer), key);
        else if (key !== undefined && p.initializer) envKeyed(p.initializer);
        break;
      }
      case K.JsxAttribute: {
        const a = node as TS.JsxAttribute;
        const key = a.name.kind === K.Identifier ? a.name.text : undefined;
        let init: TS.Node | undefined = a.initializer;
        if (init?.kind === K.JsxExpression) init = (init as TS.JsxExpression).expression;
        if (key !== undefined && init && JS_STRING_KEYS.has(key)) addString(init, key);
        break;
      }
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.TemplateExpression:
        if (!specifierStarts.has(node.getStart(sf))) addString(node);
        break;
    }
    ts.forEachChild(node, visit);
  };

  try {
    visit(sf);
  } catch {
    // Whatever was found before an unexpected parser state is kept.
  }

  const byPos = (a: { line: number; column: number }, b: { line: number; column: number }) =>
    a.line - b.line || a.column - b.column;
  imports.sort(byPos);
  return { imports, strings: [...strings.values()].sort(byPos) };
}

