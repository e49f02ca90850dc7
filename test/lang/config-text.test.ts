import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { commentStyleOf, envVarSites, inlineModelSites, isDocumentation, isSourceMap, maskComments, modelSettingSites, urlSites, type CommentStyle } from '../../src/lang/config-text.js';

const urls = (s: string): string[] => urlSites(s).map((u) => u.value);

describe('urlSites', () => {
  const cases: { name: string; src: string; want: string[] }[] = [
    { name: 'plain', src: 'see https://api.openai.com/v1/chat/completions now', want: ['https://api.openai.com/v1/chat/completions'] },
    { name: 'query string kept', src: 'GET https://api.x.ai/v1/models?limit=10&after=abc.', want: ['https://api.x.ai/v1/models?limit=10&after=abc'] },
    { name: 'trailing punctuation trimmed', src: 'Use https://api.anthropic.com, or https://api.mistral.ai! Also (https://api.cohere.ai).', want: ['https://api.anthropic.com', 'https://api.mistral.ai', 'https://api.cohere.ai'] },
    { name: 'markdown link', src: '[Groq](https://api.groq.com/openai/v1) and <https://openrouter.ai/api/v1>', want: ['https://api.groq.com/openai/v1', 'https://openrouter.ai/api/v1'] },
    { name: 'markdown link with URL text', src: '[https://a.example/x](https://b.example/y)', want: ['https://a.example/x', 'https://b.example/y'] },
    { name: 'balanced parens kept', src: 'https://en.wikipedia.org/wiki/GPT_(language_model) end', want: ['https://en.wikipedia.org/wiki/GPT_(language_model)'] },
    { name: 'json quotes', src: '{"baseURL": "https://myres.openai.azure.com/openai/deployments/gpt4o"}', want: ['https://myres.openai.azure.com/openai/deployments/gpt4o'] },
    { name: 'JSON-escaped slashes', src: '{"u":"https:\\/\\/api.deepseek.com\\/v1"}', want: ['https://api.deepseek.com/v1'] },
    { name: 'host:port', src: 'OLLAMA=http://localhost:11434/api/generate; LMS=http://127.0.0.1:1234', want: ['http://localhost:11434/api/generate', 'http://127.0.0.1:1234'] },
    { name: 'bare loopback host:port', src: 'OLLAMA_HOST=0.0.0.0:11434\nx = "localhost:1234"', want: ['0.0.0.0:11434', 'localhost:1234'] },
    { name: 'websocket', src: "new WebSocket('wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview')", want: ['wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview'] },
    { name: 'uppercase scheme', src: 'HTTPS://API.OPENAI.COM/', want: ['HTTPS://API.OPENAI.COM/'] },
    { name: 'template placeholder kept', src: 'url: https://${RESOURCE}.openai.azure.com/openai', want: ['https://${RESOURCE}.openai.azure.com/openai'] },
    { name: 'shell quoting', src: "curl -s 'https://api.together.xyz/v1/completions' -H x", want: ['https://api.together.xyz/v1/completions'] },
    { name: 'Dockerfile', src: 'ENV OPENAI_BASE_URL=https://api.fireworks.ai/inference/v1\n', want: ['https://api.fireworks.ai/inference/v1'] },
    { name: 'C escape ends the URL', src: '"https://api.openai.com/v1\\n"', want: ['https://api.openai.com/v1'] },
    { name: 'decoys: no host, word prefix, other schemes', src: 'https:// nothing; xhttps://a.b; ftp://files.example; https:///path', want: [] },
    { name: 'markdown bold', src: '**https://api.cohere.com**', want: ['https://api.cohere.com'] },
    // A backslash in the host part: parsers disagree on the host (ambiguousAuthority), so no URL.
    { name: 'backslash before user info: no host is claimed', src: 'base_url: https://api.openai.com\\@evil.example.com/v1\n', want: [] },
    { name: 'backslash before user info, quoted', src: 'u = "https://evil.example.com\\@api.openai.com/"', want: [] },
    { name: 'escaped backslash in a Go or Java string', src: 'BaseURL: "https://api.openai.com\\\\@evil.example.com/"', want: [] },
    { name: 'backslash right after the host', src: 'x = "https://api.openai.com\\v1"', want: [] },
    { name: 'escaped quote after the host ends the URL', src: '"{\\"base_url\\": \\"https://api.openai.com\\"}"', want: ['https://api.openai.com'] },
    { name: 'escape after the host ends the URL', src: 'fmt.Printf("https://api.openai.com\\n")\nlog("https://api.openai.com\\t" + x)', want: ['https://api.openai.com', 'https://api.openai.com'] },
    { name: 'backslash in the path: every parser reads the same host', src: 'https://api.openai.com/v1\\@evil.example.com', want: ['https://api.openai.com/v1'] },
    { name: 'bare loopback before user info or a backslash is not loopback', src: 'OLLAMA_HOST=localhost:11434@evil.example.com\nH=127.0.0.1:1234\\@evil.example.com', want: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(urls(c.src), c.want));

  it('gives 1-based positions and the key it is assigned to', () => {
    const src = 'a: 1\nbase_url: "https://api.deepseek.com"\nclient = OpenAI(base_url="https://api.groq.com/openai/v1")\nOPENAI_BASE_URL=http://localhost:11434/v1\n"endpoint" : "wss://x.example"\nsee https://docs.example\n';
    assert.deepEqual(urlSites(src), [
      { value: 'https://api.deepseek.com', line: 2, column: 12, key: 'base_url' },
      { value: 'https://api.groq.com/openai/v1', line: 3, column: 27, key: 'base_url' },
      { value: 'http://localhost:11434/v1', line: 4, column: 17, key: 'OPENAI_BASE_URL' },
      { value: 'wss://x.example', line: 5, column: 15, key: 'endpoint' },
      { value: 'https://docs.example', line: 6, column: 5 },
    ]);
  });

  it('never throws and stays linear', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        for (const u of urlSites(s)) assert.ok(u.line >= 1 && u.column >= 1);
        urlSites('https://' + s);
      }),
      { numRuns: 500 },
    );
    const t0 = performance.now();
    urlSites('https://a.b/'.repeat(100_000));
    urlSites('https://' + '('.repeat(200_000));
    urlSites('https:' + '\\/'.repeat(200_000));
    urlSites('localhost:11434 '.repeat(50_000));
    urlSites('x'.repeat(300_000) + 'https://a.b' + '.'.repeat(300_000));
    assert.ok(performance.now() - t0 < 3000);
  });
});

const AI = new Set(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'HF_TOKEN', 'OLLAMA_HOST', 'OPENAI_BASE_URL']);
const isAi = (n: string): boolean => AI.has(n);
const env = (s: string): [string, number, number, boolean][] => envVarSites(s, isAi).map((e) => [e.name, e.line, e.column, e.hasValue]);

describe('envVarSites', () => {
  const cases: { name: string; src: string; want: [string, number, number, boolean][] }[] = [
    {
      name: '.env',
      src: 'OPENAI_API_KEY=sk-abc\nexport ANTHROPIC_API_KEY="x" # c\nHF_TOKEN=\nOLLAMA_HOST=${HOST}\nOPENAI_BASE_URL= # empty\n# OPENAI_API_KEY=commented\n',
      want: [['OPENAI_API_KEY', 1, 1, true], ['ANTHROPIC_API_KEY', 2, 8, true], ['HF_TOKEN', 3, 1, false], ['OLLAMA_HOST', 4, 1, false], ['OPENAI_BASE_URL', 5, 1, false]],
    },
    {
      name: 'docker-compose list form',
      src: 'services:\n  app:\n    environment:\n      - OPENAI_API_KEY=sk-1\n      - "ANTHROPIC_API_KEY="\n      - HF_TOKEN\n      - OLLAMA_HOST=${OLLAMA_HOST:-localhost}\n',
      want: [['OPENAI_API_KEY', 4, 9, true], ['ANTHROPIC_API_KEY', 5, 10, false], ['HF_TOKEN', 6, 9, false], ['OLLAMA_HOST', 7, 9, false]],
    },
    {
      name: 'docker-compose map form',
      src: '    environment:\n      OPENAI_API_KEY: sk-1\n      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n      HF_TOKEN:\n      OLLAMA_HOST: "http://ollama:11434"\n      OPENAI_BASE_URL: null\n',
      want: [['OPENAI_API_KEY', 2, 7, true], ['ANTHROPIC_API_KEY', 3, 7, false], ['HF_TOKEN', 4, 7, false], ['OLLAMA_HOST', 5, 7, true], ['OPENAI_BASE_URL', 6, 7, false]],
    },
    {
      name: 'Kubernetes env list',
      src: 'env:\n  - name: OPENAI_API_KEY\n    valueFrom:\n      secretKeyRef: {name: s, key: k}\n  - name: OLLAMA_HOST\n    value: "ollama:11434"\n  - name: HF_TOKEN\n  - name: OPENAI_BASE_URL\n    # note\n    value: ""\n  - {name: ANTHROPIC_API_KEY, value: sk-x}\n',
      want: [['OPENAI_API_KEY', 2, 11, false], ['OLLAMA_HOST', 5, 11, true], ['HF_TOKEN', 7, 11, false], ['OPENAI_BASE_URL', 8, 11, false], ['ANTHROPIC_API_KEY', 11, 12, true]],
    },
    {
      name: 'ECS task definition JSON',
      src: '"environment": [\n  {\n    "name": "OPENAI_API_KEY",\n    "value": "sk-123"\n  },\n  { "name": "HF_TOKEN", "valueFrom": "arn:aws:ssm:x" }\n]',
      want: [['OPENAI_API_KEY', 3, 14, true], ['HF_TOKEN', 6, 14, false]],
    },
    {
      name: 'GitHub Actions env and secrets',
      src: 'env:\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n  HF_TOKEN: hf_literal\njobs:\n  x:\n    steps:\n      - run: echo hi\n        with:\n          token: ${{ secrets.ANTHROPIC_API_KEY }}\n          other: ${{secrets.OLLAMA_HOST}}\n',
      want: [['OPENAI_API_KEY', 2, 3, false], ['HF_TOKEN', 3, 3, true], ['ANTHROPIC_API_KEY', 9, 30, false], ['OLLAMA_HOST', 10, 29, false]],
    },
    {
      name: 'Dockerfile',
      src: 'FROM python:3.12\nARG HF_TOKEN\nARG OLLAMA_HOST=localhost:11434\nENV OPENAI_API_KEY=sk-1 OPENAI_BASE_URL=$BASE\nENV ANTHROPIC_API_KEY sk-ant-legacy\n',
      want: [['HF_TOKEN', 2, 5, false], ['OLLAMA_HOST', 3, 5, true], ['OPENAI_API_KEY', 4, 5, true], ['OPENAI_BASE_URL', 4, 25, false], ['ANTHROPIC_API_KEY', 5, 5, true]],
    },
    {
      name: 'shell',
      src: '#!/bin/sh\nexport OPENAI_API_KEY\nexport HF_TOKEN=$(cat /run/secrets/hf)\ncurl -H "Authorization: Bearer $ANTHROPIC_API_KEY" -H "x: ${OLLAMA_HOST}"\n',
      want: [['OPENAI_API_KEY', 2, 8, false], ['HF_TOKEN', 3, 8, false], ['ANTHROPIC_API_KEY', 4, 33, false], ['OLLAMA_HOST', 4, 61, false]],
    },
    {
      name: 'JSON env map with references and literals',
      src: '{ "env": { "OPENAI_API_KEY": "${env:OPENAI_API_KEY}", "HF_TOKEN": "hf_x", "OLLAMA_HOST": "" } }',
      want: [['OPENAI_API_KEY', 1, 13, false], ['HF_TOKEN', 1, 56, true], ['OLLAMA_HOST', 1, 76, false]],
    },
    {
      name: 'decoys: other names, code, prose and comparisons',
      src: 'MY_OPENAI_API_KEY=x\nprocess.env.OPENAI_API_KEY = "x"\nThe OPENAI_API_KEY variable is read.\nif OPENAI_API_KEY == 1\n// OPENAI_API_KEY=x\nX_OPENAI_API_KEY: y\n',
      want: [],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(env(c.src), c.want));

  it('never returns a value', () => {
    const got = envVarSites('OPENAI_API_KEY=sk-proj-SECRET123', isAi);
    assert.equal(JSON.stringify(got).includes('SECRET'), false);
    assert.deepEqual(Object.keys(got[0]!).sort(), ['column', 'hasValue', 'line', 'name']);
  });

  it('survives a throwing predicate and random text, in linear time', () => {
    assert.deepEqual(envVarSites('A=1', () => {
      throw new Error('x');
    }), []);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        envVarSites(s, () => true);
        envVarSites(s, isAi);
      }),
      { numRuns: 500 },
    );
    const t0 = performance.now();
    envVarSites('OPENAI_API_KEY '.repeat(50_000), isAi);
    envVarSites('- name: OPENAI_API_KEY\n'.repeat(50_000), isAi);
    envVarSites('OPENAI_API_KEY=x\n'.repeat(100_000), isAi);
    assert.ok(performance.now() - t0 < 3000);
  });
});

describe('modelSettingSites', () => {
  const sites = (text: string) => modelSettingSites(text).map((s) => `${s.line}:${s.column} ${s.key}=${s.value}`);
  it("lists of models in one variable (LibreChat's ANTHROPIC_MODELS=a,b): each item at its place; a one-item value, a lower-case name or another list are not", () => {
    assert.deepEqual(sites('ANTHROPIC_MODELS=claude-sonnet-4-5,claude-3-5-haiku-latest\nexport OPENAI_MODELS="gpt-4o, gpt-4o-mini"\nFEATURE_FLAGS=a,b\nfoo_models=a,b\nONE_MODELS=gpt-4o\n'), [
      '1:18 ANTHROPIC_MODELS=claude-sonnet-4-5',
      '1:36 ANTHROPIC_MODELS=claude-3-5-haiku-latest',
      '2:23 OPENAI_MODELS=gpt-4o',
      '2:31 OPENAI_MODELS=gpt-4o-mini',
    ]);
  });

  it('the sections a setting is in (JSON objects, YAML mappings), nearest first; deployment names (Azure OpenAI) are settings too', () => {
    const at = (text: string) => modelSettingSites(text).map((s) => `${s.line} ${s.key}=${s.value} ${(s.sections ?? []).join('<')}`);
    assert.deepEqual(at('{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "Ollama": {\n    "Endpoint": "http://localhost:11434",\n    "ModelId": "llama3.2"\n  },\n  "AI": {\n    "AzureOpenAI": {\n      "ChatDeploymentName": "gpt-4o"\n    }\n  },\n  "Model": "gpt-4.1"\n}\n'), [
      '5 ModelId=llama3.2 Ollama',
      '9 ChatDeploymentName=gpt-4o AzureOpenAI<AI',
      '12 Model=gpt-4.1 ',
    ]);
    // YAML, with comments and blank lines between; a list item is no section; a flat file has none.
    assert.deepEqual(at('providers:\n  openai:\n    # the default\n\n    model: gpt-4o\nagents:\n  - name: a\n    llm: llama3\n'), ['5 model=gpt-4o openai<providers', '8 llm=llama3 ']);
    assert.deepEqual(at('AZURE_OPENAI_DEPLOYMENT_NAME=gpt-4o-mini\ndeployment_name: gpt-4o\nDEPLOYMENTS=a\nredeployment=x\n'), ['1 AZURE_OPENAI_DEPLOYMENT_NAME=gpt-4o-mini ', '2 deployment_name=gpt-4o ']);
  });

  it('settings named for a model, in .env, compose, Kubernetes, JSON, TOML and Dockerfile forms', () => {
    assert.deepEqual(sites('OPENAI_MODEL=gpt-4o-mini\nexport LLM_MODEL_ID="claude-3-5-sonnet-20241022"\nEMBEDDING_MODEL = text-embedding-3-small # the default\n'), [
      '1:14 OPENAI_MODEL=gpt-4o-mini',
      '2:22 LLM_MODEL_ID=claude-3-5-sonnet-20241022',
      '3:19 EMBEDDING_MODEL=text-embedding-3-small',
    ]);
    assert.deepEqual(sites('services:\n  app:\n    environment:\n      - CHAT_MODEL=gemini-1.5-pro\n      MODEL_NAME: "llama3:8b"\n'), ['4:20 CHAT_MODEL=gemini-1.5-pro', '5:20 MODEL_NAME=llama3:8b']);
    assert.deepEqual(sites('env:\n  - name: OPENAI_MODEL\n    value: gpt-4o\n  - name: OTHER\n    value: gpt-4o\n'), ['3:12 OPENAI_MODEL=gpt-4o']);
    assert.deepEqual(sites('{\n  "defaultModel": "gpt-4o",\n  "model": "claude-opus-4-1",\n  "ModelId": "mistral-large-latest"\n}'), ['2:20 defaultModel=gpt-4o', '3:13 model=claude-opus-4-1', '4:15 ModelId=mistral-large-latest']);
    assert.deepEqual(sites('[llm]\nmodel = "gpt-4.1"\n'), ['2:10 model=gpt-4.1']);
    assert.deepEqual(sites('FROM python:3.12\nENV LLM_MODEL gpt-4o\nENV CHAT_MODEL=gpt-4o-mini\n'), ['2:15 LLM_MODEL=gpt-4o', '3:16 CHAT_MODEL=gpt-4o-mini']);
    // Named for an LLM: `llm`, `DEFAULT_LLM`, `fastLlm`.
    assert.deepEqual(sites('LLM=gpt-4o\nDEFAULT_LLM=claude-3-5-haiku-latest\n'), ['1:5 LLM=gpt-4o', '2:13 DEFAULT_LLM=claude-3-5-haiku-latest']);
    // Kebab-case keys (Spring Boot's, Aider's): `summary-model`, `model-name`.
    assert.deepEqual(sites('app:\n  summary-model: gemini-2.0-flash\n  model-name: gpt-4o\n  model-dir: x\n'), ['2:18 summary-model=gemini-2.0-flash', '3:15 model-name=gpt-4o']);
    assert.deepEqual(sites('{\n  "llm": "gpt-4.1",\n  "fastLlm": "o4-mini"\n}'), ['2:11 llm=gpt-4.1', '3:15 fastLlm=o4-mini']);
    // PascalCase keys, as .NET's appsettings.json writes them; decoys that only contain the word.
    assert.deepEqual(sites('{\n  "ChatModelId": "gpt-4o-mini",\n  "EmbeddingModel": "text-embedding-3-small",\n  "ModelDirectory": "gpt-4o",\n  "DefaultModelKind": "gpt-4o"\n}'), ['2:19 ChatModelId=gpt-4o-mini', '3:22 EmbeddingModel=text-embedding-3-small']);
    // A shell or compose expansion's default: the value where the variable is unset.
    assert.deepEqual(sites('services:\n  web:\n    environment:\n      OPENAI_API_MODEL: ${OPENAI_API_MODEL:-gpt-5.2}\n      - CHAT_MODEL=${CHAT_MODEL-claude-3-5-haiku-latest}\nexport LLM_MODEL="${LLM_MODEL:=o3-mini}"\n'), [
      '4:45 OPENAI_API_MODEL=gpt-5.2',
      '5:33 CHAT_MODEL=claude-3-5-haiku-latest',
      '6:32 LLM_MODEL=o3-mini',
    ]);
  });
  it('is not fooled: other names, comments, references, paths, several words, long lines', () => {
    for (const text of [
      'APP_NAME=gpt-4o\nremodel: gpt-4o\nmodels_dir: gpt-4o\nmodeling: gpt-4o\n',
      'llm_config: gpt-4o\nLLMS=gpt-4o\nfilm: gpt-4o\nhelm: gpt-4o\nllm_provider: openai\n',
      '# OPENAI_MODEL=gpt-4o\n// "model": "gpt-4o"\n',
      'OPENAI_MODEL=${MODEL}\nMODEL_DIR=/models/llama\nmodel: gpt-4o and more\n',
      'A_MODEL=${A:?gpt-4o}\nB_MODEL=${B:+gpt-4o}\nC_MODEL=${C:-gpt-4o}x\nD_MODEL=${D:-${E}}\nE_MODEL=${E:-gpt 4o}\n',
      `OPENAI_MODEL=${'x'.repeat(1100)}\n`,
      'env:\n  - name: OPENAI_MODEL\n    valueFrom:\n      secretKeyRef: { name: m, key: model }\n',
      'python train.py --models gpt-4o --model-dir out --model_type x\n# claude --model claude-opus-4-1\nrun: x --model $MODEL --model "${M}"\n',
    ]) assert.deepEqual(sites(text), [], text.slice(0, 60));
  });
  it('a command line\'s --model option: a workflow input, a run line, an exec list, `=` and quotes', () => {
    assert.deepEqual(sites('      - uses: anthropics/claude-code-action@v1\n        with:\n          claude_args: |\n            --model claude-opus-4-1-20250805\n            --max-turns 5\n'), ['4:21 --model=claude-opus-4-1-20250805']);
    assert.deepEqual(sites('run: aider --model=gpt-4o --yes && llm --model "claude-3-5-haiku-latest" hi\n'), ['1:20 --model=gpt-4o', '1:49 --model=claude-3-5-haiku-latest']);
    assert.deepEqual(sites('{"args": ["-y", "server", "--model", "gpt-4o-mini"]}\n'), ['1:39 --model=gpt-4o-mini']);
    assert.deepEqual(sites("CMD ['--model', 'mistral-large-latest']\n"), ['1:18 --model=mistral-large-latest']);
  });
});

describe('inlineModelSites (a request body written inline)', () => {
  const read = (text: string) => inlineModelSites(text).map((s) => `${s.line}:${s.column} ${s.key}=${s.value}`);
  it('curl bodies, escaped quotes, a .http body on one line, single quotes and an unquoted key', () => {
    assert.deepEqual(read(`curl https://api.openai.com/v1/chat/completions \\\n  -d '{"model": "gpt-4o-mini", "messages": []}'`), ['2:17 model=gpt-4o-mini']);
    assert.deepEqual(read('curl -d "{\\"model\\": \\"llama-3.3-70b-versatile\\"}" https://api.groq.com/openai/v1'), ['1:23 model=llama-3.3-70b-versatile']);
    assert.deepEqual(read("POST https://x\n\n{ 'model_name': 'mistral-large-latest', modelId: \"o3-mini\", \"model_id\":\"claude-3-haiku-20240307\" }"), [
      '3:17 model_name=mistral-large-latest',
      '3:50 modelId=o3-mini',
      '3:72 model_id=claude-3-haiku-20240307',
    ]);
  });
  it('decoys: other keys, a key inside a longer name, a value that is no plain word, mismatched quotes, no quotes', () => {
    assert.deepEqual(read('{"name": "gpt-4o", "base_model": "gpt-4o", "my.model": "x", "model-name": "y"}'), []);
    assert.deepEqual(read('{"model": "${MODEL}", "model": "gpt 4o", "model": "gpt-4o\', "model": gpt-4o}'), []);
  });
});

describe('maskComments (commented-out endpoints are not configuration)', () => {
  const kept = (src: string, style: CommentStyle) => urls(maskComments(src, style));
  it('invalid: URLs in comments of each style are blanked, positions kept', () => {
    const cases: [CommentStyle, string][] = [
      ['hash', '# url: https://api.mistral.ai/v1\n'],
      ['hash', 'real: x # https://api.anthropic.com/v1\n'],
      ['hash', '    # RUN curl https://api.deepseek.com/v1\n'],
      ['ini', '; url = https://api.together.xyz/v1\n'],
      ['ini', '# spring.ai.anthropic.base-url=https://api.anthropic.com\n'],
      ['slash', '// see https://api.mistral.ai/v1\n'],
      ['slash', 'x := 1 /* https://api.cohere.ai/v1\n still */\n'],
      ['hash-slash', '# https://api.x.ai\n// https://api.groq.com\n'],
      ['xml', '<!-- <url>https://api.x.ai/v1</url>\n -->\n'],
    ];
    for (const [style, src] of cases) {
      const masked = maskComments(src, style);
      assert.equal(masked.length, src.length);
      assert.equal(masked.split('\n').length, src.split('\n').length);
      assert.deepEqual(urls(masked), [], `${style}: ${JSON.stringify(src)}`);
    }
  });
  it('valid: URLs outside comments stay where they were, fragments and quoted # included', () => {
    const cases: [CommentStyle, string, string[]][] = [
      ['hash', 'frag: https://api.groq.com/openai/v1#x\n', ['https://api.groq.com/openai/v1#x']],
      ['hash', 'q: "see # https://api.x.ai/v1"\n', ['https://api.x.ai/v1']],
      ['hash', "u: 'https://api.openai.com/v1' # note\n", ['https://api.openai.com/v1']],
      ['ini', 'url = https://api.perplexity.ai ; not a comment mid-line\n', ['https://api.perplexity.ai']],
      ['slash', 'var u = "https://api.groq.com/openai/v1" // https://api.x.ai\n', ['https://api.groq.com/openai/v1']],
      ['slash', 'var r = `line1\n// https://api.openai.com/v1 inside a raw string`\n', ['https://api.openai.com/v1']],
      ['xml', '<url>https://api.replicate.com/v1</url>\n', ['https://api.replicate.com/v1']],
      ['none', '# https://api.mistral.ai\n', ['https://api.mistral.ai']],
    ];
    for (const [style, src, want] of cases) {
      assert.deepEqual(kept(src, style), want, `${style}: ${JSON.stringify(src)}`);
      const at = src.indexOf(want[0] as string);
      assert.equal(maskComments(src, style).indexOf(want[0] as string), at);
    }
  });
  it('styles by language and name; prose documentation by name', () => {
    assert.equal(commentStyleOf('yaml', 'a/b.yml'), 'hash');
    assert.equal(commentStyleOf('go', 'm.go'), 'slash');
    assert.equal(commentStyleOf('text', 'app.properties'), 'ini');
    assert.equal(commentStyleOf('text', 'main.tf'), 'hash-slash');
    assert.equal(commentStyleOf('text', 'pom-like.xml'), 'xml');
    assert.equal(commentStyleOf('text', 'notes.txt'), 'none');
    for (const p of ['README', 'docs/README.txt', 'guide.rst', 'site/index.html', 'CHANGELOG', 'x.adoc']) assert.equal(isDocumentation(p), true, p);
    for (const p of ['history.yaml', 'readme.yaml', 'config.txt', 'app.json', 'notes.py']) assert.equal(isDocumentation(p), false, p);
  });
  it('never throws and keeps the length on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom<CommentStyle>('hash', 'ini', 'slash', 'hash-slash', 'xml', 'none'), (s, style) => {
        assert.equal(maskComments(s, style).length, s.length);
      }),
      { numRuns: 500 },
    );
  });
  it('stays linear with many line comments, whatever the line ends', () => {
    const t0 = performance.now();
    // A file with old Mac line ends has no LF to end a comment at: each line end is looked up once.
    for (const eol of ['\r', '\n']) assert.equal(urlSites(maskComments(`${'// c'.concat(eol).repeat(400_000)}x = "https://api.openai.com/v1"`, 'slash')).length, 1);
    assert.equal(maskComments('# c\r'.repeat(400_000), 'hash').trim(), '');
    assert.ok(performance.now() - t0 < 3000);
  });
  it("breaks 'lf' (Go): a lone CR ends no comment and no string; LF and CRLF end a comment as before", () => {
    const cases: [string, string[]][] = [
      // Go reads a CR as a blank: the URL after `// old<CR>` is inside the comment.
      ['// old\rvar u = "https://api.openai.com/v1"\n', []],
      ['/* x */ // a\r\rb https://api.groq.com/openai/v1\n', []],
      // A CR inside a string is part of it (a `//` there is no comment).
      ['var u = "a\r// https://api.x.ai/v1"\n', ['https://api.x.ai/v1']],
      // Decoys: LF and CRLF still end the comment.
      ['// old\nvar u = "https://api.openai.com/v1"\n', ['https://api.openai.com/v1']],
      ['// old\r\nvar u = "https://api.openai.com/v1"\r\n', ['https://api.openai.com/v1']],
    ];
    for (const [src, want] of cases) {
      const masked = maskComments(src, 'slash', 'lf');
      assert.equal(masked.length, src.length);
      assert.deepEqual(urls(masked), want, JSON.stringify(src));
    }
    // The default ('cr-lf', Java, configs) ends the comment at the lone CR.
    assert.deepEqual(urls(maskComments('// old\rvar u = "https://api.openai.com/v1"\n', 'slash')), ['https://api.openai.com/v1']);
    const t0 = performance.now();
    assert.equal(urlSites(maskComments(`${'// c\r'.repeat(400_000)}\nx = "https://api.openai.com/v1"`, 'slash', 'lf')).length, 1);
    assert.ok(performance.now() - t0 < 3000);
  });
});

describe('isSourceMap (generated, not configuration)', () => {
  const map = (o: Record<string, unknown>): string => JSON.stringify(o);
  it('is a .map whose JSON declares version 3 at its head and has mappings or sections', () => {
    assert.ok(isSourceMap('dist/index.js.map', map({ version: 3, file: 'index.js', sources: ['a.ts'], mappings: 'AAAA' })));
    assert.ok(isSourceMap('a.css.map', `\uFEFF)]}'\n{\n  "version": 3,\n  "sources": [],\n  "mappings": ""\n}`), 'BOM, XSSI prefix, pretty-printed');
    // esbuild writes sourcesContent before mappings: mappings far past the head still counts.
    assert.ok(isSourceMap('out.mjs.map', map({ version: 3, sources: ['a.ts'], sourcesContent: ['x'.repeat(5000)], mappings: 'AAAA' })));
    assert.ok(isSourceMap('INDEX.JS.MAP', map({ version: 3, sections: [] })), 'an index map; the extension in any case');
  });
  it('is not any other file', () => {
    const sm = map({ version: 3, mappings: 'AAAA' });
    assert.equal(isSourceMap('index.js', sm), false, 'not named .map');
    assert.equal(isSourceMap('map.json', sm), false);
    assert.equal(isSourceMap('world.map', 'server = "https://api.mistral.ai/v1"\n# version 3, mappings\n'), false, 'not JSON');
    assert.equal(isSourceMap('tiles.map', map({ version: 3, layers: [] })), false, 'no mappings');
    assert.equal(isSourceMap('old.map', map({ version: 2, mappings: '' })), false, 'another version');
    assert.equal(isSourceMap('v30.map', map({ version: 30, mappings: '' })), false);
    assert.equal(isSourceMap('late.map', `{"names": [${'"n",'.repeat(400)}"n"], "version": 3, "mappings": ""}`), false, 'version past the head');
  });
});

describe('line ends: CR, LF and CRLF end a line for URL and env var positions and for comments', () => {
  const ENDS: [string, string][] = [['LF', '\n'], ['CRLF', '\r\n'], ['lone CR', '\r']];
  const names = (n: string): boolean => /^(?:OPENAI|GROQ)_/.test(n);
  for (const [ends, nl] of ENDS) {
    it(`${ends}: URLs, env vars and comments on their own lines`, () => {
      const src = ['# base_url: https://api.x.ai/v1', 'a: 1', 'base_url: https://api.groq.com/openai/v1  # groq', 'env:', '  - name: OPENAI_API_KEY', '    value: "abc"', 'GROQ_API_KEY: ${GROQ}', ''].join(nl);
      const masked = maskComments(src, 'hash');
      assert.equal(masked.length, src.length);
      assert.deepEqual(urlSites(masked).map((u) => `${u.line}:${u.column} ${u.value} ${u.key ?? ''}`), ['3:11 https://api.groq.com/openai/v1 base_url']);
      assert.deepEqual(envVarSites(src, names).map((e) => `${e.line}:${e.column} ${e.name} ${e.hasValue}`), ['5:11 OPENAI_API_KEY true', '7:1 GROQ_API_KEY false']);
    });
  }
  it('urlSites(text, \'lf\') counts LF only, as the Go and Java lexers whose sites it is merged with', () => {
    assert.deepEqual(urlSites('x := 1\ru := "https://api.groq.com/openai/v1"\n', 'lf').map((u) => `${u.line}:${u.column}`), ['1:14']);
    assert.deepEqual(urlSites('x := 1\ru := "https://api.groq.com/openai/v1"\n').map((u) => `${u.line}:${u.column}`), ['2:7']);
  });
  // Each case: style, text, and the URLs left with their positions.
  const CASES: [CommentStyle, string, string[]][] = [
    ['slash', '// https://api.x.ai/v1\rconst u = "https://api.groq.com/openai/v1"\r', ['2:12 https://api.groq.com/openai/v1']],
    ['ini', '; https://api.x.ai/v1\rurl = https://api.perplexity.ai\r', ['2:7 https://api.perplexity.ai']],
    ['hash', 'a: "x # https://api.x.ai/v1\rb: https://api.groq.com/openai/v1\r', ['1:9 https://api.x.ai/v1', '2:4 https://api.groq.com/openai/v1']],
    ['hash', 'mixed: 1\r\n# c\rurl: https://api.groq.com/openai/v1\n', ['3:6 https://api.groq.com/openai/v1']],
    // Decoys: no line ends.
    ['hash', '# note\u2028url: https://api.x.ai/v1\nurl: https://api.groq.com/openai/v1\n', ['2:6 https://api.groq.com/openai/v1']],
    ['hash', '{"a": "x\\r\\n", "url": "https://api.groq.com/openai/v1"}\n', ['1:24 https://api.groq.com/openai/v1']],
    ['hash', 'p: "a\u2029b"  url: https://api.groq.com/openai/v1\n', ['1:16 https://api.groq.com/openai/v1']],
  ];
  for (const [style, src, want] of CASES) {
    it(`${style}: ${JSON.stringify(src).slice(0, 60)}`, () => {
      assert.deepEqual(urlSites(maskComments(src, style)).map((u) => `${u.line}:${u.column} ${u.value}`), want);
    });
  }
});
