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
import type { ManifestResult } from './common.js';
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
