/**
 * Command-line defaults of a Python script: what `args.model_name_or_path` holds when the script
 * runs without that option. Research and fine-tuning scripts name their model this way
 * (`parser.add_argument("--model_name_or_path", default="meta-llama/Llama-2-7b-hf")`, then
 * `AutoModel.from_pretrained(args.model_name_or_path)`), absl's `flags.DEFINE_string("model",
 * "org/m", …)` read as `FLAGS.model`, and transformers' HfArgumentParser over the file's
 * dataclasses (`model_name_or_path: str = field(default="org/m")`, read as
 * `model_args.model_name_or_path`). The default is what runs unless a caller overrides it, as a
 * parameter default is (src/hf/python-pulls.ts resolves those the same way).
 *
 * Read from the text, one pass per call found: `add_argument(`'s option strings, `dest=` and
 * `default=` (a plain string literal; anything else is no default), and the names the file
 * assigns a `parse_args()` / `parse_known_args()` result to. An option defined twice with different
 * defaults (subcommands) has none. Strings and comments are skipped when a call's end is sought,
 * so a parenthesis in a help text does not cut it short; a call longer than MAX_CALL characters is
 * not read. `set_defaults(dest="…")` overrides an option's own default, as argparse does.
 */

/** Longest `add_argument(…)` / `DEFINE_…(…)` call read, in characters. */
const MAX_CALL = 4000;
/** Most option definitions read in one file (a generated file of more is read to this many). */
const MAX_DEFINITIONS = 2000;
/** How far above a `parse_args()` its function's `def` is sought, in characters. */
const MAX_FUNCTION = 20_000;
/** Most `parse_args()` calls inside functions read in one file. */
const MAX_PARSERS = 50;

export interface ArgDefaults {
  /** Names a parse result is assigned to (`args`, `opt`), with `FLAGS` when absl flags are defined. */
  receivers: ReadonlySet<string>;
  /** dest → the default (a string), or null when the file gives that dest two different defaults or none. */
  defaults: ReadonlyMap<string, { value: string; option: string } | null>;
}

const NONE: ArgDefaults = { receivers: new Set(), defaults: new Map() };

/** The command-line defaults of one Python source (empty when it defines no options). */
export function argDefaults(text: string): ArgDefaults {
  const argparse = text.includes('add_argument(');
  const absl = text.includes('DEFINE_');
  const dataclasses = text.includes('@dataclass') && /\.parse_(?:args_into_dataclasses|yaml_file|json_file|dict)\(/.test(text);
  if (!argparse && !absl && !dataclasses) return NONE;
  const receivers = new Set<string>();
  if (argparse) {
    // `args = parser.parse_args()`, `args, rest = parser.parse_known_args(argv)`, `opt = p.parse_args(namespace=…)`.
    const assign = /^[ \t]*([A-Za-z_]\w*)(?:[ \t]*,[ \t]*[A-Za-z_]\w*)?[ \t]*=[ \t]*[\w.]*\.parse_(?:known_)?args\(/gm;
    for (let m = assign.exec(text); m !== null; m = assign.exec(text)) receivers.add(m[1] as string);
    // A function of the file that parses them (`def parse_args(): … return parser.parse_args()`), and
    // the names its result is assigned to (`args = parse_args()`).
    const parsers = new Set<string>();
    const parse = /^[ \t]+(?:return[ \t]+|[A-Za-z_]\w*[ \t]*=[ \t]*)[\w.]*\.parse_(?:known_)?args\(/gm;
    for (let m = parse.exec(text), n = 0; m !== null && n < MAX_PARSERS; m = parse.exec(text), n++) {
      const head = text.slice(Math.max(0, m.index - MAX_FUNCTION), m.index);
      const defs = [...head.matchAll(/^def[ \t]+([A-Za-z_]\w*)[ \t]*\(/gm)];
      const last = defs[defs.length - 1];
      if (last !== undefined) parsers.add(last[1] as string);
    }
    if (parsers.size > 0) {
      // One pass for all of them (their names are identifiers: nothing to escape).
      const call = new RegExp(`^[ \\t]*([A-Za-z_]\\w*)(?:[ \\t]*,[ \\t]*[A-Za-z_]\\w*)?[ \\t]*=[ \\t]*(?:${[...parsers].join('|')})\\(`, 'gm');
      for (let m = call.exec(text); m !== null; m = call.exec(text)) receivers.add(m[1] as string);
    }
  }
  const defaults = new Map<string, { value: string; option: string } | null>();
  const put = (dest: string, option: string, value: string | undefined) => {
    if (!defaults.has(dest)) defaults.set(dest, value === undefined ? null : { value, option });
    else if (defaults.get(dest)?.value !== value) defaults.set(dest, null);
  };
  let count = 0;
  if (receivers.size > 0) {
    for (let at = text.indexOf('.add_argument('); at >= 0 && count < MAX_DEFINITIONS; at = text.indexOf('.add_argument(', at + 1), count++) {
      const args = callArguments(text, at + '.add_argument('.length);
      if (args === undefined) continue;
      const options: string[] = [];
      let dest: string | undefined;
      let value: string | undefined;
      for (const a of args) {
        const kw = /^([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(a);
        if (kw === null) {
          const s = stringLiteral(a);
          if (s !== undefined) options.push(s);
        } else if (kw[1] === 'dest') dest = stringLiteral(kw[2] as string);
        else if (kw[1] === 'default') value = stringLiteral(kw[2] as string);
      }
      const long = options.find((o) => o.startsWith('--'));
      const option = long ?? options[0];
      if (option === undefined) continue;
      dest ??= option.replace(/^-{1,2}/, '').replace(/-/g, '_');
      if (/^[A-Za-z_]\w*$/.test(dest)) put(dest, option, value);
    }
    // `parser.set_defaults(model_name_or_path="org/m")`: parser-level defaults win over the
    // arguments' own; two that differ (subcommands) leave none.
    const set = new Map<string, string | undefined>();
    for (let at = text.indexOf('.set_defaults('); at >= 0 && count < MAX_DEFINITIONS; at = text.indexOf('.set_defaults(', at + 1), count++) {
      for (const a of callArguments(text, at + '.set_defaults('.length) ?? []) {
        const kw = /^([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(a);
        if (kw === null) continue;
        const dest = kw[1] as string;
        const value = stringLiteral(kw[2] as string);
        set.set(dest, set.has(dest) && set.get(dest) !== value ? undefined : value);
      }
    }
    for (const [dest, value] of set) defaults.set(dest, value === undefined ? null : { value, option: defaults.get(dest)?.option ?? `--${dest}` });
  }
  if (absl) {
    // absl: flags.DEFINE_string("model", "org/m", "help"), DEFINE_string(name="model", default="org/m", …).
    const define = /\bDEFINE_(?:string|enum)\(/g;
    for (let m = define.exec(text); m !== null && count < MAX_DEFINITIONS; m = define.exec(text), count++) {
      const args = callArguments(text, m.index + m[0].length);
      if (args === undefined) continue;
      let name: string | undefined;
      let value: string | undefined;
      args.forEach((a, i) => {
        const kw = /^([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(a);
        if (kw === null) {
          if (i === 0) name = stringLiteral(a);
          else if (i === 1) value = stringLiteral(a);
        } else if (kw[1] === 'name') name = stringLiteral(kw[2] as string);
        else if (kw[1] === 'default') value = stringLiteral(kw[2] as string);
      });
      if (name !== undefined && /^[A-Za-z_]\w*$/.test(name)) {
        receivers.add('FLAGS');
        put(name, `--${name}`, value);
      }
    }
  }
  if (dataclasses) {
    // transformers' HfArgumentParser: `model_args, data_args, training_args =
    // parser.parse_args_into_dataclasses()` (or parse_yaml_file / parse_json_file / parse_dict), and
    // the fields of the file's dataclasses, `model_name_or_path: str = field(default="org/m")` or
    // `= "org/m"`, each an option `--model_name_or_path`. Which dataclass a name holds is not
    // followed: a field name the file's classes give two defaults has none.
    const assign = /^[ \t]*\(?[ \t]*([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]*,?[ \t]*\)?[ \t]*=[ \t]*[\w.]*\.parse_(?:args_into_dataclasses|yaml_file|json_file|dict)\(/gm;
    for (let m = assign.exec(text); m !== null; m = assign.exec(text)) for (const n of (m[1] as string).split(',')) receivers.add(n.trim());
    const field = /^[ \t]+([A-Za-z_]\w*)[ \t]*:[^=\n]{1,200}=[ \t]*(?:(?:dataclasses\.)?field\(|([rRuU]?(["'])(?:(?!\3)[^\\\n]|\\.)*\3)[ \t]*(?:#.*)?$)/gm;
    for (let m = field.exec(text); m !== null && count < MAX_DEFINITIONS; m = field.exec(text), count++) {
      const name = m[1] as string;
      if (m[2] !== undefined) {
        put(name, `--${name}`, stringLiteral(m[2]));
        continue;
      }
      const args = callArguments(text, m.index + m[0].length);
      if (args === undefined) continue;
      let value: string | undefined;
      for (const a of args) {
        const kw = /^default\s*=\s*([\s\S]*)$/.exec(a);
        if (kw !== null) value = stringLiteral(kw[1] as string);
      }
      put(name, `--${name}`, value);
    }
  }
  return defaults.size === 0 ? NONE : { receivers, defaults };
}

/**
 * The default a `receiver.dest` expression (a pull's unresolved argument, as written) takes, or
 * undefined when it is not one or has no single string default.
 */
export function defaultOf(expr: string, defaults: ArgDefaults): { value: string; option: string } | undefined {
  const m = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(expr);
  if (m === null || !defaults.receivers.has(m[1] as string)) return undefined;
  return defaults.defaults.get(m[2] as string) ?? undefined;
}

/**
 * The top-level arguments of the call whose `(` ends just before `from`, as source text (trimmed),
 * or undefined when it does not close within MAX_CALL characters.
 */
function callArguments(text: string, from: number): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let start = from;
  let kept = '';
  const end = Math.min(text.length, from + MAX_CALL);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      // A string: triple-quoted or not, escapes skipped.
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      const quote = triple ? text.slice(i, i + 3) : text[i] as string;
      let j = i + quote.length;
      for (; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d === 92) j++;
        else if (d === c && text.startsWith(quote, j)) break;
        else if (!triple && (d === 10 || d === 13)) break;
      }
      i = j + quote.length - 1;
    } else if (c === 35) {
      // A comment: left out of the argument's text.
      const nl = text.indexOf('\n', i);
      kept += text.slice(start, i);
      i = nl < 0 ? end : nl;
      start = i;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) {
        if (c !== 41) return undefined;
        const last = (kept + text.slice(start, i)).trim();
        if (last !== '') out.push(last);
        return out;
      }
      depth--;
    } else if (c === 44 && depth === 0) {
      out.push((kept + text.slice(start, i)).trim());
      kept = '';
      start = i + 1;
    }
  }
  return undefined;
}

/** A plain (not f-, not bytes) string literal's value, escapes of quotes and backslashes undone; else undefined. */
function stringLiteral(src: string): string | undefined {
  const m = /^[rRuU]?("|')((?:(?!\1)[^\\\n]|\\.)*)\1$/.exec(src.trim());
  if (m === null) return undefined;
  const raw = /^[rR]/.test(src.trim());
  return raw ? (m[2] as string) : (m[2] as string).replace(/\\(["'\\])/g, '$1');
}
