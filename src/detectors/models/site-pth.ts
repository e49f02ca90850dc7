/**
 * Python's site path-configuration files share PyTorch's `.pth` extension: `easy-install.pth`,
 * `distutils-precedence.pth`, `__editable__.*.pth`, `*-nspkg.pth` in a vendored site-packages.
 * Python's `site` module reads them line by line: blank lines and lines starting with `#` are
 * skipped, lines starting with `import` (then a space or tab) are executed, and every other line
 * is a directory to add to `sys.path`. A text `.pth` whose every line is one of those is such a
 * file, not a model that failed to download (an HTML error page or a Git LFS stub), so it gets no
 * `model/not-a-model` warning.
 */

/** A path line: printable, no markup, and either a single token or one holding a path separator. */
function isPathLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  }
  if (/[<>"|?*]/.test(line)) return false;
  return !/\s/.test(line) || /[/\\]/.test(line);
}

/** Whether `text` (a whole file) reads as a site path-configuration file. */
export function isSitePathConfig(text: string): boolean {
  let lines = 0;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#')) continue;
    lines++;
    if (/^import[ \t]/.test(line)) continue;
    if (!isPathLine(line)) return false;
  }
  return lines > 0;
}
