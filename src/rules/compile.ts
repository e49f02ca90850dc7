/** `node build/src/rules/compile.js`: validates rules/*.yaml and writes build/rules.json (see load.ts). */
import { compileRules, RulesError } from './load.js';

try {
  compileRules();
} catch (e) {
  process.stderr.write(`${e instanceof RulesError ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
