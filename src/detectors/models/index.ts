/**
 * Model-file detector: every file whose bytes say "model" (or a container holding one, or an LFS
 * pointer to one) becomes a machine-learning-model component with format, size, SHA-256 and the
 * metadata its header gives. Findings: pickle-based formats, containers Lantern cannot open, and
 * hostile archives. The deep safety analysis of pickles is not done here.
 */
import { basename, extname } from 'node:path/posix';
import { fingerprint } from '../../util/hash.js';
import { modelFormat, rule } from '../../rules/load.js';
import type { Sniffed, SniffedMember } from '../../sniff/kinds.js';
import { MODEL_EXTENSIONS, holdsModel } from '../../sniff/sniff.js';
import type { Component, Finding, Observation } from '../../types.js';
import { emptyObservation } from '../../types.js';
import type { DetectContext, Detector } from '../types.js';
import { readModelMetadata } from './metadata.js';
import { isSitePathConfig } from './site-pth.js';

export { modelRef } from '../finding.js';
import { modelRef } from '../finding.js';

/** Site path-configuration files larger than this are not told apart from other text. */
const SITE_PTH_MAX_BYTES = 64 * 1024;

export const modelDetector: Detector = {
  id: 'models',
  accepts(s, file) {
    if (s.kind === 'model' || s.kind === 'lfs-pointer') return true;
    if (s.kind === 'container') return holdsModel(s) || s.hostile.length > 0;
    // Files named like models that hold something else: worth a warning, not a component.
    return (s.kind === 'binary' || s.kind === 'empty' || s.kind === 'text') && MODEL_EXTENSIONS.has(extname(file.path).toLowerCase());
  },
  detect(ctx) {
    const s = ctx.sniffed;
    switch (s.kind) {
      case 'model':
        return detectModel(ctx, s);
      case 'container':
        return detectContainer(ctx, s);
      case 'lfs-pointer':
        return detectLfs(ctx, s);
      default: {
        const o = emptyObservation();
        if (s.kind === 'text' && extname(ctx.file.path).toLowerCase() === '.pth' && ctx.file.size <= SITE_PTH_MAX_BYTES) {
          const text = ctx.text();
          if (text !== undefined && isSitePathConfig(text)) return o;
        }
        const what = s.kind === 'empty' ? 'is empty' : `holds ${s.kind === 'text' ? 'text' : s.kind === 'binary' && s.note ? s.note : 'unrecognized binary data'}`;
        o.warnings.push({ code: 'model/not-a-model', path: ctx.file.path, message: `named like a model (${extname(ctx.file.path)}) but ${what}; not inventoried as a model` });
        return o;
      }
    }
  },
};

function baseComponent(ctx: DetectContext, sha: string, format: string, title: string): Component {
  return {
    ref: modelRef(sha),
    kind: 'model',
    name: basename(ctx.file.path),
    hashes: [{ alg: 'SHA-256', value: sha }],
    properties: {
      'lantern:format': format,
      'lantern:format:title': title,
      'lantern:size': String(ctx.file.size),
    },
    evidence: [{ path: ctx.file.path }],
  };
}

function detectModel(ctx: DetectContext, s: Extract<Sniffed, { kind: 'model' }>): Observation {
  const o = emptyObservation();
  const fmt = modelFormat(s.format, ctx.rules);
  const sha = ctx.sha256();
  const c = baseComponent(ctx, sha, s.format, fmt?.title ?? s.format);
  if (s.wrapper) c.properties['lantern:compression'] = s.wrapper;
  if (s.pickleProtocol !== undefined) c.properties['lantern:pickle:protocol'] = String(s.pickleProtocol);
  if (s.note) o.warnings.push({ code: 'model/partial', path: ctx.file.path, message: s.note });

  // Header metadata, read from the file (not from a compressed wrapper's prefix).
  if (!s.wrapper) {
    const meta = readModelMetadata(s.format, ctx.src);
    Object.assign(c.properties, meta.properties);
    if (meta.modelCard) c.modelCard = meta.modelCard;
    if (meta.license) c.properties['lantern:license'] = meta.license;
    for (const p of meta.problems) o.warnings.push({ code: 'model/malformed-header', path: ctx.file.path, message: p });
  }

  for (const h of s.hostile ?? []) o.findings.push(hostileFinding(ctx, c, h));
  const pickleMembers = (s.members ?? []).filter(isPickleBased);
  const pickleBased = (fmt?.pickleBased ?? false) || pickleMembers.length > 0;
  if (pickleMembers.length) c.properties['lantern:pickle:members'] = pickleMembers.map((m) => m.name).slice(0, 16).join(',');
  c.properties['lantern:pickle-based'] = String(pickleBased);
  // An inventory fact (info): whether the content is harmful is the pickle detector's verdict.
  if (pickleBased) o.findings.push(pickleFinding(ctx, c, fmt?.title ?? s.format, s.format));
  o.components.push(c);
  return o;
}

function isPickleBased(m: SniffedMember): boolean {
  const s = m.sniffed;
  if (s.kind !== 'model') return false;
  if (modelFormat(s.format)?.pickleBased) return true;
  return (s.members ?? []).some(isPickleBased);
}

function pickleFinding(ctx: DetectContext, c: Component, title: string, format: string): Finding {
  const r = rule('model/pickle-based-format', ctx.rules);
  return {
    ruleId: r.id,
    severity: r.severity,
    message:
      format === 'hdf5'
        ? `${ctx.file.path} is a PyTables / pandas HDF5 file holding pickled objects: pandas.read_hdf and PyTables unpickle them when they read it. Store object columns as strings or numbers, and read such files only from a source you trust.`
        : `${ctx.file.path} is a ${title} file: loading it with pickle, torch.load or joblib.load runs what the pickle says. Prefer safetensors, or load with weights_only=True.`,
    location: { path: ctx.file.path },
    componentRef: c.ref,
    fingerprint: fingerprint(r.id, ctx.file.path, format),
    properties: { 'lantern:format': format },
  };
}

function detectContainer(ctx: DetectContext, s: Extract<Sniffed, { kind: 'container' }>): Observation {
  const o = emptyObservation();
  const sha = ctx.sha256();
  // A tar inside a wrapper (.tar.gz) is described by what the tar holds.
  const only = s.members.length === 1 ? s.members[0]?.sniffed : undefined;
  const wrappedTar = s.container !== 'zip' && s.container !== 'tar' && only?.kind === 'container' && only.container === 'tar';
  const models = wrappedTar ? only.members : s.members;
  const c = baseComponent(ctx, sha, models[0]?.sniffed.kind === 'model' ? models[0].sniffed.format : 'unknown', wrappedTar ? `tar container (${s.container})` : `${s.container} container`);
  c.properties['lantern:container'] = s.container;
  if (models.length) c.properties['lantern:contains'] = models.slice(0, 16).map((m) => `${m.name} (${describe(m.sniffed)})`).join('; ');
  const pickles = models.filter(isPickleBased);
  c.properties['lantern:pickle-based'] = String(pickles.length > 0);
  if (s.unscannable) {
    const r = rule('model/unscannable-container', ctx.rules);
    o.findings.push({
      ruleId: r.id,
      severity: r.severity,
      message: `${ctx.file.path}: ${s.container} container that Lantern cannot inspect (${s.unscannable}); whatever model it holds is unverified.`,
      location: { path: ctx.file.path },
      componentRef: c.ref,
      fingerprint: fingerprint(r.id, ctx.file.path, s.container),
      properties: { 'lantern:container': s.container },
    });
  } else if (pickles.length) {
    o.findings.push(pickleFinding(ctx, c, `${s.container} archive holding ${describe(pickles[0]?.sniffed)}`, `${s.container}:pickle`));
  }
  for (const h of s.hostile) o.findings.push(hostileFinding(ctx, c, h));
  if (models.length || s.unscannable) o.components.push(c);
  return o;
}

function hostileFinding(ctx: DetectContext, c: Component, trait: string): Finding {
  const r = rule('model/hostile-archive', ctx.rules);
  return {
    ruleId: r.id,
    severity: r.severity,
    message: `${ctx.file.path}: ${trait}.`,
    location: { path: ctx.file.path },
    componentRef: c.ref,
    fingerprint: fingerprint(r.id, ctx.file.path, trait),
  };
}

function describe(s: Sniffed | undefined): string {
  if (!s) return 'unknown';
  if (s.kind === 'model') return s.wrapper ? `${s.format}, ${s.wrapper}` : s.format;
  if (s.kind === 'container') return `${s.container} container`;
  return s.kind;
}

/** An LFS pointer names the real file by its SHA-256: the component has that hash, not the pointer's. */
function detectLfs(ctx: DetectContext, s: Extract<Sniffed, { kind: 'lfs-pointer' }>): Observation {
  const o = emptyObservation();
  const ext = extname(ctx.file.path).toLowerCase();
  const guess = ext ? ctx.rules.catalogs.get('model') && guessFormatByExtension(ext, ctx) : undefined;
  const c: Component = {
    ref: modelRef(s.oid),
    kind: 'model',
    name: basename(ctx.file.path),
    hashes: [{ alg: 'SHA-256', value: s.oid }],
    properties: {
      'lantern:format': guess ?? 'unknown',
      'lantern:format:source': guess ? 'extension (content not in the repository)' : 'unknown (content not in the repository)',
      'lantern:lfs:oid': `sha256:${s.oid}`,
      'lantern:lfs:size': String(s.size),
      'lantern:size': String(s.size),
      'lantern:lfs-pointer': 'true',
    },
    evidence: [{ path: ctx.file.path }],
  };
  o.components.push(c);
  return o;
}

function guessFormatByExtension(ext: string, ctx: DetectContext): string | undefined {
  const formats = (ctx.rules.catalogs.get('model')?.formats ?? []) as { id: string; extensions: string[] }[];
  // The first format listing the extension is the most specific one (the catalog is ordered).
  const preferred: Record<string, string> = { '.bin': 'pytorch-zip', '.pt': 'pytorch-zip', '.pth': 'pytorch-zip', '.h5': 'keras-h5' };
  return preferred[ext] ?? formats.find((f) => f.extensions.includes(ext))?.id;
}
