/**
 * Hugging Face inventory: the pull sites and loader calls the hf detector found in each file
 * become one model (or dataset) component per repository and pin, with every site as evidence,
 * and the hf/* and load/* findings. Publisher policy and the optional online facts (the Hub's
 * model info, see src/hf/hub.ts) apply here, because they concern the tree's models as a whole.
 */
import { PackageURL } from 'packageurl-js';
import type { FileAnalysis } from '../detectors/types.js';
import { reportedAt, siteAt } from '../detectors/finding.js';
import type { HfFacts } from '../detectors/hf/index.js';
import { rule, type RuleSet } from '../rules/load.js';
import type { Component, Finding, Severity } from '../types.js';
import { fingerprint } from '../util/hash.js';
import { isCommitSha, type LoaderSite, type PullSite } from '../hf/types.js';
import { sdkCatalog, type SdkCatalog } from '../detectors/sdks/catalog.js';
import type { HubModelInfo } from '../hf/hub.js';

export interface HfPolicy {
  /** Hub organizations pulls may come from; unset: any. */
  allowedPublishers?: string[];
  /** Hub organizations pulls must not come from. */
  deniedPublishers?: string[];
}

export interface PullAt {
  path: string;
  site: PullSite;
}

export interface LoaderAt {
  path: string;
  site: LoaderSite;
}

/** Every pull and loader site of the tree, in path order; with the rule set, without the API models configs name (apiModelInConfig). */
export function collectHf(analyses: FileAnalysis[], rules?: RuleSet): { pulls: PullAt[]; loaders: LoaderAt[] } {
  const pulls: PullAt[] = [];
  const loaders: LoaderAt[] = [];
  const c = rules === undefined ? undefined : sdkCatalog(rules);
  for (const a of analyses) {
    const f = a.facts.hf as HfFacts | undefined;
    if (!f) continue;
    for (const site of f.pulls) if (c === undefined || !apiModelInConfig(c, site)) pulls.push({ path: a.file.path, site });
    for (const site of f.loaders) loaders.push({ path: a.file.path, site });
  }
  return { pulls, loaders };
}

/** The key online facts are stored under: the repo id (case-insensitive on the Hub) and the revision asked. */
export function onlineKey(id: string, revision: string | undefined): string {
  return `${id.toLowerCase()}@${revision ?? ''}`;
}

/** What to ask the Hub about: each hub model once per revision (datasets and spaces are not vetted). */
export function hubRequests(pulls: PullAt[]): { id: string; revision?: string }[] {
  const seen = new Map<string, { id: string; revision?: string }>();
  for (const { site } of pulls) {
    if (!site.id || site.localPath || site.repoType !== 'model') continue;
    const k = onlineKey(site.id, site.revision);
    if (!seen.has(k)) seen.set(k, { id: site.id, ...(site.revision !== undefined ? { revision: site.revision } : {}) });
  }
  return [...seen.values()].sort((a, b) => (onlineKey(a.id, a.revision) < onlineKey(b.id, b.revision) ? -1 : 1));
}

/** `pkg:huggingface/<org>/<name>@<sha>`: the purl spec lowercases the commit. */
export function hfPurl(id: string, sha?: string): string {
  const i = id.indexOf('/');
  return new PackageURL('huggingface', i > 0 ? id.slice(0, i) : undefined, i > 0 ? id.slice(i + 1) : id, sha?.toLowerCase(), undefined, undefined).toString();
}

function componentRef(site: PullSite): string | undefined {
  if (!site.id) return undefined;
  const sha = isCommitSha(site.revision) ? site.revision?.toLowerCase() : undefined;
  if (site.repoType === 'model') return hfPurl(site.id, sha);
  return `huggingface-${site.repoType}:${site.id}${sha ? `@${sha}` : ''}`;
}

/**
 * A config key's value that the rule catalog knows as a hosted API's model, a single segment
 * (`model_id: gpt-4o`, a Bedrock `anthropic.claude-v2`) and no open-weight family's: it configures a
 * provider's API, not a Hub repository. (The Hub's single-segment ids are its legacy canonical
 * models, gpt2 or bert-base-uncased, none named like an API model; a name with an owner is a repository.)
 */
function apiModelInConfig(c: SdkCatalog, site: PullSite): boolean {
  if (!site.via.startsWith('config:') || site.id === undefined || site.id.includes('/')) return false;
  const ref = c.modelRef(site.id);
  return ref !== undefined && ref.open !== true;
}

const q = (s: string) => JSON.stringify(s);
/**
 * Pulls that take no revision (src/hf/command-pulls.ts), so there is nothing to pin: Ollama's
 * (`hf.co/{user}/{repo}[:quant]`) and llama.cpp's `-hf {user}/{repo}[:quant]` (its `--model-url`
 * and `--mmproj-url` pulls, via `<program> --model-url`, name a revision in the URL and are judged).
 */
/** WebLLM's pulls (src/hf/webllm-pulls.ts). */
const WEBLLM_VIAS: ReadonlySet<string> = new Set(['CreateMLCEngine', 'CreateServiceWorkerMLCEngine', 'CreateWebWorkerMLCEngine', 'MLCEngine.reload', 'WebLLM model record']);
const NO_REVISION_VIAS: ReadonlySet<string> = new Set(['ollama run', 'ollama pull', 'Modelfile FROM', 'llama-server', 'llama-cli', 'llama-embedding', 'llama-mtmd-cli']);

export function hfInventory(
  pulls: PullAt[],
  loaders: LoaderAt[],
  rules: RuleSet,
  policy: HfPolicy,
  online?: Map<string, HubModelInfo>,
): { components: Component[]; findings: Finding[] } {
  const components = new Map<string, Component>();
  const findings: Finding[] = [];
  const allowed = policy.allowedPublishers?.map((p) => p.toLowerCase());
  const denied = new Set(policy.deniedPublishers?.map((p) => p.toLowerCase()) ?? []);

  const add = (ruleId: string, path: string, s: PullSite | LoaderSite, message: string, key: string, extra: { ref?: string; severity?: Severity; properties?: Record<string, string> } = {}) => {
    const r = rule(ruleId, rules);
    const at = reportedAt(siteAt(path, s));
    const properties = { ...at.properties, ...(extra.properties ?? {}) };
    findings.push({
      ruleId,
      severity: extra.severity ?? r.severity,
      message,
      location: at.location,
      ...(extra.ref ? { componentRef: extra.ref } : {}),
      fingerprint: fingerprint(ruleId, path, key),
      ...(Object.keys(properties).length ? { properties } : {}),
    });
  };

  for (const { path, site } of pulls) {
    if (site.localPath) continue;
    const name = site.id ?? site.dynamic ?? '(unknown)';
    const key = `${site.via}\u0000${name}\u0000${site.revision ?? ''}`;
    const ref = componentRef(site);
    const info = site.id && site.repoType === 'model' ? online?.get(onlineKey(site.id, site.revision)) : undefined;
    if (ref && site.id) {
      const c = components.get(ref) ?? newComponent(ref, site);
      c.evidence.push(siteAt(path, site));
      const vias = new Set((c.properties['lantern:hf:pulled-by'] ?? '').split(', ').filter(Boolean));
      vias.add(site.via);
      c.properties['lantern:hf:pulled-by'] = [...vias].sort().join(', ');
      if (site.trustRemoteCode) c.properties['lantern:hf:trust-remote-code'] = 'true';
      if (site.revision && !isCommitSha(site.revision)) c.properties['lantern:hf:revision'] = site.revision;
      if (site.argDefault !== undefined) {
        const options = new Set((c.properties['lantern:hf:default-of'] ?? '').split(', ').filter(Boolean));
        c.properties['lantern:hf:default-of'] = [...options.add(site.argDefault)].sort().join(', ');
      }
      if (site.tag !== undefined) {
        const tags = new Set((c.properties['lantern:hf:quant-tag'] ?? '').split(', ').filter(Boolean));
        c.properties['lantern:hf:quant-tag'] = [...tags.add(site.tag)].sort().join(', ');
      }
      if (info) Object.assign(c.properties, onlineProperties(info));
      components.set(ref, c);
    }

    const pinned = isCommitSha(site.revision);
    const unpinned = !pinned && !site.revisionDynamic;
    const what = site.id ? `${q(site.id)}${site.argDefault !== undefined ? ` (the default of ${site.argDefault})` : ''}` : site.dynamic ? `a model named at run time (${site.dynamic})` : 'a model';
    if (!site.id) {
      add('hf/unresolved-model', path, site, `${site.via} pulls ${what}: the model cannot be named without running the code, so it is not inventoried or vetted`, key);
    }
    // Ollama's and llama.cpp's Hub pulls take no revision (`{user}/{repo}:{quant}`): there is nothing to pin.
    if (unpinned && !site.via.startsWith('inference.') && !NO_REVISION_VIAS.has(site.via)) {
      const current = info?.status === 'ok' && info.sha ? ` (the Hub's current commit${site.revision ? ` of ${q(site.revision)}` : ''} is ${info.sha})` : '';
      const why = site.revision === undefined
        ? 'without a revision, so it gets whatever the default branch holds at run time'
        : /^[0-9a-f]{7,39}$/i.test(site.revision)
          ? `at ${q(site.revision)}, a short commit prefix, which does not name one commit for sure`
          : `at ${q(site.revision)}, a branch or tag, which can move`;
      add('hf/unpinned-revision', path, site, `${site.via} pulls ${what} ${why}; pin a 40-hex commit: ${pinHint(site)}${current}`, key, { ...(ref ? { ref } : {}), properties: { 'lantern:hf:revision': site.revision ?? '(none)' } });
    }
    if (site.trustRemoteCode) {
      add('hf/trust-remote-code', path, site, `${site.via} pulls ${what} with ${site.remoteCode === 'custom_pipeline' ? "custom_pipeline: the repository's pipeline.py" : "trust_remote_code: the repository's Python code"} runs in this process${unpinned ? ', and the revision is not pinned, so that code can change under you' : ''}`, key, { ...(ref ? { ref } : {}), ...(unpinned ? { severity: 'critical' as const } : {}) });
    }
    if (site.unsafeWeights) {
      add('hf/unsafe-weights', path, site, `${site.via} asks for pickle weights (${site.unsafeWeights}) from ${what}: loading a pickle runs the code it names; load safetensors instead`, key, ref ? { ref } : {});
    } else if (info?.status === 'ok' && info.pickleOnly) {
      add('hf/unsafe-weights', path, site, `${what} has only pickle weights on the Hub (${(info.weights?.pickle ?? []).slice(0, 3).join(', ')}${(info.weights?.pickle.length ?? 0) > 3 ? ', …' : ''}): loading them runs the code they name; pick a repository with safetensors`, key, ref ? { ref } : {});
    }
    if (site.id && site.repoType === 'model') {
      const org = site.id.includes('/') ? site.id.split('/')[0]?.toLowerCase() : undefined;
      if (org && denied.has(org)) {
        add('hf/unvetted-publisher', path, site, `${what} is published by ${q(org)}, which hf.deniedPublishers denies`, key, ref ? { ref, severity: 'high' } : { severity: 'high' });
      } else if (allowed && !(org && allowed.includes(org)) && !allowed.includes(site.id.toLowerCase())) {
        add('hf/unvetted-publisher', path, site, `${what} is published by ${org ? q(org) : 'no organization (a legacy id)'}, which is not in hf.allowedPublishers (${allowed.join(', ')})`, key, ref ? { ref } : {});
      }
      const scan = info?.status === 'ok' ? info.securityScan : undefined;
      const flagged = [...(scan?.unsafe ?? []), ...(scan?.suspicious ?? [])];
      if (flagged.length) {
        add('hf/hub-scan-flagged', path, site, `the Hub's security scan flags ${flagged.length} file(s) of ${what}: ${flagged.slice(0, 3).join(', ')}${flagged.length > 3 ? ', …' : ''}`, key, ref ? { ref } : {});
      }
    }
  }

  for (const { path, site } of loaders) {
    const r = rule(site.rule, rules);
    add(site.rule, path, site, `${site.call}: ${site.detail}: ${r.title.charAt(0).toLowerCase()}${r.title.slice(1)}; ${firstSentence(r.help)}`, `${site.call}\u0000${site.detail}`, site.severity ? { severity: site.severity } : {});
  }
  return { components: [...components.values()], findings };
}

/** How a pull of this kind is pinned, as its code writes it. */
function pinHint(site: PullSite): string {
  if (site.remoteCode === 'custom_pipeline') return 'custom_revision="<sha>"';
  // WebLLM takes no revision: a model record's URL names one (`…/resolve/<sha>/`), else it fetches resolve/main/.
  if (WEBLLM_VIAS.has(site.via)) return `an app config model record { model: "https://huggingface.co/${site.id ?? '<org>/<name>'}/resolve/<sha>/", model_id: … }`;
  if (site.via === 'resolve URL') return `the URL at one: https://huggingface.co/${site.repoType === 'model' ? '' : `${site.repoType}s/`}${site.id ?? '<org>/<name>'}/resolve/<sha>/${site.file ?? '<file>'}`;
  return 'revision="<sha>"';
}

function newComponent(ref: string, site: PullSite): Component {
  const id = site.id as string;
  const sha = isCommitSha(site.revision) ? site.revision?.toLowerCase() : undefined;
  const c: Component = {
    ref,
    kind: site.repoType === 'dataset' ? 'dataset' : 'model',
    name: id,
    ...(sha ? { version: sha } : {}),
    ...(site.repoType === 'model' ? { purl: ref } : {}),
    properties: {
      'lantern:source': 'huggingface-hub',
      'lantern:hf:repo-id': id,
      'lantern:hf:repo-type': site.repoType,
      'lantern:hf:pinned': sha ? 'true' : 'false',
    },
    evidence: [],
  };
  return c;
}

function onlineProperties(info: HubModelInfo): Record<string, string> {
  const p: Record<string, string> = { 'lantern:hf:online-status': info.status };
  if (info.status !== 'ok') return p;
  if (info.sha) p['lantern:hf:current-sha'] = info.sha;
  if (info.license) p['lantern:hf:license'] = info.license;
  p['lantern:hf:gated'] = String(info.gated ?? false);
  if (info.pipelineTag) p['lantern:hf:pipeline-tag'] = info.pipelineTag;
  const w = info.weights;
  p['lantern:hf:weights'] = info.pickleOnly ? 'pickle-only' : w?.safetensors.length ? 'safetensors' : w?.gguf.length ? 'gguf' : w?.onnx.length ? 'onnx' : w?.pickle.length ? 'pickle' : 'none';
  if (info.securityScan) p['lantern:hf:security-scan'] = info.securityScan.unsafe.length ? 'unsafe' : info.securityScan.suspicious.length ? 'suspicious' : info.securityScan.scansDone ? 'clean' : 'pending';
  return p;
}

function firstSentence(s: string): string {
  const m = /^(.*?[.:])(\s|$)/s.exec(s.trim());
  return (m?.[1] ?? s).replace(/\s+/g, ' ').replace(/[.:]$/, '');
}
