/**
 * PEP 723 inline script metadata: a Python script declares what it needs in a comment block
 *
 *     # /// script
 *     # requires-python = ">=3.11"
 *     # dependencies = ["openai>=1.30", "rich"]
 *     # ///
 *
 * that `uv run`, `pipx run`, `hatch run` and `pdm run` install from. Its `dependencies` are the
 * script's declarations, as a pyproject.toml's `[project] dependencies` are a project's: the block's
 * TOML is read by the pyproject reader (as `[project]` keys), each dependency on its line of the
 * script. As the PEP has it, the block starts at a line `# /// script`, every line up to its end is
 * a comment (`#` alone or `# ` and text), and it ends at the last `# ///` of that run of comments;
 * a second `script` block is an error for the tools, so only the first is read.
 */
import { Collector, type ManifestResult } from './common.js';
import { lineOf, lineStarts } from '../../util/lines.js';
import { readPyproject } from './python.js';

/** The quick test before any line is looked at. */
export function mayHaveScriptMetadata(text: string): boolean {
  return text.includes('# /// script');
}

/** The script's dependencies from its `# /// script` block; none (no warning) when it has no block. */
export function readScriptMetadata(path: string, text: string): ManifestResult {
  if (!mayHaveScriptMetadata(text)) return { deps: [], warnings: [] };
  const lines = text.split(/\r\n|\r|\n/);
  const warnings: string[] = [];
  let block: { start: number; content: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '# /// script') continue;
    // The run of comment lines after it, and the last `# ///` in that run.
    let close = -1;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (!(l === '#' || l.startsWith('# '))) break;
      if (l === '# ///') close = j;
    }
    if (close < 0) {
      warnings.push(`line ${i + 1}: a \`# /// script\` block with no \`# ///\` line to end it`);
      i = j - 1;
      continue;
    }
    if (block !== undefined) {
      warnings.push(`line ${i + 1}: a second \`# /// script\` block; only the first is read`);
      break;
    }
    block = { start: i, content: lines.slice(i + 1, close).map((l) => (l === '#' ? '' : l.slice(2))) };
    i = close;
  }
  if (block === undefined) return { deps: [], warnings };
  // The block's TOML as a pyproject's [project] table: its line k is the synthetic text's line k + 1.
  const r = readPyproject(path, `[project]\n${block.content.join('\n')}`);
  const start = block.start;
  return {
    deps: r.deps.map((d) => (d.line !== undefined ? { ...d, line: d.line + start } : d)),
    warnings: [...warnings, ...r.warnings.map((w) => `inline script metadata: ${w}`)],
  };
}

/**
 * A Kotlin script (`*.main.kts`, run by kotlin-main-kts) declares its Maven dependencies in
 * annotations on the file: `@file:DependsOn("group:artifact:version", …)` (beside
 * `@file:Repository(…)`), resolved when the script starts, as a PEP 723 block is for Python. Gradle's
 * own scripts (`*.gradle.kts`) are build files, read as such. A version that is a range or dynamic
 * (`1.+`, `[1.0,2.0)`, `latest.release`, `LATEST`) is kept as the declared range only.
 */
export function readKotlinScriptDeps(path: string, text: string): ManifestResult {
  if (!text.includes('DependsOn') || /\.gradle\.kts$/i.test(path)) return { deps: [], warnings: [] };
  const c = new Collector(path, 'maven');
  const starts = lineStarts(text, 'cr-lf');
  for (const m of text.matchAll(DEPENDS_ON)) {
    const at = m.index ?? 0;
    const row = lineOf(starts, at);
    const line = row + 1;
    // Commented out: a `//` before it on its line, outside a string (`@file:Repository("https://…")` may precede it).
    if (text.slice(starts[row], at).replace(/"(?:[^"\\\n]|\\.)*"/g, '""').includes('//')) continue;
    for (const s of (m[1] ?? '').matchAll(/"([^"\\\n]*)"/g)) {
      const parts = (s[1] ?? '').trim().split(':');
      if (parts.length < 2 || parts[0] === '' || parts[1] === '') continue;
      const range = parts.length >= 3 ? parts[parts.length - 1] : undefined;
      const version = range !== undefined && /^[\w.-]+$/.test(range) && !/^(latest\..*|LATEST|RELEASE)$/.test(range) ? range : undefined;
      c.add({ name: `${parts[0]}:${parts[1]}`, range, version, line });
    }
  }
  return c.result();
}

/** `@file:DependsOn(...)`: its arguments, up to the closing parenthesis (strings hold none in coordinates). */
const DEPENDS_ON = /@file\s*:\s*DependsOn\s*\(([^)]{0,2000})\)/g;
