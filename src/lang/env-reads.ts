/**
 * Environment variables a source file reads by name, as each language reads them: JS/TS
 * `process.env.NAME`, `process.env['NAME']`, `import.meta.env.NAME`, `Deno.env.get('NAME')`,
 * `Bun.env.NAME`, any `env.NAME` (a Worker's bindings, Hono's `c.env`, a typed env module) and
 * names destructured from one (`const { OPENAI_API_KEY } = process.env`);
 * Python `os.environ['NAME']`, `os.environ.get('NAME')`, `os.getenv('NAME')`, `environ['NAME']`,
 * `getenv('NAME')`, Streamlit's `st.secrets['NAME']`, Colab's `userdata.get('NAME')` and the
 * fields of a pydantic-settings class (`openai_api_key: str`, SETTINGS_FIELD); Go `os.Getenv("NAME")`, `os.LookupEnv("NAME")`; Java and
 * Kotlin `System.getenv("NAME")`; C# `Environment.GetEnvironmentVariable("NAME")`; Rust
 * `env::var("NAME")`, `env!("NAME")`, `option_env!("NAME")`; Ruby `ENV['NAME']`,
 * `ENV.fetch('NAME')`; PHP `getenv('NAME')`, `$_ENV['NAME']`, `$_SERVER['NAME']`, Laravel's
 * `env('NAME')`; Dart `Platform.environment['NAME']`; Swift
 * `ProcessInfo.processInfo.environment["NAME"]` (a notebook's cells: src/lang/notebook.ts
 * notebookEnvReads, each cell read as Python). A code file that reads `OPENAI_API_KEY` uses
 * OpenAI whatever client it calls it with (the service's `lantern:env-vars`, as a `.env.example`
 * line is).
 *
 * Comments are blanked first (the language's own comment syntax, src/lang/config-text.ts
 * maskComments) so a commented-out read is none; a read inside a string literal is rare enough to
 * be taken. Names are upper-case identifiers; positions are 1-based lines (CR, LF, CRLF) and
 * UTF-16 columns of the name. Never throws.
 */
import { maskComments } from './config-text.js';
import { lineStarts, lineOf } from '../util/lines.js';

export type EnvReadLang = 'js' | 'python' | 'go' | 'java' | 'csharp' | 'rust' | 'ruby' | 'php' | 'dart' | 'swift';

/** Per language, the read forms; the name is the last capture group of each match. */
const READS: Record<EnvReadLang, RegExp> = {
  // `env` alone or as any object's property: process.env, import.meta.env, Bun.env, a Cloudflare
  // Worker's `env` bindings and Hono's `c.env`, a typed env module's `env` (t3-env, `import { env } from './env'`).
  js: /\benv(?:\??\.([A-Z_][A-Z0-9_]*)\b|\s*\[\s*(['"`])([A-Z_][A-Z0-9_]*)\2\s*\])|\bDeno\.env\.get\(\s*(['"`])([A-Z_][A-Z0-9_]*)\4/g,
  // Also Streamlit's `st.secrets["X"]` / `.get("X")` and Colab's `userdata.get("X")`: the key by its env-var name.
  python: /\b(?:(?:os\.)?(?:environ(?:\.get\s*\(|\s*\[)|getenv\s*\()|secrets(?:\s*\[|\.get\s*\()|userdata\.get\s*\()\s*[rRbBuU]?(['"])([A-Z_][A-Z0-9_]*)\1/g,
  go: /\bos\.(?:Getenv|LookupEnv)\(\s*(")([A-Z_][A-Z0-9_]*)"/g,
  java: /\bSystem\.getenv\(\s*(")([A-Z_][A-Z0-9_]*)"/g,
  csharp: /\bEnvironment\.GetEnvironmentVariable\(\s*(@?")([A-Z_][A-Z0-9_]*)"/g,
  rust: /\b(?:env::var(?:_os)?\(|(?:option_)?env!\()\s*(")([A-Z_][A-Z0-9_]*)"/g,
  ruby: /\bENV(?:\.fetch\(\s*|\[\s*)(['"])([A-Z_][A-Z0-9_]*)\1/g,
  php: /(?:\bgetenv\(|\$_ENV\[|\$_SERVER\[|\benv\()\s*(['"])([A-Z_][A-Z0-9_]*)\1/g,
  dart: /\bPlatform\.environment\s*\[\s*(['"])([A-Z_][A-Z0-9_]*)\1/g,
  swift: /\benvironment\s*\[\s*(")([A-Z_][A-Z0-9_]*)"/g,
};

const STYLE: Record<EnvReadLang, 'slash' | 'hash'> = { js: 'slash', python: 'hash', go: 'slash', java: 'slash', csharp: 'slash', rust: 'slash', ruby: 'hash', php: 'slash', dart: 'slash', swift: 'slash' };

/**
 * What follows a read form where the code sets the variable to a string literal instead
 * (`os.environ["OPENAI_API_KEY"] = "ollama"`, `process.env.OPENAI_API_KEY = 'sk-no-key-required'`,
 * `ENV['X'] = '…'`): no read. The placeholder such a line gives an OpenAI-compatible local server
 * uses no provider, and a real key there is the secrets detector's finding, which makes the
 * provider's service itself. A value from elsewhere (`= getpass()`, `= userdata.get('X')`) stays a use.
 */
const SET_TO_LITERAL = /^\s*\]?\s*=(?![=>])\s*[rRbBuU]?['"`]/;

/** At most this many reads from one file. */
const MAX_READS = 1000;

/**
 * A field of a pydantic-settings class (`openai_api_key: str = ""`, `OPENAI_API_KEY: SecretStr`):
 * indented, a name, then its annotation. BaseSettings reads each field from the env var of its
 * name in any case, so the name is looked up upper-cased; read only in a text that names BaseSettings.
 */
const SETTINGS_FIELD = /^[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*[A-Za-z]/gm;

/**
 * JS/TS: names destructured from an env object (`const { OPENAI_API_KEY } = process.env;`, a
 * Worker's `const { ANTHROPIC_API_KEY, X: y = '' } = env;`): the braces' text, whose keys are read.
 */
const JS_DESTRUCTURED = /\{([^{}]{1,2000})\}\s*=\s*(?:[A-Za-z_$][\w$]*\s*\??\.\s*)*env\b(?!\s*\??[.[(])/g;
/** A key of a destructuring pattern: at its start or after a comma, before `,`, `:`, `=` or the end. */
const DESTRUCTURED_KEY = /(?:^|,)\s*([A-Z_][A-Z0-9_]*)\s*(?=[,:=]|$)/g;

/** The env vars `text` reads that `known` accepts, once per name and line. */
export function envReads(text: string, lang: EnvReadLang, known: (name: string) => boolean): { name: string; line: number; column: number }[] {
  const out: { name: string; line: number; column: number }[] = [];
  try {
    const masked = maskComments(text, STYLE[lang]);
    const re = READS[lang];
    re.lastIndex = 0;
    let starts: number[] | undefined;
    const seen = new Set<string>();
    /** Keeps the read of `name` at offset `at`, once per name and line. */
    const keep = (name: string, at: number): void => {
      starts ??= lineStarts(text);
      const line = lineOf(starts, at);
      const key = `${line}\u0000${name}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ name, line: line + 1, column: at - (starts[line] as number) + 1 });
    };
    let m: RegExpExecArray | null;
    while ((m = re.exec(masked)) !== null && out.length < MAX_READS) {
      const name = [...m].slice(1).reverse().find((g) => g !== undefined && /^[A-Z_]/.test(g));
      if (name !== undefined && known(name) && !SET_TO_LITERAL.test(masked.slice(re.lastIndex, re.lastIndex + 16))) keep(name, m.index + m[0].lastIndexOf(name));
    }
    if (lang === 'js' && masked.includes('env')) {
      JS_DESTRUCTURED.lastIndex = 0;
      while ((m = JS_DESTRUCTURED.exec(masked)) !== null && out.length < MAX_READS) {
        const body = m[1] as string;
        const open = m.index + 1;
        for (const k of body.matchAll(DESTRUCTURED_KEY)) {
          const name = k[1] as string;
          if (known(name)) keep(name, open + (k.index as number) + k[0].indexOf(name));
        }
      }
      out.sort((a, b) => a.line - b.line || a.column - b.column);
    }
    if (lang === 'python' && masked.includes('BaseSettings')) {
      SETTINGS_FIELD.lastIndex = 0;
      while ((m = SETTINGS_FIELD.exec(masked)) !== null && out.length < MAX_READS) {
        const field = m[1] as string;
        if (known(field.toUpperCase())) keep(field.toUpperCase(), m.index + m[0].indexOf(field));
      }
      out.sort((a, b) => a.line - b.line || a.column - b.column);
    }
  } catch {
    // The patterns are linear and maskComments never throws; a bug must not lose the file.
  }
  return out;
}

/** An env var name in quotes, then (after what the form puts between) a literal fallback: one plain word. */
const NAME = `(?<q>["'])(?<name>[A-Z_][A-Z0-9_]*)\\k<q>`;
const VALUE = `(?<v>["'])(?<value>[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199})\\k<v>`;
/** A helper of the project's own that reads an env var with a default: `getEnv("X", "…")`, `envOr(…)`, Laravel's `env('X', '…')`. */
const HELPER = new RegExp(`\\b[A-Za-z_]{0,40}(?:[Ee]nv|ENV)[A-Za-z_]{0,40}\\(\\s*${NAME}\\s*,\\s*${VALUE}\\s*\\)`, 'g');
const re = (body: string): RegExp => new RegExp(body.replace('NAME', NAME).replace('VALUE', VALUE), 'g');

/**
 * Per language, the reads of an env var with a literal fallback: where the variable is unset, the
 * code runs with that value. Go `cmp.Or(os.Getenv("X"), "…")`; Java `System.getenv().getOrDefault("X",
 * "…")`, Kotlin `System.getenv("X") ?: "…"`; C# `Environment.GetEnvironmentVariable("X") ?? "…"`;
 * Rust `env::var("X").unwrap_or("…"…)` / `.unwrap_or_else(|_| "…"…)`; Ruby `ENV.fetch("X", "…")`,
 * `ENV.fetch("X") { "…" }`, `ENV["X"] || "…"`; PHP `getenv('X') ?: '…'`, `$_ENV['X'] ?? '…'`; Dart
 * `Platform.environment['X'] ?? '…'`; Swift `environment["X"] ?? "…"`; and, but in Dart and Swift,
 * a helper named for env given the name and a default (HELPER).
 */
const DEFAULTS: Partial<Record<EnvReadLang, RegExp[]>> = {
  go: [re('\\bcmp\\.Or\\(\\s*os\\.Getenv\\(\\s*NAME\\s*\\)\\s*,\\s*VALUE\\s*\\)'), HELPER],
  java: [re('\\bSystem\\.getenv\\(\\s*\\)\\s*\\.getOrDefault\\(\\s*NAME\\s*,\\s*VALUE'), re('\\bSystem\\.getenv\\(\\s*NAME\\s*\\)\\s*\\?:\\s*VALUE'), HELPER],
  csharp: [re('\\bEnvironment\\.GetEnvironmentVariable\\(\\s*NAME\\s*\\)\\s*\\?\\?\\s*VALUE'), HELPER],
  rust: [re('\\benv::var\\(\\s*NAME\\s*\\)\\s*\\.unwrap_or(?:_else)?\\(\\s*(?:\\|_\\|\\s*)?(?:String::from\\(\\s*)?VALUE')],
  ruby: [re('\\bENV\\.fetch\\(\\s*NAME\\s*,\\s*VALUE'), re('\\bENV\\.fetch\\(\\s*NAME\\s*\\)\\s*\\{\\s*VALUE\\s*\\}'), re('\\bENV\\[\\s*NAME\\s*\\]\\s*\\|\\|\\s*VALUE'), HELPER],
  php: [re('\\bgetenv\\(\\s*NAME\\s*\\)\\s*\\?:\\s*VALUE'), re('\\$_(?:ENV|SERVER)\\[\\s*NAME\\s*\\]\\s*\\?\\?\\s*VALUE'), HELPER],
  dart: [re('\\bPlatform\\.environment\\s*\\[\\s*NAME\\s*\\]\\s*\\?\\?\\s*VALUE')],
  swift: [re('\\benvironment\\s*\\[\\s*NAME\\s*\\]\\s*\\?\\?\\s*VALUE')],
};

/**
 * The literal fallbacks `text` gives the env vars `named` accepts (envDefaults' forms, DEFAULTS),
 * each keyed by the env var's name at its opening quote: as a setting named for a model, the
 * detector keeps those that are model names. Lines end at LF only for Go (its front-end's), else at
 * CR, LF and CRLF. Comments are blanked first. Never throws.
 */
export function envDefaults(text: string, lang: EnvReadLang, named: (name: string) => boolean): { key: string; value: string; line: number; column: number }[] {
  const out: { key: string; value: string; line: number; column: number }[] = [];
  const forms = DEFAULTS[lang];
  if (forms === undefined) return out;
  try {
    const masked = maskComments(text, STYLE[lang]);
    let starts: number[] | undefined;
    for (const form of forms) {
      form.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = form.exec(masked)) !== null && out.length < MAX_READS) {
        const g = m.groups as { name: string; value: string };
        if (!named(g.name)) continue;
        const at = m.index + m[0].lastIndexOf(g.value) - 1;
        starts ??= lineStarts(text, lang === 'go' ? 'lf' : 'cr-lf');
        const line = lineOf(starts, at);
        out.push({ key: g.name, value: g.value, line: line + 1, column: at - (starts[line] as number) + 1 });
      }
    }
  } catch {
    // The patterns are linear and maskComments never throws; a bug must not lose the file.
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
