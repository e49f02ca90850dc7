/**
 * The Jupyter notebook front-end (.ipynb, nbformat 4 and the `worksheets` of nbformat 3).
 *
 * Each code cell is parsed on its own with the Python front-end, so a broken cell cannot hide the
 * others; positions are the cell's index among all cells (0-based, markdown and raw cells count)
 * and the 1-based line and column inside the cell's source.
 *
 * IPython syntax is blanked before parsing (the line is kept, emptied, so lines do not move):
 * - line magics and shell escapes: lines starting with `%`, `!`, `?` (after indentation), help
 *   lines ending in `?`, `x = !cmd` / `x = %magic` assignments, with their `\` continuations;
 * - cell magics (`%%name` on the first line): for `%%capture`, `%%time`, `%%timeit`, `%%prun`,
 *   `%%debug`, `%%memit` and `%%px` the body is Python, so only the magic line is blanked; for
 *   `%%writefile x.py` the body is the Python file being written and is parsed too; for `%%bash`,
 *   `%%sh`, `%%script`, `%%system` the body is shell and is only searched for pip installs; any
 *   other cell magic (`%%html`, `%%javascript`, `%%sql`, `%%writefile x.txt`, ...) blanks the cell.
 *
 * `!pip install`, `%pip install`, `!python -m pip install`, `!{sys.executable} -m pip install`,
 * `!uv pip install` (also inside shell cells, and after `&&`/`;`) give one ImportSite of kind
 * 'pip-install' per requirement, the requirement as written (quotes removed) as specifier;
 * options are skipped with their arguments (`-r file`, `-i url`, `-c file`, `-e path`, ...), and so
 * are paths, URLs and shell variables.
 */
import { pythonSites } from './sites.js';
import { clientInstances, importedClasses, importedModules } from './python.js';
import { callPlace } from './place.js';
import type { ImportSite, ModelCalls, StringSite } from './types.js';
import { installSites } from './installs.js';
import { lineOf, lineStarts } from '../util/lines.js';
import { envReads } from './env-reads.js';

const PYTHON_CELL_MAGICS = new Set(['capture', 'time', 'timeit', 'prun', 'debug', 'memit', 'px']);
const SHELL_CELL_MAGICS = new Set(['bash', 'sh', 'script', 'system']);

const MAGIC_LINE_RE = /^\s*[%!?]/;
const HELP_LINE_RE = /^\s*[\w.]+\s*\?{1,2}\s*$/;
const ASSIGN_MAGIC_RE = /^\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*[%!]/;
/**
 * A package manager's install written with no `%` or `!` (`pip install openai==1.30.1`): IPython's
 * automagic runs it as `%pip` (on by default), and as Python it is a syntax error.
 */
const AUTOMAGIC_RE = /^\s*(?:pip|conda|mamba)[ \t]+(?:install|uninstall)\b/;

interface Prepared {
  /** The Python text to parse (magic lines emptied), or undefined when nothing is Python. */
  python: string | undefined;
  pips: ImportSite[];
}

/**
 * A cell's lines: its source split at CR, LF and CRLF, as Python reads them (lineStarts(source,
 * 'cr-lf') gives their starts). Every position inside a cell counts these lines.
 */
export function cellLines(source: string): string[] {
  return source.split(/\r\n|\n|\r/);
}

/**
 * Blanks IPython syntax in one cell and collects its installs. The shell lines (`!cmd`, `%pip …`,
 * `x = !cmd`, their continuations, and the body of a `%%bash`-style cell) are read as one shell
 * text, the other lines blanked so lines and columns stay the cell's, by the command reader that
 * reads scripts (installSites): `pip install`, `uv pip install`, `{sys.executable} -m pip
 * install`, `npm i`, continued over lines or chained with `&&`.
 */
export function prepareCell(source: string, cell: number): Prepared {
  const lines = cellLines(source);
  const shell = lines.map(() => '');
  /** Line `i` from `from` on as shell text, the part before it blanked. */
  const asShell = (i: number, from: number) => {
    const line = lines[i] ?? '';
    shell[i] = ' '.repeat(from) + line.slice(from);
  };
  const done = (python: string | undefined): Prepared => {
    const text = shell.join('\n');
    const pips = text.trim() === '' ? [] : installSites(text).map((s) => ({ ...s, cell }));
    return { python, pips };
  };
  const first = lines[0] ?? '';
  const cellMagic = /^\s*%%(\S*)(.*)$/.exec(first);
  if (cellMagic) {
    const name = cellMagic[1] ?? '';
    const args = (cellMagic[2] ?? '').trim();
    if (SHELL_CELL_MAGICS.has(name)) {
      for (let i = 1; i < lines.length; i++) asShell(i, 0);
      return done(undefined);
    }
    if (name === 'pip') {
      asShell(0, first.indexOf('%%') + 2);
      return done(undefined);
    }
    const writesPython = name === 'writefile' && /\.py['"]?$/.test(args);
    if (!PYTHON_CELL_MAGICS.has(name) && !writesPython) return done(undefined);
    lines[0] = '';
  }
  let continued = false;
  for (let i = cellMagic ? 1 : 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const automagic = !continued && AUTOMAGIC_RE.test(line);
    const magic = continued || automagic || MAGIC_LINE_RE.test(line) || HELP_LINE_RE.test(line) || ASSIGN_MAGIC_RE.test(line);
    if (!magic) continue;
    if (automagic) asShell(i, line.search(/\S/));
    else if (!continued) {
      const bang = line.search(/[%!]/);
      if (bang >= 0) asShell(i, bang + 1);
    } else {
      asShell(i, 0);
    }
    continued = /\\\s*$/.test(line);
    lines[i] = '';
  }
  return done(lines.join('\n'));
}

/** A cell's source as stored: one string, or the strings of a list (each its own JSON string in the file). */
function cellParts(cell: Record<string, unknown>): string[] | undefined {
  const src = cell.source ?? cell.input;
  if (typeof src === 'string') return [src];
  if (Array.isArray(src) && src.every((s) => typeof s === 'string')) return src as string[];
  return undefined;
}

function notebookLanguage(nb: Record<string, unknown>): string | undefined {
  const meta = nb.metadata;
  if (!meta || typeof meta !== 'object') return undefined;
  const m = meta as Record<string, unknown>;
  const info = m.language_info as Record<string, unknown> | undefined;
  const kernel = m.kernelspec as Record<string, unknown> | undefined;
  const lang = (info && typeof info.name === 'string' && info.name) || (kernel && typeof kernel.language === 'string' && kernel.language);
  return typeof lang === 'string' ? lang.toLowerCase() : undefined;
}

/** One cell of a notebook, as stored: its index, type and source text. */
export interface NotebookCell {
  index: number;
  type: string;
  source: string;
  /** How the file stores the source: one JSON string, or a list of lines (the usual nbformat 4 form). */
  stored: 'string' | 'lines';
  /**
   * The source's stored strings, in order (one for 'string'). Writers split the list where they
   * like (nbformat at every line end Python's splitlines knows, JupyterLab at LF), so these need
   * not be the cell's lines.
   */
  parts: string[];
}

/**
 * The cells of a notebook (nbformat 4 `cells`, nbformat 3 `worksheets`), with warnings for what
 * could not be read. Never throws. `python` is false when the notebook says its kernel is another
 * language (its code cells are then not Python).
 */
export function readNotebook(text: string): { cells: NotebookCell[]; python: boolean; warnings: string[] } {
  const out: NotebookCell[] = [];
  const warnings: string[] = [];
  let nb: unknown;
  try {
    nb = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    warnings.push(`notebook is not valid JSON: ${(e as Error).message}`);
    return { cells: out, python: false, warnings };
  }
  if (!nb || typeof nb !== 'object' || Array.isArray(nb)) {
    warnings.push('notebook is not a JSON object');
    return { cells: out, python: false, warnings };
  }
  const root = nb as Record<string, unknown>;
  let cells: unknown[];
  if (Array.isArray(root.cells)) {
    cells = root.cells;
  } else if (Array.isArray(root.worksheets)) {
    cells = [];
    for (const ws of root.worksheets) {
      const wsCells = ws && typeof ws === 'object' ? (ws as Record<string, unknown>).cells : undefined;
      if (Array.isArray(wsCells)) cells.push(...wsCells);
    }
  } else {
    warnings.push('notebook has no cells (neither nbformat 4 `cells` nor nbformat 3 `worksheets`)');
    return { cells: out, python: false, warnings };
  }
  const language = notebookLanguage(root);
  const python = language === undefined || language === 'python' || language === 'python3' || language === 'ipython';
  if (!python) warnings.push(`notebook language is ${language}, not Python: code cells not parsed`);
  let malformed = 0;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (!cell || typeof cell !== 'object') {
      malformed++;
      continue;
    }
    const c = cell as Record<string, unknown>;
    const parts = cellParts(c);
    if (parts === undefined) {
      if (c.cell_type === 'code') malformed++;
      continue;
    }
    out.push({ index, type: typeof c.cell_type === 'string' ? c.cell_type : '', source: parts.join(''), stored: typeof (c.source ?? c.input) === 'string' ? 'string' : 'lines', parts });
  }
  if (malformed > 0) warnings.push(`notebook has ${malformed} malformed cell(s) (skipped)`);
  return { cells: out, python, warnings };
}

/**
 * Imports, pip installs and string sites of a notebook (`calls`: the model calls, as for Python
 * sources). Never throws: a malformed notebook gives a warning (and whatever could be read).
 */
export async function notebookImports(
  text: string,
  calls?: ModelCalls,
): Promise<{ imports: ImportSite[]; strings: StringSite[]; warnings: string[]; cells: NotebookCell[] }> {
  const imports: ImportSite[] = [];
  const strings: StringSite[] = [];
  const nb = readNotebook(text);
  const warnings = nb.warnings;
  if (!nb.python) return { imports, strings, warnings, cells: nb.cells };
  const prepared = nb.cells.filter((c) => c.type === 'code').map((c) => ({ index: c.index, ...prepareCell(c.source, c.index) }));
  // The cells' code together: its imports name the modules and classes every cell uses, and a
  // client an earlier cell binds (`client = OpenAI(base_url=…)`) is the one a later cell's
  // `client.chat.completions.create(model=…)` calls (PythonContext). Calls are placed per cell,
  // `<cell>/<line>:<column>`, so the same place in two cells is two calls.
  const all = calls !== undefined ? prepared.map((p) => p.python ?? '').join('\n') : undefined;
  const shared = all !== undefined ? { modules: importedModules(all) ?? new Set<string>(), classes: importedClasses(all) ?? new Map<string, string>() } : undefined;
  const bound = new Map<string, { callee: string; call: string }>();
  for (const { index, pips, python } of prepared) {
    imports.push(...pips);
    if (python === undefined || python.trim() === '') continue;
    try {
      const r = await pythonSites(python, calls, shared !== undefined ? { instances: bound, ...shared } : undefined);
      for (const s of r.imports) imports.push({ ...s, cell: index });
      for (const s of r.strings) strings.push(s.call !== undefined && !s.call.includes('/') ? { ...s, cell: index, call: `${index}/${s.call}` } : { ...s, cell: index });
      if (shared !== undefined) bindCell(bound, python, index, calls, shared);
    } catch (e) {
      warnings.push(`notebook cell ${index}: ${(e as Error).message}`);
    }
  }
  const order = (a: { cell?: number; line: number; column: number }, b: { cell?: number; line: number; column: number }) =>
    (a.cell ?? 0) - (b.cell ?? 0) || a.line - b.line || a.column - b.column;
  imports.sort(order);
  strings.sort(order);
  // Each site's place in the .ipynb file itself, for findings about it (worked out only when
  // there is a site to place).
  if (imports.length || strings.length) {
    const raw = notebookRawPositions(text, nb.cells);
    for (const s of [...imports, ...strings]) {
      const at = s.cell === undefined ? undefined : raw(s.cell, s.line, s.column);
      if (at) {
        s.fileLine = at.line;
        s.fileColumn = at.column;
      }
    }
  }
  return { imports, strings, warnings, cells: nb.cells };
}

/** Adds the client instances a cell binds (its last binding of each name) to `bound`, each call placed in the cell. */
function bindCell(bound: Map<string, { callee: string; call: string }>, python: string, index: number, calls: ModelCalls | undefined, shared: { modules: ReadonlySet<string>; classes: ReadonlyMap<string, string> }): void {
  const own = clientInstances(python, calls, shared.modules, shared.classes);
  if (own === undefined) return;
  const lines = lineStarts(python, 'cr-lf');
  for (const [name, x] of own) bound.set(name, { callee: x.callee, call: `${index}/${callPlace(lines, x.ats[x.ats.length - 1] as number)}` });
}

/** IPython's `%env NAME=…` / `%env NAME …` and `%set_env NAME …` at a cell line's start. */
const ENV_MAGIC = /^([ \t]*%(?:set_)?env[ \t]+)([A-Z_][A-Z0-9_]*)/gm;

/** An env var a notebook's code cell reads, placed as the notebook's other sites are (cell, line in the cell, and the .ipynb's own line). */
export interface NotebookEnvRead {
  name: string;
  cell: number;
  line: number;
  column: number;
  fileLine?: number;
  fileColumn?: number;
}

/**
 * The env vars `known` accepts that a notebook's code cells read (`os.environ["X"]`, `os.getenv("X")`,
 * `%env X=…`), each cell's Python read as envReads reads a Python file (comments blanked), at
 * most once per name and line of a cell. Never throws.
 */
export function notebookEnvReads(text: string, known: (name: string) => boolean, read?: NotebookCell[]): NotebookEnvRead[] {
  const out: NotebookEnvRead[] = [];
  try {
    // The cells notebookImports already read, when given: the notebook is parsed once.
    const cells = read ?? readNotebook(text).cells;
    for (const c of cells) {
      if (c.type !== 'code') continue;
      const seen = new Set<string>();
      for (const e of envReads(c.source, 'python', known)) {
        seen.add(`${e.line}\u0000${e.name}`);
        out.push({ name: e.name, cell: c.index, line: e.line, column: e.column });
      }
      let starts: number[] | undefined;
      for (const m of c.source.matchAll(ENV_MAGIC)) {
        const name = m[2] as string;
        if (!known(name)) continue;
        starts ??= lineStarts(c.source, 'cr-lf');
        const at = (m.index as number) + (m[1] as string).length;
        const line = lineOf(starts, at);
        if (seen.has(`${line + 1}\u0000${name}`)) continue;
        seen.add(`${line + 1}\u0000${name}`);
        out.push({ name, cell: c.index, line: line + 1, column: at - (starts[line] as number) + 1 });
      }
    }
    if (out.length) {
      const raw = notebookRawPositions(text, cells);
      for (const e of out) {
        const at = raw(e.cell, e.line, e.column);
        if (at) {
          e.fileLine = at.line;
          e.fileColumn = at.column;
        }
      }
    }
  } catch {
    // readNotebook and envReads do not throw; a last guard so a notebook never loses the scan's other results.
  }
  return out;
}

/**
 * Where each position inside a cell sits in the .ipynb file itself: annotations (SARIF, code
 * review) need the file's own line and column. A cell's lines end at CR, LF and CRLF (cellLines),
 * and so do the file's. Cells are stored in order as JSON strings (one string, or a list of them),
 * so each stored string is found by its JSON form after the previous one; a position is then the
 * string's place in the file plus the escaped length of the string's text before it (a cell line
 * may start in the middle of a stored string: after a lone CR, or in a cell stored as one
 * string). A string that cannot be found (an escaping the writer chose differently) gives its
 * positions no raw position.
 */
export function notebookRawPositions(text: string, cells: NotebookCell[]): (cell: number, line: number, column: number) => { line: number; column: number } | undefined {
  interface Stored {
    /** Offset of the string's first character in the cell's source. */
    from: number;
    text: string;
    /** Where its JSON form starts in the file (the opening quote). */
    at: { line: number; column: number } | undefined;
  }
  const map = new Map<number, { starts: number[]; parts: Stored[] }>();
  let lines: number[] | undefined;
  let cursor = 0;
  // A string not found costs a search to the end of the file; after a few, the writer escapes
  // differently from JSON.stringify and the rest keep their cell positions (so a notebook of many
  // lines is never searched once per line).
  let misses = 0;
  const find = (needle: string) => {
    if (misses >= MAX_POSITION_MISSES) return undefined;
    const at = text.indexOf(needle, cursor);
    if (at < 0) {
      misses++;
      return undefined;
    }
    cursor = at + needle.length;
    lines ??= lineStarts(text, 'cr-lf');
    const lo = lineOf(lines, at);
    return { line: lo + 1, column: at - (lines[lo] as number) + 1 };
  };
  for (const c of cells) {
    const parts: Stored[] = [];
    let from = 0;
    for (const p of c.parts) {
      // An empty string holds no position (and `""` would be found anywhere).
      if (p.length > 0) parts.push({ from, text: p, at: find(JSON.stringify(p)) });
      from += p.length;
    }
    map.set(c.index, { starts: lineStarts(c.source, 'cr-lf'), parts });
  }
  return (cell, line, column) => {
    const m = map.get(cell);
    const start = m?.starts[line - 1];
    if (!m || start === undefined || column < 1) return undefined;
    const off = start + column - 1;
    let i = m.parts.length - 1;
    while (i > 0 && (m.parts[i] as Stored).from > off) i--;
    const p = m.parts[i];
    if (!p?.at) return undefined;
    const escaped = JSON.stringify(p.text.slice(0, off - p.from)).length - 2;
    return { line: p.at.line, column: p.at.column + 1 + escaped };
  };
}

const MAX_POSITION_MISSES = 4;
