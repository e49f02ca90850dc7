/** A readable table for people: models, findings, warnings, and a one-line summary. */
import type { ScanResult } from '../scan/scan.js';
import type { Component } from '../types.js';
import { printable } from '../util/printable.js';

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

function table(headers: string[], rows: string[][]): string {
  rows = rows.map((r) => r.map(printable));
  const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const cell = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (r: string[]) => r.map((c, i) => cell(c, widths[i] ?? 10)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function modelDetails(c: Component): string {
  const p = c.properties;
  const bits = [
    p['lantern:compression'] ? `${p['lantern:compression']}-compressed` : '',
    p['lantern:container'] ? `${p['lantern:container']} container` : '',
    p['lantern:gguf:architecture'] ?? p['lantern:hf:model-type'] ?? '',
    p['cdx:ai-ml:model:hyperparameter:quantization'] ?? '',
    p['cdx:ai-ml:model:parameter:count'] ? `${p['cdx:ai-ml:model:parameter:count']} params` : '',
    p['lantern:onnx:producer'] ?? '',
    p['lantern:lfs-pointer'] === 'true' ? 'LFS pointer' : '',
    p['lantern:pickle-based'] === 'true' ? 'pickle-based' : '',
  ];
  return bits.filter(Boolean).join(', ');
}

export function toTable(result: ScanResult, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  const models = result.components.filter((c) => c.kind === 'model');
  const hub = (c: Component) => c.properties['lantern:source'] === 'huggingface-hub';
  const hubDetails = (c: Component) => (c.version ? `pinned @ ${c.version.slice(0, 12)}` : `unpinned${c.properties['lantern:hf:revision'] ? ` (${c.properties['lantern:hf:revision']})` : ''}`);
  out.push(`Lantern ${result.tool.version}: scanned ${result.stats.files} files (${fmtBytes(result.stats.bytes)}) in ${printable(result.rootName)}`);
  out.push('');
  if (models.length) {
    out.push(`Models (${models.length})`);
    out.push(
      table(
        ['NAME', 'FORMAT', 'SAFETY', 'SIZE', 'DETAILS', 'WHERE'],
        models.map((c) => [
          c.name,
          c.properties['lantern:format'] ?? (hub(c) ? 'hub pull' : ''),
          c.properties['lantern:safety'] ?? '',
          c.properties['lantern:size'] !== undefined ? fmtBytes(Number(c.properties['lantern:size'])) : '',
          hub(c) ? hubDetails(c) : modelDetails(c),
          c.evidence.length > 1 ? `${c.evidence[0]?.path} (+${c.evidence.length - 1})` : (c.evidence[0]?.path ?? ''),
        ]),
      ),
    );
    out.push('');
  }
  const others = result.components.filter((c) => c.kind !== 'model');
  if (others.length) {
    out.push(`Other AI components (${others.length})`);
    out.push(table(['KIND', 'NAME', 'VERSION', 'WHERE'], others.map((c) => [c.kind, c.name, c.version ?? '', c.evidence[0]?.path ?? ''])));
    out.push('');
  }
  if (result.findings.length) {
    out.push(`Findings (${result.findings.length})`);
    out.push(
      table(
        ['SEVERITY', 'RULE', 'LOCATION', 'MESSAGE'],
        result.findings.map((f) => [f.severity.toUpperCase(), f.ruleId, f.location.line ? `${f.location.path}:${f.location.line}` : f.location.path, f.message]),
      ),
    );
    out.push('');
  }
  if (result.warnings.length) {
    const shown = opts.verbose ? result.warnings : result.warnings.slice(0, 20);
    out.push(`Warnings (${result.warnings.length})`);
    for (const w of shown) out.push(printable(`  ${w.path}: ${w.message} [${w.code}]`));
    if (shown.length < result.warnings.length) out.push(`  … ${result.warnings.length - shown.length} more (use --verbose)`);
    out.push('');
  }
  const sev = ['critical', 'high', 'medium', 'low', 'info'].map((s) => [s, result.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n);
  out.push(`${result.components.length} components, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}${sev.length ? ` (${sev.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''}, ${result.warnings.length} warnings`);
  return `${out.join('\n')}\n`;
}
