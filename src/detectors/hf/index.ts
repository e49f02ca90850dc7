/**
 * Hugging Face pulls and unsafe model loaders. Per file this only collects facts (pull sites and
 * loader calls, positions in the file as it is on disk); src/inventory/hf.ts turns the facts of the
 * whole tree into model components and findings, because the same model pulled in several places
 * is one component, and publisher policy and online vetting apply to the tree's models together.
 *
 * Each front-end tests the text cheaply first and parses only files that can hold a pull or a
 * loader: Python (tree-sitter), JS/TS (the TypeScript parser), notebooks (their Python cells read
 * as one program, so an import in one cell names the calls in the next; shell-escape lines read as
 * commands), shell/Dockerfile/Makefile/CI YAML (commands), and YAML/JSON configs (model keys).
 */
import { extname } from 'node:path/posix';
import { emptyObservation } from '../../types.js';
import type { Detector } from '../types.js';
import type { RuleSet } from '../../rules/load.js';
import { NOTEBOOK_TEXT_FACTOR } from '../../lang/limits.js';
import type { HfSites, LoaderSite, PullSite } from '../../hf/types.js';
import { detach } from '../../util/detach.js';
import { keywordGroup } from '../../lang/keywords.js';
import { PREFILTER_LOAD_WORD, PREFILTER_NAME_WORDS } from '../../hf/python-prefilter.js';
import { PACKAGE_NAMES } from '../../hf/js-calls.js';
import { isMakefile, yamlContainers, yamlImageKind } from '../../lang/images.js';

export type HfFacts = HfSites;

const JS_EXT = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts']);
const PY_EXT = new Set(['.py', '.pyi']);

type Front = 'python' | 'js' | 'rust' | 'notebook' | 'command' | 'yaml' | 'json' | 'modelfile';

/** An Ollama Modelfile: `Modelfile`, `Modelfile.<name>`, `<name>.modelfile` (any case). */
function isModelfile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return name === 'modelfile' || name.startsWith('modelfile.') || name.endsWith('.modelfile');
}

function frontOf(lang: string, path: string): Front | undefined {
  const ext = extname(path).toLowerCase();
  if (lang === 'notebook') return 'notebook';
  if (lang === 'python' || PY_EXT.has(ext)) return 'python';
  if (lang === 'js-ts' || JS_EXT.has(ext)) return JS_EXT.has(ext) ? 'js' : undefined;
  if (ext === '.rs') return 'rust';
  if (lang === 'shell' || lang === 'dockerfile') return 'command';
  if (lang === 'text' && isMakefile(path)) return 'command';
  if (lang === 'text' && isModelfile(path)) return 'modelfile';
  if (lang === 'yaml') return 'yaml';
  if (lang === 'json') return 'json';
  return undefined;
}

/** Commands and configs that can pull from the Hub mention it (or a serving CLI) by name. */
const COMMAND_HINT = /huggingface|hf\.co|\bhf\s+download|vllm|text-generation|text-embeddings|--model-id|sglang|llama-(?:server|cli|embedding|mtmd-cli)|lm[-_]eval|--(?:pretrained[-_])?model[-_]name[-_]or[-_]path|--base[-_]model|\btune\s+download/;
const CONFIG_HINT = /model_name_or_path|base_model|tokenizer_name|model_id|dataset_name|dataset_mixer|modelURL|hf:\/\//;
/** CI workflows hold commands in YAML. */
const CI_PATH = /(^|\/)(\.github\/workflows\/[^/]+|\.gitlab-ci\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.buildkite\/[^/]+)$/;

/** A word every Python pull or loader file holds (src/hf/python-prefilter.ts), from the shared keyword pass. */
const mentionsHfPython = keywordGroup('hf-python', () => PREFILTER_NAME_WORDS);
/** `load(` apart: most files that have it (`upload(`, `json.load(`) have none of the names. */
const mentionsLoadCall = keywordGroup('hf-python-load', () => [PREFILTER_LOAD_WORD]);
/** The JS packages' names (jsHfSites' own first test), from the same pass. */
const WEBLLM = '@mlc-ai/web-llm';
const mentionsHfJs = keywordGroup('hf-js', () => [...PACKAGE_NAMES, WEBLLM]);

export const hfDetector: Detector = {
  id: 'hf-pulls',
  // A notebook may be larger (its saved outputs): it is read whole, up to the scan's notebook limit (analyze.ts).
  accepts: (s, file) => s.kind === 'text' && file.size < (s.lang === 'notebook' ? 8 * NOTEBOOK_TEXT_FACTOR : 8) * 1024 * 1024 && frontOf(s.lang, file.path) !== undefined,
  async detect(ctx) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined || ctx.sniffed.kind !== 'text') return o;
    const front = frontOf(ctx.sniffed.lang, ctx.file.path);
    let sites: HfSites = { pulls: [], loaders: [] };
    if (front === 'python') {
      // Free when the SDK detector's keyword pass ran on this file; the prefilter decides otherwise.
      const known = { names: mentionsHfPython.peek(text, ctx.rules), load: mentionsLoadCall.peek(text, ctx.rules) };
      const urls = mentionsResolveUrl(text, ctx.rules);
      if (known.names === false && known.load === false && !urls) return o;
      if (known.names !== false || known.load !== false) {
        const { pythonHfSites } = await import('../../hf/python-pulls.js');
        sites = await pythonHfSites(text, known);
      }
      if (urls) sites = await withUrlPulls(sites, text, 'hash');
    } else if (front === 'js') {
      const urls = mentionsResolveUrl(text, ctx.rules);
      if (mentionsHfJs.peek(text, ctx.rules) === false && !urls) return o;
      const { jsHfSites } = await import('../../hf/js-pulls.js');
      sites = await jsHfSites(text, ctx.file.path);
      if (text.includes(WEBLLM)) {
        const { webLlmHfSites } = await import('../../hf/webllm-pulls.js');
        sites = { pulls: [...sites.pulls, ...webLlmHfSites(text)], loaders: sites.loaders };
      }
      if (urls) sites = await withUrlPulls(sites, text, 'slash');
    } else if (front === 'rust') {
      if (!text.includes('hf_hub')) return o;
      const { rustHfSites } = await import('../../hf/rust-pulls.js');
      sites.pulls = rustHfSites(text);
    } else if (front === 'notebook') {
      if (!/from_pretrained|pipeline|hf_hub_download|snapshot_download|load_dataset|SentenceTransformer|huggingface|load/.test(text)) return o;
      sites = await notebookSites(text);
    } else if (front === 'command') {
      if (!COMMAND_HINT.test(text)) return o;
      const { commandHfSites } = await import('../../hf/command-pulls.js');
      sites.pulls = commandHfSites(text);
    } else if (front === 'modelfile') {
      if (!/hf\.co|huggingface\.co/i.test(text)) return o;
      const { modelfileHfSites } = await import('../../hf/command-pulls.js');
      sites.pulls = modelfileHfSites(text);
    } else if (front === 'yaml' || front === 'json') {
      const ci = front === 'yaml' && CI_PATH.test(ctx.file.path);
      if (ci && COMMAND_HINT.test(text)) {
        const { commandHfSites } = await import('../../hf/command-pulls.js');
        sites.pulls.push(...commandHfSites(text));
      }
      // What a compose service or a Kubernetes container runs: a vLLM or TGI image's options, a
      // `vllm serve` or `huggingface-cli download` command.
      const kind = front === 'yaml' && !ci ? yamlImageKind(ctx.file.path, text) : undefined;
      if ((kind === 'compose' || kind === 'kubernetes') && COMMAND_HINT.test(text)) {
        const { containerHfSites } = await import('../../hf/command-pulls.js');
        sites.pulls.push(...containerHfSites(yamlContainers(text, kind, (doc) => COMMAND_HINT.test(doc))));
      }
      if (CONFIG_HINT.test(text)) {
        const { configHfSites } = await import('../../hf/config-pulls.js');
        const r = configHfSites(text, front);
        sites.pulls.push(...r.sites);
        for (const w of r.warnings) o.warnings.push({ code: 'hf/malformed-config', path: ctx.file.path, message: w });
      }
    }
    if (sites.pulls.length || sites.loaders.length) ctx.facts.hf = detach(sites);
    return o;
  },
};

/** A Hub download URL's path marker, from the shared keyword pass. */
const mentionsResolve = keywordGroup('hf-resolve-url', () => ['/resolve/']);

/** Whether the text can hold a Hub resolve URL (src/hf/url-pulls.ts): the cheap test before loading the reader. */
function mentionsResolveUrl(text: string, rules: RuleSet): boolean {
  return (mentionsResolve.peek(text, rules) ?? text.includes('/resolve/')) && (text.includes('huggingface.co/') || text.includes('hf.co/') || text.includes('hf-mirror.com/'));
}

/** The file's pulls with the Hub resolve URLs its string literals hold. */
async function withUrlPulls(sites: HfSites, text: string, comments: 'hash' | 'slash'): Promise<HfSites> {
  const { resolveUrlSites } = await import('../../hf/url-pulls.js');
  return { pulls: [...sites.pulls, ...resolveUrlSites(text, comments)], loaders: sites.loaders };
}

/**
 * A notebook's code cells read as one Python program (imports carry from cell to cell) and its
 * shell escapes as commands. Positions come back as the cell and the place inside it, with the
 * .ipynb file's own line and column beside them when they are found.
 */
async function notebookSites(text: string): Promise<HfSites> {
  const { readNotebook, prepareCell, cellLines, notebookRawPositions } = await import('../../lang/notebook.js');
  const nb = readNotebook(text);
  if (!nb.python) return { pulls: [], loaders: [] };
  const code = nb.cells.filter((c) => c.type === 'code');
  const program: string[] = [];
  const starts: { cell: number; from: number; lines: number }[] = [];
  const shell: { cell: number; text: string }[] = [];
  for (const c of code) {
    const prepared = prepareCell(c.source, c.index);
    // The cell's lines as prepareCell counts them (CR, LF and CRLF), so the program's lines, the
    // shell lines and the cell lines notebookRawPositions is asked about are the same lines.
    const lines = cellLines(c.source);
    if (prepared.python !== undefined) {
      starts.push({ cell: c.index, from: program.length, lines: lines.length });
      program.push(...prepared.python.split('\n'));
    }
    // Shell escapes (`!cmd`) and shell cells (`%%bash`): the other lines blanked so lines line up,
    // the `!` made a blank so columns do too.
    const shellCell = /^\s*%%(bash|sh|script\s+(ba)?sh)\b/.test(lines[0] ?? '');
    const cmd = lines.map((l, i) => (shellCell ? (i === 0 ? '' : l) : /^\s*!/.test(l) ? l.replace(/^(\s*)!/, '$1 ') : ''));
    if (cmd.some((l) => l.trim())) shell.push({ cell: c.index, text: cmd.join('\n') });
  }
  const { pythonHfSites } = await import('../../hf/python-pulls.js');
  const py = await pythonHfSites(program.join('\n'));
  // The .ipynb positions are worked out only when there is something to place.
  let raw: ReturnType<typeof notebookRawPositions> | undefined;
  const place = <T extends PullSite | LoaderSite>(s: T, cell: number, line: number): T => {
    raw ??= notebookRawPositions(text, nb.cells);
    const at = raw(cell, line, s.column);
    return at ? { ...s, line, cell, fileLine: at.line, fileColumn: at.column } : { ...s, line, cell };
  };
  const toCell = <T extends PullSite | LoaderSite>(s: T): T | undefined => {
    const st = starts.find((x) => s.line - 1 >= x.from && s.line - 1 < x.from + x.lines);
    return st ? place(s, st.cell, s.line - st.from) : undefined;
  };
  const pulls = py.pulls.map(toCell).filter((s): s is PullSite => s !== undefined);
  const loaders = py.loaders.map(toCell).filter((s): s is LoaderSite => s !== undefined);
  if (shell.length) {
    const { commandHfSites } = await import('../../hf/command-pulls.js');
    for (const s of shell) for (const p of commandHfSites(s.text)) pulls.push(place(p, s.cell, p.line));
  }
  return { pulls, loaders };
}
