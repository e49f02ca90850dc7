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
