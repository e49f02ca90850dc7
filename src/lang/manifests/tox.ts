/**
 * tox: the packages each test environment installs. tox.ini's (and setup.cfg's `[tox:tox]`-style
 * files are left to their own reader) `[testenv]` and `[testenv:<name>]` sections' `deps`, one
 * requirement a line (the value goes on over indented lines), with tox's own forms:
 * - `py311,py312: openai==1.30.1` and `!py38: openai` (a factor condition): the requirement after it;
 * - `-r requirements-test.txt` (and `-c`): a file pulled in, read as requirements (includes);
 * - `{[base]deps}`, `{env:X}` substitutions and `-e .` / paths: not packages, skipped.
 * tox.toml and pyproject.toml's `[tool.tox]` (tox 4.21+: `env_run_base.deps`, `env.<name>.deps`)
 * hold PEP 508 strings. All are test dependencies.
 */
import { Collector, boundText, type ManifestResult } from './common.js';
import { addPep508 } from './requirements.js';
import { parseToml } from './toml.js';

const SECTION = /^\s*\[([^\]]*)\]\s*$/;
const DEPS_KEY = /^deps\s*[=:]\s*(.*)$/;
/** A factor condition before a requirement: `py311,py312: `, `!py38: `, `{py311,py312}-django: `. */
const FACTORS = /^!?[\w.{}-]+(?:,\s*!?[\w.{}-]+)*:\s+/;

export function readToxIni(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const lines = boundText(text, c).split(/\r\n|\r|\n/);
  let inEnv = false;
  let inDeps = false;
  const take = (raw: string, line: number): boolean => {
    let v = raw.replace(/\s+#.*$/, '').trim();
    if (v === '' || v.startsWith('#') || v.startsWith(';')) return true;
    v = v.replace(FACTORS, '');
    const inc = /^(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)$/.exec(v);
    if (inc !== null) {
      if (!inc[1]!.includes('{')) c.include(inc[1]!);
      return true;
    }
    // Substitutions, editable installs, paths and options are no package names.
    if (v.includes('{') || v.startsWith('-') || v.startsWith('.') || v.startsWith('/')) return true;
    return addPep508(c, v, line, 'test', 'deps');
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const sec = SECTION.exec(l);
    if (sec !== null) {
      const name = sec[1]!.trim();
      inEnv = name === 'testenv' || name.startsWith('testenv:');
      inDeps = false;
      continue;
    }
    if (!inEnv) continue;
    // A value goes on over lines that start with a blank; any other line is the next key.
    if (inDeps && /^[ \t]/.test(l)) {
      if (!take(l, i + 1)) break;
      continue;
    }
    inDeps = false;
    const m = DEPS_KEY.exec(l);
    if (m === null) continue;
    inDeps = true;
    if (!take(m[1]!, i + 1)) break;
  }
  return c.result();
}

/** tox.toml: `[env_run_base] deps` and `[env.<name>] deps` (pyproject.toml's `[tool.tox]` is read with the rest of that file). */
export function readToxToml(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  readToxTables(c, doc.data, doc.lines, []);
  return c.result();
}

/** The `deps` arrays of tox's TOML tables under `prefix` (`[]` in tox.toml, `['tool', 'tox']` in pyproject.toml). */
export function readToxTables(c: Collector, root: Record<string, unknown>, lines: readonly string[], prefix: string[]): void {
  let t: unknown = root;
  for (const k of prefix) t = typeof t === 'object' && t !== null && !Array.isArray(t) ? (t as Record<string, unknown>)[k] : undefined;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return;
  const tox = t as Record<string, unknown>;
  const envs: unknown[] = [tox.env_run_base];
  if (typeof tox.env === 'object' && tox.env !== null && !Array.isArray(tox.env)) envs.push(...Object.values(tox.env as Record<string, unknown>));
  let from = 0;
  for (const env of envs) {
    if (typeof env !== 'object' || env === null || Array.isArray(env)) continue;
    const deps = (env as Record<string, unknown>).deps;
    if (!Array.isArray(deps)) continue;
    for (const item of deps) {
      // Objects are tox's `{ replace = "ref", … }` substitutions: no package.
      if (typeof item !== 'string' || item.startsWith('-') || item.includes('{')) continue;
      const quoted = [JSON.stringify(item), `'${item}'`];
      let line: number | undefined;
      for (let i = from; i < lines.length; i++) {
        if (quoted.some((q) => lines[i]!.includes(q))) {
          line = i + 1;
          from = i;
          break;
        }
      }
      if (!addPep508(c, item, line, 'test', 'deps')) return;
    }
  }
}
