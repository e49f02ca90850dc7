import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { componentScripts, isComponentFile } from '../../src/lang/components.js';

describe('componentScripts: the JS/TS of Vue, Svelte and Astro components at their own offsets', () => {
  it('Vue: both script blocks kept, the template and styles blanked, lines and length unchanged', () => {
    const vue = '<template>\n  <p>{{ openai }}</p>\n</template>\n<script>\nexport default { name: "A" }\n</script>\n<script setup lang="ts">\nimport OpenAI from "openai";\n</script>\n<style>p { color: red }</style>\n';
    const out = componentScripts(vue, 'src/A.vue');
    assert.equal(out.length, vue.length);
    assert.deepEqual(out.split('\n').map((l) => l.trim()), ['', '', '', '', 'export default { name: "A" }', '', '', 'import OpenAI from "openai";', '', '', '']);
  });

  it('Svelte: a module script and a TypeScript one; a JSON-LD or template script is not code', () => {
    const svelte = '<script context="module" lang="ts">\nexport const prerender = true;\n</script>\n<script lang="ts">\n  import { Chat } from "@ai-sdk/svelte";\n</script>\n<script type="application/ld+json">{"openai": "x"}</script>\n<script type="module">import "a";</script>\n<h1>{title}</h1>\n';
    const out = componentScripts(svelte, 'src/routes/+page.svelte');
    assert.match(out, /export const prerender = true;/);
    assert.match(out, /import \{ Chat \} from "@ai-sdk\/svelte";/);
    assert.match(out, /import "a";/);
    assert.doesNotMatch(out, /openai|h1|title/);
  });

  it('Astro: the frontmatter and script blocks; markup is not; no frontmatter, none', () => {
    const astro = '---\nimport OpenAI from "openai";\nconst r = await new OpenAI().chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n---\n<html><body>{r.id}</body></html>\n<script>console.log("x")</script>\n';
    const out = componentScripts(astro, 'src/pages/index.astro');
    assert.deepEqual(out.split('\n').slice(0, 4).map((l) => l.trim()), ['', 'import OpenAI from "openai";', 'const r = await new OpenAI().chat.completions.create({ model: "gpt-4o-mini", messages: [] });', '']);
    assert.match(out, /console\.log\("x"\)/);
    assert.doesNotMatch(out, /html|body/);
    assert.equal(componentScripts('<p>---</p>\nimport x from "y"\n', 'a.astro').trim(), '');
  });

  it('hostile input: many unclosed <script tags stay linear; a tag name that only starts with script is none', () => {
    const t = performance.now();
    const big = '<script>'.repeat(100_000);
    assert.equal(componentScripts(big, 'a.vue').length, big.length);
    assert.ok(performance.now() - t < 2000, `${performance.now() - t} ms`);
    assert.equal(componentScripts('<scripts>import x from "openai"</scripts>\n', 'a.vue').trim(), '');
  });

  it('which files are components', () => {
    assert.deepEqual(['a.vue', 'B.SVELTE', 'c.astro', 'd.ts', 'e.vue.bak'].map(isComponentFile), [true, true, true, false, false]);
  });
});
