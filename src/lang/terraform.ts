/**
 * Infrastructure as code: the cloud resources a configuration declares, with their literal string
 * attributes, for Terraform (HCL) and Bicep, and for CloudFormation and ARM templates (JSON or
 * YAML; cloudTemplateResources).
 *
 * Bicep (`resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {`, also `existing`
 * and conditional ones) is read like HCL: `key: 'literal'` at any depth, a nested object
 * `key: {` as a path (`properties.model.name`), `//` and `/* *\/` comments, single-quoted
 * strings whose `${…}` interpolations are no literal; the block's name is its symbolic name and its
 * type is written without the API version.
 *
 * Terraform: the resources and data sources a configuration declares, with their literal string
 * attributes. Read as HCL's native syntax is written: `resource "TYPE" "NAME" {` and
 * `data "TYPE" "NAME" {` at the top, attributes `key = "literal"` at any depth (a nested block's
 * as `block.key`: `model.name`), `#`, `//` and `/* *\/` comments, quoted strings with escapes,
 * heredocs (`<<EOF`, `<<-EOF`, skipped), and braces counted outside strings and comments. A
 * value with an interpolation (`"${var.x}"`) or that is no string (a reference, a number) is not
 * kept. Never throws; bounded by the file.
 */
import { EndLines } from '../util/lines.js';

export interface TerraformBlock {
  kind: 'resource' | 'data';
  type: string;
  name: string;
  /** 1-based line of the block's header. */
  line: number;
  /** Literal string attributes by their path inside the block (`kind`, `model.name`), the first of each. */
  attrs: Map<string, { value: string; line: number }>;
}

/** At most this many blocks are read from one file. */
const MAX_BLOCKS = 10_000;

interface Syntax {
  header: RegExp;
  nested: RegExp;
  attr: RegExp;
  quote: '"' | "'";
  hash: boolean;
  heredoc: boolean;
}

const HCL: Syntax = {
  header: /^\s*(resource|data)\s+"([A-Za-z0-9_-]+)"\s+"([A-Za-z0-9_-]+)"\s*\{/,
  nested: /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\{/,
  attr: /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/,
  quote: '"',
  hash: true,
  heredoc: true,
};
const BICEP: Syntax = {
  // `resource <symbol> '<type>@<api>' [existing] = [if (…)] {`: the kind is always `resource`.
  // A loop (`= [for d in deployments: {`) and a condition (`= if (x) {`) declare it too; a child
  // resource inside its parent writes a short type (`'deployments'`) and may omit the API version.
  header: /^\s*(resource)\s+[A-Za-z_][A-Za-z0-9_]*\s+'([^'@\s]+)(?:@[^']*)?'\s+(?:existing\s*)?=\s*(?:\[\s*for\s+[^:]*:\s*)?(?:if\s*\(.*\)\s*)?\{()/,
  nested: /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*\{/,
  attr: /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*'((?:[^'\\]|\\.)*)'\s*$/,
  quote: "'",
  hash: false,
  heredoc: false,
};
const BICEP_NAME = /^\s*resource\s+([A-Za-z_][A-Za-z0-9_]*)\s/;
const HEREDOC = /<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/** The line without its comment, and the change of brace depth outside strings; `inComment` carries a block comment over lines. */
function scanLine(line: string, state: { inComment: boolean }, syntax: Syntax): { code: string; delta: number } {
  let code = '';
  let delta = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (state.inComment) {
      if (ch === '*' && line[i + 1] === '/') {
        state.inComment = false;
        i++;
      }
      continue;
    }
    if (inString) {
      code += ch;
      if (ch === '\\') {
        code += line[i + 1] ?? '';
        i++;
      } else if (ch === syntax.quote) inString = false;
      continue;
    }
    if ((ch === '#' && syntax.hash) || (ch === '/' && line[i + 1] === '/')) break;
    if (ch === '/' && line[i + 1] === '*') {
      state.inComment = true;
      i++;
      continue;
    }
    if (ch === syntax.quote) inString = true;
    else if (ch === '{') delta++;
    else if (ch === '}') delta--;
    code += ch;
  }
  return { code, delta };
}

export function terraformBlocks(text: string): TerraformBlock[] {
  return iacBlocks(text, HCL);
}

/** Bicep's `resource` declarations (their names the symbolic names, their types without the API version). */
export function bicepBlocks(text: string): TerraformBlock[] {
  return iacBlocks(text, BICEP);
}

function iacBlocks(text: string, syntax: Syntax): TerraformBlock[] {
  const out: TerraformBlock[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  const state = { inComment: false };
  const ends = new EndLines(lines);
  let depth = 0;
  // The blocks open around the current line (Bicep nests child resources in their parent's body),
  // each with the depth it opened at and the nested objects open inside it (names and depths).
  const open: { block: TerraformBlock; depth: number; path: { name: string; depth: number }[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { code, delta } = scanLine(lines[i]!, state, syntax);
    const doc = syntax.heredoc ? HEREDOC.exec(code) : null;
    if (doc !== null) {
      // A heredoc's body is text, not configuration: skipped to its end line.
      const j = ends.next(doc[1]!, i + 1);
      if (j >= 0) i = j;
      continue;
    }
    const h = depth === 0 || (syntax === BICEP && open.length > 0) ? syntax.header.exec(code) : null;
    const top = open[open.length - 1];
    if (h !== null && out.length < MAX_BLOCKS) {
      const name = syntax === BICEP ? (BICEP_NAME.exec(code)?.[1] ?? '') : h[3]!;
      // A Bicep child resource names its type after its parent's (`'deployments'` in an account).
      const type = top !== undefined && !h[2]!.includes('/') && !h[2]!.includes('.') ? `${top.block.type}/${h[2]!}` : h[2]!;
      const block: TerraformBlock = { kind: h[1] as 'resource' | 'data', type, name, line: i + 1, attrs: new Map() };
      out.push(block);
      if (delta > 0) open.push({ block, depth, path: [] });
    } else if (top !== undefined) {
      const a = syntax.attr.exec(code);
      if (a !== null && !a[2]!.includes('${')) {
        const key = [...top.path.map((p) => p.name), a[1]!].join('.');
        if (!top.block.attrs.has(key)) top.block.attrs.set(key, { value: a[2]!.replace(/\\(.)/g, '$1'), line: i + 1 });
      }
      const n = delta > 0 ? syntax.nested.exec(code) : null;
      if (n !== null) top.path.push({ name: n[1]!, depth });
    }
    depth = Math.max(0, depth + delta);
    for (const o of open) while (o.path.length && depth <= o.path[o.path.length - 1]!.depth) o.path.pop();
    while (open.length && depth <= open[open.length - 1]!.depth) open.pop();
  }
  return out;
}
