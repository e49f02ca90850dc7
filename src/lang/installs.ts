/**
 * Packages that commands install or run, in the files whose commands run: shell scripts,
 * Dockerfile `RUN` lines, Makefile recipes and CI steps (GitHub `run:`, GitLab `script:`). A
 * Dockerfile's `RUN pip install openai` or a workflow's `npm i -g @anthropic-ai/claude-code` puts
 * the package where no manifest lists it.
 *
 * The commands are read by the shell reader of src/hf/command-pulls.ts (readCommands):
 * continuations, `&&` / `;` / `|` chains, `sudo` and other wrappers, `sh -c '…'`, quotes removed,
 * variables the file assigned a literal put in; comments are skipped and `echo "pip install x"` is
 * an argument, not a command. A word holding a variable the file did not assign stays out (the
 * package cannot be named without running the script).
 *
 * Installers and runners:
 * - PyPI (`pip-install`): `pip install`, `pip3 install`, `python -m pip install`, `uv pip install`,
 *   `uv add`, `poetry add`, `pipx install`, `uv tool install`, and the runners `uvx`, `pipx run`,
 *   `uv tool run`; requirements as pip reads them (PIP_REQUIREMENT: a name, extras, version
 *   specifiers or a direct reference). A VCS URL (`git+https://github.com/huggingface/peft.git@main`)
 *   is the package its `#egg=` or its repository names, a direct reference to the URL (as in a
 *   requirements file). `-r`/`-c` files, paths, other URLs and archives name no package.
 * - npm (`npm-install`): `npm install|i|add`, `yarn add`, `yarn global add`, `pnpm add`,
 *   `pnpm install <pkg>`, `bun add`, `bun install <pkg>`, and the runners `npx`, `npm exec`,
 *   `pnpm dlx`, `bunx`, `yarn dlx`; `name` or `name@range` (scoped too). Paths, URLs, `git+`,
 *   `github:` and `user/repo` shorthands, tarballs and aliases (`x@npm:y`) name no registry package.
 * - conda (`conda-install`): `conda install`, `conda create` (the packages of the new
 *   environment), the same with `mamba` and `micromamba`, `pixi add` and `pixi global install`
 *   (`pixi add --pypi x` is a PyPI package); match specs as conda reads them (CONDA_SPEC: a name,
 *   a `channel::` before it, a version and build after it). `-f`/`--file` lists, package files
 *   (`.conda`, `.tar.bz2`), paths and URLs name no package.
 */
import { readCommands, type ShellWord } from '../hf/command-pulls.js';
import { parseJsonc, type CfgNode } from './mcp-config.js';
import type { ImportSite } from './types.js';
import { lineOf, lineStarts } from '../util/lines.js';
import { nameFromUrl, vcsRepoName } from './manifests/requirements.js';

/** A word that starts an install or a run of a package: a file without one has no install site. */
const INSTALLER_WORD = /(?:^|[\s/;&|(`'"{}])(?:pip[0-9.]*|python[0-9.]*|uvx?|poetry|pipx|npm|npx|yarn|pnpm|bunx?|-m|conda|(?:micro)?mamba|pixi)\s/;

/** Whether `text` may hold an install: a cheap test before reading its commands. */
export function mentionsInstaller(text: string): boolean {
  return INSTALLER_WORD.test(text);
}

/** Ollama CLI subcommands that pull a model from its library when it is not there. */
const OLLAMA_PULLS = new Set(['pull', 'run']);
/** An Ollama model name: `llama3.1`, `llama3.1:8b`, `user/model:tag` (a Hub repository, `hf.co/…`, is a Hugging Face pull). */
const OLLAMA_MODEL = /^(?:[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*(?::[A-Za-z0-9._-]+)?$/;

/**
 * Models a command pulls with the Ollama CLI (`ollama pull llama3.1:8b`, `ollama run mistral
 * "hi"`, also inside `docker exec ollama ollama pull …`): the first word after the subcommand that
 * is no option, when it names a library model. Never throws.
 */
export function ollamaPulls(text: string): { model: string; line: number; column: number }[] {
  const out: { model: string; line: number; column: number }[] = [];
  try {
    readCommands(text, (argv, locate, all) => {
      if (out.length >= MAX_INSTALL_SITES) return;
      // The command itself, or the command a container runtime's `exec` runs (`echo ollama pull x` is text).
      const words = /(?:^|\/)ollama$/.test(argv[0]?.value ?? '') ? argv : /^(?:docker|podman|nerdctl|kubectl)$/.test(all[0]?.value ?? '') && all[1]?.value === 'exec' ? all : undefined;
      if (words === undefined) return;
      const at = words.findIndex((w, i) => /(?:^|\/)ollama$/.test(w.value) && OLLAMA_PULLS.has(words[i + 1]?.value ?? ''));
      if (at < 0) return;
      const w = words.slice(at + 2).find((x) => !x.value.startsWith('-'));
      if (w === undefined || w.dynamic || !OLLAMA_MODEL.test(w.value)) return;
      const p = locate(w.start);
      out.push({ model: w.value, line: p.line, column: p.column });
    });
  } catch {
    // readCommands never throws; the promise holds here too.
  }
  return out;
}

/**
 * Models a config names by an `ollama://<model>` URL (KubeAI's Model `url: ollama://gemma2:2b`,
 * which its Ollama engine pulls from Ollama's library), where the file writes it as a value. Never throws.
 */
export function ollamaUrlModels(text: string): { model: string; line: number }[] {
  const out: { model: string; line: number }[] = [];
  const starts = lineStarts(text, 'cr-lf');
  for (const m of text.matchAll(/(?<![\w/])ollama:\/\/([A-Za-z0-9][\w./:-]{0,200})/g)) {
    if (out.length >= MAX_INSTALL_SITES) break;
    const model = (m[1] as string).replace(/[.:]+$/, '');
    if (!OLLAMA_MODEL.test(model)) continue;
    out.push({ model, line: lineOf(starts, m.index ?? 0) + 1 });
  }
  return out;
}

/** Ollama's install script (`curl -fsSL https://ollama.com/install.sh | sh`; ollama.ai's older address). */
const OLLAMA_INSTALL_URL = /^https?:\/\/(?:www\.)?ollama\.(?:com|ai)\/install\.sh(?:[?#].*)?$/;

/**
 * Where a command fetches Ollama's install script with curl or wget (`curl -fsSL
 * https://ollama.com/install.sh | sh`): the line of the URL. Installing the runtime is using
 * Ollama, as its CLI's pulls are. Never throws.
 */
export function ollamaInstalls(text: string): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  try {
    readCommands(text, (argv, locate) => {
      if (out.length >= MAX_INSTALL_SITES || !/(?:^|\/)(?:curl|wget)$/.test(argv[0]?.value ?? '')) return;
      const w = argv.find((x) => !x.dynamic && OLLAMA_INSTALL_URL.test(x.value));
      if (w === undefined) return;
      const p = locate(w.start);
      out.push({ line: p.line, column: p.column });
    });
  } catch {
    // readCommands never throws; the promise holds here too.
  }
  return out;
}

/** The import kinds of installs: a package a command or a notebook installs or runs, named by its registry name. */
export function isInstallKind(kind: ImportSite['kind']): kind is 'pip-install' | 'npm-install' | 'conda-install' {
  return kind === 'pip-install' || kind === 'npm-install' || kind === 'conda-install';
}

/** Past this many sites in one file, the rest are dropped (a generated script). */
const MAX_INSTALL_SITES = 500;

/** A requirement as pip reads it: a name, optional extras, then version specifiers or a PEP 508 direct reference (`name @ https://…`), and a marker. */
const PIP_REQUIREMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\s*\[[^\]]*\])?\s*(?:(?:===|==|!=|~=|<=|>=|<|>)[^;]*|@\s*[A-Za-z][A-Za-z0-9+.-]*:\S+\s*)?(?:;.*)?$/;

/** pip options that take their value in the next word. */
const PIP_OPTIONS_WITH_ARG: ReadonlySet<string> = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--platform', '--python-version',
  '--implementation', '--abi', '--root', '--prefix', '--src', '--upgrade-strategy', '--install-option', '--global-option',
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--no-binary', '--only-binary', '--progress-bar',
  '--trusted-host', '--use-feature', '--use-deprecated', '--log', '--proxy', '--retries', '--timeout', '--exists-action',
  '--cert', '--client-cert', '--cache-dir', '--report', '--python', '--keyring-provider', '-C', '--config-settings',
  // uv, poetry and pipx options with a value.
  '--group', '--optional', '--extra', '--source', '--with', '--index', '--default-index', '--spec', '--python-preference',
  '--directory', '--project', '--package', '--suffix', '--pip-args', '--from',
]);

/** npm, yarn, pnpm and bun options that take their value in the next word. */
const NPM_OPTIONS_WITH_ARG: ReadonlySet<string> = new Set([
  '--registry', '--prefix', '-C', '--dir', '--cache', '--userconfig', '--workspace', '-w', '--filter', '--tag', '--cwd',
  '--package', '-p', '--loglevel', '--save-prefix', '--network-timeout', '--mutex', '--modules-folder', '--config',
  '--call', '-c',
]);

/** conda, mamba, micromamba and pixi options that take their value in the next word. */
const CONDA_OPTIONS_WITH_ARG: ReadonlySet<string> = new Set([
  '-c', '--channel', '-n', '--name', '-p', '--prefix', '-f', '--file', '--solver', '--repodata-fn', '--subdir', '--platform',
  '--clone', '--revision', '-r', '--root-prefix', '--rc-file', '--category', '--channel-alias', '--experimental',
  // pixi
  '--manifest-path', '-e', '--environment', '--feature', '--git', '--branch', '--tag', '--rev', '--subdirectory',
  '--expose', '--with', '--spec',
]);

/**
 * A conda match spec as a command names it: an optional `channel::` (a channel may have a label
 * path, `conda-forge/label/dev::`), the name, then a version and build (`=2.1`, `==2.1.0=py310_0`,
 * `>=2,<3`, `2.1.*` after a space inside quotes) or a bracket (`[version='>=2']`). A path, a URL
 * or a package file is none.
 */
const CONDA_SPEC = /^(?:[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*::)?[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\s*(?:[=<>!~][^\s/]*|\[[^\]]*\])|\s+\d[^\s/]*)?(?:\s+[^\s/]+)?$/;
const CONDA_PACKAGE_FILE = /\.(?:conda|tar\.bz2)$/i;

/** Whether a command word is a conda match spec (CONDA_SPEC) naming a package. */
export function isCondaSpec(word: string): boolean {
  return CONDA_SPEC.test(word) && !CONDA_PACKAGE_FILE.test(word);
}

/** A distribution file pip installs from a path (`openai-1.0.tar.gz`), which a name could match (a direct reference `name @ …whl` names its package). */
const ARCHIVE = /\.(?:whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar)$/i;

/** Options whose value is a package: a runner's (`uvx --from`, `npx -p`, `pipx run --spec`) and `--with` (uv, uvx). */
const PACKAGE_OPTIONS: ReadonlySet<string> = new Set(['--from', '--with', '--spec', '-p', '--package']);

/** npm package name (scoped or not), then an optional `@range` (a semver range or a dist-tag). */
const NPM_PACKAGE = /^((?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*)(?:@([^\s/:]*))?$/;

function base(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1).replace(/\.exe$/i, '');
}

/**
 * Where the packages of a command start, and how they are read: the index of the first word after
 * the installer's verb, or -1 when the command installs nothing by name.
 */
function installer(v: string[]): { eco: 'pypi' | 'npm' | 'conda'; from: number; runner: boolean } | undefined {
  const b = base(v[0] ?? '');
  const sub = v[1];
  if (b === 'conda' || b === 'mamba' || b === 'micromamba') return sub === 'install' || sub === 'create' ? { eco: 'conda', from: 2, runner: false } : undefined;
  if (b === 'pixi') {
    // `pixi add --pypi x` adds a PyPI package; `pixi global install x` a conda one.
    if (sub === 'add') return { eco: v.slice(2).some((w) => w === '--pypi') ? 'pypi' : 'conda', from: 2, runner: false };
    return sub === 'global' && v[2] === 'install' ? { eco: 'conda', from: 3, runner: false } : undefined;
  }
  if (/^pip(?:3(?:\.\d+)?)?$/.test(b)) return sub === 'install' ? { eco: 'pypi', from: 2, runner: false } : undefined;
  // `python3 -u -m pip install`, and an interpreter named otherwise: `/opt/conda/bin/python3.11`, a
  // notebook's `{sys.executable}`, a script's `"$PYTHON"`.
  const m = v.indexOf('-m');
  const interpreter = /^python(?:\d+(?:\.\d+)*)?$/.test(b) || /^\{[^}]*\}$/.test(v[0] ?? '') || (v[0] ?? '').startsWith('$');
  if (interpreter && m > 0 && v[m + 1] === 'pip' && v[m + 2] === 'install' && v.slice(1, m).every((w) => w.startsWith('-'))) return { eco: 'pypi', from: m + 3, runner: false };
  if (b === 'uv') {
    if (sub === 'pip' && v[2] === 'install') return { eco: 'pypi', from: 3, runner: false };
    if (sub === 'add') return { eco: 'pypi', from: 2, runner: false };
    if (sub === 'tool' && v[2] === 'install') return { eco: 'pypi', from: 3, runner: false };
    if (sub === 'tool' && v[2] === 'run') return { eco: 'pypi', from: 3, runner: true };
    return undefined;
  }
  if (b === 'uvx') return { eco: 'pypi', from: 1, runner: true };
  if (b === 'poetry') return sub === 'add' ? { eco: 'pypi', from: 2, runner: false } : undefined;
  if (b === 'pipx') return sub === 'install' ? { eco: 'pypi', from: 2, runner: false } : sub === 'run' ? { eco: 'pypi', from: 2, runner: true } : undefined;
  if (b === 'npm') {
    if (sub === 'install' || sub === 'i' || sub === 'add' || sub === 'isntall') return { eco: 'npm', from: 2, runner: false };
    if (sub === 'exec' || sub === 'x') return { eco: 'npm', from: 2, runner: true };
    return undefined;
  }
  if (b === 'npx' || b === 'bunx') return { eco: 'npm', from: 1, runner: true };
  if (b === 'yarn') {
    if (sub === 'add') return { eco: 'npm', from: 2, runner: false };
    if (sub === 'global' && v[2] === 'add') return { eco: 'npm', from: 3, runner: false };
    if (sub === 'dlx') return { eco: 'npm', from: 2, runner: true };
    return undefined;
  }
  if (b === 'pnpm') {
    if (sub === 'add' || sub === 'install' || sub === 'i') return { eco: 'npm', from: 2, runner: false };
    if (sub === 'dlx') return { eco: 'npm', from: 2, runner: true };
    return undefined;
  }
  if (b === 'bun') return sub === 'add' || sub === 'install' || sub === 'i' ? { eco: 'npm', from: 2, runner: false } : undefined;
  return undefined;
}

/** An npm package word: `openai`, `openai@4.52.0`, `@anthropic-ai/sdk@^0.30`; undefined for anything else. */
export function npmInstallSpec(word: string): { name: string; range?: string } | undefined {
  const m = NPM_PACKAGE.exec(word);
  if (m === null) return undefined;
  const range = m[2];
  return range === undefined || range === '' ? { name: m[1]! } : { name: m[1]!, range };
}

/** The npm package name of an `npm-install` site's specifier. */
export function npmInstallName(spec: string): string {
  return npmInstallSpec(spec)?.name ?? spec;
}

const INSTALL_KIND = { pypi: 'pip-install', npm: 'npm-install', conda: 'conda-install' } as const;

/**
 * The packages the file's commands install or run, as import sites of kind `pip-install` (PyPI),
 * `npm-install` (npm) or `conda-install` (conda), the requirement or package word as written (quotes removed) as specifier,
 * at the word's line and column. Never throws.
 */
export function installSites(text: string): ImportSite[] {
  const sites: ImportSite[] = [];
  try {
    readCommands(text, (unwrapped: ShellWord[], locate, all: ShellWord[]) => {
      if (sites.length >= MAX_INSTALL_SITES) return;
      // The installer may be a wrapper the reader took off (`uvx pkg`, `bunx pkg`, `pipx run
      // pkg`): try the words as written from each wrapper on, then the command itself.
      const values = all.map((w) => w.value);
      let how: ReturnType<typeof installer>;
      let argv = unwrapped;
      for (let i = 0; i <= all.length - unwrapped.length && how === undefined; i++) {
        how = installer(values.slice(i));
        if (how !== undefined) argv = all.slice(i);
      }
      if (how === undefined) return;
      const withArg = how.eco === 'pypi' ? PIP_OPTIONS_WITH_ARG : how.eco === 'npm' ? NPM_OPTIONS_WITH_ARG : CONDA_OPTIONS_WITH_ARG;
      const add = (w: ShellWord, word: string) => {
        // A VCS install (`git+https://github.com/huggingface/peft.git@main`) is the package its
        // `#egg=` or its repository names, as in a requirements file: a direct reference to it.
        const vcs = how.eco === 'pypi' && /^(?:git|hg|svn|bzr)\+[a-z]+:\/\//i.test(word) ? (nameFromUrl(word)?.name ?? vcsRepoName(word)) : undefined;
        const v = vcs !== undefined ? `${vcs} @ ${word}` : word;
        const named =
          !w.dynamic &&
          (how.eco === 'pypi' ? PIP_REQUIREMENT.test(v) && (v.includes('@') || !ARCHIVE.test(v)) : how.eco === 'npm' ? npmInstallSpec(v) !== undefined : isCondaSpec(v));
        if (!named) return;
        const at = locate(w.start + Math.max(0, w.value.indexOf(word)));
        sites.push({ specifier: v, kind: INSTALL_KIND[how.eco], line: at.line, column: at.column });
      };
      // A runner's package named by an option (`uvx --from pkg cmd`, `npx -p pkg cmd`): the first
      // other word is then the command it runs, not a package.
      let named = false;
      for (let k = how.from; k < argv.length; k++) {
        const w = argv[k]!;
        const v = w.value.trim();
        if (v.startsWith('-')) {
          const eq = v.indexOf('=');
          const opt = eq < 0 ? v : v.slice(0, eq);
          const byOption = PACKAGE_OPTIONS.has(opt) && (how.runner || opt === '--with');
          if (eq >= 0) {
            if (byOption) {
              add(w, v.slice(eq + 1));
              named = true;
            }
          } else if (withArg.has(opt) || byOption) {
            const value = argv[k + 1];
            if (byOption && value !== undefined) {
              add(value, value.value.trim());
              named = true;
            }
            k++;
          }
          continue;
        }
        if (!(how.runner && named)) add(w, v);
        // A runner runs its first package; the words after it are that program's arguments.
        if (how.runner) break;
      }
    });
  } catch {
    // The reader never throws on any input; a bug must not lose the scan.
  }
  return sites;
}

/** A dev container definition: `.devcontainer/devcontainer.json`, `.devcontainer/<name>/devcontainer.json`, `.devcontainer.json`. */
export function isDevcontainerPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return /(?:^|\/)\.devcontainer\.json$/.test(p) || /(?:^|\/)\.devcontainer\/(?:[^/]+\/)?devcontainer\.json$/.test(p);
}

/** The dev container lifecycle commands (containers.dev): a string runs in a shell, a list runs as is, an object runs each of its values. */
const LIFECYCLE_KEYS = ['initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand'];

/**
 * The lifecycle commands of a devcontainer.json as a shell text whose lines are the file's: each
 * command on the line of its JSON string (a list's words joined by blanks), the other lines empty,
 * for installSites and ollamaPulls to read. A file that does not parse gives the empty text.
 */
export function devcontainerCommands(text: string): string {
  let root: CfgNode;
  try {
    root = parseJsonc(text);
  } catch {
    return '';
  }
  if (root.t !== 'obj') return '';
  const lines: string[] = [];
  const source = text.split(/\r\n|\r|\n/);
  const put = (line: number, command: string) => {
    while (lines.length < line) lines.push('');
    const i = line - 1;
    const flat = command.replace(/[\r\n]+/g, ' ');
    // At the column its first word has in the file (a JSON string that escapes nothing before it), else the line's start.
    const first = flat.trim().split(/\s/)[0] ?? '';
    const col = lines[i] || first === '' ? -1 : (source[i] ?? '').indexOf(first);
    lines[i] = lines[i] ? `${lines[i]} ; ${flat}` : `${' '.repeat(Math.max(0, col))}${flat.trimStart()}`;
  };
  const one = (n: CfgNode) => {
    if (n.t === 'str') put(n.line, n.v);
    else if (n.t === 'arr') {
      const words = n.items.filter((x): x is CfgNode & { t: 'str' } => x.t === 'str').map((x) => (/[\s'"$;&|]/.test(x.v) ? `'${x.v.replace(/'/g, "'\\''")}'` : x.v));
      if (words.length) put(n.line, words.join(' '));
    }
  };
  for (const key of LIFECYCLE_KEYS) {
    const v = root.entries.get(key)?.v;
    if (v === undefined) continue;
    if (v.t === 'obj') for (const e of v.entries.values()) one(e.v);
    else one(v);
  }
  return lines.join('\n');
}
