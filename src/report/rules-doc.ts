/** `lantern rules`: the rules as a table, JSON, or the Markdown of docs/rules.md. */
import { loadRules, modelFormats, type Rule } from '../rules/load.js';

export function rulesList(): Rule[] {
  return [...loadRules().rules.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function rulesTable(): string {
  const rows = rulesList().map((r) => `${r.severity.toUpperCase().padEnd(9)}${r.id.padEnd(34)}${r.title}`);
  return `${'SEVERITY'.padEnd(9)}${'RULE'.padEnd(34)}TITLE\n${rows.join('\n')}\n`;
}

export function rulesJson(): string {
  return `${JSON.stringify(rulesList(), null, 2)}\n`;
}

export function rulesMarkdown(): string {
  const out: string[] = [
    '# Lantern rules',
    '',
    '<!-- Generated from rules/*.yaml by `npm run docs:rules`; do not edit by hand. -->',
    '',
    '| Rule | Severity | Title |',
    '|---|---|---|',
    ...rulesList().map((r) => `| [\`${r.id}\`](#${anchor(r.id)}) | ${r.severity} | ${r.title} |`),
    '',
  ];
  for (const r of rulesList()) {
    out.push(`## ${r.id}`, '', `**${r.title}** · severity \`${r.severity}\`${r.cwe.length ? ` · ${r.cwe.map((c) => `CWE-${c}`).join(', ')}` : ''}`, '');
    out.push(r.description, '', `**What to do.** ${r.help}`, '', '**References**', '', ...r.references.map((u) => `- <${u}>`), '');
  }
  out.push('## Model formats', '', 'Recognized by their bytes (`detect`); extensions only break ties.', '', '| Format | Title | Pickle-based | Detection | Usual extensions |', '|---|---|---|---|---|');
  for (const f of modelFormats()) {
    out.push(`| \`${f.id}\` | ${f.title} | ${f.pickleBased ? 'yes' : 'no'} | ${f.detect.replace(/\|/g, '\\|')} | ${f.extensions.join(' ')} |`);
  }
  return `${out.join('\n')}\n`;
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}
