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
import { Collector, boundText, isRecord, type ManifestResult } from './common.js';
import { addPep508 } from './requirements.js';
import { ArrayLines, keyLine, parseToml, type TomlDoc } from './toml.js';

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
  readToxTables(c, doc, []);
  return c.result();
}

/** The `deps` arrays of tox's TOML tables under `prefix` (`[]` in tox.toml, `['tool', 'tox']` in pyproject.toml), each item at its line. */
export function readToxTables(c: Collector, doc: TomlDoc, prefix: string[]): void {
  let t: unknown = doc.data;
  for (const k of prefix) t = isRecord(t) ? t[k] : undefined;
  if (!isRecord(t)) return;
  const envs: [string[], unknown][] = [[[...prefix, 'env_run_base'], t.env_run_base]];
  if (isRecord(t.env)) for (const [name, env] of Object.entries(t.env)) envs.push([[...prefix, 'env', name], env]);
  for (const [path, env] of envs) {
    if (!isRecord(env) || !Array.isArray(env.deps)) continue;
    const lines = new ArrayLines(doc, keyLine(doc, path, 'deps'));
    for (const item of env.deps) {
      // Objects are tox's `{ replace = "ref", … }` substitutions: no package.
      if (typeof item !== 'string' || item.startsWith('-') || item.includes('{')) continue;
      if (!addPep508(c, item, lines.lineOf(item), 'test', 'deps')) return;
    }
  }
}
