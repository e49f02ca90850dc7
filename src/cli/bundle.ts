/**
 * Build step (`npm run build`, after tsc): bundles the CLI, its scan thread and its workers into
 * build/lantern/ with esbuild, from tsc's own output (so the bundle runs the same JavaScript the
 * tests run).
 *
 * Why: Node loads an unbundled ESM program file by file. A scan loaded about 120 of Lantern's
 * modules and 300 of its dependencies' before it read the first file, about 0.2 s of every run,
 * which is most of a pull-request scan of a small repository. The bundle is a few files.
 *
 * What stays outside (loaded from node_modules at run time): native and WebAssembly code found by
 * path (better-sqlite3, web-tree-sitter with its grammar), and the large packages only some scans
 * load lazily (ts-morph, octokit).
 */
import { build, type Plugin } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { COMMON_SERIALIZE_FILE } from '../report/cdx-serialize.js';
import { isEntry } from '../util/entry.js';
import { packageRoot } from '../util/package-root.js';

const PKG_ROOT = packageRoot();
const BUNDLE_DIR = join(PKG_ROOT, 'build/lantern');
const EXTERNAL = ['better-sqlite3', 'web-tree-sitter', 'tree-sitter-python', 'ts-morph', 'octokit'];

/**
 * cdx-serialize.js loads the library's JSON serializers by file, which a bundler cannot follow;
 * in the bundle it is a static import of that same file.
 */
function jsonSerializePlugin(): Plugin {
  const require = createRequire(join(PKG_ROOT, 'package.json'));
  const file = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), COMMON_SERIALIZE_FILE);
  return {
    name: 'cdx-json-serialize',
    setup(b) {
      b.onResolve({ filter: /\/cdx-serialize\.js$/ }, () => ({ path: 'cdx-serialize', namespace: 'lantern' }));
      b.onLoad({ filter: /.*/, namespace: 'lantern' }, () => ({
        contents: `import * as S from ${JSON.stringify(file)};\nexport const Serialize = S;\n`,
        resolveDir: PKG_ROOT,
        loader: 'js',
      }));
    },
  };
}

/** Bundles into `outdir`, emptied first: chunk names carry content hashes, so old ones would pile up (and ship). */
export async function bundle(outdir = BUNDLE_DIR): Promise<string[]> {
  rmSync(outdir, { recursive: true, force: true });
  const r = await build({
    absWorkingDir: PKG_ROOT,
    entryPoints: { main: 'build/src/cli/lantern.js', thread: 'build/src/cli/thread.js', worker: 'build/src/scan/worker.js' },
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __lanternRequire } from 'node:module';\nconst require = __lanternRequire(import.meta.url);" },
    plugins: [jsonSerializePlugin()],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const bad = programsIn(Object.keys(r.metafile.inputs), (p) => readFileSync(join(PKG_ROOT, p), 'utf8'));
  if (bad.length) throw new Error(`${bad.join(', ')}: a program of its own, which the CLI must not import (bundled, it would run with every scan)`);
  chmodSync(join(outdir, 'main.js'), 0o755);
  // The unbundled entry stays executable too: it was the bin before the bundle, and npx keeps the
  // bin links it made (~/.npm/_npx), so `npx lantern` in a checkout that ran it before still runs it.
  chmodSync(join(PKG_ROOT, 'build/src/cli/main.js'), 0o755);
  return Object.keys(r.metafile.outputs);
}

/** Build scripts that run when loaded. */
const SCRIPTS = ['build/src/rules/compile.js', 'build/src/advisories/build-snapshot.js', 'build/src/cli/bundle.js'];

/**
 * The CLI's entry modules, which may run themselves: the program (lantern.js, which is main.js in
 * the bundle) and the unbundled entry (cli/main.js, which the bundle loads lazily into a chunk,
 * where it is never the program, and whose entry code runs on the main thread only).
 */
const CLI_ENTRIES = ['build/src/cli/lantern.js', 'build/src/cli/main.js'];

/**
 * The bundle's inputs that are programs: a build script (they run when loaded), or a module that
 * runs itself when it is the program (`isEntry(import.meta.url)`), which inside main.js it always
 * is. Only the CLI's own entry modules may be one.
 */
export function programsIn(inputs: readonly string[], read: (path: string) => string): string[] {
  return inputs.filter((p) => !CLI_ENTRIES.includes(p) && p.startsWith('build/src/') && (SCRIPTS.includes(p) || read(p).includes('isEntry(import.meta.url)')));
}

if (isEntry(import.meta.url)) {
  const outputs = await bundle();
  console.log(`bundled the CLI into ${outputs.filter((o) => o.endsWith('.js')).length} files in build/lantern/`);
}
