/**
 * CocoaPods: the Podfile (Ruby, read statically as the Gemfile is: `pod 'Name', '~> 1.2'`,
 * `pod 'Firebase/Auth'` (a subspec: the name keeps it), `:git =>` / `:path =>` / `:podspec =>`
 * sources, `target 'App' do … end` blocks, a target named `…Tests` giving the test scope) and
 * Podfile.lock (its `PODS:` entries `- Name (1.2.3)` and `- Name/Subspec (1.2.3)`, the pods they
 * depend on indented below them). OSV has no CocoaPods ecosystem: pods get no advisory matching.
 */
import { boundText, Collector, type ManifestResult, splitLines } from './common.js';
import { blockStatements, callArgs } from './gem.js';

/** A pod name, with subspecs (`Firebase/Auth`, `GoogleUtilities/NSData+zlib`). */
const POD = /^[A-Za-z0-9_+.-]+(\/[A-Za-z0-9_+.-]+)*$/;
const SOURCES = ['git', 'path', 'podspec'];
const REFS = ['tag', 'branch', 'commit'];
const MAX_BLOCKS = 256;

/** A requirement that pins one version: `1.2.3`, `= 1.2.3`. */
function exactPod(req: string): string | undefined {
  return /^\s*(?:=\s*)?(\d+(?:\.[0-9A-Za-z-]+)*)\s*$/.exec(req)?.[1];
}

export function readPodfile(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'cocoapods');
  /** Open blocks: whether each is a test target's. */
  const blocks: boolean[] = [];
  for (const { stmt, line, opens } of blockStatements(text, c, blocks)) {
    const m = /^(pod|target|abstract_target)\b(?![?!:])\s*(.*)$/s.exec(stmt);
    if (m?.[1] === 'pod') {
      const call = callArgs(m[2] ?? '');
      const [name, ...reqs] = call.args;
      if (name === undefined || !POD.test(name)) c.warn(`line ${line}: a pod statement without a literal pod name`);
      else {
        const source = SOURCES.find((k) => call.opts.has(k));
        const parts = reqs.slice();
        if (source !== undefined) {
          parts.push(`${source}: ${call.opts.get(source)?.[0] ?? ''}`);
          for (const r of REFS) if (call.opts.has(r)) parts.push(`${r}: ${call.opts.get(r)?.[0] ?? ''}`);
        }
        const test = blocks.includes(true);
        c.add({ name, range: parts.length ? parts.join(', ') : undefined, version: reqs.length === 1 && source === undefined ? exactPod(reqs[0] as string) : undefined, line, scope: test ? 'test' : 'runtime' });
      }
    }
    if (opens && blocks.length < MAX_BLOCKS) {
      const target = m?.[1] === 'target' || m?.[1] === 'abstract_target' ? callArgs(m[2] ?? '').args[0] : undefined;
      blocks.push(target !== undefined && /tests?$/i.test(target));
    }
  }
  return c.result();
}

/** A Podfile.lock `PODS:` entry at the top of its list: `  - Name (1.2.3)` or `  - Name (1.2.3):`, quoted or not. */
const LOCK_ENTRY = /^ {2}- "?([^\s"(]+) \(([^)\s]+)\)"?:?\s*$/;

export function readPodfileLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'cocoapods');
  const lines = splitLines(boundText(text, c));
  let inPods = false;
  let seen = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (/^\S/.test(l)) {
      inPods = /^PODS:\s*$/.test(l);
      seen ||= inPods;
      continue;
    }
    if (!inPods) continue;
    const m = LOCK_ENTRY.exec(l);
    if (m && POD.test(m[1] as string) && !c.add({ name: m[1] as string, version: m[2] as string, line: i + 1, lockfile: path })) break;
  }
  if (!seen) c.warn('no PODS: section');
  return c.result();
}
