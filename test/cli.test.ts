import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, DEMO, suiteTrees } from './support/paths.js';
import { lantern } from './support/run.js';

/** Plain data: only the info-level format finding. */
const PICKLE = Buffer.from('80049515000000000000007d94288c016194284b014b02658c01629443017894752e', 'hex');
/** os.system('echo hi') written as opcodes: a critical finding. */
const EVIL = Buffer.from('80048c026f738c0673797374656d938c076563686f20686985522e', 'hex');

describe('lantern CLI', () => {
  const { tree, keep } = suiteTrees();

  it('prints its version and help, exit 0', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const v = lantern(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), pkg.version);
    const h = lantern(['scan', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /--fail-on <severity>/);
    assert.match(h.stdout, /--exclude <glob>/);
  });

  it('runs through a bin link, as npx and node_modules/.bin call it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-bin-'));
    keep(dir);
    symlinkSync(CLI, join(dir, 'lantern'));
    const r = spawnSync(join(dir, 'lantern'), ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  });

  it('exit 2 with one clear line when a setting would silently drop a policy or cannot be met', () => {
    const cfgTree = (yml: string) => tree({ '.lantern.yml': yml, 'app.py': 'import anthropic\n' });
    const blocked = tree({ file: 'x', 'app.py': 'import openai\n' });
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['scan', DEMO, '-f', 'json', '-o', '/dev/null'], { LANTERN_SHADOW_AI: 'ture' }, /LANTERN_SHADOW_AI: 'ture' is not on or off/],
      [['scan', DEMO, '-f', 'json', '-o', '/dev/null'], { LANTERN_ONLINE: 'maybe' }, /LANTERN_ONLINE: 'maybe' is not on or off/],
      [['scan', DEMO, '-c', '', '-f', 'json', '-o', '/dev/null'], {}, /-c\/--config needs a file name/],
      [['scan', DEMO, '--threads', '999999', '-f', 'json', '-o', '/dev/null'], {}, /--threads: '999999' is not a whole number from 0 to 256/],
      [['scan', DEMO, '--threads', '0x4', '-f', 'json', '-o', '/dev/null'], {}, /--threads: '0x4'/],
      [['scan', cfgTree('rules:\n  sdk/unaproved-provider: high\n'), '-f', 'json', '-o', '/dev/null'], {}, /rules: no rule 'sdk\/unaproved-provider'/],
      [['scan', cfgTree('ignore:\n  - path: "x/**"\n    reason: r\n    expires: "2026-02-30"\n'), '-f', 'json', '-o', '/dev/null'], {}, /'ignore\[0\]\.expires' 2026-02-30 is not a date/],
      [['scan', DEMO, '-c', blocked, '-f', 'json', '-o', '/dev/null'], {}, /cannot read the config file: it is a directory/],
      [['scan', DEMO, '-f', 'json', '-o', join(blocked, 'file', 'out.json')], {}, /cannot write .*out\.json: a file is in the way of a folder on the path/],
      [['scan', DEMO, '-f', 'json', '-o', '/dev/null', '--write-baseline', blocked], {}, /cannot write .*: it is a directory/],
    ];
    for (const [args, env, want] of cases) {
      const r = lantern(args, { env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, want);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, r.stderr);
    }
  });

  it("-o - writes to standard output, not to a file named '-'", () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-dash-'));
    keep(dir);
    const r = lantern(['scan', DEMO, '-f', 'json', '-o', '-', '--fail-on', 'none'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Array.isArray((JSON.parse(r.stdout) as { components: unknown[] }).components));
    assert.equal(existsSync(join(dir, '-')), false);
    const rules = lantern(['rules', '-f', 'json', '-o', '-'], { cwd: dir });
    assert.equal(rules.code, 0, rules.stderr);
    assert.ok(JSON.parse(rules.stdout));
    assert.equal(existsSync(join(dir, '-')), false);
    const two = lantern(['scan', DEMO, '-f', 'json,sarif', '-o', '-'], { cwd: dir });
    assert.equal(two.code, 2);
    assert.match(two.stderr, /several formats .* need --output <dir> \('-' is standard output, which holds one\)/);
  });

  it('exit 2 on usage errors: unknown option, unknown format, bad severity, missing path', () => {
    for (const args of [['scan', '--nope'], ['scan', DEMO, '--format', 'pdf'], ['scan', DEMO, '--fail-on', 'severe'], ['scan', '/does/not/exist'], ['frobnicate']]) {
      const r = lantern(args);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
      assert.ok(r.stderr.length > 0, 'explains itself on stderr');
      assert.equal(r.stdout, '');
    }
  });

  it('exit 1 when a finding is at or over --fail-on, 0 otherwise', () => {
    const benign = tree({ 'm/weights.dat': PICKLE });
    assert.equal(lantern(['scan', benign, '-f', 'json', '--fail-on', 'info']).code, 1, 'the info-level format finding');
    assert.equal(lantern(['scan', benign, '-f', 'json', '--fail-on', 'low']).code, 0);
    assert.equal(lantern(['scan', benign, '-f', 'json']).code, 0, 'default threshold is high');
    const evil = tree({ 'm/weights.dat': EVIL });
    assert.equal(lantern(['scan', evil, '-f', 'json', '--fail-on', 'critical']).code, 1);
    assert.equal(lantern(['scan', evil, '-f', 'json']).code, 1, 'default threshold is high');
    assert.equal(lantern(['scan', evil, '-f', 'json', '--fail-on', 'none']).code, 0);
  });

  it('defaults to CycloneDX JSON when stdout is not a terminal', () => {
    const r = lantern(['scan', DEMO]);
    const bom = JSON.parse(r.stdout) as { bomFormat: string; specVersion: string };
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.equal(bom.specVersion, '1.6');
  });

  it('writes one file per format into an --output directory; several formats without it is an error', () => {
    const out = mkdtempSync(join(tmpdir(), 'lantern-out-'));
    keep(out);
    const r = lantern(['scan', DEMO, '-f', 'cyclonedx-json,cyclonedx-xml,sarif,json,table', '-o', out, '-q', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', '--quiet prints nothing');
    for (const f of ['lantern.cdx.json', 'lantern.cdx.xml', 'lantern.sarif', 'lantern.json', 'lantern.txt']) assert.ok(existsSync(join(out, f)), f);
    const bad = lantern(['scan', DEMO, '-f', 'json,sarif']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /need --output/);
  });

  it('writes a single format to an --output file', () => {
    const out = join(keep(mkdtempSync(join(tmpdir(), 'lantern-out-'))), 'nested', 'bom.xml');
    const r = lantern(['scan', DEMO, '-f', 'cyclonedx-xml', '-o', out, '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, 'utf8'), /<bom xmlns="http:\/\/cyclonedx.org\/schema\/bom\/1.6"/);
  });

  it('reads .lantern.yml; a wrong key is a clear error naming the key', () => {
    const r = tree({ '.lantern.yml': 'failOn: info\n', 'w.dat': PICKLE });
    assert.equal(lantern(['scan', r, '-f', 'json']).code, 1, 'failOn from the file');
    writeFileSync(join(r, '.lantern.yml'), 'failon: medium\n');
    const bad = lantern(['scan', r, '-f', 'json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown key 'failon' \(did you mean 'failOn'\?\)/);
    writeFileSync(join(r, '.lantern.yml'), 'failOn: severe\n');
    assert.match(lantern(['scan', r, '-f', 'json']).stderr, /'failOn' must be equal to one of the allowed values/);
    writeFileSync(join(r, '.lantern.yml'), 'rules:\n  model/pickle-based-format: { severity: high }\n');
    assert.equal(lantern(['scan', r, '-f', 'json']).code, 2, 'nested wrong shape is an error');
  });

  it('precedence: flags over env over file over defaults', () => {
    const r = tree({ '.lantern.yml': 'failOn: info\nexclude: ["skip/**"]\n', 'w.dat': PICKLE, 'skip/x.dat': PICKLE });
    assert.equal(lantern(['scan', r, '-f', 'json']).code, 1);
    assert.equal(lantern(['scan', r, '-f', 'json'], { env: { LANTERN_FAIL_ON: 'high' } }).code, 0, 'env over file');
    assert.equal(lantern(['scan', r, '-f', 'json', '--fail-on', 'info'], { env: { LANTERN_FAIL_ON: 'high' } }).code, 1, 'flag over env');
    const doc = JSON.parse(lantern(['scan', r, '-f', 'json']).stdout) as { findings: { location: { path: string } }[] };
    assert.deepEqual(doc.findings.map((f) => f.location.path), ['w.dat'], 'exclude from the file applies');
    const fmt = lantern(['scan', r], { env: { LANTERN_FORMAT: 'sarif' } });
    assert.equal((JSON.parse(fmt.stdout) as { version: string }).version, '2.1.0', 'LANTERN_FORMAT');
  });

  it('rules config turns a rule off or changes its severity', () => {
    const r = tree({ '.lantern.yml': 'rules:\n  model/pickle-based-format: "off"\n', 'w.dat': PICKLE });
    const off = JSON.parse(lantern(['scan', r, '-f', 'json']).stdout) as { findings: unknown[] };
    assert.equal(off.findings.length, 0);
    writeFileSync(join(r, '.lantern.yml'), 'rules:\n  model/pickle-based-format: critical\n');
    assert.equal(lantern(['scan', r, '-f', 'json']).code, 1);
  });

  it('lists the rules', () => {
    const r = lantern(['rules']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /model\/pickle-based-format/);
    assert.match(r.stdout, /model\/unscannable-container/);
    const j = JSON.parse(lantern(['rules', '-f', 'json']).stdout) as { id: string; help: string }[];
    assert.ok(j.every((x) => x.id && x.help));
  });

  it('docs/rules.md is generated from rules/ and up to date', () => {
    const r = lantern(['rules', '-f', 'markdown']);
    const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    assert.equal(doc, r.stdout, 'run `npm run docs:rules` after changing rules/');
  });
});
