/**
 * AI container images end to end: a tree with a Dockerfile, a compose file, a Kubernetes
 * deployment and a workflow, scanned; the `container` components with their purls and evidence,
 * `sdk/unpinned-image`, the policy, the CycloneDX JSON and XML (schema-valid), SARIF, and the
 * warnings a malformed or huge file gives while the rest of the scan goes on.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { scan, type ScanResult } from '../../src/scan/scan.js';
import { toCycloneDxJson } from '../../src/report/cyclonedx.js';
import { toCycloneDxXml } from '../../src/report/cyclonedx-xml.js';
import { toSarif } from '../../src/report/sarif.js';
import { bomJsonErrors, bomXmlErrors } from '../support/validate.js';
import { DEMO, suiteTrees } from '../support/paths.js';
import { MAX_CONFIG_WORK } from '../../src/inventory/gitlab-includes.js';
import type { Component } from '../../src/types.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

const TREE: Record<string, string> = {
  'Dockerfile': [
    '# The model server. FROM vllm/vllm-openai is not used any more.',
    'ARG OLLAMA_VERSION=0.5.7',
    'FROM python:3.12-slim AS build',
    'RUN echo ollama/ollama',
    'FROM ollama/ollama:${OLLAMA_VERSION}',
    'COPY --from=build /out /models',
  ].join('\n'),
  'compose.yaml': [
    'services:',
    '  tgi:',
    '    image: ghcr.io/huggingface/text-generation-inference:3.0.1',
    '  db:',
    '    image: qdrant/qdrant',
    '  web:',
    '    image: nginx:1.27',
    '  llm:',
    '    image: docker.io/ollama/ollama:0.5.7',
  ].join('\r\n'),
  'deploy/k8s/triton.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: triton }',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: triton',
    `          image: nvcr.io/nvidia/tritonserver:24.01-py3@${DIGEST}`,
  ].join('\n'),
  '.github/workflows/ci.yml': [
    'on: push',
    'jobs:',
    '  eval:',
    '    runs-on: ubuntu-latest',
    '    container: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
    '    services:',
    '      mcp:',
    '        image: mcp/github:latest',
  ].join('\n'),
  'mirror/Dockerfile': ['ARG REGISTRY', 'FROM ${REGISTRY}/ollama/ollama:0.5.7 AS llm', 'FROM "${REGISTRY}/qdrant/qdrant"', 'FROM ${ORG}/ollama:1'].join('\n'),
  'broken/docker-compose.yml': 'services:\n  a:\n    image: ollama/ollama:1\n  b: [unclosed\n',
  'app.py': 'import anthropic\n',
};

const containers = (r: ScanResult) => r.components.filter((c) => c.kind === 'container');
const byPurl = (r: ScanResult, purl: string) => containers(r).find((c) => c.purl === purl);

describe('AI container images in the inventory', () => {
  const { tree } = suiteTrees();
  let r: ScanResult;
  before(async () => {
    r = await scan({ root: tree(TREE), threads: 1 });
  });

  it('one container component per image and version, with purl, provider, category and every site', () => {
    const got = containers(r).map((c) => `${c.name} ${c.version} ${c.purl}`).sort();
    assert.deepEqual(got, [
      '${REGISTRY}/ollama/ollama 0.5.7 undefined',
      '${REGISTRY}/qdrant/qdrant latest undefined',
      'ghcr.io/huggingface/text-generation-inference 3.0.1 pkg:docker/huggingface/text-generation-inference@3.0.1?repository_url=ghcr.io',
      'mcp/github latest pkg:docker/mcp/github@latest',
      `nvcr.io/nvidia/tritonserver 24.01-py3 pkg:docker/nvidia/tritonserver@${DIGEST}?repository_url=nvcr.io`,
      'ollama/ollama 0.5.7 pkg:docker/ollama/ollama@0.5.7',
      'ollama/ollama 1 pkg:docker/ollama/ollama@1',
      'pytorch/pytorch 2.3.0-cuda12.1-cudnn8-runtime pkg:docker/pytorch/pytorch@2.3.0-cuda12.1-cudnn8-runtime',
      'qdrant/qdrant latest pkg:docker/qdrant/qdrant@latest',
    ]);
    const ollama = byPurl(r, 'pkg:docker/ollama/ollama@0.5.7') as Component;
    // The Dockerfile (ARG default put in) and the compose file's docker.io spelling are one image.
    assert.deepEqual(ollama.evidence.map((e) => `${e.path}:${e.line}:${e.column}`).sort(), ['Dockerfile:5:6', 'compose.yaml:9:12']);
    assert.equal(ollama.properties['lantern:provider'], 'ollama');
    assert.equal(ollama.properties['lantern:category'], 'local-inference');
    assert.equal(ollama.properties['lantern:image'], 'docker.io/ollama/ollama:0.5.7, ollama/ollama:${OLLAMA_VERSION}');
    assert.equal(ollama.properties['lantern:image-sources'], 'compose, dockerfile');
    const triton = containers(r).find((c) => c.name === 'nvcr.io/nvidia/tritonserver') as Component;
    assert.deepEqual(triton.evidence, [{ path: 'deploy/k8s/triton.yaml', line: 9, column: 18 }]);
    assert.equal(triton.properties['lantern:image-digest'], DIGEST);
    assert.equal(byPurl(r, 'pkg:docker/mcp/github@latest')?.properties['lantern:category'], 'mcp');
    assert.ok(!r.components.some((c) => /nginx|python|vllm/.test(c.name) && c.kind === 'container'), 'non-AI images, a comment and a stage are not listed');
  });

  it('sdk/unpinned-image for an AI image with no tag or latest and no digest, nowhere else', () => {
    const hits = r.findings.filter((f) => f.ruleId === 'sdk/unpinned-image');
    assert.deepEqual(hits.map((f) => `${f.location.path}:${f.location.line}`).sort(), ['.github/workflows/ci.yml:8', 'compose.yaml:5', 'mirror/Dockerfile:3']);
    const q = hits.find((f) => f.location.path === 'compose.yaml');
    assert.equal(q?.severity, 'low');
    assert.equal(q?.componentRef, 'pkg:docker/qdrant/qdrant@latest');
    assert.match(q?.message ?? '', /qdrant\/qdrant .*without a tag/);
  });

  it('a registry that is a variable: its own component, no purl (none would name the registry), the variable as a property, never merged with Docker Hub\'s', () => {
    const mirrored = containers(r).find((c) => c.ref === 'image:${REGISTRY}/ollama/ollama@0.5.7') as Component;
    assert.ok(mirrored, JSON.stringify(containers(r).map((c) => c.ref)));
    assert.equal(mirrored.purl, undefined);
    assert.equal(mirrored.properties['lantern:image-registry'], '${REGISTRY}');
    assert.equal(mirrored.properties['lantern:registry'], undefined);
    assert.equal(mirrored.properties['lantern:provider'], 'ollama');
    assert.equal(mirrored.properties['lantern:image'], '${REGISTRY}/ollama/ollama:0.5.7');
    assert.deepEqual(mirrored.evidence, [{ path: 'mirror/Dockerfile', line: 2, column: 6 }]);
    assert.ok(!byPurl(r, 'pkg:docker/ollama/ollama@0.5.7')?.evidence.some((e) => e.path === 'mirror/Dockerfile'));
    const q = r.findings.find((f) => f.ruleId === 'sdk/unpinned-image' && f.location.path === 'mirror/Dockerfile');
    assert.equal(q?.componentRef, 'image:${REGISTRY}/qdrant/qdrant@latest');
    assert.match(q?.message ?? '', /\$\{REGISTRY\}\/qdrant\/qdrant .*without a tag/);
    assert.ok(!containers(r).some((c) => c.evidence.some((e) => e.path === 'mirror/Dockerfile' && e.line === 4)), 'a variable in the path is not matched');
  });

  it('a malformed compose file is a warning with its path; its images before the error and the other files are still read', () => {
    const w = r.warnings.filter((x) => x.path === 'broken/docker-compose.yml');
    assert.ok(w.some((x) => x.code === 'image/malformed-yaml'), JSON.stringify(r.warnings));
    assert.ok(byPurl(r, 'pkg:docker/ollama/ollama@1')?.evidence.some((e) => e.path === 'broken/docker-compose.yml' && e.line === 3));
    assert.ok(r.components.some((c) => c.kind === 'library' && c.name === 'anthropic'), 'the rest of the scan goes on');
  });

  it('CycloneDX: container components the root depends on; JSON and XML (1.6 and 1.7) validate; SARIF has the rule', () => {
    const env = { SOURCE_DATE_EPOCH: '0' };
    for (const v of ['1.6', '1.7'] as const) {
      const json = toCycloneDxJson(r, v, env);
      const bom = JSON.parse(json) as { components: { type: string; purl?: string; 'bom-ref': string; evidence?: { occurrences: { location: string; line?: number }[] } }[]; dependencies: { ref: string; dependsOn?: string[] }[] };
      assert.equal(bomJsonErrors(bom, v), undefined, v);
      assert.equal(bomXmlErrors(toCycloneDxXml(r, v, env), v), undefined, v);
      const tgi = bom.components.find((c) => c.purl?.startsWith('pkg:docker/huggingface/text-generation-inference@'));
      assert.equal(tgi?.type, 'container');
      assert.deepEqual(tgi?.evidence?.occurrences, [{ location: 'compose.yaml', line: 3 }]);
      const root = bom.dependencies.find((d) => d.ref === 'root');
      for (const c of containers(r)) assert.ok(root?.dependsOn?.includes(c.ref), `root depends on ${c.ref}`);
    }
    assert.match(toCycloneDxXml(r, '1.6', env), /<component type="container" bom-ref="pkg:docker\/qdrant\/qdrant@latest">/);
    const sarif = JSON.parse(toSarif(r)) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    assert.ok(sarif.runs[0]?.tool.driver.rules.some((x) => x.id === 'sdk/unpinned-image'));
    assert.ok(sarif.runs[0]?.results.some((x) => x.ruleId === 'sdk/unpinned-image'));
  });

  it('the image providers count for ai.allowedProviders; local and mcp are no providers to approve', async () => {
    const p = await scan({ root: tree(TREE), threads: 1, ai: { allowedProviders: ['anthropic', 'huggingface', 'meta'] } });
    const flagged = new Set(p.findings.filter((f) => f.ruleId === 'sdk/unapproved-provider').map((f) => f.componentRef));
    for (const ref of ['pkg:docker/ollama/ollama@0.5.7', 'pkg:docker/qdrant/qdrant@latest']) assert.ok(flagged.has(ref), ref);
    for (const ref of ['pkg:docker/mcp/github@latest', 'pkg:docker/pytorch/pytorch@2.3.0-cuda12.1-cudnn8-runtime']) assert.ok(!flagged.has(ref), ref);
  });

  it('ai.deniedPackages names images too: the same sdk/unapproved-provider as for a package, per matching component only', async () => {
    const p = await scan({ root: tree(TREE), threads: 1, ai: { deniedPackages: ['docker.io/ollama/ollama', 'ghcr.io/huggingface/text-generation-inference:3.0.1', 'mcp/', 'qdrant/qdrant-extra', 'pytorch', 'anthropic'] } });
    const denied = p.findings.filter((f) => f.ruleId === 'sdk/unapproved-provider');
    assert.deepEqual(denied.map((f) => f.componentRef).sort(), [
      'image:${REGISTRY}/ollama/ollama@0.5.7',
      'pkg:docker/huggingface/text-generation-inference@3.0.1?repository_url=ghcr.io',
      'pkg:docker/mcp/github@latest',
      'pkg:docker/ollama/ollama@0.5.7',
      'pkg:docker/ollama/ollama@1',
      'pkg:pypi/anthropic',
    ]);
    const o = denied.find((f) => f.componentRef === 'pkg:docker/ollama/ollama@0.5.7');
    assert.equal(o?.severity, 'medium');
    assert.equal(o?.message, 'AI container image ollama/ollama 0.5.7 is on the denied list (ai.deniedPackages: docker.io/ollama/ollama).');
    assert.match(denied.find((f) => f.componentRef === 'pkg:pypi/anthropic')?.message ?? '', /^anthropic is on the denied package list/);
    // No deny list, no finding.
    assert.ok(!r.findings.some((f) => f.ruleId === 'sdk/unapproved-provider'));
  });

  it('--no-shadow-ai lists no images', async () => {
    const off = await scan({ root: tree(TREE), threads: 1, shadowAi: false });
    assert.deepEqual(containers(off), []);
  });

  it('a huge compose file is not parsed: a warning, bounded time', async () => {
    const big = `services:\n${'  x:\n    image: ollama/ollama:1\n'.repeat(90_000)}`;
    const start = performance.now();
    const h = await scan({ root: tree({ 'compose.yaml': big, 'Dockerfile': 'FROM ollama/ollama:0.5.7\n' }), threads: 1 });
    assert.ok(performance.now() - start < 20_000);
    assert.ok(h.warnings.some((w) => w.code === 'image/too-large' && w.path === 'compose.yaml'), JSON.stringify(h.warnings));
    assert.deepEqual(containers(h).map((c) => c.purl), ['pkg:docker/ollama/ollama@0.5.7']);
  });

  it('a rendered chart: the AI image of one document among more than a thousand other containers is found', async () => {
    const web = (k: number) => `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.${k}\n`;
    const docs = Array.from({ length: 1500 }, (_, k) => web(k));
    docs.splice(1200, 0, 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: llm\n          image: vllm/vllm-openai:v0.6.3\n');
    const h = await scan({ root: tree({ 'chart/rendered.yaml': docs.join('---\n') }), threads: 1 });
    assert.deepEqual(containers(h).map((c) => `${c.purl} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`), [`pkg:docker/vllm/vllm-openai@v0.6.3 chart/rendered.yaml:${1200 * 8 + 7}`]);
  });
});

describe('AI container images that commands run', () => {
  const { tree } = suiteTrees();
  const COMMANDS: Record<string, string> = {
    'scripts/serve.sh': ['#!/bin/sh', '# docker run qdrant/qdrant', 'sudo docker run -d --gpus all -p 11434:11434 --name ollama \\', '  ollama/ollama:0.5.7 && docker pull vllm/vllm-openai', 'echo "docker run chromadb/chroma"'].join('\n'),
    'Makefile': ['TGI := ghcr.io/huggingface/text-generation-inference:3.0.1', 'serve:', '\tdocker run --rm $(TGI)'].join('\n'),
    '.github/workflows/e2e.yml': ['on: push', 'jobs:', '  e2e:', '    runs-on: ubuntu-latest', '    steps:', '      - run: podman run -d localai/localai:v2.24.0'].join('\n'),
    'docs/notes.txt': 'docker run langfuse/langfuse\n',
    'README.md': '```sh\ndocker run milvusdb/milvus\n```\n',
    'scripts/no-docker.sh': 'ollama/ollama:9.9.9\n',
    '.gitlab-ci.yml': ['variables:', '  WEAVIATE: semitechnologies/weaviate', 'e2e:', '  image: { name: "ghcr.io/open-webui/open-webui:v0.5.4" }', '  services:', '    - $WEAVIATE:1.28.2', '  script:', '    - docker run -d ghcr.io/berriai/litellm:main-v1.55.0'].join('\n'),
  };
  let r: ScanResult;
  before(async () => {
    r = await scan({ root: tree(COMMANDS), threads: 1 });
  });

  it('shell scripts, Makefiles, workflow run: steps and GitLab CI files: one component per image, source shell or gitlab-ci, the image word as evidence', () => {
    assert.deepEqual(containers(r).map((c) => `${c.purl} ${c.properties['lantern:image-sources']} ${c.evidence.map((e) => `${e.path}:${e.line}:${e.column}`).join(' ')}`).sort(), [
      'pkg:docker/berriai/litellm@main-v1.55.0?repository_url=ghcr.io shell .gitlab-ci.yml:8:21',
      'pkg:docker/huggingface/text-generation-inference@3.0.1?repository_url=ghcr.io shell Makefile:3:18',
      'pkg:docker/localai/localai@v2.24.0 shell .github/workflows/e2e.yml:6:28',
      'pkg:docker/ollama/ollama@0.5.7 shell scripts/serve.sh:4:3',
      'pkg:docker/open-webui/open-webui@v0.5.4?repository_url=ghcr.io gitlab-ci .gitlab-ci.yml:4:18',
      'pkg:docker/semitechnologies/weaviate@1.28.2 gitlab-ci .gitlab-ci.yml:6:7',
      'pkg:docker/vllm/vllm-openai@latest shell scripts/serve.sh:4:38',
    ]);
    assert.equal(byPurl(r, 'pkg:docker/huggingface/text-generation-inference@3.0.1?repository_url=ghcr.io')?.properties['lantern:image'], '$(TGI)');
    const hits = r.findings.filter((f) => f.ruleId === 'sdk/unpinned-image');
    assert.deepEqual(hits.map((f) => `${f.location.path}:${f.location.line}:${f.componentRef}`), ['scripts/serve.sh:4:pkg:docker/vllm/vllm-openai@latest']);
  });
});

describe('GitLab CI include: of local files', () => {
  const { tree } = suiteTrees();
  const INCLUDES: Record<string, string> = {
    '.gitlab-ci.yml': [
      'include:',
      '  - local: /ci/templates.yml',
      "  - 'ci/more-*.yml'",
      "  - remote: 'https://example.com/ci.yml'",
      '  - https://example.com/other.yml',
      "  - '../outside.yml'",
      '  - ci/missing.yml',
      '  - project: group/project',
      '    file: ci.yml',
      '  - template: Auto-DevOps.gitlab-ci.yml',
      '  - ci/shared.gitlab-ci.yml',
      '  - ci/**.yml',
      'job:',
      '  script: echo ollama',
    ].join('\n'),
    // Included twice and including itself: read once.
    'ci/templates.yml': ['include: { local: ci/templates.yml }', '.serve:', '  image: ollama/ollama:0.5.7'].join('\n'),
    'ci/more-a.yml': ['include: ci/nested/deep.yml', 'gpu:', '  script:', '    - docker run vllm/vllm-openai:v0.6.0'].join('\n'),
    'ci/more-b.txt': ['decoy:', '  image: localai/localai:v2.24.0'].join('\n'),
    'ci/nested/deep.yml': ['include: /ci/templates.yml', 'tgi:', '  image: ghcr.io/huggingface/text-generation-inference:3.0.1'].join('\n'),
    // A *.gitlab-ci.yml is read by the scan itself, not again as an include.
    'ci/shared.gitlab-ci.yml': ['shared:', '  image: ghcr.io/berriai/litellm:main-v1.55.0'].join('\n'),
    // Not included: a YAML file no include names is no GitLab CI.
    'ci/unused.yml': ['unused:', '  image: qdrant/qdrant:v1.12.0'].join('\n'),
    'ci/x/y.yml': ['deep:', '  image: semitechnologies/weaviate:1.28.2'].join('\n'),
  };
  let r: ScanResult;
  before(async () => {
    r = await scan({ root: tree(INCLUDES), threads: 1 });
  });

  it('the images and commands of included files (local, /-rooted, wildcards, nested, cycles) with their own path and line, each once', () => {
    assert.deepEqual(containers(r).map((c) => `${c.purl} ${c.properties['lantern:image-sources']} ${c.evidence.map((e) => `${e.path}:${e.line}:${e.column}`).join(' ')}`).sort(), [
      'pkg:docker/berriai/litellm@main-v1.55.0?repository_url=ghcr.io gitlab-ci ci/shared.gitlab-ci.yml:2:10',
      'pkg:docker/huggingface/text-generation-inference@3.0.1?repository_url=ghcr.io gitlab-ci ci/nested/deep.yml:3:10',
      'pkg:docker/ollama/ollama@0.5.7 gitlab-ci ci/templates.yml:3:10',
      'pkg:docker/vllm/vllm-openai@v0.6.0 shell ci/more-a.yml:4:18',
    ]);
  });

  it('remote, project and template includes, a path out of the root, a missing file and ** are warnings on the including file', () => {
    const warned = r.warnings.filter((w) => w.code === 'image/include').map((w) => `${w.path}: ${w.message}`).sort();
    assert.deepEqual(warned, [
      '.gitlab-ci.yml: include: ../outside.yml: outside the repository',
      '.gitlab-ci.yml: include: ci/**.yml: a wildcard over folders (`**`), not read',
      '.gitlab-ci.yml: include: ci/missing.yml: no such file',
      '.gitlab-ci.yml: include: project: outside the repository, not read',
      '.gitlab-ci.yml: include: remote https://example.com/other.yml: not fetched',
      '.gitlab-ci.yml: include: remote: outside the repository, not read',
      '.gitlab-ci.yml: include: template: outside the repository, not read',
    ]);
  });
});

describe('GitLab CI include: merged before extends:, variables and default: are read', () => {
  const { tree } = suiteTrees();
  const MERGED: Record<string, string> = {
    '.gitlab-ci.yml': [
      'include:',
      '  - local: ci/templates.yml',
      '  - ci/vars.yml',
      "  - remote: 'https://example.com/ci.yml'",
      'variables:',
      '  VLLM_TAG: v0.6.3',
      'serve:',
      '  extends: .ollama-base',
      'chat:',
      '  image: $OLLAMA_IMAGE',
      'pull:',
      '  image: ollama/ollama:$PULL_TAG',
      'gpu:',
      '  extends: .gpu',
      'stray:',
      '  extends: .not-included',
      'local:',
      '  extends: .local-base',
      '  image: ghcr.io/berriai/litellm:main-v1.55.0',
    ].join('\n'),
    'ci/vars.yml': ['variables:', '  OLLAMA_IMAGE: ollama/ollama:0.5.7', '  PULL_TAG: 0.5.7', '  VLLM_TAG: v0.5.0'].join('\n'),
    'ci/templates.yml': [
      'include: [ci/base.yml, { template: Jobs/Build.gitlab-ci.yml }]',
      '.ollama-base:',
      '  image: ollama/ollama:0.5.4',
      '  services:',
      '    - name: ghcr.io/huggingface/text-generation-inference:$TGI_TAG',
      '  variables:',
      "    TGI_TAG: '3.0.1'",
      '.gpu:',
      '  extends: .vllm-base',
      '.local-base:',
      '  image: localai/localai:v2.23.0',
      // No job extends it: read as a job of its own, as in a file read alone.
      '.unused-template:',
      '  image: localai/localai:v2.24.0',
    ].join('\n'),
    'ci/base.yml': ['.vllm-base:', '  image: vllm/vllm-openai:$VLLM_TAG'].join('\n'),
    // A second configuration that includes the same template with its own tag.
    'deploy/prod.gitlab-ci.yml': ['include: /ci/base.yml', 'variables:', '  VLLM_TAG: v0.7.0', 'prod:', '  extends: .vllm-base'].join('\n'),
    // Not included by any configuration: its template extends nothing.
    'ci/unused.yml': ['.not-included:', '  image: qdrant/qdrant:v1.12.0'].join('\n'),
  };
  let r: ScanResult;
  before(async () => {
    r = await scan({ root: tree(MERGED), threads: 1 });
  });

  it('a job gets an included template\'s image (at the template\'s line), variables across files resolve it, the including file\'s override an included file\'s; each site once', () => {
    assert.deepEqual(containers(r).map((c) => `${c.purl} ${c.evidence.map((e) => `${e.path}:${e.line}:${e.column}`).join(' ')}`).sort(), [
      'pkg:docker/berriai/litellm@main-v1.55.0?repository_url=ghcr.io .gitlab-ci.yml:19:10',
      'pkg:docker/huggingface/text-generation-inference@3.0.1?repository_url=ghcr.io ci/templates.yml:5:13',
      'pkg:docker/localai/localai@v2.23.0 ci/templates.yml:11:10',
      'pkg:docker/localai/localai@v2.24.0 ci/templates.yml:13:10',
      'pkg:docker/ollama/ollama@0.5.4 ci/templates.yml:3:10',
      'pkg:docker/ollama/ollama@0.5.7 .gitlab-ci.yml:10:10 .gitlab-ci.yml:12:10',
      'pkg:docker/vllm/vllm-openai@v0.6.3 ci/base.yml:2:10',
      'pkg:docker/vllm/vllm-openai@v0.7.0 ci/base.yml:2:10',
    ]);
    // As written: the variables the configuration's files set are put in.
    assert.equal(byPurl(r, 'pkg:docker/ollama/ollama@0.5.7')?.properties['lantern:image'], '$OLLAMA_IMAGE, ollama/ollama:$PULL_TAG');
  });

  it('a remote include of the configuration, or of an included file, is a warning, not read; a name defined in a file not included extends nothing', () => {
    assert.deepEqual(r.warnings.filter((w) => w.code === 'image/include').map((w) => `${w.path}: ${w.message}`).sort(), [
      '.gitlab-ci.yml: include: remote: outside the repository, not read',
      'ci/templates.yml: include: template: outside the repository, not read',
    ]);
    assert.ok(!containers(r).some((c) => c.name.includes('qdrant')));
  });
});

describe('GitLab CI include: a configuration over MAX_ONE_CONFIG bytes', () => {
  const { tree } = suiteTrees();
  // 1.5 MB of comment lines per file: four files are over the 4 MB one configuration may hold.
  const pad = Array.from({ length: 15_000 }, () => `# ${'x'.repeat(98)}`).join('\n');
  const BIG: Record<string, string> = {
    '.gitlab-ci.yml': ['include: [ci/big-a.yml, ci/big-b.yml, ci/big-c.yml]', 'serve:', '  extends: .ollama-base', pad].join('\n'),
    'ci/big-a.yml': ['.ollama-base:', '  image: ollama/ollama:0.5.4', pad].join('\n'),
    'ci/big-b.yml': [pad, 'gpu:', '  image: vllm/vllm-openai:v0.6.3'].join('\n'),
    'ci/big-c.yml': pad,
  };
  it('is read file by file, as before includes were merged, with a warning on the including file', async () => {
    const r = await scan({ root: tree(BIG), threads: 1 });
    assert.deepEqual(
      r.warnings.filter((w) => w.code === 'image/include').map((w) => `${w.path}: ${w.message.replace(/\d+ bytes/, 'N bytes')}`),
      ['.gitlab-ci.yml: include: not read with its includes: N bytes of configuration, over 4194304; each file is read on its own'],
    );
    // The template is read on its own (a job of its own), the other file's job too.
    assert.deepEqual(containers(r).map((c) => `${c.purl} ${c.evidence.map((e) => `${e.path}:${e.line}:${e.column}`).join(' ')}`).sort(), [
      'pkg:docker/ollama/ollama@0.5.4 ci/big-a.yml:2:10',
      'pkg:docker/vllm/vllm-openai@v0.6.3 ci/big-b.yml:15002:10',
    ]);
  });
});

describe('GitLab CI include: configurations over MAX_CONFIG_WORK bytes in one scan', () => {
  const { tree } = suiteTrees();
  // Configurations of about 1.96 MB each (a shared template under the 2 MB a file may have, padded
  // with comments), each setting its own image tag: those past the scan's budget are not merged.
  const shared = ['.base:', '  image: ollama/ollama:$OLLAMA_TAG', ...Array.from({ length: 19_400 }, () => `# ${'x'.repeat(98)}`)].join('\n');
  const including = (i: number) => `include: ci/shared.yml\nvariables:\n  OLLAMA_TAG: "0.5.${i}"\nj${i}:\n  extends: .base\n`;
  const files: Record<string, string> = { 'ci/shared.yml': shared };
  let work = 0;
  let merged = 0;
  for (let i = 0; work <= MAX_CONFIG_WORK; i++) {
    files[`ci/p${String(i).padStart(2, '0')}.gitlab-ci.yml`] = including(i);
    work += shared.length + including(i).length;
    if (work <= MAX_CONFIG_WORK) merged++;
  }
  it('merges the configurations within the budget; the next is read file by file, with a warning', async () => {
    const r = await scan({ root: tree(files), threads: 1 });
    const last = `ci/p${String(merged).padStart(2, '0')}.gitlab-ci.yml`;
    assert.deepEqual(
      r.warnings.filter((w) => w.code === 'image/include').map((w) => `${w.path}: ${w.message}`),
      [`${last}: include: not read with its includes: over ${MAX_CONFIG_WORK} bytes of configurations; each file is read on its own`],
    );
    // One version per merged configuration, at the template's line; none from the last one.
    const versions = containers(r).map((c) => `${c.version} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`);
    assert.deepEqual(versions.sort(), Array.from({ length: merged }, (_, i) => `0.5.${i} ci/shared.yml:2`).sort());
    assert.ok(merged >= 2, `${merged} configurations merged`);
  });
});

describe('the demo repository', () => {
  it('lists the Ollama image its compose file runs, pinned by tag (no finding)', async () => {
    const r = await scan({ root: DEMO, threads: 1 });
    assert.deepEqual(containers(r).map((c) => `${c.purl} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`), ['pkg:docker/ollama/ollama@0.5.7 compose.yaml:7']);
    assert.ok(!r.findings.some((f) => f.ruleId === 'sdk/unpinned-image'));
  });
});
