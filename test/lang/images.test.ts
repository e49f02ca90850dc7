/**
 * Container image references: the reference grammar and Docker Hub normalization, the catalog's
 * image entries, and the Dockerfile, compose, Kubernetes and workflow readers (cases found and
 * decoys not found, line ends, bounds).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  gitlabConfigImages,
  gitlabIncludes,
  deniedImage,
  dockerfileImages,
  familiarName,
  isMakefile,
  isDockerfilePath,
  k8sDocuments,
  literalRepository,
  MAX_IMAGE_SITES,
  normalizeRepository,
  parseGitlab,
  parseImageRef,
  shellImages,
  siteImage,
  variableRegistryRef,
  yamlImageKind,
  yamlImages,
  type ImageSite,
} from '../../src/lang/images.js';
import { loadRules } from '../../src/rules/load.js';
import { AI_CATEGORIES, sdkCatalog } from '../../src/detectors/sdks/catalog.js';
import { imageSiteEntry } from '../../src/detectors/sdks/index.js';
import { imagePurl } from '../../src/inventory/sdks.js';

const cat = sdkCatalog(loadRules());
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
/** ref @ line:column of each site. */
const shown = (sites: ImageSite[]) => sites.map((s) => `${s.ref}@${s.line}:${s.column}${s.dynamic ? ' dynamic' : ''}`);
const ai = (sites: ImageSite[]) => sites.filter((s) => imageSiteEntry(cat, s) !== undefined).map((s) => s.ref);

describe('image references', () => {
  it('normalizes Docker Hub names, registries, tags and digests', () => {
    for (const [raw, want] of [
      ['ollama/ollama', { registry: 'docker.io', path: 'ollama/ollama' }],
      ['docker.io/ollama/ollama', { registry: 'docker.io', path: 'ollama/ollama' }],
      ['index.docker.io/ollama/ollama:0.5.7', { registry: 'docker.io', path: 'ollama/ollama', tag: '0.5.7' }],
      ['python', { registry: 'docker.io', path: 'library/python' }],
      ['python:3.12-slim', { registry: 'docker.io', path: 'library/python', tag: '3.12-slim' }],
      ['docker.io/library/python', { registry: 'docker.io', path: 'library/python' }],
      ['GHCR.io/huggingface/text-generation-inference:3.0.1', { registry: 'ghcr.io', path: 'huggingface/text-generation-inference', tag: '3.0.1' }],
      ['localhost:5000/team/ollama', { registry: 'localhost:5000', path: 'team/ollama' }],
      [`nvcr.io/nvidia/tritonserver:24.01-py3@${DIGEST}`, { registry: 'nvcr.io', path: 'nvidia/tritonserver', tag: '24.01-py3', digest: DIGEST }],
      [`ollama/ollama@${DIGEST}`, { registry: 'docker.io', path: 'ollama/ollama', digest: DIGEST }],
    ] as const) {
      assert.deepEqual(parseImageRef(raw), want, raw);
    }
    for (const bad of ['', 'ollama/Ollama', 'ollama/ollama:', 'ollama/ollama:${TAG}', 'a b', 'ollama//ollama', 'ollama/ollama@sha256:short', `${'a'.repeat(600)}`]) {
      assert.equal(parseImageRef(bad), undefined, bad);
    }
    assert.equal(normalizeRepository('mcp/', true), 'docker.io/mcp');
    assert.equal(normalizeRepository('ollama/ollama'), 'docker.io/ollama/ollama');
    assert.equal(familiarName({ registry: 'docker.io', path: 'library/python' }), 'python');
    assert.equal(familiarName({ registry: 'ghcr.io', path: 'a/b' }), 'ghcr.io/a/b');
    assert.deepEqual(literalRepository('ollama/ollama:${TAG}'), { registry: 'docker.io', path: 'ollama/ollama' });
    assert.equal(literalRepository('${REGISTRY}/ollama/ollama:1'), undefined);
    assert.equal(literalRepository('ollama/${NAME}:1'), undefined);
    // As Docker reads it: an upper-case first part is a registry host, not a Docker Hub namespace.
    assert.deepEqual(parseImageRef('Ollama/ollama'), { registry: 'ollama', path: 'ollama' });
  });

  it('a registry host that is a variable: the literal path after it, no registry claimed; a variable in the path is no such reference', () => {
    for (const [raw, want] of [
      ['${REGISTRY}/ollama/ollama:0.5.7', { registryVariable: '${REGISTRY}', path: 'ollama/ollama', tag: '0.5.7' }],
      ['$REGISTRY/ollama/ollama', { registryVariable: '$REGISTRY', path: 'ollama/ollama' }],
      ['${REGISTRY:-}/huggingface/text-generation-inference', { registryVariable: '${REGISTRY:-}', path: 'huggingface/text-generation-inference' }],
      ['${REG-}/ollama/ollama@' + DIGEST, { registryVariable: '${REG-}', path: 'ollama/ollama', digest: DIGEST }],
      ['${{ env.REGISTRY }}/ollama/ollama:${{ env.TAG }}', { registryVariable: '${{ env.REGISTRY }}', path: 'ollama/ollama', versionUnknown: true }],
      ['{{ .Values.registry }}/nim/meta/llama3:1', { registryVariable: '{{ .Values.registry }}', path: 'nim/meta/llama3', tag: '1' }],
      // The part after the host is a path whatever it looks like: no registry, no `library/`.
      ['${REGISTRY}/python', { registryVariable: '${REGISTRY}', path: 'python' }],
    ] as const) {
      assert.deepEqual(variableRegistryRef(raw), want, raw);
    }
    for (const bad of ['${ORG}ollama/ollama', '${REGISTRY}/${ORG}/ollama', '${REGISTRY}/ollama/${NAME}:1', '${REGISTRY:-ghcr.io}/ollama/ollama', '${REGISTRY:?}/ollama/ollama', 'ollama/ollama:0.5.7', '${REGISTRY}/Ollama/ollama', '${REGISTRY}/ollama/ollama:1:2', '${REGISTRY}/ollama/ollama:1-${X}', '${REGISTRY}', `\${${'{'.repeat(600)}`]) {
      assert.equal(variableRegistryRef(bad), undefined, bad);
    }
    assert.equal(siteImage({ ref: '${REGISTRY}/ollama/ollama', dynamic: true })?.registry, undefined);
    assert.deepEqual(siteImage({ ref: 'ollama/ollama:${TAG}', dynamic: true }), { registry: 'docker.io', path: 'ollama/ollama', versionUnknown: true });
    assert.equal(siteImage({ ref: '${REGISTRY}/ollama/ollama' }), undefined, 'a site not marked dynamic is parsed as it is');
    const start = performance.now();
    for (const hostile of [`\${REGISTRY}/${'a/'.repeat(3_000_000)}`, `{{${'x'.repeat(6_000_000)}`, `\${{${' '.repeat(6_000_000)}}}/a`]) variableRegistryRef(hostile);
    assert.ok(performance.now() - start < 5000, 'hostile references are rejected quickly');
  });

  it('deny-list entries name images as Docker reads references: Docker Hub spellings, library/, registries, namespaces, versions', () => {
    const img = (raw: string) => {
      const r = siteImage({ ref: raw, dynamic: /[$]|\{\{/.test(raw) || undefined });
      assert.ok(r, raw);
      return r;
    };
    const yes: [string, string][] = [
      ['ollama/ollama', 'ollama/ollama:0.5.7'],
      ['docker.io/ollama/ollama', 'ollama/ollama'],
      ['index.docker.io/ollama/ollama', 'docker.io/ollama/ollama:latest'],
      ['  ollama/ollama  ', 'ollama/ollama:1'],
      ['ghcr.io/huggingface/text-generation-inference', 'ghcr.io/huggingface/text-generation-inference:3.0.1'],
      ['ollama/ollama:0.5.7', 'ollama/ollama:0.5.7'],
      ['ollama/ollama:latest', 'ollama/ollama'],
      [`ollama/ollama@${DIGEST}`, `ollama/ollama:1@${DIGEST}`],
      ['mcp/', 'mcp/github:latest'],
      ['nvcr.io/nim/', 'nvcr.io/nim/meta/llama3:1'],
      ['python', 'docker.io/library/python:3.12'],
      ['library/python', 'python'],
      // A registry that is a variable: matched by the path.
      ['ollama/ollama', '${REGISTRY}/ollama/ollama:0.5.7'],
      ['ghcr.io/huggingface/text-generation-inference', '${REGISTRY}/huggingface/text-generation-inference'],
      ['python', '${REGISTRY}/python'],
    ];
    for (const [entry, raw] of yes) assert.ok(deniedImage(entry, img(raw)), `${entry} denies ${raw}`);
    const no: [string, string][] = [
      ['ollama/ollama', 'ollama/ollama-extra:1'],
      ['ollama/ollama', 'ghcr.io/ollama/ollama:1'],
      ['ollama', 'ollama/ollama:1'],
      ['myorg/ollama', 'ollama/ollama'],
      ['ollama/ollama-extra', 'ollama/ollama'],
      ['ollama/ollama:0.5.7', 'ollama/ollama:0.5.8'],
      ['ollama/ollama:0.5.7', 'ollama/ollama:${TAG}'],
      ['ollama/ollama:0.5.7', 'ollama/ollama'],
      [`ollama/ollama@${DIGEST}`, 'ollama/ollama:1'],
      ['ghcr.io/huggingface/text-generation-inference', 'huggingface/text-generation-inference:1'],
      ['mcp/', 'mcpx/github'],
      ['mcp', 'mcp/github'],
      ['nvcr.io/nim/', 'nvcr.io/nimble/x:1'],
      ['@ai-sdk/openai', 'ollama/ollama'],
      ['langchain-community', 'ollama/ollama'],
      ['', 'ollama/ollama'],
      ['Ollama/ollama', 'ollama/ollama'],
    ];
    for (const [entry, raw] of no) assert.ok(!deniedImage(entry, img(raw)), `${entry} does not deny ${raw}`);
  });

  it('purls of the docker type: repository_url for a registry other than Docker Hub, the digest as version when there is one', () => {
    const purl = (raw: string) => {
      const r = parseImageRef(raw);
      assert.ok(r, raw);
      return imagePurl(r, r.tag ?? (r.digest ? undefined : 'latest'));
    };
    assert.equal(purl('ollama/ollama:0.5.7'), 'pkg:docker/ollama/ollama@0.5.7');
    assert.equal(purl('docker.io/ollama/ollama'), 'pkg:docker/ollama/ollama@latest');
    assert.equal(purl('python:3.12'), 'pkg:docker/python@3.12');
    assert.equal(purl('ghcr.io/ollama/ollama:0.5.7'), 'pkg:docker/ollama/ollama@0.5.7?repository_url=ghcr.io');
    assert.equal(purl(`nvcr.io/nim/meta/llama3-8b-instruct:1.0@${DIGEST}`), `pkg:docker/nim/meta/llama3-8b-instruct@${DIGEST}?repository_url=nvcr.io`);
    assert.equal(purl('localhost:5000/x/y:1'), 'pkg:docker/x/y@1?repository_url=localhost%3A5000');
  });

  it('which paths are read', () => {
    for (const p of ['Dockerfile', 'a/Dockerfile', 'Dockerfile.gpu', 'serve.Dockerfile', 'Containerfile', 'x/containerfile', 'Dockerfile_ollama', 'Dockerfile-dev', 'Containerfile.cuda']) assert.ok(isDockerfilePath(p), p);
    for (const p of ['Dockerfile.md'.replace('.md', 'x'), 'docker/README.md', 'Dockerfiles/a.txt', 'dockerfile-lint.json', 'Dockerfile.md', 'dockerfile_test.go', 'Dockerfile-template.yaml']) assert.ok(!isDockerfilePath(p), p);
    assert.equal(yamlImageKind('.github/workflows/ci.yml'), 'workflow');
    assert.equal(yamlImageKind('sub/.github/workflows/ci.yaml'), 'workflow');
    assert.equal(yamlImageKind('docker-compose.override.yml'), 'compose');
    assert.equal(yamlImageKind('deploy/compose.prod.yaml'), 'compose');
    assert.equal(yamlImageKind('k8s/deploy.yaml'), 'kubernetes');
    // Other names: a compose or values file by its suffix, a Compose file by its top-level services (and no Kubernetes object).
    assert.equal(yamlImageKind('deploy/gpt-oss-compose.yaml'), 'compose');
    assert.equal(yamlImageKind('infra/helm-values.yaml'), 'helm');
    assert.equal(yamlImageKind('nims.yaml', 'services:\n  nim:\n    image: nvcr.io/nim/meta/llama3-8b-instruct:1.0.0\n'), 'compose');
    assert.equal(yamlImageKind('svc.yaml', 'apiVersion: v1\nkind: Service\nspec:\n  ports: []\n---\nservices:\n  x: 1\n'), 'kubernetes');
    assert.equal(yamlImageKind('app.yaml', 'app:\n  services:\n    - a\n'), 'kubernetes');
    assert.equal(yamlImageKind('.gitlab-ci.yml'), 'gitlab-ci');
    assert.equal(yamlImageKind('ci/deploy.gitlab-ci.yaml'), 'gitlab-ci');
    assert.equal(yamlImageKind('ci/my-gitlab-ci.yml'), 'kubernetes');
    for (const p of ['charts/litellm/values.yaml', 'values.yml', 'deploy/values-prod.yaml', 'values.dev.yaml']) assert.equal(yamlImageKind(p), 'helm', p);
    assert.equal(yamlImageKind('my-values.yaml'), 'helm');
    assert.equal(yamlImageKind('values-schema.json'), undefined);
    assert.equal(yamlImageKind('README.md'), undefined);
  });
});

describe('image catalog', () => {
  it('every entry parses, has a known provider and category, and the required images are there', () => {
    const providers = new Set(cat.providers.map((p) => p.id));
    for (const e of cat.images) {
      assert.ok(providers.has(e.provider), `${e.image} provider ${e.provider}`);
      assert.ok(AI_CATEGORIES.includes(e.category), `${e.image} category ${e.category}`);
      assert.ok(normalizeRepository(e.image, e.prefix === true), `${e.image} is a repository`);
      assert.equal(e.prefix === true, e.image.endsWith('/'), `${e.image}: a namespace ends with / and is a prefix`);
    }
    for (const want of [
      'ollama/ollama', 'vllm/vllm-openai', 'ghcr.io/huggingface/text-generation-inference', 'ghcr.io/huggingface/text-embeddings-inference',
      'nvcr.io/nvidia/tritonserver', 'nvcr.io/nim/', 'ghcr.io/ggml-org/llama.cpp', 'ghcr.io/ggerganov/llama.cpp', 'localai/localai',
      'ghcr.io/open-webui/open-webui', 'ghcr.io/berriai/litellm', 'qdrant/qdrant', 'chromadb/chroma', 'semitechnologies/weaviate',
      'cr.weaviate.io/semitechnologies/weaviate', 'milvusdb/milvus', 'langfuse/langfuse', 'mcp/', 'ghcr.io/github/github-mcp-server',
      'pytorch/pytorch', 'tensorflow/tensorflow', 'huggingface/transformers-pytorch-gpu',
    ]) assert.ok(cat.images.some((e) => e.image === want), want);
  });

  it('matches the repository exactly, any Docker Hub spelling, and namespaces by prefix', () => {
    const of = (raw: string) => {
      const r = parseImageRef(raw);
      return r ? cat.imageOf(r)?.provider : undefined;
    };
    assert.equal(of('ollama/ollama'), 'ollama');
    assert.equal(of('docker.io/ollama/ollama:0.5.7'), 'ollama');
    assert.equal(of('index.docker.io/ollama/ollama'), 'ollama');
    assert.equal(of('nvcr.io/nim/meta/llama-3.1-8b-instruct:1.1.2'), 'nvidia');
    assert.equal(of('mcp/github'), 'mcp');
    assert.equal(of('docker.io/mcp/postgres:latest'), 'mcp');
    assert.equal(of('cr.weaviate.io/semitechnologies/weaviate:1.28.0'), 'weaviate');
    // With no registry (a variable names it): by the repository path on any registry.
    assert.equal(cat.imageOf({ path: 'ollama/ollama' })?.provider, 'ollama');
    assert.equal(cat.imageOf({ path: 'huggingface/text-generation-inference' })?.provider, 'huggingface');
    assert.equal(cat.imageOf({ path: 'nim/meta/llama3' })?.provider, 'nvidia');
    assert.equal(cat.imageOf({ path: 'mcp/github' })?.category, 'mcp');
    for (const decoy of ['ollama', 'library/ollama', 'ollama/ollama-extra', 'myorg/ollama', 'nimble/x', 'nim', 'mcp']) assert.equal(cat.imageOf({ path: decoy }), undefined, decoy);
    for (const decoy of ['ollama/ollama-extra', 'ollama/ollamax', 'myorg/ollama', 'ghcr.io/ollama/ollama', 'python:3.12', 'nvcr.io/nimble/x', 'mcp', 'nvcr.io/nvidia/tritonserver-client', 'ghcr.io/huggingface/text-generation-inference-fork']) {
      assert.equal(of(decoy), undefined, decoy);
    }
  });
});

describe('Dockerfile reader', () => {
  it('FROM with flags, tags, digests, stage names; line and column of the image', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM ollama/ollama:0.5.7 AS base',
      `from   nvcr.io/nvidia/tritonserver@${DIGEST}`,
      'FROM python:3.12-slim as app',
      'FROM scratch',
    ].join('\n');
    assert.deepEqual(shown(dockerfileImages(text)), ['ollama/ollama:0.5.7@2:32', `nvcr.io/nvidia/tritonserver@${DIGEST}@3:8`, 'python:3.12-slim@4:6']);
  });

  it('global ARG defaults are put in; an ARG without a literal default leaves the reference dynamic', () => {
    const text = [
      'ARG REGISTRY=ghcr.io',
      'ARG TGI_VERSION="3.0.1" OTHER',
      'ARG FROM_ENV=$HOME',
      'FROM ${REGISTRY}/huggingface/text-generation-inference:${TGI_VERSION}',
      'FROM ollama/ollama:$OTHER',
      'FROM ollama/ollama:${OTHER:-0.5.7}',
      'FROM vllm/vllm-openai:${FROM_ENV}',
      'ARG LATE=9',
      'FROM qdrant/qdrant:${LATE}',
    ].join('\n');
    const sites = dockerfileImages(text);
    assert.deepEqual(shown(sites), [
      'ghcr.io/huggingface/text-generation-inference:3.0.1@4:6',
      'ollama/ollama:$OTHER@5:6 dynamic',
      'ollama/ollama:0.5.7@6:6',
      'vllm/vllm-openai:${FROM_ENV}@7:6 dynamic',
      'qdrant/qdrant:${LATE}@9:6 dynamic',
    ]);
    assert.equal(sites[0]?.written, '${REGISTRY}/huggingface/text-generation-inference:${TGI_VERSION}');
    // A dynamic tag still names its repository.
    assert.deepEqual(ai(sites), sites.map((s) => s.ref));
  });

  it('a registry that is a variable with no default: the reference kept as written, dynamic, matched by its path; a variable in the path is not matched', () => {
    const text = [
      'ARG REGISTRY',
      'ARG TAG=0.5.7',
      'FROM ${REGISTRY}/ollama/ollama:0.5.7',
      'FROM $REGISTRY/ollama/ollama:${TAG} AS two',
      'FROM ${REGISTRY:-}/huggingface/text-generation-inference',
      'FROM ${NOT_DECLARED}/vllm/vllm-openai:1',
      'FROM ${ORG}/ollama:1',
      'FROM ${REGISTRY}/${ORG}/ollama',
      'FROM ${ORG}ollama/ollama:1',
    ].join('\n');
    const sites = dockerfileImages(text);
    assert.deepEqual(shown(sites), [
      '${REGISTRY}/ollama/ollama:0.5.7@3:6 dynamic',
      '$REGISTRY/ollama/ollama:0.5.7@4:6 dynamic',
      '${REGISTRY:-}/huggingface/text-generation-inference@5:6 dynamic',
      '${NOT_DECLARED}/vllm/vllm-openai:1@6:6 dynamic',
      '${ORG}/ollama:1@7:6 dynamic',
      '${REGISTRY}/${ORG}/ollama@8:6 dynamic',
      '${ORG}ollama/ollama:1@9:6 dynamic',
    ]);
    assert.equal(sites[1]?.written, '$REGISTRY/ollama/ollama:${TAG}');
    assert.deepEqual(ai(sites), ['${REGISTRY}/ollama/ollama:0.5.7', '$REGISTRY/ollama/ollama:0.5.7', '${REGISTRY:-}/huggingface/text-generation-inference', '${NOT_DECLARED}/vllm/vllm-openai:1']);
    // A registry with a literal default is that registry, as before.
    assert.deepEqual(shown(dockerfileImages('ARG REGISTRY=ghcr.io\nFROM ${REGISTRY:-x}/huggingface/text-generation-inference:3\n')), ['ghcr.io/huggingface/text-generation-inference:3@2:6']);
  });

  it('quoted FROM words are read as BuildKit\'s shell lexer reads them: quotes removed; an unclosed quote is no image', () => {
    const text = [
      'ARG TAG=0.5.7',
      'FROM "ollama/ollama:0.5.7"',
      "FROM 'vllm/vllm-openai:v0.6.0' AS two",
      'FROM "ollama/ollama:${TAG}"',
      "FROM 'ollama/ollama:${TAG}'",
      'FROM "qdrant/qdrant',
      'FROM "${REGISTRY}/ollama/ollama"',
      'FROM "two"',
    ].join('\n');
    const sites = dockerfileImages(text);
    assert.deepEqual(shown(sites), [
      'ollama/ollama:0.5.7@2:6',
      'vllm/vllm-openai:v0.6.0@3:6',
      'ollama/ollama:0.5.7@4:6',
      'ollama/ollama:${TAG}@5:6',
      '${REGISTRY}/ollama/ollama@7:6 dynamic',
    ]);
    assert.deepEqual(sites.map((s) => s.written), ['"ollama/ollama:0.5.7"', "'vllm/vllm-openai:v0.6.0'", '"ollama/ollama:${TAG}"', "'ollama/ollama:${TAG}'", '"${REGISTRY}/ollama/ollama"']);
    // Single quotes keep `${TAG}` literal: no reference Docker accepts, so no AI image.
    assert.deepEqual(ai(sites), ['ollama/ollama:0.5.7', 'vllm/vllm-openai:v0.6.0', 'ollama/ollama:0.5.7', '${REGISTRY}/ollama/ollama']);
    assert.deepEqual(shown(dockerfileImages('FROM ollama\\/ollama:1\n')), ['ollama/ollama:1@1:6'], 'an escaped character is itself');
  });

  it('continuations (backslash, or the escape directive\'s backtick), CR, LF and CRLF line ends', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const text = ['FROM \\', '  # a comment inside', '', '  --platform=linux/amd64 \\', '  ollama/ollama:0.5.7 AS base', 'RUN true'].join(nl);
      assert.deepEqual(shown(dockerfileImages(text)), ['ollama/ollama:0.5.7@5:3'], JSON.stringify(nl));
    }
    const tick = ['# escape=`', 'FROM `', '  mcr.microsoft.com/windows/servercore:ltsc2022', 'FROM ollama/ollama:1 \\'].join('\r\n');
    assert.deepEqual(shown(dockerfileImages(tick)), ['mcr.microsoft.com/windows/servercore:ltsc2022@3:3', 'ollama/ollama:1@4:6']);
    assert.deepEqual(shown(dockerfileImages('\ufeffFROM ollama/ollama:1\n')), ['ollama/ollama:1@1:6'], 'a BOM is no column');
  });

  it('decoys: comments, RUN lines, heredoc bodies, stage aliases, similar and non-AI names', () => {
    const text = [
      '# FROM ollama/ollama:latest',
      'FROM python:3.12 AS ollama',
      'RUN echo ollama/ollama && docker pull vllm/vllm-openai',
      'RUN <<EOF',
      'FROM ollama/ollama',
      'EOF',
      'COPY <<-"END" /etc/x',
      '\tFROM qdrant/qdrant',
      '\tEND',
      'FROM ollama',
      'FROM OLLAMA AS second',
      'FROM ollama/ollama-extra:1',
      'FROM nginx:1.27',
      'LABEL image=ollama/ollama',
    ].join('\n');
    const sites = dockerfileImages(text);
    assert.deepEqual(shown(sites), ['python:3.12@2:6', 'ollama/ollama-extra:1@12:6', 'nginx:1.27@13:6']);
    assert.deepEqual(ai(sites), []);
  });

  it('never throws, stays bounded and linear on hostile input', () => {
    for (const t of ['', 'FROM', 'FROM \\', '\\\n\\\n', 'ARG', 'ARG =', 'FROM ${', 'FROM $', 'RUN <<EOF', 'FROM --platform=x', '\u0000FROM a']) assert.doesNotThrow(() => dockerfileImages(t), t);
    const many = 'FROM ollama/ollama:1\n'.repeat(MAX_IMAGE_SITES + 500);
    assert.equal(dockerfileImages(many).length, MAX_IMAGE_SITES);
    const start = performance.now();
    dockerfileImages(`FROM ${'a \\\n'.repeat(100_000)}x`);
    dockerfileImages('RUN x \\\n'.repeat(100_000));
    assert.ok(performance.now() - start < 5000, 'long continuations are read in linear time');
  });
});

describe('YAML readers', () => {
  it('compose: services.*.image, with ${VAR:-default} defaults; build-only services and decoys are not images', () => {
    const text = [
      'services:',
      '  llm:',
      '    image: "ollama/ollama:${OLLAMA_TAG:-0.5.7}"',
      '  tgi:',
      '    image: ghcr.io/huggingface/text-generation-inference:${TGI}',
      '  app:',
      '    build: .',
      '    environment:',
      '      - MODEL_IMAGE=ollama/ollama',
      '    # image: vllm/vllm-openai',
      '  db:',
      '    image: postgres:16',
      'x-notes:',
      '  image: qdrant/qdrant',
    ].join('\n');
    const r = yamlImages(text, 'compose');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(shown(r.sites), ['ollama/ollama:0.5.7@3:12', 'ghcr.io/huggingface/text-generation-inference:${TGI}@5:12 dynamic', 'postgres:16@12:12']);
    assert.equal(r.sites[0]?.written, 'ollama/ollama:${OLLAMA_TAG:-0.5.7}');
  });

  it('compose: a registry that is a variable with no default is kept as written and matched by its path; other defaults still apply', () => {
    const text = [
      'services:',
      '  a:',
      '    image: ${REGISTRY}/ollama/ollama:${TAG:-0.5.7}',
      '  b:',
      '    image: "${REGISTRY:-}/ollama/ollama"',
      '  c:',
      '    image: ${REGISTRY:-ghcr.io}/huggingface/text-generation-inference:3',
      '  d:',
      '    image: ${ORG}/ollama:1',
      '  e:',
      '    image: ${REGISTRY:-}ollama/ollama:2',
    ].join('\n');
    const r = yamlImages(text, 'compose');
    assert.deepEqual(shown(r.sites), [
      '${REGISTRY}/ollama/ollama:0.5.7@3:12 dynamic',
      '${REGISTRY:-}/ollama/ollama@5:12 dynamic',
      'ghcr.io/huggingface/text-generation-inference:3@7:12',
      '${ORG}/ollama:1@9:12 dynamic',
      'ollama/ollama:2@11:12',
    ]);
    assert.equal(r.sites[0]?.written, '${REGISTRY}/ollama/ollama:${TAG:-0.5.7}');
    assert.deepEqual(ai(r.sites), ['${REGISTRY}/ollama/ollama:0.5.7', '${REGISTRY:-}/ollama/ollama', 'ghcr.io/huggingface/text-generation-inference:3', 'ollama/ollama:2']);
  });

  it('compose: an image a service merges from an extension field (<<: *common, <<: [*a, *b]) or takes through an alias; its own image wins', () => {
    const text = [
      'x-llm-common: &llm',
      '  image: ${LLM_IMAGE:-ollama/ollama:0.5.7}', // 2
      '  restart: always',
      'x-base: &base',
      '  restart: always',
      'x-tgi: &tgi ghcr.io/huggingface/text-generation-inference:3.0.1', // 6
      'x-unused: &unused',
      '  image: vllm/vllm-openai:v0.6.3',
      'services:',
      '  llm-a:',
      '    <<: *llm',
      '  llm-b:',
      '    <<: [*base, *llm]',
      '    command: serve',
      '  tgi:',
      '    image: *tgi',
      '  own:',
      '    <<: *llm',
      '    image: qdrant/qdrant:v1.12.0', // 19
      '  none:',
      '    <<: *base',
      '  unknown:',
      '    <<: *nowhere',
    ].join('\n');
    const r = yamlImages(text, 'compose');
    assert.deepEqual(shown(r.sites), ['ollama/ollama:0.5.7@2:10', 'ghcr.io/huggingface/text-generation-inference:3.0.1@6:13', 'qdrant/qdrant:v1.12.0@19:12']);
    // A merge cycle or a long chain ends.
    assert.doesNotThrow(() => yamlImages('services:\n  a: &a\n    <<: *a\n', 'compose'));
    const chain = ['x-0: &a0', '  image: ollama/ollama:1', ...Array.from({ length: 20 }, (_, k) => `x-${k + 1}: &a${k + 1}\n  <<: *a${k}`), 'services:', '  s:', '    <<: *a20'].join('\n');
    assert.deepEqual(yamlImages(chain, 'compose').sites, []);
  });

  it('Helm values: image: as a string or a map of repository with registry, tag and digest, at any depth, placed at the repository; decoys', () => {
    const text = [
      'image:',
      '  repository: ghcr.io/berriai/litellm-database',
      '  tag: main-stable',
      '  pullPolicy: Always',
      'ollama:',
      '  image:',
      '    registry: docker.io',
      '    repository: ollama/ollama',
      '    tag: 0.5.7',
      '    digest: ""',
      'workers:',
      '  - name: tgi',
      '    image: ghcr.io/huggingface/text-generation-inference:2.4.1',
      'vllm:',
      '  image:',
      '    repository: vllm/vllm-openai',
      '    tag: ""',
      'templated:',
      '  image:',
      '    repository: "{{ .Values.global.registry }}/ollama/ollama"',
      '# image: { repository: localai/localai }',
      'nothing:',
      '  image:',
      '    pullPolicy: IfNotPresent',
      '  imageRepository: chromadb/chroma',
      '',
    ].join('\n');
    const r = yamlImages(text, 'helm');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.sites.map((x) => [x.ref, x.line, x.column, x.source, x.dynamic ?? false]), [
      ['ghcr.io/berriai/litellm-database:main-stable', 2, 15, 'helm', false],
      ['docker.io/ollama/ollama:0.5.7', 8, 17, 'helm', false],
      ['ghcr.io/huggingface/text-generation-inference:2.4.1', 13, 12, 'helm', false],
      // No tag, or an empty one: the chart's appVersion, which the values do not give.
      ['vllm/vllm-openai:{{ .Chart.AppVersion }}', 16, 17, 'helm', true],
      ['{{ .Values.global.registry }}/ollama/ollama:{{ .Chart.AppVersion }}', 20, 17, 'helm', true],
    ]);
  });

  it("vLLM production-stack's values: each modelSpec entry's engine image (repository and tag beside modelURL); a modelSpec entry with no model is none", () => {
    const text = 'servingEngineSpec:\n  modelSpec:\n  - name: "llama3"\n    repository: "vllm/vllm-openai"\n    tag: "latest"\n    modelURL: "meta-llama/Llama-3.1-8B-Instruct"\n  - name: cached\n    repository: lmcache/vllm-openai\n    tag: v0.3.1\n    modelURL: org/m\n  - name: other\n    repository: acme/thing\n';
    assert.deepEqual(yamlImages(text, 'helm').sites.map((x) => [x.ref, x.line, x.column]), [['vllm/vllm-openai:latest', 4, 17], ['lmcache/vllm-openai:v0.3.1', 8, 17]]);
  });

  it('Kubernetes: containers and initContainers at any depth, every document, CRLF and CR lines', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const text = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'spec:',
        '  template:',
        '    spec:',
        '      initContainers:',
        '        - name: fetch',
        '          image: busybox:1.36',
        '      containers:',
        '        - name: triton',
        '          image: nvcr.io/nvidia/tritonserver:24.01-py3',
        '---',
        'apiVersion: batch/v1',
        'kind: CronJob',
        'spec:',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          containers: [{ name: q, image: qdrant/qdrant }]',
        '---',
        'notKind: x',
        'containers: [{ image: ollama/ollama }]',
      ].join(nl);
      const r = yamlImages(text, 'kubernetes');
      assert.deepEqual(r.warnings, [], JSON.stringify(nl));
      assert.deepEqual(shown(r.sites), ['busybox:1.36@8:18', 'nvcr.io/nvidia/tritonserver:24.01-py3@11:18', 'qdrant/qdrant@20:42'], JSON.stringify(nl));
    }
    assert.deepEqual(yamlImages('image: ollama/ollama\n', 'kubernetes').sites, [], 'no kind, no containers: not a manifest');
  });

  it('workflows: jobs.*.container as a string or .image, jobs.*.services.*.image, a step\'s uses: docker://; other steps are not images', () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    container: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
      '    services:',
      '      ollama:',
      '        image: ollama/ollama:latest',
      '  b:',
      '    container:',
      '      image: ${{ matrix.image }}',
      '    steps:',
      '      - run: docker run ollama/ollama',
      '      - uses: actions/checkout@v4',
      '      - uses: docker://ghcr.io/ggml-org/llama.cpp:server-b4000',
      '      - name: quoted',
      '        uses: "docker://vllm/vllm-openai:v0.6.3"',
      '      - uses: ./docker://not-an-image',
    ].join('\n');
    const r = yamlImages(text, 'workflow');
    assert.deepEqual(shown(r.sites), [
      'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime@5:16',
      'ollama/ollama:latest@8:16',
      '${{ matrix.image }}@11:14 dynamic',
      'ghcr.io/ggml-org/llama.cpp:server-b4000@15:24',
      'vllm/vllm-openai:v0.6.3@17:25',
    ]);
    assert.deepEqual(ai(r.sites), ['pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime', 'ollama/ollama:latest', 'ghcr.io/ggml-org/llama.cpp:server-b4000', 'vllm/vllm-openai:v0.6.3']);
  });

  it('GitLab CI: image and services (strings or name:) at the top, under default: and in jobs, with variables put in; script commands read as shell', () => {
    for (const nl of ['\n', '\r\n']) {
      const text = [
        'variables:',
        '  OLLAMA_TAG: "0.5.7"',
        '  VLLM: { value: vllm/vllm-openai, description: the server }',
        'image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
        'default:',
        '  services:',
        '    - qdrant/qdrant:v1.12.0',
        '.gpu: &gpu',
        '  image:',
        '    name: ghcr.io/huggingface/text-generation-inference:3.0.1',
        '    entrypoint: [""]',
        'test:',
        '  <<: *gpu',
        '  variables:',
        '    TEI_TAG: "1.5"',
        '  services:',
        '    - name: ollama/ollama:$OLLAMA_TAG',
        '      alias: ollama',
        '    - ${CI_REGISTRY}/chromadb/chroma:0.5.0',
        '  before_script:',
        '    - docker pull ghcr.io/huggingface/text-embeddings-inference:${TEI_TAG}',
        '  script:',
        '    - docker run --rm -d $VLLM:v0.6.3 --model x',
        '    - |',
        '      sudo docker run \\',
        '        -p 8080:8080 localai/localai:v2.20.1',
        'deploy:',
        '  image: $CI_REGISTRY_IMAGE/ollama:$CI_COMMIT_SHA',
        '  script: docker run ollama/ollama:${TEI_TAG}',
      ].join(nl);
      const r = yamlImages(text, 'gitlab-ci');
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(shown(r.sites), [
        'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime@4:8',
        'qdrant/qdrant:v1.12.0@7:7',
        'ghcr.io/huggingface/text-generation-inference:3.0.1@10:11',
        'ollama/ollama:0.5.7@17:13',
        '${CI_REGISTRY}/chromadb/chroma:0.5.0@19:7 dynamic',
        'ghcr.io/huggingface/text-embeddings-inference:1.5@21:19',
        'vllm/vllm-openai:v0.6.3@23:26',
        'localai/localai:v2.20.1@26:22',
        '$CI_REGISTRY_IMAGE/ollama:$CI_COMMIT_SHA@28:10 dynamic',
        // TEI_TAG is test's variable, not deploy's.
        'ollama/ollama:${TEI_TAG}@29:22 dynamic',
      ], JSON.stringify(nl));
      assert.deepEqual(r.sites.map((x) => x.source), ['gitlab-ci', 'gitlab-ci', 'gitlab-ci', 'gitlab-ci', 'gitlab-ci', 'shell', 'shell', 'shell', 'gitlab-ci', 'shell']);
      assert.equal(r.sites[3]?.written, 'ollama/ollama:$OLLAMA_TAG');
      assert.deepEqual(ai(r.sites), [
        'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
        'qdrant/qdrant:v1.12.0',
        'ghcr.io/huggingface/text-generation-inference:3.0.1',
        'ollama/ollama:0.5.7',
        '${CI_REGISTRY}/chromadb/chroma:0.5.0',
        'ghcr.io/huggingface/text-embeddings-inference:1.5',
        'vllm/vllm-openai:v0.6.3',
        'localai/localai:v2.20.1',
        'ollama/ollama:${TEI_TAG}',
      ]);
    }
  });

  it('GitLab CI: scripts as flow lists, nested lists (flattened as GitLab does) and quoted lines; decoys', () => {
    const text = [
      '.pull: &pull',
      '  - docker pull qdrant/qdrant:v1.12.0',
      '  - [docker pull chromadb/chroma:0.5.0]',
      'a:',
      '  before_script: [docker pull ollama/ollama:0.5.7, ./run.sh]',
      '  script:',
      '    - *pull',
      '    - - - "docker run -d vllm/vllm-openai:v0.6.3"',
      "    - 'docker run localai/localai:v2.20.1 --x ''y'''",
      '    - TAG=3.0.1',
      '    - docker run ghcr.io/huggingface/text-generation-inference:$TAG',
      '  after_script: [ "docker run \\"ghcr.io/open-webui/open-webui:v0.5.4\\"" ]',
      'b:',
      '  script: [echo docker run ollama/ollama, "# docker run vllm/vllm-openai", docker build -t localai/localai .]',
      '  tags: [docker run qdrant/qdrant]',
      '  needs: [[docker run chromadb/chroma]]',
      'c:',
      '  script: [[[[[[[[[[[[docker run ollama/ollama:deep]]]]]]]]]]]]',
    ].join('\n');
    const r = yamlImages(text, 'gitlab-ci');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(shown(r.sites), [
      'qdrant/qdrant:v1.12.0@2:17',
      'chromadb/chroma:0.5.0@3:18',
      'ollama/ollama:0.5.7@5:31',
      'vllm/vllm-openai:v0.6.3@8:26',
      'localai/localai:v2.20.1@9:19',
      'ghcr.io/huggingface/text-generation-inference:3.0.1@11:18',
      // An escaped quote: the value is read from where the text inside the quotes starts (columns past an escape are the value's).
      'ghcr.io/open-webui/open-webui:v0.5.4@12:31',
    ]);
    assert.ok(r.sites.every((x) => x.source === 'shell'));
  });

  it('GitLab CI: !reference tags in scripts, image, services and variables resolve against the file\'s jobs; references elsewhere, missing and cyclic ones give nothing', () => {
    const text = [
      '.setup:',
      '  script:',
      '    - docker pull ollama/ollama:$TAG',
      '  image: vllm/vllm-openai:v0.6.3',
      '  vars: { TAG: "0.5.7" }',
      '  services: [qdrant/qdrant:v1.12.0]',
      '.two:',
      '  script:',
      '    - !reference [.setup, script]',
      '    - docker run localai/localai:v2.20.1',
      'a:',
      '  image: !reference [.setup, image]',
      '  services: !reference [.setup, services]',
      '  variables: !reference [.setup, vars]',
      '  script:',
      '    - !reference [.two, script]',
      'b:',
      '  variables:',
      '    TAG: !reference [.setup, vars, TAG]',
      '  script: !reference [.setup, script]',
      'decoys:',
      '  image: !reference [.missing, image]',
      '  services: !reference [.setup]',
      '  script:',
      '    - !reference [.setup, image]',
      '    - !reference [decoys, script]',
      '    - !reference [.cycle, script]',
      '.cycle:',
      '  script: [!reference [.cycle, script, script, script]]',
    ].join('\n');
    const r = yamlImages(text, 'gitlab-ci');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(shown(r.sites), [
      // .setup's own script: TAG is none of its variables.
      'ollama/ollama:$TAG@3:19 dynamic',
      // Read for a and b, where TAG is 0.5.7: one site.
      'ollama/ollama:0.5.7@3:19',
      'vllm/vllm-openai:v0.6.3@4:10',
      'qdrant/qdrant:v1.12.0@6:14',
      'localai/localai:v2.20.1@10:18',
    ]);
  });

  it('GitLab CI: extends (a name or a list, chained through hidden jobs) gives a job the image, services, scripts and variables it extends, merged as GitLab merges; cycles and depth past 11 cut', () => {
    const chain = Array.from({ length: 13 }, (_, k) => `.l${k}:\n  extends: .l${k + 1}\n`).join('') + '.l13:\n  variables: { DEEP: ollama/ollama:deep }\n';
    const text = [
      '.base:',
      '  image: { name: "ollama/ollama:$TAG", entrypoint: [""] }',
      '  variables: { TAG: "0.5.7", SVC: qdrant/qdrant }',
      '  services: [$SVC:v1.12.0]',
      '  script: [docker run $SVC:$TAG]',
      '.gpu:',
      '  extends: .base',
      '  image: { entrypoint: ["/bin/sh"] }',
      '  variables: { TAG: "0.6.0" }',
      'a:',
      '  extends: [.gpu]',
      'b:',
      '  extends: [.base, .other]',
      '  script: [docker run vllm/vllm-openai:$TAG]',
      '.other:',
      '  variables: { TAG: "v0.6.3" }',
      'c:',
      '  extends: c',
      '  script: [docker run localai/localai:$TAG]',
      'd:',
      '  extends: [.l0, .missing]',
      '  script: [docker run $DEEP]',
      'e:',
      '  extends: .l3',
      '  script: [docker run $DEEP]',
      chain,
    ].join('\n');
    const r = yamlImages(text, 'gitlab-ci');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(shown(r.sites), [
      'ollama/ollama:0.5.7@2:18',
      'ollama/ollama:0.6.0@2:18',
      'ollama/ollama:v0.6.3@2:18',
      'qdrant/qdrant:v1.12.0@4:14',
      // .base's own script, then a's (TAG from .gpu); b's script replaces .base's, with .other's TAG.
      'qdrant/qdrant:0.5.7@5:23',
      'qdrant/qdrant:0.6.0@5:23',
      'vllm/vllm-openai:v0.6.3@14:23',
      // c extends itself: no variables, so the tag stays a variable.
      'localai/localai:$TAG@19:23 dynamic',
      // d's chain is 14 levels: .l13's DEEP is past GitLab's 11; e's (11 levels) is not.
      '$DEEP@22:23 dynamic',
      'ollama/ollama:deep@25:23',
    ]);
  });

  it('GitLab CI decoys: a commented image, image: under other keys, variables naming an image no job uses, an echo, a top-level keyword that is no job', () => {
    const text = [
      '# image: ollama/ollama',
      'variables:',
      '  MODEL_IMAGE: ollama/ollama:0.5.7',
      '  image: vllm/vllm-openai',
      'workflow:',
      '  image: qdrant/qdrant',
      'cache:',
      '  image: chromadb/chroma',
      'include:',
      '  - local: ollama/ollama.yml',
      'build:',
      '  # image: localai/localai',
      '  cache: { image: ollama/ollama }',
      '  artifacts:',
      '    name: vllm/vllm-openai',
      '  variables:',
      '    OTHER: qdrant/qdrant',
      '  rules:',
      '    - if: $IMAGE == "ollama/ollama"',
      '  script:',
      '    - echo "docker run ollama/ollama"',
      '    - docker build -t ollama/ollama:dev .',
      '    # - docker run vllm/vllm-openai',
      '  tags: [docker]',
      '  environment:',
      '    name: docker run ollama/ollama',
      'stages: [docker run ollama/ollama]',
    ].join('\n');
    const r = yamlImages(text, 'gitlab-ci');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(shown(r.sites), []);
  });

  it('malformed YAML gives a warning and keeps what parsed; a Helm template gives none', () => {
    const bad = yamlImages('services:\n  llm:\n    image: ollama/ollama:1\n  bad: [unclosed\n', 'compose');
    assert.ok(bad.warnings.length > 0 && /not valid YAML at line \d+/.test(bad.warnings[0] ?? ''), JSON.stringify(bad.warnings));
    assert.deepEqual(ai(bad.sites), ['ollama/ollama:1']);
    const helm = yamlImages('kind: Deployment\nspec:\n  containers:\n    - image: {{ .Values.image }}\n      {{- if .Values.x }}\n', 'kubernetes');
    assert.deepEqual(helm.warnings, []);
  });

  it('Kubernetes: a multi-document file is read document by document, those with containers and an image only, lines kept; many documents stay fast', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      '  note: |',
      '    containers: image: not yaml here',
      '---',
      'kind: Service',
      'spec: {}',
      '--- # a comment after the marker',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: llm',
      '          image: ollama/ollama:0.5.7',
      '---',
      'kind: Pod',
      'spec:',
      '  containers: [{ name: v, image: "vllm/vllm-openai:v0.6.3" }]',
      '',
    ].join('\n');
    assert.deepEqual(k8sDocuments(text).map((d) => d.lineBase), [0, 8, 16]);
    const r = yamlImages(text, 'kubernetes');
    assert.deepEqual(shown(r.sites), ['ollama/ollama:0.5.7@16:18', 'vllm/vllm-openai:v0.6.3@20:34']);
    assert.deepEqual(r.warnings, []);
    // 500,000 empty documents and one Deployment: was seconds, one parse per document now.
    const many = `${'---\n'.repeat(500_000)}kind: Deployment\nspec:\n  containers:\n    - image: ollama/ollama:1\n`;
    const t = performance.now();
    const m = yamlImages(many, 'kubernetes');
    assert.deepEqual(shown(m.sites), ['ollama/ollama:1@500004:14']);
    assert.ok(performance.now() - t < 3000, `${Math.round(performance.now() - t)} ms`);
  });

  it('only the documents that name a catalog image are parsed; compose, workflow and GitLab files without a key they read are not parsed', () => {
    const nginx = (k: number) => `kind: Deployment\nspec:\n  containers:\n    - name: web\n      image: nginx:1.${k}\n`;
    const text = [...Array.from({ length: MAX_IMAGE_SITES + 100 }, (_, k) => nginx(k)), 'kind: Pod\nspec:\n  containers: [{ name: llm, image: ollama/ollama:0.5.7 }]\n', nginx(0)].join('---\n');
    const mentions = (doc: string) => doc.includes('ollama');
    assert.deepEqual(k8sDocuments(text, mentions).map((d) => d.lineBase), [(MAX_IMAGE_SITES + 100) * 6 - 1]);
    assert.deepEqual(shown(yamlImages(text, 'kubernetes', mentions).sites), [`ollama/ollama:0.5.7@${(MAX_IMAGE_SITES + 100) * 6 + 3}:36`]);
    // Without the filter the sites of the documents before it fill the bound and the AI image is lost.
    assert.deepEqual(ai(yamlImages(text, 'kubernetes').sites), []);
    // A decoy: a document that names the word in a comment only is parsed, and gives nothing.
    assert.deepEqual(shown(yamlImages('kind: Pod\n# ollama\nspec:\n  containers: [{ image: nginx }]\n', 'kubernetes', mentions).sites), ['nginx@4:25']);
    // No key the reader reads: no parse, so no warning for a malformed file that holds no image.
    for (const [t, kind] of [['services:\n  llm: { build: ./ollama\n', 'compose'], ['jobs:\n  a: { steps: [{ run: ollama serve }\n', 'workflow'], ['build:\n  script: [ollama serve\n', 'gitlab-ci']] as const) {
      assert.deepEqual(yamlImages(t, kind), { sites: [], warnings: [] }, kind);
      assert.ok(yamlImages(`${t}# image\n`, kind).warnings.length > 0, kind);
    }
  });

  it('never throws and stays bounded: deep nesting, many sites', () => {
    const deep = `kind: X\ncontainers:\n${'['.repeat(5000)}`;
    assert.doesNotThrow(() => yamlImages(deep, 'kubernetes'));
    assert.match(yamlImages(deep, 'kubernetes').warnings[0] ?? '', /nested deeper/);
    const many = `services:\n${Array.from({ length: MAX_IMAGE_SITES + 200 }, (_, k) => `  s${k}:\n    image: ollama/ollama:${k}\n`).join('')}`;
    assert.equal(yamlImages(many, 'compose').sites.length, MAX_IMAGE_SITES);
    for (const t of ['', '---', ':', '- a', 'services: 1', 'jobs: [1]', 'services:\n  a: 1\n  b:\n    image: [x]']) {
      assert.doesNotThrow(() => yamlImages(t, 'compose'));
      assert.doesNotThrow(() => yamlImages(t, 'workflow'));
      assert.doesNotThrow(() => yamlImages(t, 'kubernetes'));
      assert.doesNotThrow(() => yamlImages(t, 'gitlab-ci'));
    }
  });
});

describe('GitLab CI include: lists', () => {
  const cases: [string, string, string[], string[]][] = [
    ['a string', "include: 'ci/x.yml'", ['ci/x.yml'], []],
    ['a list of strings', 'include: [a.yml, "b.yml"]', ['a.yml', 'b.yml'], []],
    ['local: maps, a list and one', 'include:\n  - local: ci/t.yml\n  - { local: /ci/u.yml }', ['ci/t.yml', '/ci/u.yml'], []],
    ['one local: map', 'include: { local: /ci/templates.yml }', ['/ci/templates.yml'], []],
    ['a wildcard, as written', "include: 'ci/*.yml'", ['ci/*.yml'], []],
    ['remote, project, template, component and a URL string are not read', 'include:\n  - remote: https://x/y.yml\n  - project: g/p\n    file: a.yml\n  - template: Jobs/Build.gitlab-ci.yml\n  - component: $CI_SERVER_FQDN/g/c@1.0\n  - https://x/z.yml', [], ['remote: outside the repository, not read', 'project: outside the repository, not read', 'template: outside the repository, not read', 'component: outside the repository, not read', 'remote https://x/z.yml: not fetched']],
    ['decoy: include below a job is a job key, not the file\'s', 'job:\n  include: ci/x.yml\n  image: a', [], []],
    ['decoy: no include', 'job:\n  image: ollama/ollama', [], []],
    ['decoy: malformed YAML', 'include: [a.yml\n  - : :', [], []],
  ];
  for (const [name, text, local, notRead] of cases) {
    it(name, () => assert.deepEqual(gitlabIncludes(text), { local, notRead }));
  }

  it('at most 150 entries are looked at', () => {
    const text = `include:\n${Array.from({ length: 400 }, (_, k) => `  - f${k}.yml`).join('\n')}`;
    assert.equal(gitlabIncludes(text).local.length, 150);
  });
});

describe('GitLab CI configuration of several files (included first, the including file last)', () => {
  /** Each file's sites, `file#ref@line:column`, in the order the files are given. */
  const read = (files: string[]) =>
    gitlabConfigImages(files.map((t) => parseGitlab(t).file as NonNullable<ReturnType<typeof parseGitlab>['file']>)).flatMap((sites, k) => shown(sites).map((x) => `${k}#${x}`));
  const cases: [string, string[], string[]][] = [
    ['a job extends a template of an included file: the site is at the template\'s line', ['.t:\n  image: ollama/ollama:0.5.7', 'job:\n  extends: .t'], ['0#ollama/ollama:0.5.7@2:10']],
    ['a chain template → template across two included files, the variable set in the job', ['.a:\n  image: vllm/vllm-openai:$V', '.b:\n  extends: .a', 'job:\n  extends: .b\n  variables: { V: v0.6.3 }'], ['0#vllm/vllm-openai:$V@2:10 dynamic', '0#vllm/vllm-openai:v0.6.3@2:10']],
    ['an included file\'s top-level variables resolve the job\'s image', ['variables:\n  IMG: ollama/ollama:0.5.7', 'job:\n  image: $IMG'], ['1#ollama/ollama:0.5.7@2:10']],
    ['the including file\'s variables override an included file\'s, even those an included value names', ['variables:\n  IMG: ollama/ollama:$TAG\n  TAG: "0.1"', 'variables:\n  TAG: "0.5.7"\njob:\n  image: $IMG'], ['1#ollama/ollama:0.5.7@4:10']],
    ['a job\'s own variable is the one a top-level variable names, in that job only; a variable naming itself is the top-level one', ['variables:\n  IMG: ollama/ollama:$TAG\n  TAG: "0.1"', 'a:\n  image: $IMG\n  variables: { TAG: "0.5.7" }\nb:\n  image: $IMG\n  variables: { TAG: $TAG-rc }'], ['1#ollama/ollama:0.5.7@2:10', '1#ollama/ollama:0.1-rc@5:10']],
    ['decoy: variables in a cycle stay unknown', ['variables: { A: ollama/ollama:$B, B: $A }', 'job:\n  image: $A'], ['1#$A@2:10 dynamic']],
    ['a later included file\'s variables override an earlier\'s', ['variables: { T: "1" }', 'variables: { T: "2" }', 'job:\n  image: ollama/ollama:$T'], ['2#ollama/ollama:2@2:10']],
    ['a job of the same name deep-merges: the including file\'s image replaces the included one\'s, its variables stay', ['job:\n  image: localai/localai:v2.23.0\n  variables: { T: "1" }', 'job:\n  image: ollama/ollama:$T'], ['1#ollama/ollama:1@2:10']],
    ['default: and top-level image: of an included file, with the including file\'s variables', ['default:\n  image: ollama/ollama:$T\nimage: vllm/vllm-openai:$T', 'variables: { T: "9" }'], ['0#ollama/ollama:9@2:10', '0#vllm/vllm-openai:9@3:8']],
    ['the including file\'s default: image replaces an included file\'s', ['default:\n  image: localai/localai:v2.23.0', 'default:\n  image: ollama/ollama:0.5.7'], ['1#ollama/ollama:0.5.7@2:10']],
    ['!reference to an included file\'s job, in a script', ['.s:\n  script: [docker run ollama/ollama:$T]', 'job:\n  variables: { T: "0.5.7" }\n  script: [!reference [.s, script]]'], ['0#ollama/ollama:$T@2:23 dynamic', '0#ollama/ollama:0.5.7@2:23']],
    ['decoy: a template no job extends is read as a job of its own, once', ['.t:\n  image: ollama/ollama:0.5.7', 'job:\n  image: alpine'], ['0#ollama/ollama:0.5.7@2:10', '1#alpine@2:10']],
    ['decoy: extends of a name no file of the configuration defines gives nothing', ['.t:\n  image: ollama/ollama:0.5.7', 'job:\n  extends: .elsewhere\n  script: [echo]'], ['0#ollama/ollama:0.5.7@2:10']],
    ['decoy: an extends cycle across files is cut', ['.a:\n  extends: .b\n  image: ollama/ollama:$T', '.b:\n  extends: .a\n  variables: { T: "1" }'], ['0#ollama/ollama:1@3:10']],
  ];
  for (const [name, files, expected] of cases) {
    it(name, () => assert.deepEqual(read(files), expected));
  }
});

describe('shell reader: docker / podman run, create, pull', () => {
  it('the image word after the options and their values, with wrappers, chains, continuations, quotes and assigned variables', () => {
    const text = [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      'sudo docker run -d --gpus all -p 11434:11434 -v ollama:/root/.ollama --name ollama \\',
      '  --restart=unless-stopped ollama/ollama:0.5.7 && docker pull vllm/vllm-openai',
      'IMAGE="ghcr.io/huggingface/text-generation-inference:3.0.1"',
      'docker run --rm -e HF_TOKEN --env-file .env --network host "$IMAGE" --model-id org/m',
      'podman create -dp 8080:80 --pod ai $REGISTRY/ollama/ollama',
      'docker container run -it --platform=linux/amd64 localai/localai; docker image pull qdrant/qdrant:1.12.0',
      "bash -c 'docker run chromadb/chroma:0.5.0'",
      '/usr/bin/docker run -u 1000 -w /app -- ghcr.io/open-webui/open-webui:main',
      'nohup podman run "docker.io/ollama/ollama" >/dev/null 2>&1 &',
    ].join('\n');
    const sites = shellImages(text);
    assert.deepEqual(shown(sites), [
      'ollama/ollama:0.5.7@4:28',
      'vllm/vllm-openai@4:63',
      'ghcr.io/huggingface/text-generation-inference:3.0.1@6:60',
      '$REGISTRY/ollama/ollama@7:36 dynamic',
      'localai/localai@8:49',
      'qdrant/qdrant:1.12.0@8:84',
      'chromadb/chroma:0.5.0@9:9',
      'ghcr.io/open-webui/open-webui:main@10:40',
      'docker.io/ollama/ollama@11:18',
    ]);
    assert.ok(sites.every((s) => s.source === 'shell'));
    assert.equal(sites[2]?.written, '"$IMAGE"');
    assert.deepEqual(ai(sites), sites.map((s) => s.ref));
  });

  it('a shell default (${TAG:-0.5.7}, ${TAG-…}, ${TAG:=…}) is the value when the file gave the variable none; the written form is kept', () => {
    const text = [
      'docker run -d ollama/ollama:${OLLAMA_TAG:-0.5.7}',
      'docker pull "${REGISTRY-ghcr.io}/huggingface/text-generation-inference:${TGI=3.0.1}"',
      'docker run vllm/vllm-openai:${VLLM_TAG:=v0.6.3} && docker run vllm/vllm-openai:$VLLM_TAG',
      'QDRANT=v1.12.0',
      'docker run qdrant/qdrant:${QDRANT:-v1.0.0}',
      'CHROMA=$(cat chroma.txt)',
      'docker run chromadb/chroma:${CHROMA:-0.5.0}',
      'docker run localai/localai:${LOCALAI:?set it} milvusdb/milvus',
      'docker run localai/localai:${LOCALAI:+v2}',
      'docker run langfuse/langfuse:${LANGFUSE:-$DEFAULT}',
    ].join('\n');
    const sites = shellImages(text);
    assert.deepEqual(shown(sites), [
      'ollama/ollama:0.5.7@1:15',
      'ghcr.io/huggingface/text-generation-inference:3.0.1@2:13',
      'vllm/vllm-openai:v0.6.3@3:12',
      'vllm/vllm-openai:v0.6.3@3:63',
      'qdrant/qdrant:v1.12.0@5:12',
      'chromadb/chroma:${CHROMA:-0.5.0}@7:12 dynamic',
      'localai/localai:${LOCALAI:?set it}@8:12 dynamic',
      'localai/localai:${LOCALAI:+v2}@9:12 dynamic',
      'langfuse/langfuse:${LANGFUSE:-$DEFAULT}@10:12 dynamic',
    ]);
    assert.deepEqual(sites.slice(0, 3).map((x) => x.written), ['ollama/ollama:${OLLAMA_TAG:-0.5.7}', '"${REGISTRY-ghcr.io}/huggingface/text-generation-inference:${TGI=3.0.1}"', 'vllm/vllm-openai:${VLLM_TAG:=v0.6.3}']);
    // Pinned: a version, no unpinned-image; a reference whose version is a variable stays version-unknown.
    assert.equal(siteImage(sites[0] as ImageSite)?.tag, '0.5.7');
    assert.equal(siteImage(sites[5] as ImageSite)?.versionUnknown, true);
  });

  it('Makefile recipes (with their variables) and workflow run: steps; CR, LF and CRLF', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const make = ['OLLAMA ?= ollama/ollama:0.5.7', 'serve:', '\t@docker run -d $(OLLAMA)', '\t-docker pull $(REGISTRY)/vllm/vllm-openai:v0.6.0'].join(nl);
      assert.deepEqual(shown(shellImages(make)), ['ollama/ollama:0.5.7@3:17', '$(REGISTRY)/vllm/vllm-openai:v0.6.0@4:15 dynamic'], JSON.stringify(nl));
      // Make reads the whole file before a recipe runs: a variable set below the recipe is its value.
      const below = ['serve:', '\tdocker run -d $(VLLM)', 'VLLM = vllm/vllm-openai:v0.6.0', 'VLLM = vllm/vllm-openai:v0.6.3'].join(nl);
      assert.deepEqual(shown(shellImages(below)), ['vllm/vllm-openai:v0.6.3@2:16'], JSON.stringify(nl));
    }
    const workflow = [
      'on: push',
      'env:',
      '  TGI: ghcr.io/huggingface/text-generation-inference:3.0.1',
      'jobs:',
      '  e2e:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: docker run -d -p 11434:11434 ollama/ollama:0.5.7',
      '      - name: docker run vllm/vllm-openai',
      '        run: |',
      '          docker pull \\',
      '            qdrant/qdrant:1.12.0',
      '          docker run --rm ${{ env.TGI }} --help',
      '      - run: echo "docker run chromadb/chroma"',
    ].join('\n');
    const sites = shellImages(workflow);
    assert.deepEqual(shown(sites), ['ollama/ollama:0.5.7@8:43', 'qdrant/qdrant:1.12.0@12:13', 'ghcr.io/huggingface/text-generation-inference:3.0.1@13:27']);
    assert.ok(isMakefile('Makefile') && isMakefile('sub/GNUmakefile') && isMakefile('rules.mk') && !isMakefile('Makefile.am.txt') && !isMakefile('makefile.py'));
  });

  it('decoys: comments, echo and printf strings, other subcommands, build tags, compose, other tools named docker-something', () => {
    const text = [
      '# docker run ollama/ollama',
      '   # sudo docker pull vllm/vllm-openai',
      'echo "docker run qdrant/qdrant"',
      "printf 'podman pull chromadb/chroma\\n'",
      'docker build -t ollama/ollama:dev .',
      'docker push ollama/ollama:dev',
      'docker tag ollama/ollama localai/localai',
      'docker compose run ollama',
      'docker exec ollama ollama pull llama3',
      'docker-compose up ollama',
      'docker image rm ollama/ollama',
      'docker run',
      'docker run -p 11434:11434',
      'mydocker run ollama/ollama',
      'docker run ollama/ollama-extra:1 # ollama/ollama',
      'X=1 docker ps',
    ].join('\n');
    const sites = shellImages(text);
    assert.deepEqual(shown(sites), ['ollama/ollama-extra:1@15:12']);
    assert.deepEqual(ai(sites), []);
  });

  it('never throws, stays bounded and linear on hostile input', () => {
    for (const t of ['', 'docker', 'docker run \\', 'docker run "', "docker run '", 'docker run $(', 'docker run ${', 'docker run `', 'docker run --', 'docker run -p', '\u0000docker run a']) assert.doesNotThrow(() => shellImages(t), t);
    assert.equal(shellImages('docker run ollama/ollama:1\n'.repeat(MAX_IMAGE_SITES + 50)).length, MAX_IMAGE_SITES);
    // 1 MB each here (6 MB of each was checked by hand: about 0.3-3.5 s, as the Hugging Face command reader takes).
    const size = 1024 * 1024;
    for (const unit of ['docker run \\\n', '-e X \\\n', 'docker pull a && ', "docker run '", '$(docker run x ']) {
      const start = performance.now();
      shellImages(`docker run ${unit.repeat(Math.ceil(size / unit.length))}ollama/ollama`);
      assert.ok(performance.now() - start < 10_000, `${JSON.stringify(unit)} × 1 MB is read in linear time`);
    }
  });
});
