/**
 * Environment variables a source file reads by name, as each language reads them: JS/TS
 * `process.env.NAME`, `process.env['NAME']`, `import.meta.env.NAME`, `Deno.env.get('NAME')`,
 * `Bun.env.NAME`; Python `os.environ['NAME']`, `os.environ.get('NAME')`, `os.getenv('NAME')`,
 * `environ['NAME']`, `getenv('NAME')`; Go `os.Getenv("NAME")`, `os.LookupEnv("NAME")`; Java and
 * Kotlin `System.getenv("NAME")`; C# `Environment.GetEnvironmentVariable("NAME")`; Rust
 * `env::var("NAME")`, `env!("NAME")`, `option_env!("NAME")`; Ruby `ENV['NAME']`,
 * `ENV.fetch('NAME')`; PHP `getenv('NAME')`, `$_ENV['NAME']`, `$_SERVER['NAME']`, Laravel's
 * `env('NAME')`; Dart `Platform.environment['NAME']`; Swift
 * `ProcessInfo.processInfo.environment["NAME"]`; a notebook's cells (read in the .ipynb text, the
 * file's own lines) and its `%env NAME=…` magic. A code file that reads `OPENAI_API_KEY` uses
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

export type EnvReadLang = 'js' | 'python' | 'notebook' | 'go' | 'java' | 'csharp' | 'rust' | 'ruby' | 'php' | 'dart' | 'swift';

/** Per language, the read forms; the name is the last capture group of each match. */
const READS: Record<EnvReadLang, RegExp> = {
  js: /\b(?:process\.env|import\.meta\.env|Bun\.env)(?:\??\.([A-Z_][A-Z0-9_]*)\b|\s*\[\s*(['"`])([A-Z_][A-Z0-9_]*)\2\s*\])|\bDeno\.env\.get\(\s*(['"`])([A-Z_][A-Z0-9_]*)\4/g,
  python: /\b(?:os\.)?(?:environ(?:\.get\s*\(|\s*\[)|getenv\s*\()\s*[rRbBuU]?(['"])([A-Z_][A-Z0-9_]*)\1/g,
  // A notebook's .ipynb text: its cells' Python as JSON strings (a `"` written `\"`), and IPython's `%env NAME=…`.
  notebook: /\b(?:os\.)?(?:environ(?:\.get\s*\(|\s*\[)|getenv\s*\()\s*[rRbBuU]?(\\?['"])([A-Z_][A-Z0-9_]*)\1|%(?:set_)?env\s+([A-Z_][A-Z0-9_]*)/g,
  go: /\bos\.(?:Getenv|LookupEnv)\(\s*(")([A-Z_][A-Z0-9_]*)"/g,
  java: /\bSystem\.getenv\(\s*(")([A-Z_][A-Z0-9_]*)"/g,
  csharp: /\bEnvironment\.GetEnvironmentVariable\(\s*(@?")([A-Z_][A-Z0-9_]*)"/g,
  rust: /\b(?:env::var(?:_os)?\(|(?:option_)?env!\()\s*(")([A-Z_][A-Z0-9_]*)"/g,
  ruby: /\bENV(?:\.fetch\(\s*|\[\s*)(['"])([A-Z_][A-Z0-9_]*)\1/g,
  php: /(?:\bgetenv\(|\$_ENV\[|\$_SERVER\[|\benv\()\s*(['"])([A-Z_][A-Z0-9_]*)\1/g,
  dart: /\bPlatform\.environment\s*\[\s*(['"])([A-Z_][A-Z0-9_]*)\1/g,
  swift: /\benvironment\s*\[\s*(")([A-Z_][A-Z0-9_]*)"/g,
};

const STYLE: Record<EnvReadLang, 'slash' | 'hash'> = { js: 'slash', python: 'hash', notebook: 'hash', go: 'slash', java: 'slash', csharp: 'slash', rust: 'slash', ruby: 'hash', php: 'slash', dart: 'slash', swift: 'slash' };

/** At most this many reads from one file. */
const MAX_READS = 1000;

/** The env vars `text` reads that `known` accepts, once per name and line. */
export function envReads(text: string, lang: EnvReadLang, known: (name: string) => boolean): { name: string; line: number; column: number }[] {
  const out: { name: string; line: number; column: number }[] = [];
  try {
    // A notebook's cells are JSON strings, whose quotes would hide a `#` from maskComments: a cell
    // line that starts with `#` is skipped by its match's line instead (below).
    const masked = lang === 'notebook' ? text : maskComments(text, STYLE[lang]);
    const re = READS[lang];
    re.lastIndex = 0;
    let starts: number[] | undefined;
    const seen = new Set<string>();
    let m: RegExpExecArray | null;
    while ((m = re.exec(masked)) !== null && out.length < MAX_READS) {
      const name = [...m].slice(1).reverse().find((g) => g !== undefined && /^[A-Z_]/.test(g));
      if (name === undefined || !known(name)) continue;
      const at = m.index + m[0].lastIndexOf(name);
      starts ??= lineStarts(text);
      const line = lineOf(starts, at);
      if (lang === 'notebook' && /^\s*"\s*#/.test(text.slice(starts[line], at))) continue;
      const key = `${line}\u0000${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name, line: line + 1, column: at - (starts[line] as number) + 1 });
    }
  } catch {
    // The patterns are linear and maskComments never throws; a bug must not lose the file.
  }
  return out;
}
