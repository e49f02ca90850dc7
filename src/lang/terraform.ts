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
  header: /^\s*(resource)\s+[A-Za-z_][A-Za-z0-9_]*\s+'([^'@\s]+)@[^']*'\s+(?:existing\s*)?=\s*(?:if\s*\(.*\)\s*)?\{()/,
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
  let depth = 0;
  let block: TerraformBlock | undefined;
  // The nested blocks open inside the current one: their names and the depth each opened at.
  const path: { name: string; depth: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { code, delta } = scanLine(lines[i]!, state, syntax);
    const doc = syntax.heredoc ? HEREDOC.exec(code) : null;
    if (doc !== null) {
      // A heredoc's body is text, not configuration: skipped to its end line.
      const end = doc[1]!;
      let j = i + 1;
      while (j < lines.length && lines[j]!.trim() !== end) j++;
      if (j < lines.length) i = j;
      continue;
    }
    if (depth === 0) {
      const h = syntax.header.exec(code);
      if (h !== null && out.length < MAX_BLOCKS) {
        const name = syntax === BICEP ? (BICEP_NAME.exec(code)?.[1] ?? '') : h[3]!;
        block = { kind: h[1] as 'resource' | 'data', type: h[2]!, name, line: i + 1, attrs: new Map() };
        out.push(block);
        path.length = 0;
      }
    } else if (block !== undefined) {
      const a = syntax.attr.exec(code);
      if (a !== null && !a[2]!.includes('${')) {
        const key = [...path.map((p) => p.name), a[1]!].join('.');
        if (!block.attrs.has(key)) block.attrs.set(key, { value: a[2]!.replace(/\\(.)/g, '$1'), line: i + 1 });
      }
      const n = delta > 0 ? syntax.nested.exec(code) : null;
      if (n !== null) path.push({ name: n[1]!, depth });
    }
    depth = Math.max(0, depth + delta);
    while (path.length && depth <= path[path.length - 1]!.depth) path.pop();
    if (depth === 0) block = undefined;
  }
  return out;
}
