/**
 * A Swift package's identity as Lantern names it: its repository URL without the scheme, user,
 * port, trailing slash and `.git` (`https://github.com/MacPaw/OpenAI.git`,
 * `git@github.com:MacPaw/OpenAI.git`, `ssh://git@github.com:22/MacPaw/OpenAI` →
 * `github.com/MacPaw/OpenAI`), which is also the purl's namespace and name
 * (`pkg:swift/github.com/MacPaw/OpenAI@0.2.4`) and OSV's SwiftURL package name. Case is kept (the
 * purl's swift type is case-sensitive); compare lower-cased.
 */

/** The identity of a package URL; '' for what names no remote repository (a local path, `file://`, a bare word). */
export function swiftPackageId(url: string): string {
  let u = url.trim();
  if (u.length > 2048) return '';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(u);
  if (scheme) {
    if ((scheme[1] as string).toLowerCase() === 'file') return '';
    u = u.slice(scheme[0].length);
    // user@ and :port of the authority
    const slash = u.indexOf('/');
    let auth = slash < 0 ? u : u.slice(0, slash);
    const rest = slash < 0 ? '' : u.slice(slash);
    const at = auth.lastIndexOf('@');
    if (at >= 0) auth = auth.slice(at + 1);
    auth = auth.replace(/:\d*$/, '');
    u = auth + rest;
  } else {
    // scp-like `git@github.com:owner/repo.git`
    const m = /^(?:[^@/:\s]+@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,}):(?!\d+\/)\/?(.+)$/.exec(u);
    if (m) u = `${m[1]}/${m[2]}`;
    else if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\//.test(u)) return '';
  }
  u = u.replace(/\/+/g, '/').replace(/\/$/, '').replace(/\.git$/i, '').replace(/\/$/, '');
  const parts = u.split('/');
  if (parts.length < 2 || parts.some((p) => p === '' || p === '.' || p === '..' || /[\s?#]/.test(p))) return '';
  const host = (parts[0] as string).toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) || !host.includes('.')) return '';
  return [host, ...parts.slice(1)].join('/');
}

/**
 * A package registry identity (SE-0292, `.package(id: "mona.LinkedList", from: "1.0.0")`): a scope
 * (alphanumerics and single inner hyphens, at most 39) and a name (alphanumerics, hyphens and
 * underscores, not first; at most 100), joined by a dot.
 */
const REGISTRY_ID = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\.([A-Za-z0-9][A-Za-z0-9_-]{0,99})$/;

/** The name of a registry identity (`mona.LinkedList` → `LinkedList`); undefined for what is none. */
export function swiftRegistryName(id: string): string | undefined {
  return REGISTRY_ID.exec(id)?.[1];
}

/** A name compared as registry identities are: case-insensitive, and `-`, `_`, `.` left out (`LLM.swift` and `llm-swift` are one). */
const registryKey = (s: string): string => s.toLowerCase().replace(/[-_.]/g, '');

/**
 * Whether the registry package `id` may be the package `pkg` (a repository `host/owner/repo` with
 * the modules it gives): its name is one of the modules or the repository's name
 * (`macpaw.OpenAI` for github.com/MacPaw/OpenAI, module OpenAI; `google.generative-ai-swift`).
 * The registry names no repository, so this is the most a manifest can tell: an import of such a
 * module is of a declared package, whichever repository the registry serves it from.
 */
export function registryMayProvide(id: string, pkg: { name: string; imports: readonly string[] }): boolean {
  const name = swiftRegistryName(id);
  if (name === undefined) return false;
  const k = registryKey(name);
  return registryKey(pkg.name.slice(pkg.name.lastIndexOf('/') + 1)) === k || pkg.imports.some((m) => registryKey(m) === k);
}
