/**
 * Gradle build scripts (build.gradle, build.gradle.kts), version catalogs (libs.versions.toml) and
 * dependency lockfiles (gradle.lockfile, buildscript-gradle.lockfile, settings-gradle.lockfile,
 * gradle/dependency-locks/*).
 * Scripts are code, so they are read with patterns, never evaluated, each match only where it starts
 * in code (gradleCode: not in a comment or string): `conf "g:a:v"`, `conf('g:a:v')`,
 * `conf(platform("g:a:v"))`, `conf group: 'g', name: 'a', version: 'v'` and the Kotlin named form,
 * each also after a quoted configuration (`"implementation"("g:a:v")`) or in `add("conf", …)`.
 * `$var` / `${var}` versions are resolved from simple literal assignments in the same file, and
 * then (resolveGradle, across files) from gradle.properties.
 * A settings file's projects are read the same way (settingsProjects): `include(…)` at their
 * default folders, `includeFlat(…)` beside the settings file's folder, and `project(":x").projectDir
 * = …` with a literal path (`file("…")`, `File(rootDir, "…")`, `File(settingsDir, "…")`,
 * `rootDir.resolve("…")`), relative to the settings file's folder; a folder outside the scan root
 * is none. Known limits: nothing is evaluated, so a path built at run time (`file("$rootDir/app")`,
 * `file(base + "/app")`, the `rootProject.children.each { it.projectDir = file("modules/${it.name}") }`
 * loop) leaves that project at its default folder, and names from a computed list
 * (`include(*names)`) are none; a child project's folder is its default one below the settings
 * file's folder (`:app:core` is app/core) even when `:app`'s folder is moved; a moved
 * `rootProject.projectDir` and the parents an include implies (`:tools` of `:tools:gen`) are not read.
 */
import type { DeclaredDependency, WorkspaceRoot } from '../types.js';
import { baseName, boundText, Collector, dirName, isRecord, joinDir, LineIndex, type ManifestResult, pushTo, splitLines, str, upFrom } from './common.js';
import { keyLine, parseToml } from './toml.js';

type Scope = DeclaredDependency['scope'];
type Classpath = NonNullable<DeclaredDependency['classpath']>;

/** settings.gradle(.kts). */
const SETTINGS_FILE = /(?:^|\/)settings\.gradle(?:\.kts)?$/;

/** Scope of a configuration name. */
export function gradleScope(conf: string): Scope {
  const c = conf.toLowerCase();
  if (c.startsWith('test') || c.startsWith('androidtest') || c.includes('testimplementation') || c.includes('testapi')) return 'test';
  if (/^(kapt|ksp|annotationprocessor|compileonly|classpath|lintchecks)/.test(c) || c.endsWith('annotationprocessor')) return 'build';
  return 'runtime';
}

const CONF =
  '(?:implementation|api|compile|compileOnly|compileOnlyApi|runtimeOnly|runtime|testImplementation|testApi|testCompile|testCompileOnly|testRuntimeOnly|testFixturesImplementation|testFixturesApi|androidTestImplementation|debugImplementation|releaseImplementation|kapt|kaptTest|ksp|kspTest|annotationProcessor|testAnnotationProcessor|classpath|lintChecks|[a-z][A-Za-z0-9]*(?:Implementation|Api|CompileOnly|RuntimeOnly))';

/**
 * A build script's comments blanked (offsets, and so lines, unchanged) and which offsets are code:
 * not in a comment nor in a string (one-line `"…"` / `'…'`, Groovy `"""…"""` / `'''…'''`, Kotlin
 * raw `"""…"""`, with the `${…}` templates of double-quoted ones, strings nested in them
 * included). A declaration counts only where it starts in code: `ext.v = '1'` or
 * `implementation("g:a:v")` written inside a string or a comment is text, not build logic. Kotlin
 * (`kotlin`): block comments nest, raw strings take no escapes and end at the last quote of a run
 * of three or more. A one-line string ends unclosed at its line's end. Single pass over the text;
 * the frames of nested templates are kept in one number array (linear on `"${"${…` too).
 */
export function gradleCode(text: string, kotlin: boolean): { text: string; code: Uint8Array } {
  const n = text.length;
  const code = new Uint8Array(n);
  const blanks: number[] = []; // comment spans, [from, to) pairs
  // Frames: a positive number is a `${` template's brace depth; a string is -1 `"`, -2 `'`, -3 `"""`, -4 `'''`.
  const frames: number[] = [];
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    const top = frames.length === 0 ? 0 : frames[frames.length - 1]!;
    if (top < 0) {
      // In a string.
      const triple = top <= -3;
      const q = top === -1 || top === -3 ? '"' : "'";
      if (ch === '\\' && !(kotlin && top === -3)) {
        i += text[i + 1] === '\n' ? 1 : 2;
      } else if (ch === q && (!triple || text.startsWith(q + q + q, i))) {
        frames.pop();
        i += triple ? 3 : 1;
        if (kotlin && top === -3) while (text[i] === '"') i++;
      } else if (!triple && ch === '\n') {
        frames.pop();
        i++;
      } else if (ch === '$' && text[i + 1] === '{' && q === '"') {
        frames.push(1);
        i += 2;
      } else i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blanks.push(i, end);
      i = end;
    } else if (ch === '/' && text[i + 1] === '*') {
      let k = i + 2;
      let depth = 1;
      while (k < n) {
        if (text[k] === '*' && text[k + 1] === '/') {
          k += 2;
          if (--depth === 0) break;
        } else if (kotlin && text[k] === '/' && text[k + 1] === '*') {
          k += 2;
          depth++;
        } else k++;
      }
      const end = Math.min(k, n);
      blanks.push(i, end);
      i = end;
    } else if (ch === '"' || ch === "'") {
      const triple = text.startsWith(ch + ch + ch, i);
      frames.push((ch === '"' ? -1 : -2) - (triple ? 2 : 0));
      i += triple ? 3 : 1;
    } else if (top > 0 && (ch === '{' || ch === '}')) {
      frames[frames.length - 1] = ch === '{' ? top + 1 : top - 1;
      if (top === 1 && ch === '}') frames.pop();
      i++;
    } else {
      if (top === 0) code[i] = 1;
      i++;
    }
  }
  if (blanks.length === 0) return { text, code };
  // Blanked in a copy of the UTF-16 code units (string slices per comment were slow on millions of them).
  const units = new Uint16Array(n);
  for (let k = 0; k < n; k++) units[k] = text.charCodeAt(k);
  for (let b = 0; b < blanks.length; b += 2) {
    for (let k = blanks[b]!; k < blanks[b + 1]!; k++) if (units[k] !== 10 && units[k] !== 13) units[k] = 32;
  }
  return { text: new TextDecoder('utf-16le').decode(units), code };
}

function plainVersion(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return /^[\w.+-]+$/.test(v) && !v.includes('+') && !/^latest\./.test(v) ? v : undefined;
}

/**
 * Simple literal assignments a build file reads as `$name`: `val x = "1.0"` (and `val x: String =`),
 * `def x = '1.0'`, `ext.x = '1.0'`, `set("x", "1.0")` (ext.set, extra.set), `extra["x"] = "1.0"`,
 * `val x by extra("1.0")`. A later one wins.
 */
const ASSIGNMENTS =
  /(?:\b(?:val|var|def|String)\s+([A-Za-z_]\w*)(?:\s*:\s*String)?\s*(?:=|by\s+extra\s*\()|\bext\.([A-Za-z_][\w.]*)\s*=|\b(?:set\(|extra\s*\[)\s*["']([A-Za-z_][\w.]*)["']\s*(?:,|\]\s*=))\s*["']([^"'$\n]*)["']/g;
/** A `constraints {` block's opening. */
const CONSTRAINTS_BLOCK = /\bconstraints\s*\{/g;
/** Most blocks of one kind read in a file, and how far each is followed. */
const MAX_BLOCKS = 100;
const MAX_BLOCK_CHARS = 256 * 1024;

/**
 * The [open, close) offsets of the blocks `re` opens (its match ending at the `{`), their braces
 * matched in code only (`code[i] === 1`: not in a string or a comment); an unclosed block runs to the end.
 */
function blockRanges(src: string, code: Uint8Array, re: RegExp): [number, number][] {
  const out: [number, number][] = [];
  for (const m of src.matchAll(re)) {
    if (out.length >= MAX_BLOCKS) break;
    if (code[m.index] !== 1) continue;
    const open = m.index + m[0].length - 1;
    let depth = 0;
    const end = Math.min(src.length, open + MAX_BLOCK_CHARS);
    let close = end;
    for (let i = open; i < end; i++) {
      if (code[i] !== 1) continue;
      const ch = src.charCodeAt(i);
      if (ch === 123) depth++;
      else if (ch === 125 && --depth === 0) {
        close = i;
        break;
      }
    }
    out.push([open, close]);
  }
  return out;
}

/** `mavenBom "g:a:v"` / `mavenBom("g:a:v")`: a BOM the dependency-management plugin imports. */
const MAVEN_BOM = /\bmavenBom\s*\(?\s*(["'])([^"'\s]+:[^"'\s]+)\1/g;
/** `x = '1.0'` alone on a line or between `{` / `;` and `;` / `}` (an `ext { }` block): only for names not assigned otherwise. */
const BARE_ASSIGNMENTS = /(?:^|[{;])[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*["']([^"'$\n]*)["'][ \t]*(?=$|[;}])/gm;

/**
 * `$name` and `${name}` replaced by what `lookup` gives (`project.`, `rootProject.`, `ext.` and
 * `extra.` prefixes dropped); unknown names stay as written.
 */
export function expandGradle(s: string, lookup: (name: string) => string | undefined): string {
  return s.replace(/\$\{([^}]+)\}|\$([A-Za-z_][\w.]*)/g, (m, a: string | undefined, b: string | undefined) => {
    const k = (a ?? b ?? '').trim().replace(/^(?:(?:project|rootProject)\.)?(?:(?:ext|extra)\.)?/, '');
    return lookup(k) ?? m;
  });
}

/**
 * A property read by a call inside a string template, `${property("x")}`, `${findProperty('x')}`,
 * `${project.property("x") as String}`, `${rootProject.extra["x"]}`, `${ext['x']}`: as `${x}`, so
 * that the coordinates around it are one string and its value resolves as `$x` does.
 */
const PROPERTY_CALL =
  /\$\{[ \t]*(?:(?:project|rootProject)[ \t]*\.[ \t]*)?(?:(?:property|findProperty)[ \t]*\([ \t]*(["'])([\w.-]+)\1[ \t]*\)|(?:extra|ext)[ \t]*\[[ \t]*(["'])([\w.-]+)\3[ \t]*\])(?:[ \t]*as[ \t]+String)?[ \t]*\}/g;

export function readGradle(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'maven');
  // Lines stay where they were: the calls replaced hold no line break. Offsets are those of the
  // text after the replacement, which is lexed then.
  const kotlin = path.endsWith('.kts');
  const { text: src, code } = gradleCode(
    boundText(text, c).replace(PROPERTY_CALL, (_m, _q: string, a: string | undefined, _q2: string, b: string | undefined) => `\${${a ?? b}}`),
    kotlin,
  );
  const idx = new LineIndex(src);
  const vars = new Map<string, string>();
  // Extra properties (ext, extra, `by extra`, an `ext { }` block's names) are the project's, which
  // the projects below it read too; `val` / `def` names are the script's own.
  const extra = new Map<string, string>();
  for (const m of src.matchAll(ASSIGNMENTS)) {
    if (code[m.index] !== 1) continue;
    const name = (m[1] ?? m[2] ?? m[3])!;
    vars.set(name, m[4]!);
    if (m[1] === undefined || /\bby\s+extra\s*\(/.test(m[0])) extra.set(name, m[4]!);
  }
  for (const m of src.matchAll(BARE_ASSIGNMENTS)) {
    if (vars.has(m[1]!) || code[m.index + m[0].search(/[A-Za-z_]/)] !== 1) continue;
    vars.set(m[1]!, m[2]!);
    extra.set(m[1]!, m[2]!);
  }
  const versions = [...extra].filter(([, v]) => VERSION_LIKE.test(v) && /^[\w.+\-[\](),]{1,100}$/.test(v));
  const plugins = appliedPlugins(src, code, kotlin);
  const pluginId = isConventionPlugin(path) ? conventionPluginId(path, src, code) : undefined;
  if (versions.length > 0 || plugins.own.length > 0 || plugins.below.length > 0 || pluginId !== undefined) {
    c.workspace = { path, ecosystem: 'maven' };
    if (versions.length > 0) c.workspace.properties = Object.fromEntries(versions);
    if (plugins.own.length > 0) c.workspace.plugins = plugins.own;
    if (plugins.below.length > 0) c.workspace.subprojectPlugins = plugins.below;
    if (pluginId !== undefined) c.workspace.pluginId = pluginId;
  }
  const interp = (s: string): string => expandGradle(s, (k) => vars.get(k));
  // The `classpath` configuration is the script's own (`buildscript { dependencies { … } }`): the
  // build script's classpath, or the settings script's in a settings file.
  const scriptClasspath: Classpath = SETTINGS_FILE.test(path) ? 'settings' : 'buildscript';
  const onClasspath = (conf: string | undefined): { classpath?: Classpath } => (conf === 'classpath' ? { classpath: scriptClasspath } : {});
  // `dependencies { constraints { implementation("g:a:v") } }`: versions for a dependency that arrives
  // another way, no dependency of its own (Maven's <dependencyManagement>): pins.
  const constraints = blockRanges(src, code, CONSTRAINTS_BLOCK);
  const inConstraints = (at: number): boolean => constraints.some(([a, b]) => at > a && at < b);
  const emit = (conf: string, coords: string, at: number, platform = false, pin = false): void => {
    const managed = pin || inConstraints(at);
    const parts = interp(coords).split('@')[0]!.split(':');
    if (parts.length < 2 || parts[0] === '' || parts[1] === '') return;
    const range = parts[2];
    // `1.2.3!!` is Gradle's shorthand for a strict version: that version.
    const version = range !== undefined && !range.includes('$') ? plainVersion(range.endsWith('!!') ? range.slice(0, -2) : range) : undefined;
    // A BOM imported into dependency management pins versions and is no dependency, as a Maven `<scope>import</scope>` pom.
    c.add({ name: `${parts[0]}:${parts[1]}`, range, version, line: idx.lineOf(at), scope: gradleScope(conf), ...onClasspath(conf), ...(platform ? { bom: true as const } : {}), ...(managed ? { central: 'defines' as const } : {}) });
  };
  /** Whether a match's text before its coordinates wraps them in platform() / enforcedPlatform() (a BOM). */
  const PLATFORM_BEFORE = /\b(?:platform|enforcedPlatform)\s*\(\s*["']?$/;
  // String coordinates, with or without parentheses and platform()/enforcedPlatform()/kotlin
  // wrappers, after a configuration name, a quoted one (`"implementation"("g:a:v")`, Kotlin DSL
  // where no accessor is generated: subprojects { }, plugins applied with apply()) or
  // `add("implementation", "g:a:v")` (dependencies.add).
  const coordRe = new RegExp(`${DECLARES}(?:(?:platform|enforcedPlatform|testFixtures)\\s*\\(\\s*)?(["'])([^"'\\s]+:[^"'\\s]+)\\${DECLARES_GROUPS + 1}`, 'g');
  for (const m of src.matchAll(coordRe)) {
    if (c.isFull) break;
    if (code[declaredAt(m)] !== 1) continue;
    const coords = m[DECLARES_GROUPS + 2]!;
    emit(declaredConf(m)!, coords, m.index, PLATFORM_BEFORE.test(m[0].slice(0, m[0].lastIndexOf(coords))));
  }
  // The Spring dependency-management plugin's BOM imports, as start.spring.io generates them:
  // `dependencyManagement { imports { mavenBom "g:a:${v}" } }` (`mavenBom("g:a:v")` in Kotlin).
  for (const m of src.matchAll(MAVEN_BOM)) {
    if (c.isFull) break;
    if (code[m.index] !== 1) continue;
    emit('implementation', m[2]!, m.index, true, true);
  }
  // Map / named-argument form.
  const mapRe = new RegExp(`${DECLARES}group\\s*[:=]\\s*["']([^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["']([^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*(?:["']([^"']+)["']|([A-Za-z_][\\w.]*)))?`, 'g');
  for (const m of src.matchAll(mapRe)) {
    if (c.isFull) break;
    if (code[declaredAt(m)] !== 1) continue;
    const [g, a, quoted, bare] = m.slice(DECLARES_GROUPS + 1);
    const v = quoted ?? (bare !== undefined ? `\${${bare}}` : undefined);
    emit(declaredConf(m)!, `${g}:${a}${v !== undefined ? `:${v}` : ''}`, m.index);
  }
  // Version catalog accessors: `libs.x.y` anywhere (a provider call after it is no part of the
  // alias), another catalog's `name.x.y` as a configuration's argument; not `libs.versions.*`
  // nor `libs.plugins.*`, which declare no library.
  const accessorRe = new RegExp(`(?:${DECLARES}(?:(?:platform|enforcedPlatform|testFixtures)\\s*\\(\\s*)?\\b([A-Za-z_]\\w*)|\\b(libs))((?:\\.[A-Za-z_]\\w*)+)`, 'g');
  for (const m of src.matchAll(accessorRe)) {
    if (c.isFull) break;
    if (code[declaredAt(m)] !== 1) continue;
    const [catalog, libs, path] = m.slice(DECLARES_GROUPS + 1);
    const parts = path!.slice(1).split('.');
    const cut = parts.findIndex((p) => PROVIDER_CALLS.has(p));
    const alias = cut < 0 ? parts : parts.slice(0, cut);
    if (alias.length === 0 || alias[0] === 'versions' || alias[0] === 'plugins' || CATALOG_METHODS.has(alias[0]!)) continue;
    const accessor = `${catalog ?? libs}.${alias.join('.')}`;
    const conf = declaredConf(m);
    const platform = PLATFORM_BEFORE.test(m[0].slice(0, m[0].length - path!.length - (catalog ?? libs)!.length));
    c.add({ name: accessor, accessor, line: idx.lineOf(m.index), scope: conf === undefined ? undefined : gradleScope(conf), ...onClasspath(conf), ...(platform ? { bom: true as const } : {}), ...(inConstraints(m.index) ? { central: 'defines' as const } : {}) });
  }
  // Catalog look-ups by name (convention plugins, where no `libs.x` accessor is generated):
  // `libs.findLibrary("langchain4j-open-ai").get()`, `findBundle("ai")`, on a catalog got by
  // `versionCatalogs.named("libs")` / `.find("libs").get()` (or `the<VersionCatalogsExtension>()`,
  // `extensions.getByType(…)`) directly or through a variable assigned so; any other receiver is
  // taken as the catalog's name. As the accessor `libs.langchain4j.open.ai` / `libs.bundles.ai`.
  const catalogVars = new Map<string, string>();
  for (const m of src.matchAll(CATALOG_VAR)) if (code[m.index] === 1 && /ersionCatalogs/.test(m[2]!)) catalogVars.set(m[1]!, m[3]!);
  const findRe = new RegExp(
    `(?:\\b(${CONF})\\s*(?:\\(\\s*)?|\\badd\\s*\\(\\s*["']([A-Za-z]\\w*)["']\\s*,\\s*|["'](${CONF})["']\\s*\\(\\s*)?(?:(?:platform|enforcedPlatform|testFixtures)\\s*\\(\\s*)?` +
      `(?:${CATALOGS}\\s*\\.\\s*(?:named|find|getByName)\\s*\\(\\s*["']([\\w-]+)["']\\s*\\)(?:\\s*\\.\\s*get\\s*\\(\\s*\\))?|\\b([A-Za-z_]\\w*))` +
      `\\s*\\.\\s*find(Library|Bundle)\\s*\\(\\s*["']([\\w.-]+)["']\\s*\\)`,
    'g',
  );
  for (const m of src.matchAll(findRe)) {
    if (c.isFull) break;
    if (code[m.index + m[0].lastIndexOf('find')] !== 1) continue;
    const catalog = m[4] ?? catalogVars.get(m[5]!) ?? m[5]!;
    const accessor = accessorOf(m[6] === 'Bundle' ? `${catalog}.bundles` : catalog, m[7]!);
    const conf = m[1] ?? m[2] ?? m[3];
    c.add({ name: accessor, accessor, line: idx.lineOf(m.index), scope: conf === undefined ? undefined : gradleScope(conf), ...onClasspath(conf) });
  }
  // A dependency declared without a version that a `constraints { }` entry of the same file pins
  // (with a version): that version, as Gradle resolves it.
  const pins = new Map<string, DeclaredDependency>();
  for (const d of c.deps) if (d.central === 'defines' && d.bom !== true && d.range !== undefined && !pins.has(d.name)) pins.set(d.name, d);
  if (pins.size > 0) {
    for (const d of c.deps) {
      const p = d.central === undefined && d.range === undefined && d.accessor === undefined ? pins.get(d.name) : undefined;
      if (p === undefined) continue;
      d.range = p.range;
      if (p.version !== undefined) d.version = p.version;
    }
  }
  c.deps.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return c.result();
}

/**
 * A plugin applied by id: `id("x")` / `id 'x'` (a plugins { } block), `apply(plugin = "x")`,
 * `apply plugin: 'x'`. Kotlin's accessors (`` `java-library` ``, ``acme.`ai-conventions` ``) are
 * read in plugins { } blocks only (kotlinPluginAccessors).
 */
const PLUGIN_APPLIED = /\bid\s*(?:\(\s*)?(["'])([\w.-]+)\1|\bapply\s*(?:\(\s*plugin\s*=|\s+plugin\s*:)\s*(["'])([\w.-]+)\3/g;
/**
 * One segment of a Kotlin plugin accessor: an identifier, or one in backticks, which on the JVM
 * holds none of `.` `;` `[` `/` `<` `>` `:` `\\` (so `` `acme.ai-conventions` `` is no accessor:
 * Kotlin rejects the name, and Gradle generates ``acme.`ai-conventions` `` for that id instead).
 */
const ACCESSOR_SEGMENT = '(?:`[^`\\n\\r.;\\[\\]/<>:\\\\]+`|[A-Za-z_][A-Za-z0-9_]*)';
/**
 * A statement of a Kotlin plugins { } block that is an accessor chain: `java`, `` `java-library` ``,
 * ``acme.`ai-conventions` `` (Gradle's plugin spec builders: one accessor per id segment, generated
 * for the plugins of the build's buildSrc), optionally followed by `version "…"` / `apply false`;
 * a call (`id("x")`, `kotlin("jvm")`, `alias(…)`) is not one.
 */
const PLUGIN_ACCESSOR = new RegExp(`[{;\\n][ \\t]*(${ACCESSOR_SEGMENT}(?:[ \\t]*\\.[ \\t]*${ACCESSOR_SEGMENT})*)[ \\t]*(?=$|[\\r\\n;}]|(?:version|apply)\\b)`, 'g');
/** Words a plugins { } block statement may be that apply no plugin. */
const NOT_ACCESSORS: ReadonlySet<string> = new Set(['version', 'apply', 'true', 'false', 'null', 'this', 'return', 'else']);
/**
 * The accessors Gradle's Kotlin DSL itself defines for plugins whose id is not the accessor's
 * name (`` `kotlin-dsl` `` applies `org.gradle.kotlin.kotlin-dsl`).
 */
const KOTLIN_DSL_ACCESSORS: Readonly<Record<string, string>> = {
  'kotlin-dsl': 'org.gradle.kotlin.kotlin-dsl',
  'kotlin-dsl-base': 'org.gradle.kotlin.kotlin-dsl.base',
  'kotlin-dsl-precompiled-script-plugins': 'org.gradle.kotlin.kotlin-dsl.precompiled-script-plugins',
  'embedded-kotlin': 'org.gradle.kotlin.embedded-kotlin',
};
/** Plugin ids read per build script. */
const MAX_PLUGINS = 1000;

/** A block that configures other projects: `subprojects { … }` (the projects below), `allprojects { … }` (this one too). */
const CROSS_PROJECT = /\b(subprojects|allprojects)\s*\{/g;

/**
 * The blocks a build script opens with `opener` (a pattern ending in the block's `{`, its first
 * group the block's kind), outermost only (`topLevel`: only those at the script's top level), as
 * sorted [start, end, kind] spans: one pass over the code's braces (a block left open ends at the
 * text's end).
 */
function blockSpans(src: string, code: Uint8Array, opener: RegExp, topLevel: boolean): Array<[number, number, string]> {
  const opens = new Map<number, string>(); // offset of a block's `{` → its kind
  for (const m of src.matchAll(opener)) if (code[m.index] === 1) opens.set(m.index + m[0].length - 1, m[1]!);
  if (opens.size === 0) return [];
  const spans: Array<[number, number, string]> = [];
  const stack: number[] = [];
  let outer = -1; // the open outermost block's `{`
  for (let i = 0; i < src.length; i++) {
    if (code[i] !== 1) continue;
    if (src[i] === '{') {
      if (outer < 0 && opens.has(i) && (!topLevel || stack.length === 0)) outer = i;
      stack.push(i);
    } else if (src[i] === '}' && stack.length > 0 && stack.pop() === outer) {
      spans.push([outer, i, opens.get(outer)!]);
      outer = -1;
    }
  }
  if (outer >= 0) spans.push([outer, src.length, opens.get(outer)!]);
  return spans;
}

/** A script's own plugins { } block (not gradlePlugin { plugins { } }, which declares plugins). */
const PLUGINS_BLOCK = /\b(plugins)\s*\{/g;

/**
 * The plugin ids a Kotlin script applies through accessors, in its top-level plugins { } blocks:
 * each statement that is an accessor chain (PLUGIN_ACCESSOR), where it is code, its segments
 * joined by dots without their backticks (``acme.`ai-conventions` `` is `acme.ai-conventions`).
 */
function kotlinPluginAccessors(src: string, code: Uint8Array): Array<[at: number, id: string]> {
  const out: Array<[number, string]> = [];
  for (const [start, end] of blockSpans(src, code, PLUGINS_BLOCK, true)) {
    const body = src.slice(start, end + 1);
    for (const m of body.matchAll(PLUGIN_ACCESSOR)) {
      const at = start + m.index + m[0].indexOf(m[1]!);
      if (code[at] !== 1) continue;
      const id = m[1]!.split('.').map((p) => p.trim().replace(/^`|`$/g, '')).join('.');
      if (NOT_ACCESSORS.has(id)) continue;
      out.push([at, KOTLIN_DSL_ACCESSORS[id] ?? id]);
      if (out.length >= MAX_PLUGINS) return out;
    }
  }
  return out;
}

/**
 * The plugin ids a build script (or a precompiled script plugin) applies, where the application is
 * code, at most MAX_PLUGINS each: its own, and those it applies to the projects below it (in a
 * `subprojects { }` block; an `allprojects { }` block's are both).
 */
function appliedPlugins(src: string, code: Uint8Array, kotlin: boolean): { own: string[]; below: string[] } {
  const own = new Set<string>();
  const below = new Set<string>();
  const spans = blockSpans(src, code, CROSS_PROJECT, false);
  const applied: Array<[number, string]> = [];
  for (const m of src.matchAll(PLUGIN_APPLIED)) {
    if (applied.length >= MAX_PLUGINS * 2) break;
    if (code[m.index] === 1) applied.push([m.index, (m[2] ?? m[4])!]);
  }
  if (kotlin) applied.push(...kotlinPluginAccessors(src, code));
  applied.sort((a, b) => a[0] - b[0]);
  let s = 0;
  for (const [at, id] of applied) {
    if (own.size >= MAX_PLUGINS || below.size >= MAX_PLUGINS) break;
    while (s < spans.length && spans[s]![1] < at) s++;
    const kind = s < spans.length && spans[s]![0] < at ? spans[s]![2] : undefined;
    if (kind !== 'subprojects') own.add(id);
    if (kind !== undefined) below.add(id);
  }
  return { own: [...own], below: [...below] };
}

/**
 * A precompiled script plugin's id: its file name without `.gradle.kts` / `.gradle`, after the
 * package its file declares (`package com.acme` makes `acme-ai.gradle.kts` `com.acme.acme-ai`).
 */
function conventionPluginId(path: string, src: string, code: Uint8Array): string {
  const name = baseName(path).replace(/\.gradle(?:\.kts)?$/, '');
  for (const m of src.matchAll(/^[ \t]*package[ \t]+([A-Za-z_][\w.]*)/gm)) {
    if (code[m.index + m[0].indexOf('package')] === 1) return `${m[1]!.replace(/\.+$/, '')}.${name}`;
  }
  return name;
}

/**
 * What opens a declaration, before its notation: a configuration name (`implementation "…"`,
 * `implementation("…")`), a quoted one called (`"implementation"("…")`) or `add("implementation", …)`.
 * DECLARES_GROUPS capture groups, one of which holds the configuration (declaredConf).
 */
const DECLARES = `(?:\\b(${CONF})\\s*(?:\\(\\s*)?|(["'])(${CONF})\\2\\s*\\(\\s*|\\badd\\s*\\(\\s*(["'])(${CONF})\\4\\s*,\\s*)`;
const DECLARES_GROUPS = 5;

/** The configuration a DECLARES match names; none when the match is another alternative's (a bare `libs.x`). */
function declaredConf(m: RegExpMatchArray): string | undefined {
  return m[1] ?? m[3] ?? m[5];
}

/** Where a declaration must be code (not in a string or comment): the call's `(` after a quoted configuration name, else its start. */
function declaredAt(m: RegExpMatchArray): number {
  return m[3] !== undefined ? m.index! + m[0].indexOf('(') : m.index!;
}

/** Methods of a catalog (`libs.findLibrary("x")`, `versionCatalogs.named("libs")`): no alias. */
const CATALOG_METHODS: ReadonlySet<string> = new Set(['findLibrary', 'findBundle', 'findVersion', 'findPlugin', 'named', 'find', 'getByName', 'getName', 'name', 'libraryAliases', 'bundleAliases', 'versionAliases', 'pluginAliases', 'getLibraryAliases', 'getBundleAliases', 'getVersionAliases', 'getPluginAliases']);

/** How a build script reaches the catalogs: `versionCatalogs`, `the<VersionCatalogsExtension>()`, `extensions.getByType(VersionCatalogsExtension::class.java)`. */
const CATALOGS =
  '\\b(?:project\\s*\\.\\s*)?(?:versionCatalogs|the\\s*<\\s*VersionCatalogsExtension\\s*>\\s*\\(\\s*\\)|extensions\\s*\\.\\s*getByType\\s*(?:<\\s*VersionCatalogsExtension\\s*>\\s*\\(\\s*\\)|\\(\\s*VersionCatalogsExtension(?:::class(?:\\.java)?)?\\s*\\)))';

/** `val libs = the<VersionCatalogsExtension>().named("libs")`, `def cat = versionCatalogs.find('libs').get()`: a variable holding a catalog (checked to name the catalogs). */
const CATALOG_VAR = /\b(?:val|var|def)\s+([A-Za-z_]\w*)(?:\s*:\s*VersionCatalog)?\s*=([^=;\n]{0,200}?)\.\s*(?:named|find|getByName)\s*\(\s*["']([\w-]+)["']\s*\)/g;

/** Calls on a catalog accessor's provider (`libs.x.get()`), not part of the alias. */
const PROVIDER_CALLS: ReadonlySet<string> = new Set(['get', 'asProvider', 'orNull', 'getOrNull', 'getOrElse', 'map', 'flatMap', 'forUseAtConfigurationTime', 'toString']);

/** A catalog alias's accessor: `langchain4j-open-ai` of `libs` is `libs.langchain4j.open.ai` (`-`, `_` and `.` all separate). */
function accessorOf(catalog: string, alias: string): string {
  return `${catalog}.${alias.replace(/[-_.]/g, '.')}`;
}

/**
 * The folder of the build a catalog serves: the one above its `gradle/` folder
 * (gradle/libs.versions.toml, Gradle's default), else its own.
 */
function catalogRoot(path: string): string {
  const dir = dirName(path);
  return baseName(dir) === 'gradle' ? dirName(dir) : dir;
}

/** A `*.versions.toml` file, which serves the build above its gradle/ folder by its name alone (catalogRoot). */
const VERSIONS_TOML = /\.versions\.toml$/;

/**
 * The name a catalog file's entries are read under: its file name without `.versions.toml`
 * (`libs`); a catalog of another name, read because a settings file creates one from it
 * (`ai-deps.toml`), without `.toml` and with its dots as `_`, so that it stays one segment of an
 * accessor (the settings file's name for it replaces it: resolveGradle).
 */
function catalogName(path: string): string {
  const base = baseName(path);
  return VERSIONS_TOML.test(base) ? base.replace(VERSIONS_TOML, '') : base.replace(/\.toml$/i, '').replace(/\./g, '_');
}

/**
 * Gradle version catalog: the [libraries] table, with [versions] references resolved, each entry
 * with the accessors that declare it (its alias's and its [bundles]'). The catalog's name is the
 * file's (`libs` for gradle/libs.versions.toml, Gradle's default; another catalog is named in
 * settings.gradle, by its file name as a rule). A TOML file of any other name is read as a catalog
 * only when a settings file creates one from it (src/inventory/gradle-catalogs.ts), and serves
 * only the builds of those settings files.
 */
export function readVersionCatalog(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'maven');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  const versions = isRecord(doc.data.versions) ? doc.data.versions : {};
  // A `ref` leads to [versions]; one that leads back to itself (`a = { ref = "a" }`) ends.
  const versionOf = (v: unknown, depth = 0): string | undefined => {
    if (typeof v === 'string') return v;
    if (isRecord(v)) {
      if (typeof v.ref === 'string') return depth < 8 && Object.hasOwn(versions, v.ref) ? versionOf(versions[v.ref], depth + 1) : undefined;
      return str(v.strictly) ?? str(v.require) ?? str(v.prefer);
    }
    return undefined;
  };
  const libs = doc.data.libraries;
  if (!isRecord(libs)) return c.result();
  const catalog = catalogName(path);
  const bundlesOf = new Map<string, string[]>(); // a library's accessor → those of its bundles
  for (const [bundle, members] of Object.entries(isRecord(doc.data.bundles) ? doc.data.bundles : {})) {
    if (!Array.isArray(members)) {
      c.warn(`bundles.${bundle}: not an array of aliases`);
      continue;
    }
    for (const m of members) {
      if (typeof m !== 'string') continue;
      pushTo(bundlesOf, accessorOf(catalog, m), accessorOf(`${catalog}.bundles`, bundle));
    }
  }
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
      if (range === undefined && typeof spec['version.ref'] === 'string') range = versionOf({ ref: spec['version.ref'] });
    }
    if (name === undefined) {
      c.warn(`libraries.${alias}: no module coordinates`);
      continue;
    }
    const own = accessorOf(catalog, alias);
    if (!c.add({ name, range, version: plainVersion(range), line: keyLine(doc, ['libraries'], alias), accessors: [own, ...(bundlesOf.get(own) ?? [])] })) break;
  }
  return c.result();
}

const ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** A java.util.Properties key or value with its escapes undone; undefined for a malformed `\uxxxx`. */
function unescapeProperty(s: string): string | undefined {
  if (!s.includes('\\')) return s;
  let bad = false;
  const out = s.replace(/\\(?:u([0-9A-Fa-f]{4})|(u)|(.))/g, (_m, hex: string | undefined, u: string | undefined, ch: string | undefined) => {
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    if (u !== undefined) bad = true;
    return ch === undefined ? '' : (ESCAPES[ch] ?? ch);
  });
  return bad ? undefined : out;
}

/** A value that may be a version (`1.0.0`, `0.35.0-beta5`, `[1.0,2.0)`, `latest.release`). */
const VERSION_LIKE = /^(?:\d|[[(]|latest\.)/;

/**
 * gradle.properties, as java.util.Properties reads it: `key=value`, `key: value` or `key value`
 * lines, `#` and `!` comments, a `\` at the end of a line going on on the next, escapes (a
 * malformed `\uxxxx` is a warning and its line is skipped). No dependency of its own: the values
 * are for the build files in its folder and below (resolveGradle), so they go in `workspace`;
 * only those shaped like versions, without trailing blanks (the file is also where credentials
 * go: signing.password, ossrhToken).
 */
export function readGradleProperties(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'maven');
  const lines = splitLines(boundText(text, c));
  const props = new Map<string, string>();
  const lead = (l: string): string => l.replace(/^[ \t\f]+/, '');
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let line = lead(lines[i]!);
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while ((/\\*$/.exec(line)?.[0].length ?? 0) % 2 === 1) {
      line = line.slice(0, -1);
      if (i + 1 >= lines.length) break;
      line += lead(lines[++i]!);
    }
    const m = /^((?:\\.|[^\s=:\\])*)[ \t\f]*[=:]?[ \t\f]*(.*)$/.exec(line);
    const key = unescapeProperty(m?.[1] ?? '');
    const value = unescapeProperty(m?.[2] ?? '')?.trimEnd();
    if (key === undefined || value === undefined) c.warn(`line ${first}: malformed \\uxxxx escape`);
    else if (key !== '' && VERSION_LIKE.test(value)) props.set(key, value);
  }
  if (props.size > 0) c.workspace = { path, ecosystem: 'maven', properties: Object.fromEntries(props) };
  return c.result();
}

/** A catalog file's path longer than this names none (as a pom's <relativePath>). */
const MAX_CATALOG_PATH = 4096;

/**
 * A catalog created from a file in settings.gradle(.kts): Kotlin `create("libs") { from(files("…")) }`,
 * Groovy `libs { from(files('…')) }` (or `create('libs') { … }`).
 */
const CATALOG_FROM = /(?:\bcreate\s*\(\s*["']([A-Za-z]\w*)["']\s*\)|\b([A-Za-z]\w*))\s*\{\s*from\s*\(\s*files?\s*\(\s*["']([^"'\n]+)["']\s*\)\s*\)/g;

/**
 * settings.gradle(.kts): the version catalogs it creates from files, name → path relative to the
 * scan root (the file's path is relative to the settings file's folder, as Gradle resolves it).
 * A path that leaves the scan root, is absolute or is longer than MAX_CATALOG_PATH names none. A
 * catalog from a published artifact (`from("g:a:v")`) is outside the scan. Its dependencies are
 * those of its own classpath (`buildscript { dependencies { classpath(…) } }`, `classpath:
 * 'settings'`), which settings-gradle.lockfile locks; the catalogs go in `workspace` (resolveGradle), with the builds it includes
 * (`includeBuild("build-logic")`: whose convention plugins its projects may apply) and the folders
 * of its projects (settingsProjects).
 */
export function readGradleSettings(path: string, text: string): ManifestResult {
  // Its build script classpath (`buildscript { dependencies { classpath(…) } }`), which
  // settings-gradle.lockfile locks, read as a build file's; it declares nothing else.
  const script = readGradle(path, text);
  const c = new Collector(path, 'maven');
  for (const w of script.warnings) c.warn(w);
  for (const d of script.deps) if (d.classpath === 'settings' && !c.add(d)) break;
  // (readGradle warned already of a text over the limit.)
  const { text: src, code } = gradleCode(boundText(text, new Collector(path, 'maven')), path.endsWith('.kts'));
  const catalogs = new Map<string, string>();
  for (const m of src.matchAll(CATALOG_FROM)) {
    if (code[m.index + m[0].indexOf('from')] !== 1) continue;
    const name = (m[1] ?? m[2])!;
    const file = fromSettings(path, m[3]!);
    if (file !== undefined && file !== '' && !catalogs.has(name)) catalogs.set(name, file);
  }
  const included = new Set<string>();
  for (const m of src.matchAll(INCLUDE_BUILD)) {
    if (included.size >= MAX_PLUGINS) break;
    const dir = code[m.index] === 1 ? fromSettings(path, m[2]!) : undefined;
    if (dir !== undefined && dir !== dirName(path)) included.add(dir);
  }
  const projects = [...settingsProjects(path, src, code).values()].filter((dir): dir is string => dir !== undefined && dir !== dirName(path));
  // Always a workspace: a settings file makes its folder a build of its own (buildMembership).
  c.workspace = { path, ecosystem: 'maven' };
  if (catalogs.size > 0) c.workspace.catalogs = Object.fromEntries(catalogs);
  if (included.size > 0) c.workspace.includedBuilds = [...included];
  if (projects.length > 0) c.workspace.projects = [...new Set(projects)];
  return c.result();
}

/**
 * `include(":app", ":tools:gen")`, `include ':app', 'lib'`, `includeFlat("sibling")`: the quoted
 * project paths (names for includeFlat), a list over lines too.
 */
const INCLUDE_PROJECTS = /\binclude(Flat)?\s*(?:\(\s*)?((?:["'][^"'\n]*["'][ \t]*,\s*)*["'][^"'\n]*["'])/g;
/**
 * `project(":app").projectDir = `, `findProject(":app")?.projectDir = ` (Groovy and Kotlin alike):
 * a project's folder set in a settings file; the value after it is read by PROJECT_DIR_VALUE.
 */
const PROJECT_DIR = /\b(?:project|findProject)\s*\(\s*(["'])([^"'\n]*)\1\s*\)\s*\??\.\s*projectDir\s*=\s*/g;
/**
 * A folder written as a plain literal, relative to the settings file's folder: `file("modules/app")`,
 * `new File(rootDir, 'modules/app')` / `File(settingsDir, "../app")` (Groovy / Kotlin) and
 * `rootDir.resolve("modules/app")`, then the statement's end. Anything else (a `$` template, a
 * concatenation, a variable) is no literal.
 */
const PROJECT_DIR_VALUE =
  /(?:file\s*\(\s*|(?:new\s+)?File\s*\(\s*(?:rootDir|settingsDir|rootProject\s*\.\s*projectDir)\s*,\s*|(?:rootDir|settingsDir)\s*\.\s*resolve\s*\(\s*)(["'])([^"'$\n]*)\1\s*\)[ \t]*(?=$|[\r\n;}])/y;
/** Project folders read per settings file. */
const MAX_PROJECTS = 10_000;

/**
 * The projects a settings file includes, by path (`:tools:gen`) → folder relative to the scan root,
 * undefined when it is outside the scan. A project's folder is its default one (`:tools:gen` is
 * tools/gen below the settings file's folder; includeFlat's `:sibling` is ../sibling beside it)
 * unless a `projectDir` assignment with a literal path moves it (the last one wins; one naming a
 * project no include names includes it, as Gradle would fail on it otherwise). A path of `.` or
 * `..` segments is none; an assignment whose value is no literal (PROJECT_DIR_VALUE) is skipped,
 * so that project keeps its default folder.
 */
function settingsProjects(path: string, src: string, code: Uint8Array): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const segments = (p: string): string[] | undefined => {
    const parts = p.replace(/^:+/, '').split(/:+/);
    return parts.every((s) => /^[\w.-]+$/.test(s) && s !== '.' && s !== '..') ? parts : undefined;
  };
  for (const m of src.matchAll(INCLUDE_PROJECTS)) {
    if (out.size >= MAX_PROJECTS) break;
    if (code[m.index] !== 1) continue;
    for (const q of m[2]!.matchAll(/["']([^"'\n]*)["']/g)) {
      const parts = segments(q[1]!);
      if (parts === undefined || (m[1] !== undefined && parts.length !== 1)) continue;
      out.set(`:${parts.join(':')}`, fromSettings(path, `${m[1] !== undefined ? '../' : ''}${parts.join('/')}`));
      if (out.size >= MAX_PROJECTS) break;
    }
  }
  for (const m of src.matchAll(PROJECT_DIR)) {
    const parts = segments(m[2]!);
    const key = `:${parts?.join(':')}`;
    if (code[m.index] !== 1 || parts === undefined || (out.size >= MAX_PROJECTS && !out.has(key))) continue;
    PROJECT_DIR_VALUE.lastIndex = m.index + m[0].length;
    const value = PROJECT_DIR_VALUE.exec(src);
    if (value !== null) out.set(key, fromSettings(path, value[2]!));
  }
  return out;
}

/** `includeBuild("build-logic")`, `includeBuild 'build-logic'` (in pluginManagement { } or at the top of a settings file). */
const INCLUDE_BUILD = /\bincludeBuild\s*(?:\(\s*)?(["'])([^"'\n]+)\1/g;

/**
 * A path a settings file names (a catalog file, an included build), relative to the scan root: as
 * Gradle resolves it, from the settings file's folder. None when it leaves the scan root, is
 * absolute, empty or longer than MAX_CATALOG_PATH.
 */
function fromSettings(settings: string, written: string): string | undefined {
  const rel = written.trim().replace(/\\/g, '/');
  if (rel === '' || rel.length > MAX_CATALOG_PATH || rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) return undefined;
  return joinDir(dirName(settings), rel);
}

const BUILD_FILE = /(?:^|\/)build\.gradle(?:\.kts)?$/;
/** A build file or a precompiled script plugin (isConventionPlugin). */
const GRADLE_SCRIPT = /\.gradle(?:\.kts)?$/;

/**
 * A precompiled script plugin: `*.gradle.kts` (Kotlin DSL) or `*.gradle` (Groovy) in an included
 * build's `src/main/kotlin` or `src/main/groovy` (buildSrc, build-logic/convention, …), build logic
 * that projects apply by its name (`plugins { id("my.java-conventions") }`); the dependencies it
 * declares are those of every project applying it, so it is read as a build file, and resolveGradle
 * gives them to the lockfiles of those projects (conventionAppliers).
 */
export function isConventionPlugin(path: string): boolean {
  return /(?:^|\/)src\/main\/(?:kotlin|groovy)\/(?:[^/]+\/)*[^/]+\.gradle(?:\.kts)?$/.test(path);
}

/**
 * What Gradle build files take from other files, for resolveVersions (entries it changes are
 * copies; the others are the same objects):
 * - A version a build file leaves as `$name` / `${name}` (its own assignments did not give it)
 *   takes the value of the gradle.properties in its folder, else of the nearest folder above
 *   whose gradle.properties defines the name (the root project's, which every project sees).
 * - A catalog accessor a build file names (`libs.langchain4j.open.ai`, `libs.bundles.ai`) becomes
 *   the catalog entries it stands for, with their coordinates and versions and the build file's
 *   line and scope; the catalog is the nearest whose build folder holds the build file and that
 *   has the accessor. A `*.versions.toml` catalog serves the build above its gradle/ folder
 *   under its file's name; any catalog file serves each build whose settings.gradle(.kts)
 *   creates a catalog from it (`WorkspaceRoot.catalogs`) under the name given there. An accessor no catalog has is dropped (a library that is not AI,
 *   or a catalog outside the scan: its coordinates are unknown).
 * - A catalog entry is no declaration of its own once a build file (or convention plugin) of a
 *   build it serves names a library or bundle of that catalog (any `libs.x` or
 *   `findLibrary("x")`, not `libs.versions.*` or `libs.plugins.*`): then only the entries they
 *   name are declared (through them). When none does, the entries stay declarations, at the
 *   catalog's lines: the build then takes them where this scan does not look (build files
 *   outside the scanned folder, names computed at run time), which is more common than a catalog
 *   nothing uses.
 * - A convention plugin's declarations land in the projects that apply it (conventionAppliers):
 *   they get those folders as `appliedIn`, whose lockfiles resolveVersions resolves them with.
 */
export function resolveGradle(deps: DeclaredDependency[], workspaces: readonly WorkspaceRoot[]): DeclaredDependency[] {
  const lockDirs = new Set(deps.flatMap((d) => (d.lockfile !== undefined && d.ecosystem === 'maven' ? [d.importer ?? dirName(d.lockfile)] : [])));
  let builds: Builds | undefined;
  const membership = (): Builds => (builds ??= buildMembership(workspaces, [...workspaces.map((w) => w.path), ...[...lockDirs].map((d) => `${d}/gradle.lockfile`)]));
  const appliers = conventionAppliers(workspaces, lockDirs, membership);
  // A project outside its build's folder (includeFlat, a projectDir moved out) is rare: the folders
  // above a project are its lineage unless a settings file names one.
  const outside = workspaces.some((w) => SETTINGS_FILE.test(w.path) && w.projects?.some((p) => !within(p, dirName(w.path))) === true);
  const resolved = resolveGradleFiles(deps, workspaces, outside ? membership().lineage : upFrom);
  if (appliers.size === 0) return resolved;
  return resolved.map((d) => {
    const appliedIn = appliers.get(d.path);
    return appliedIn === undefined || appliedIn.length === 0 || d.lockfile !== undefined ? d : { ...d, appliedIn };
  });
}

/** Whether `path` is `dir` or inside it ('' holds everything). */
function within(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

/** buildMembership's answers. */
interface Builds {
  /** The build a folder's project belongs to (its root folder). */
  buildOf: (dir: string) => string;
  /**
   * The folders whose gradle.properties, build file extras and catalogs a folder's project sees,
   * nearest first: those above it, but from a project a settings file places outside its build's
   * folder (includeFlat, a projectDir moved out) on to that build's folder and those above it.
   */
  lineage: (dir: string) => string[];
}

/**
 * Which build each folder's project belongs to: the build whose settings file names the folder as
 * a project (WorkspaceRoot.projects, where includeFlat and projectDir put them, inside the build's
 * folder or not; the deepest such build when several do), else that of the nearest build root at
 * or above it. A build root is a folder with a settings.gradle(.kts) (a build of its own, even
 * below another build's folder or its buildSrc, unless the settings file of the build around it,
 * or of another build, includes that folder as a project), an included build
 * (`includeBuild("build-logic")`), a `buildSrc` folder (a build of its own) and the folder above
 * it (the build it serves), and the scan root.
 * `paths`: the files whose buildSrc folders count (workspaces and lockfile folders).
 */
function buildMembership(workspaces: readonly WorkspaceRoot[], paths: Iterable<string>): Builds {
  const roots = new Set<string>(['']);
  for (const w of workspaces) for (const b of w.includedBuilds ?? []) roots.add(b);
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      if (parts[i] !== 'buildSrc') continue;
      roots.add(parts.slice(0, i + 1).join('/'));
      roots.add(parts.slice(0, i).join('/'));
    }
  }
  // Settings folders, outer ones first: one is a build of its own unless the build around it
  // includes it as a project (`include(":tools")` in the outer settings file).
  const settings = new Map<string, ReadonlySet<string>>(); // settings folder → the project folders it includes
  for (const w of workspaces) if (SETTINGS_FILE.test(w.path)) settings.set(dirName(w.path), new Set(w.projects ?? []));
  const depth = (dir: string): number => (dir === '' ? 0 : dir.split('/').length);
  const outerFirst = [...settings.keys()].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  const fixed = new Set(roots);
  for (const dir of outerFirst) {
    if (roots.has(dir)) continue;
    let outer = dirName(dir);
    while (!roots.has(outer)) outer = dirName(outer);
    if (settings.get(outer)?.has(dir) !== true) roots.add(dir);
  }
  // Then the project folders those builds name (one that holds its build's folder is none), the
  // deepest build's winning, and a settings folder among them is no build of its own either
  // (one another build names out of its folder, includeFlat's sibling with a settings file).
  const claims = new Map<string, string>(); // project folder → the build whose settings file names it
  for (const dir of outerFirst) {
    if (!roots.has(dir)) continue;
    for (const p of settings.get(dir)!) if (!within(dir, p)) claims.set(p, dir);
  }
  for (const dir of outerFirst) if (claims.has(dir) && !fixed.has(dir)) roots.delete(dir);
  for (const [p, build] of claims) if (!roots.has(build)) claims.delete(p);
  // Each folder's answer is kept, so a walk up stops at the first folder already answered.
  const memo = new Map<string, string>();
  const buildOf = (dir: string): string => {
    const walked: string[] = [];
    let d = dir;
    let build = memo.get(d);
    while (build === undefined) {
      if (roots.has(d)) build = d;
      else if (claims.has(d)) build = claims.get(d)!;
      else if (d === '') build = '';
      else {
        walked.push(d);
        d = dirName(d);
        build = memo.get(d);
        continue;
      }
      memo.set(d, build);
    }
    for (const w of walked) memo.set(w, build);
    return build;
  };
  const lineage = (dir: string): string[] => {
    const out: string[] = [];
    for (let d = dir; ; d = dirName(d)) {
      out.push(d);
      const build = claims.get(d);
      if (build !== undefined && !within(d, build)) return [...out, ...upFrom(build)];
      if (d === '') return out;
    }
  };
  return { buildOf, lineage };
}

/** The folder of a precompiled script plugin's project: the one above its `src/main/kotlin|groovy`. */
function pluginProject(path: string): string {
  const m = /(?:^|\/)src\/main\/(?:kotlin|groovy)\//.exec(path);
  return m === null ? dirName(path) : path.slice(0, m.index);
}

/**
 * The projects each convention plugin's declarations land in: plugin file → the folders of the
 * build files that apply its id (WorkspaceRoot.plugins), directly or through other convention
 * plugins that do, sorted. A precompiled script plugin is visible to the build that its own build
 * serves (buildMembership gives each project its build): a buildSrc's to the build whose folder
 * holds it, an included build's to the build of each settings file that includes it
 * (`includeBuild("build-logic")`: WorkspaceRoot.includedBuilds); only the projects of that build
 * apply it, never those of a separate build below it (a folder with its own settings file) nor of
 * the plugin's own build; a convention plugin may apply another of its own build. A build file
 * that applies it in `subprojects { }` / `allprojects { }` (WorkspaceRoot.subprojectPlugins)
 * gives the projects of its build below it that have a Gradle lockfile (`lockDirs`: a project
 * configured from above may have no build file); the root project's build file gives all of its
 * build's, those outside its folder too. A plugin no build file applies (or one whose
 * build is outside the scan) lands nowhere: its declarations keep their own folder.
 */
function conventionAppliers(workspaces: readonly WorkspaceRoot[], lockDirs: ReadonlySet<string>, membership: () => Builds): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const plugins = workspaces.filter((w) => w.pluginId !== undefined && !isCorePlugin(w.pluginId));
  if (plugins.length === 0) return out;
  const byId = new Map<string, WorkspaceRoot[]>(); // plugin id → the scripts applying it
  const belowById = new Map<string, WorkspaceRoot[]>(); // plugin id → the build files applying it to the projects below them
  for (const w of workspaces) for (const id of w.plugins ?? []) pushTo(byId, id, w);
  for (const w of workspaces) if (BUILD_FILE.test(w.path)) for (const id of w.subprojectPlugins ?? []) pushTo(belowById, id, w);
  const { buildOf } = membership();
  const includers = new Map<string, string[]>(); // included build → the builds whose settings include it
  for (const w of workspaces) for (const b of w.includedBuilds ?? []) pushTo(includers, b, buildOf(dirName(w.path)));
  /** The builds a plugin file serves, and the plugin's own build. */
  const servedBy = (plugin: string): { own: string; served: string[] } => {
    const own = buildOf(pluginProject(plugin));
    return { own, served: [...(baseName(own) === 'buildSrc' ? [dirName(own)] : []), ...(includers.get(own) ?? [])] };
  };
  let steps = 0; // bounded: a tree of thousands of plugins applying each other links what it can in MAX_LINK_STEPS
  for (const start of plugins) {
    const into = new Set<string>();
    const seen = new Set([start.path]);
    const todo = [start];
    while (todo.length > 0 && steps < MAX_LINK_STEPS) {
      const plugin = todo.pop()!;
      const { own, served } = servedBy(plugin.path);
      for (const root of served) {
        for (const w of byId.get(plugin.pluginId!) ?? []) {
          steps++;
          if (w.pluginId === undefined) {
            if (BUILD_FILE.test(w.path) && buildOf(dirName(w.path)) === root) into.add(dirName(w.path));
          } else if (!seen.has(w.path) && [root, own].includes(buildOf(pluginProject(w.path)))) {
            seen.add(w.path);
            todo.push(w);
          }
        }
        // `subprojects { apply(plugin = "x") }`: the projects of its build below that build file,
        // all of them for the root project's (their lockfiles' folders: a subproject configured
        // from above may have no build file).
        for (const w of belowById.get(plugin.pluginId!) ?? []) {
          const top = dirName(w.path);
          if (buildOf(top) !== root) continue;
          for (const dir of lockDirs) {
            steps++;
            if (dir !== top && (top === root || within(dir, top)) && buildOf(dir) === root) into.add(dir);
          }
        }
      }
    }
    out.set(start.path, [...into].sort());
  }
  return out;
}

/**
 * Gradle's core plugins, by the short id a build applies them with (`java-library`, the
 * `org.gradle.java-library` plugin): the core plugin resolver answers these ids first, and since
 * Gradle 7.3 a precompiled script plugin may neither take one as its name nor live in the
 * `org.gradle` package (gradle/gradle#18279), so such an id never applies a convention plugin.
 */
const CORE_PLUGINS: ReadonlySet<string> = new Set(
  (
    'antlr application assembler assembler-lang base binary-base build-dashboard build-init c c-lang checkstyle clang-compiler codenarc ' +
    'component-base component-model-base cpp cpp-application cpp-lang cpp-library cpp-unit-test cunit cunit-test-suite distribution ear ' +
    'eclipse eclipse-wtp gcc-compiler google-test google-test-test-suite groovy groovy-base groovy-gradle-plugin help-tasks idea ' +
    'ivy-publish jacoco jacoco-report-aggregation java java-base java-gradle-plugin java-library java-library-distribution java-platform ' +
    'java-test-fixtures jvm-ecosystem jvm-test-suite jvm-toolchain-management jvm-toolchains language-base lifecycle-base maven-publish ' +
    'microsoft-visual-cpp-compiler native-component native-component-model objective-c objective-c-lang objective-cpp objective-cpp-lang ' +
    'pmd project-report project-reports publishing reporting-base scala scala-base signing standard-tool-chains swift-application ' +
    'swift-library swiftpm-export test-report-aggregation test-suite-base version-catalog visual-studio war windows-resource-script ' +
    'windows-resources wrapper xcode xctest'
  ).split(' '),
);

/** Whether a plugin id is a Gradle core plugin's (CORE_PLUGINS, or any `org.gradle.` id). */
function isCorePlugin(id: string): boolean {
  return CORE_PLUGINS.has(id) || id.startsWith('org.gradle.');
}

/** Links conventionAppliers follows per scan (plugin → a script applying it). */
const MAX_LINK_STEPS = 1_000_000;

/** resolveGradle's links between build files, properties and catalogs. */
function resolveGradleFiles(deps: DeclaredDependency[], workspaces: readonly WorkspaceRoot[], lineage: (dir: string) => string[]): DeclaredDependency[] {
  const props = new Map<string, Map<string, string>>();
  const extras = new Map<string, Map<string, string>>(); // folder → the extra properties of its build file
  for (const w of workspaces) {
    if (w.properties === undefined) continue;
    if (baseName(w.path) === 'gradle.properties') props.set(dirName(w.path), new Map(Object.entries(w.properties)));
    else if (BUILD_FILE.test(w.path)) {
      const m = extras.get(dirName(w.path)) ?? new Map<string, string>();
      for (const [k, v] of Object.entries(w.properties)) if (!m.has(k)) m.set(k, v);
      extras.set(dirName(w.path), m);
    }
  }
  const entries = new Map<string, Map<string, DeclaredDependency[]>>(); // build folder → accessor → catalog entries
  const used = new Set<string>(); // build folder \0 catalog name, for each catalog a build file below names
  const catalogOf = (accessor: string): string => accessor.slice(0, accessor.indexOf('.'));
  const imports = new Map<string, Array<[root: string, name: string]>>(); // catalog file → the builds whose settings create a catalog from it
  for (const w of workspaces) for (const [name, file] of Object.entries(w.catalogs ?? {})) pushTo(imports, file, [dirName(w.path), name]);
  /**
   * The builds a catalog entry serves, each with the catalog's name there: for a
   * `*.versions.toml`, the build above its gradle/ folder under its file's name; and those whose
   * settings create a catalog from the file.
   */
  const servesOf = (d: DeclaredDependency): Array<[root: string, name: string]> => {
    const imported = imports.get(d.path) ?? [];
    if (!VERSIONS_TOML.test(d.path)) return imported;
    const own: [string, string] = [catalogRoot(d.path), catalogOf(d.accessors?.[0] ?? '')];
    return [own, ...imported.filter(([r, n]) => r !== own[0] || n !== own[1])];
  };
  for (const d of deps) {
    if (d.accessor !== undefined) for (const up of lineage(dirName(d.path))) used.add(`${up}\0${catalogOf(d.accessor)}`);
    if (d.accessors === undefined) continue;
    for (const [root, name] of servesOf(d)) {
      let byAccessor = entries.get(root);
      if (byAccessor === undefined) entries.set(root, (byAccessor = new Map()));
      for (const a of d.accessors) pushTo(byAccessor, name + a.slice(a.indexOf('.')), d);
    }
  }
  if (props.size === 0 && extras.size === 0 && entries.size === 0 && used.size === 0) return deps;
  return deps.flatMap((d): DeclaredDependency[] => {
    if (d.accessors !== undefined) {
      if (servesOf(d).some(([root, name]) => used.has(`${root}\0${name}`))) return [];
      const entry = { ...d };
      delete entry.accessors;
      return [entry];
    }
    const accessor = d.accessor;
    if (accessor !== undefined) {
      const named = lineage(dirName(d.path)).map((up) => entries.get(up)?.get(accessor)).find((l) => l !== undefined) ?? [];
      return named.map((e) => {
        const out: DeclaredDependency = { ...d, name: e.name };
        delete out.accessor;
        if (e.range !== undefined) out.range = e.range;
        if (e.version !== undefined) out.version = e.version;
        return out;
      });
    }
    if (d.ecosystem !== 'maven' || d.range?.includes('$') !== true || !GRADLE_SCRIPT.test(d.path)) return [d];
    // Per folder from the build file's up: its gradle.properties, then (above the build file's own
    // folder, whose extra properties it applied itself) the extra properties of its build file.
    const own = dirName(d.path);
    const dirs = lineage(own);
    const range = expandGradle(d.range, (k) => dirs.map((dir) => props.get(dir)?.get(k) ?? (dir === own ? undefined : extras.get(dir)?.get(k))).find((v) => v !== undefined));
    if (range === d.range) return [d];
    const out: DeclaredDependency = { ...d, range };
    const version = range.includes('$') ? undefined : plainVersion(range);
    if (version !== undefined) out.version = version;
    return [out];
  });
}

/** A legacy per-configuration lockfile (Gradle < 6.0): `gradle/dependency-locks/<configuration>.lockfile`. */
const LEGACY_LOCKFILE = /(?:^|\/)gradle\/dependency-locks\/([^/]+)\.lockfile$/;

/** Whether the path is a Gradle dependency lockfile: gradle.lockfile, buildscript-gradle.lockfile, settings-gradle.lockfile or a legacy per-configuration one. */
export function isGradleLockfile(path: string): boolean {
  const base = baseName(path);
  return base === 'gradle.lockfile' || base === 'buildscript-gradle.lockfile' || base === 'settings-gradle.lockfile' || LEGACY_LOCKFILE.test(path.replace(/\\/g, '/'));
}

/**
 * The classpath a Gradle lockfile locks when it is not the project's: `buildscript` for
 * buildscript-gradle.lockfile and a legacy gradle/dependency-locks/buildscript-*.lockfile (the build
 * script's `classpath`), `settings` for settings-gradle.lockfile (Gradle 6.8+: the settings
 * script's classpath, beside settings.gradle(.kts)). Undefined for a project's lockfile (and any
 * other file).
 */
export function lockedClasspath(path: string): Classpath | undefined {
  const base = baseName(path);
  if (base === 'settings-gradle.lockfile') return 'settings';
  if (base === 'buildscript-gradle.lockfile' || LEGACY_LOCKFILE.exec(path.replace(/\\/g, '/'))?.[1]?.startsWith('buildscript-') === true) return 'buildscript';
  return undefined;
}

/**
 * Scope of a configuration a lockfile names. A source set's resolved classpaths
 * (`compileClasspath`, `runtimeClasspath`, `<sourceSet>CompileClasspath` /
 * `<sourceSet>RuntimeClasspath`, Kotlin/Native `<target>CompileKlibraries`) are what the code
 * compiles and runs with: test when the source set is a test one (`test`, `integrationTest`,
 * `testFixtures`, Android's `debugUnitTest` / `debugAndroidTest`), else runtime (`main`, Android
 * variants such as `release`, Spring Boot's `productionRuntimeClasspath`). Any other
 * configuration is a tool's (`classpath` of a buildscript, `annotationProcessor`, `kapt`, `ksp`,
 * `kotlinCompilerClasspath`, `detekt`, `jacocoAgent`, `checkstyle`, lint): build.
 */
export function lockedConfigurationScope(conf: string): Scope {
  const m = /^(.*?)(?:compileClasspath|runtimeClasspath|CompileClasspath|RuntimeClasspath|CompileKlibraries)$/.exec(conf);
  if (m === null) return 'build';
  return /test/i.test(m[1]!) ? 'test' : 'runtime';
}

/** The scope of an entry locked for these configurations: runtime when one is, else test when one is, else build. */
function lockedScope(confs: readonly string[]): Scope {
  let scope: Scope = 'build';
  for (const conf of confs) {
    const s = lockedConfigurationScope(conf);
    if (s === 'runtime') return s;
    if (s === 'test') scope = s;
  }
  return scope;
}

/**
 * Gradle dependency lockfiles (dependency locking, `gradle dependencies --write-locks`):
 * gradle.lockfile of a project (beside its build file), buildscript-gradle.lockfile (the build
 * script's classpath: scope build), settings-gradle.lockfile (the settings script's: build) and, before Gradle 6.0, one file per configuration,
 * `gradle/dependency-locks/<configuration>.lockfile` (a `buildscript-` name is the build script's).
 * Lines (all three current files alike): `# comment`, `group:artifact:version=conf1,conf2` (the
 * configurations give the scope, lockedScope), `empty=conf1,conf2` (configurations that resolve
 * nothing); settings-gradle.lockfile's configurations are `classpath` (the settings script's, with
 * its plugins' markers) and `incomingCatalogFor<Name>0` (a version catalog imported from a
 * published artifact: an entry locked for those only is a catalog, not read); the legacy files'
 * lines are `group:artifact:version`, of the file's configuration. Every entry is locked
 * (`lockfile`): resolveVersions gives its version to the project's declarations of the same
 * artifact (a range such as `1.+`, a version a platform or BOM manages), and an entry no
 * declaration takes stays as a transitive one. A legacy file's project is the folder above its
 * gradle/ folder (`importer`). A malformed line (not three non-empty parts, no configuration) is
 * skipped with a warning naming its line.
 */
export function readGradleLockfile(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'maven');
  const legacy = LEGACY_LOCKFILE.exec(path.replace(/\\/g, '/'));
  const legacyConf = legacy?.[1]?.replace(/^buildscript-/, '');
  const buildscript = lockedClasspath(path) !== undefined;
  const importer = legacy === null ? undefined : dirName(dirName(dirName(path)));
  const lines = splitLines(boundText(text, c));
  for (let i = 0; i < lines.length && !c.isFull; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const coords = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (coords === 'empty') continue;
    const parts = coords.split(':', 4);
    if (parts.length !== 3 || parts.some((p) => p === '' || /\s/.test(p))) {
      c.warn(`line ${i + 1}: not group:artifact:version`);
      continue;
    }
    const confs = eq < 0 ? (legacyConf === undefined ? [] : [legacyConf]) : line.slice(eq + 1).split(',', MAX_LOCK_CONFS).map((s) => s.trim()).filter((s) => s !== '');
    if (confs.length === 0) {
      c.warn(`line ${i + 1}: no configuration`);
      continue;
    }
    // A published version catalog a settings file imports (`from("g:a:v")`) is locked in
    // settings-gradle.lockfile for `incomingCatalogFor<Name>0`: a TOML file, no library.
    if (confs.every((conf) => INCOMING_CATALOG.test(conf))) continue;
    c.add({ name: `${parts[0]}:${parts[1]}`, version: parts[2], line: i + 1, scope: buildscript ? 'build' : lockedScope(confs), lockfile: path, importer });
  }
  return c.result();
}

/** The configuration that resolves a published version catalog (`incomingCatalogForLibs0`). */
const INCOMING_CATALOG = /^incomingCatalogFor[A-Z]\w*$/;

/** Configurations read per lockfile line (a line lists those of one project: a few dozen). */
const MAX_LOCK_CONFS = 1000;
