/**
 * Gradle build scripts (build.gradle, build.gradle.kts) and version catalogs (libs.versions.toml).
 * Scripts are code, so they are read with patterns, never evaluated: `conf "g:a:v"`, `conf('g:a:v')`,
 * `conf(platform("g:a:v"))`, `conf group: 'g', name: 'a', version: 'v'` and the Kotlin named form.
 * `$var` / `${var}` versions are resolved from simple literal assignments in the same file.
 */
import type { DeclaredDependency } from '../types.js';
import { boundText, Collector, isRecord, LineIndex, type ManifestResult, str } from './common.js';
import { keyLine, parseToml } from './toml.js';

type Scope = DeclaredDependency['scope'];

/** Scope of a configuration name. */
export function gradleScope(conf: string): Scope {
  const c = conf.toLowerCase();
  if (c.startsWith('test') || c.startsWith('androidtest') || c.includes('testimplementation') || c.includes('testapi')) return 'test';
  if (/^(kapt|ksp|annotationprocessor|compileonly|classpath|lintchecks)/.test(c) || c.endsWith('annotationprocessor')) return 'build';
  return 'runtime';
}

const CONF =
  '(?:implementation|api|compile|compileOnly|compileOnlyApi|runtimeOnly|runtime|testImplementation|testApi|testCompile|testCompileOnly|testRuntimeOnly|testFixturesImplementation|testFixturesApi|androidTestImplementation|debugImplementation|releaseImplementation|kapt|kaptTest|ksp|kspTest|annotationProcessor|testAnnotationProcessor|classpath|lintChecks|[a-z][A-Za-z0-9]*(?:Implementation|Api|CompileOnly|RuntimeOnly))';

/** Blanks out comments, keeping offsets (and so lines) unchanged. */
function blankComments(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  let q: string | undefined;
  while (i < n) {
    const ch = text[i]!;
    if (q !== undefined) {
      out += ch;
      if (ch === '\\' && i + 1 < n) {
        out += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === q || ch === '\n') q = undefined;
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      q = ch;
      out += ch;
      i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (ch === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      out += text.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function plainVersion(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return /^[\w.+-]+$/.test(v) && !v.includes('+') && !/^latest\./.test(v) ? v : undefined;
}

export function readGradle(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'maven');
  const src = blankComments(boundText(text, c));
  const idx = new LineIndex(src);
  // Simple literal assignments: val x = "1.0", def x = '1.0', ext.x = '1.0', x = '1.0' in ext { }.
  const vars = new Map<string, string>();
  for (const m of src.matchAll(/(?:\b(?:val|var|def|String)\s+|\bext\.|\bset\(\s*["'])([A-Za-z_][\w.]*)["']?\s*(?:=|,)\s*["']([^"'$\n]*)["']/g)) {
    vars.set(m[1]!, m[2]!);
  }
  for (const m of src.matchAll(/^\s*([A-Za-z_]\w*)\s*=\s*["']([^"'$\n]*)["']\s*$/gm)) if (!vars.has(m[1]!)) vars.set(m[1]!, m[2]!);
  const interp = (s: string): string =>
    s.replace(/\$\{([^}]+)\}|\$([A-Za-z_][\w.]*)/g, (m, a: string | undefined, b: string | undefined) => {
      const k = (a ?? b ?? '').trim().replace(/^(?:project\.|rootProject\.|ext\.|extra\[["'](.*)["']\])/, '$1');
      return vars.get(k) ?? m;
    });
  const emit = (conf: string, coords: string, at: number): void => {
    const parts = interp(coords).split('@')[0]!.split(':');
    if (parts.length < 2 || parts[0] === '' || parts[1] === '') return;
    const range = parts[2];
    const version = range !== undefined && !range.includes('$') ? plainVersion(range) : undefined;
    c.add({ name: `${parts[0]}:${parts[1]}`, range, version, line: idx.lineOf(at), scope: gradleScope(conf) });
  };
  // String coordinates, with or without parentheses and platform()/enforcedPlatform()/kotlin wrappers.
  const coordRe = new RegExp(
    `\\b(${CONF})\\s*\\(?\\s*(?:(?:platform|enforcedPlatform|testFixtures)\\s*\\(\\s*)?(["'])([^"'\\s]+:[^"'\\s]+)\\2`,
    'g',
  );
  for (const m of src.matchAll(coordRe)) {
    if (c.isFull) break;
    emit(m[1]!, m[3]!, m.index);
  }
  // Map / named-argument form.
  const mapRe = new RegExp(`\\b(${CONF})\\s*\\(?\\s*group\\s*[:=]\\s*["']([^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["']([^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*(?:["']([^"']+)["']|([A-Za-z_][\\w.]*)))?`, 'g');
  for (const m of src.matchAll(mapRe)) {
    if (c.isFull) break;
    const v = m[4] ?? (m[5] !== undefined ? `\${${m[5]}}` : undefined);
    emit(m[1]!, `${m[2]}:${m[3]}${v !== undefined ? `:${v}` : ''}`, m.index);
  }
  c.deps.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return c.result();
}

/** Gradle version catalog: the [libraries] table, with [versions] references resolved. */
export function readVersionCatalog(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'maven');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  const versions = isRecord(doc.data.versions) ? doc.data.versions : {};
  const versionOf = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (isRecord(v)) {
      if (typeof v.ref === 'string') return versionOf(versions[v.ref]);
      return str(v.strictly) ?? str(v.require) ?? str(v.prefer);
    }
    return undefined;
  };
  const libs = doc.data.libraries;
  if (!isRecord(libs)) return c.result();
  for (const [alias, spec] of Object.entries(libs)) {
    let name: string | undefined;
    let range: string | undefined;
    if (typeof spec === 'string') {
      const p = spec.split(':');
      if (p.length >= 2) name = `${p[0]}:${p[1]}`;
      range = p[2];
    } else if (isRecord(spec)) {
      const module = str(spec.module);
      name = module ?? (typeof spec.group === 'string' && typeof spec.name === 'string' ? `${spec.group}:${spec.name}` : undefined);
      range = versionOf(spec.version);
      if (range === undefined && typeof spec['version.ref'] === 'string') range = versionOf(versions[spec['version.ref']]);
    }
    if (name === undefined) {
      c.warn(`libraries.${alias}: no module coordinates`);
      continue;
    }
    if (!c.add({ name, range, version: plainVersion(range), line: keyLine(doc, ['libraries'], alias) })) break;
  }
  return c.result();
}
