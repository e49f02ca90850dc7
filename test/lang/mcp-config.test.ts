import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { configStrings, FETCHING_LAUNCHERS, MAX_YAML_CONFIG_CHARS, mcpServers, parseLauncher, type McpServer } from '../../src/lang/mcp-config.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';
import { loadRules } from '../../src/rules/load.js';

const one = (r: { servers: McpServer[]; warnings: string[] }, name: string): McpServer => {
  const s = r.servers.find((x) => x.name === name);
  assert.ok(s, `no server ${name} in ${JSON.stringify(r)}`);
  return s;
};

describe('mcpServers: client shapes', () => {
  it('Claude Desktop (mcpServers, stdio, env literals vs references)', () => {
    const text = `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/Users/me/Desktop"]
    },
    "github": {
      "command": "docker",
      "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],
      "env": {
        "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_literalvalue",
        "OTHER": "\${GITHUB_TOKEN}"
      }
    }
  }
}`;
    const r = mcpServers('claude_desktop_config.json', text, 'json', 'mcpServers');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.servers.map((s) => [s.name, s.line, s.transport]), [['filesystem', 3, 'stdio'], ['github', 7, 'stdio']]);
    const fs = one(r, 'filesystem');
    assert.equal(fs.command, 'npx');
    assert.deepEqual(fs.launcher, { tool: 'npx', package: '@modelcontextprotocol/server-filesystem', version: '2025.8.21', pinned: true });
    const gh = one(r, 'github');
    assert.deepEqual(gh.envNames, ['GITHUB_PERSONAL_ACCESS_TOKEN', 'OTHER']);
    assert.deepEqual(gh.envLiteral, [{ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', line: 11 }]);
    assert.deepEqual(gh.launcher, { tool: 'docker', package: 'ghcr.io/github/github-mcp-server', pinned: false });
    assert.equal(JSON.stringify(r).includes('ghp_literalvalue'), false);
  });

  it('Cursor (remote URL servers, http vs https)', () => {
    const text = `{"mcpServers": {
      "remote": { "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer abc", "X-Key": "\${env:KEY}" } },
      "legacy": { "url": "http://10.0.0.5:8080/sse" },
      "local": { "command": "uvx", "args": ["mcp-server-fetch"], "env": { "API_KEY": "\${env:API_KEY}" } }
    }}`;
    const r = mcpServers('.cursor/mcp.json', text, 'json', 'mcpServers');
    const remote = one(r, 'remote');
    assert.equal(remote.transport, 'http');
    assert.equal(remote.url, 'https://mcp.example.com/mcp');
    assert.deepEqual(remote.headerLiteral, [{ name: 'Authorization', line: 2 }]);
    assert.equal(remote.launcher, undefined);
    const legacy = one(r, 'legacy');
    assert.equal(legacy.transport, 'sse');
    assert.ok(legacy.url?.startsWith('http://'));
    const local = one(r, 'local');
    assert.deepEqual(local.envLiteral, []);
    assert.deepEqual(local.envNames, ['API_KEY']);
    assert.deepEqual(local.launcher, { tool: 'uvx', package: 'mcp-server-fetch', pinned: false });
  });

  it('VS Code mcp.json (servers) with comments and trailing commas', () => {
    const text = `// VS Code MCP config
{
  "inputs": [ { "type": "promptString", "id": "key", "password": true, }, ],
  /* servers below */
  "servers": {
    "memory": {
      "type": "stdio",
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-memory@latest",], // unpinned
      "env": { "TOKEN": "\${input:key}", "LITERAL": "abc", },
    },
    "gh": { "type": "http", "url": "https://api.githubcopilot.com/mcp/", },
    "old": { "type": "sse", "url": "https://x.example/events" },
  },
}`;
    const r = mcpServers('.vscode/mcp.json', text, 'json', 'servers');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.servers.map((s) => [s.name, s.line, s.transport]), [['memory', 6, 'stdio'], ['gh', 12, 'http'], ['old', 13, 'sse']]);
    const mem = one(r, 'memory');
    assert.deepEqual(mem.launcher, { tool: 'npx', package: '@modelcontextprotocol/server-memory', range: 'latest', pinned: false });
    assert.deepEqual(mem.envLiteral, [{ name: 'LITERAL', line: 10 }]);
  });

  it('VS Code settings.json (mcp.servers)', () => {
    const text = `{
  "editor.fontSize": 14, // comment with "mcpServers": {}
  "mcp": { "servers": { "py": { "command": "python3", "args": ["-m", "my_mcp.server"] } } },
}`;
    const r = mcpServers('.vscode/settings.json', text, 'json', 'mcp');
    assert.deepEqual(r.servers.map((s) => [s.name, s.line, s.launcher]), [['py', 3, { tool: 'python', package: 'my_mcp.server', pinned: false }]]);
  });

  it("VS Code settings.json with the catalog's key: nested and flat forms both", () => {
    const cfg = sdkCatalog(loadRules()).mcpConfig('.vscode/settings.json');
    assert.ok(cfg, 'the catalog lists .vscode/settings.json');
    const nested = '{ "mcp": { "servers": { "s1": { "command": "npx", "args": ["-y", "srv"] } } } }';
    const flat = '{ "mcp.servers": { "s2": { "url": "https://mcp.example.com/mcp" } } }';
    assert.deepEqual(mcpServers('.vscode/settings.json', nested, cfg.format, cfg.key).servers.map((s) => s.name), ['s1']);
    assert.deepEqual(mcpServers('.vscode/settings.json', flat, cfg.format, cfg.key).servers.map((s) => s.name), ['s2']);
    assert.deepEqual(mcpServers('.vscode/settings.json', '{ "mcp": { "other": {} } }', cfg.format, cfg.key).servers, []);
  });

  it('opencode.json (mcp map, command array, environment, remote)', () => {
    const text = `{ "mcp": {
  "ctx": { "type": "local", "command": ["bunx", "ctx-mcp@1.0.0"], "environment": { "K": "v" } },
  "web": { "type": "remote", "url": "https://mcp.example/ws" }
}}`;
    const r = mcpServers('opencode.json', text, 'json', 'mcp');
    const ctx = one(r, 'ctx');
    assert.equal(ctx.transport, 'stdio');
    assert.deepEqual(ctx.args, ['ctx-mcp@1.0.0']);
    assert.deepEqual(ctx.launcher, { tool: 'bunx', package: 'ctx-mcp', version: '1.0.0', pinned: true });
    assert.deepEqual(ctx.envLiteral, [{ name: 'K', line: 2 }]);
    assert.equal(one(r, 'web').transport, 'http');
  });

  it('Zed (context_servers, both command shapes)', () => {
    const text = `{
  "theme": "One Dark",
  "context_servers": {
    "new-shape": { "source": "custom", "command": "uvx", "args": ["--from", "mcp-server-git==0.6.2", "mcp-server-git"], "env": {} },
    "old-shape": { "command": { "path": "/usr/local/bin/node", "args": ["/opt/node_modules/@scope/srv/dist/index.js"], "env": { "SECRET": "x" } } },
    "extension": { "settings": {} }
  }
}`;
    const r = mcpServers('.zed/settings.json', text, 'json', 'context_servers');
    assert.deepEqual(one(r, 'new-shape').launcher, { tool: 'uvx', package: 'mcp-server-git', version: '0.6.2', pinned: true });
    const old = one(r, 'old-shape');
    assert.equal(old.command, '/usr/local/bin/node');
    assert.deepEqual(old.launcher, { tool: 'node', package: '@scope/srv', pinned: false });
    assert.deepEqual(old.envLiteral, [{ name: 'SECRET', line: 5 }]);
    assert.equal(one(r, 'extension').transport, 'unknown');
  });

  it('Claude Code .mcp.json (type http, ${VAR} expansion) and ~/.claude.json projects', () => {
    const text = `{
  "mcpServers": {
    "sentry": { "type": "http", "url": "https://mcp.sentry.dev/mcp", "headers": { "Authorization": "Bearer \${SENTRY_TOKEN}" } },
    "sse": { "type": "sse", "url": "https://mcp.asana.com/sse" }
  },
  "projects": { "/home/me/app": { "mcpServers": { "local": { "command": "node", "args": ["server.js"] } } } }
}`;
    const r = mcpServers('.mcp.json', text, 'json', 'mcpServers');
    assert.deepEqual(r.servers.map((s) => [s.name, s.transport]), [['sentry', 'http'], ['sse', 'sse'], ['local', 'stdio']]);
    assert.equal(one(r, 'sentry').headerLiteral, undefined);
  });

  it('Gemini CLI (url is SSE, httpUrl is streamable HTTP)', () => {
    const text = '{"mcpServers": {"a": {"url": "https://x.example/events"}, "b": {"httpUrl": "https://y.example/mcp"}}}';
    const r = mcpServers('.gemini/settings.json', text, 'json', 'mcpServers');
    assert.deepEqual(r.servers.map((s) => [s.name, s.transport, s.url]), [['a', 'sse', 'https://x.example/events'], ['b', 'http', 'https://y.example/mcp']]);
  });

  it('Windsurf serverUrl and Cline transportType', () => {
    const w = mcpServers('mcp_config.json', '{"mcpServers": {"w": {"serverUrl": "https://w.example/mcp"}, "c": {"url": "https://c.example", "transportType": "streamableHttp"}}}', 'json', 'mcpServers');
    assert.deepEqual(w.servers.map((s) => [s.name, s.transport]), [['w', 'http'], ['c', 'http']]);
  });

  it('Codex config.toml', () => {
    const text = `model = "o3"
# [mcp_servers.commented]
[mcp_servers.docs]
command = "npx"
args = [
  "-y",            # auto-install
  "mcp-docs@^1.2", # a range
]
env = { "DOCS_KEY" = "literal", OTHER = "\${OTHER}" }

[mcp_servers."with.dots"]
command = 'uvx'
args = ["mcp-server-time==2025.1.1"]

[mcp_servers.with.dots.env]

[mcp_servers.remote]
url = "https://mcp.example.com/mcp"
bearer_token_env_var = "REMOTE_TOKEN"

[mcp_servers.docs.env]
EXTRA = "x"

[[other]]
name = "ignored"
`;
    const r = mcpServers('.codex/config.toml', text, 'toml', 'mcp_servers');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.servers.map((s) => [s.name, s.line, s.transport]), [['docs', 3, 'stdio'], ['with.dots', 11, 'stdio'], ['with', 15, 'unknown'], ['remote', 17, 'http']]);
    const docs = one(r, 'docs');
    assert.deepEqual(docs.args, ['-y', 'mcp-docs@^1.2']);
    assert.deepEqual(docs.launcher, { tool: 'npx', package: 'mcp-docs', range: '^1.2', pinned: false });
    assert.deepEqual(docs.envNames, ['DOCS_KEY', 'OTHER', 'EXTRA']);
    assert.deepEqual(docs.envLiteral, [{ name: 'DOCS_KEY', line: 9 }, { name: 'EXTRA', line: 22 }]);
    assert.deepEqual(one(r, 'with.dots').launcher, { tool: 'uvx', package: 'mcp-server-time', version: '2025.1.1', pinned: true });
    assert.deepEqual(one(r, 'remote').envNames, ['REMOTE_TOKEN']);
  });

  it('bad input gives warnings, not exceptions', () => {
    const a = mcpServers('x.json', '{"mcpServers": {"a": {"command": "npx"', 'json', 'mcpServers');
    assert.deepEqual(a.servers, []);
    assert.equal(a.warnings.length, 1);
    assert.match(a.warnings[0]!, /^x\.json: not valid JSON/);
    const b = mcpServers('x.json', '{"mcpServers": {"a": 1, "b": {"command": "npx"}}}', 'json', 'mcpServers');
    assert.deepEqual(b.servers.map((s) => s.name), ['b']);
    assert.match(b.warnings[0]!, /"a" at line 1 is not an object/);
    const c = mcpServers('c.toml', '[mcp_servers.a]\ncommand = \nargs = ["x"]\n', 'toml', 'mcp_servers');
    assert.equal(c.servers.length, 1);
    assert.equal(c.warnings.length, 1);
    assert.deepEqual(mcpServers('x.json', '[]', 'json', 'mcpServers'), { servers: [], warnings: [] });
    assert.deepEqual(mcpServers('x.json', '{"__proto__": {}, "mcpServers": {"__proto__": {"command": "x"}}}', 'json', 'mcpServers').servers.map((s) => s.name), ['__proto__']);
  });
});

describe("mcpServers: Spring AI's MCP client (application.yml and .properties)", () => {
  const shape = { content: 'mcp' };
  const key = 'spring.ai.mcp.client';
  it('YAML: stdio, sse and streamable-http connections, in every profile document, with nested or dotted keys; url joined with its endpoint', () => {
    const yml = 'spring:\n  ai:\n    mcp:\n      client:\n        stdio:\n          connections:\n            brave:\n              command: npx\n              args:\n                - "-y"\n                - "@modelcontextprotocol/server-brave-search"\n              env:\n                BRAVE_API_KEY: ${BRAVE_API_KEY}\n        sse:\n          connections:\n            weather:\n              url: http://mcp.example.com:8080/\n    openai:\n      api-key: ${OPENAI_API_KEY}\n---\nspring:\n  config.activate.on-profile: dev\n  ai.mcp.client.streamable-http.connections:\n    remote:\n      url: https://mcp.example.org\n      endpoint: api/mcp\n';
    const r = mcpServers('src/main/resources/application.yml', yml, 'yaml', key, shape);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.servers.map((s) => [s.name, s.transport, s.line, s.command ?? s.url, s.args ?? []]), [
      ['brave', 'stdio', 7, 'npx', ['-y', '@modelcontextprotocol/server-brave-search']],
      ['weather', 'sse', 16, 'http://mcp.example.com:8080/sse', []],
      ['remote', 'http', 24, 'https://mcp.example.org/api/mcp', []],
    ]);
    assert.deepEqual(one(r, 'brave').envNames, ['BRAVE_API_KEY']);
    assert.deepEqual(one(r, 'brave').envLiteral, []);
    assert.equal(one(r, 'brave').launcher?.pinned, false);
  });

  it('.properties: dotted keys, args[i] or a comma-separated list, env literals; another prefix or an unrelated file gives nothing', () => {
    const props = '# MCP\nspring.ai.mcp.client.stdio.connections.git.command=uvx\nspring.ai.mcp.client.stdio.connections.git.args[1]=--repository\nspring.ai.mcp.client.stdio.connections.git.args[0]=mcp-server-git==2025.1.14\nspring.ai.mcp.client.stdio.connections.git.args[2]=.\nspring.ai.mcp.client.stdio.connections.fetch.command=npx\nspring.ai.mcp.client.stdio.connections.fetch.args=-y, @modelcontextprotocol/server-fetch\nspring.ai.mcp.client.stdio.connections.fetch.env.FETCH_TOKEN=abc123literal\nspring.ai.mcp.client.sse.connections.local.url=http://localhost:8081\nspring.ai.mcp.client.sse.connections.local.sse-endpoint=/events\nspring.ai.mcp.server.name=my-server\nspring.ai.mcp.client.toolcallback.enabled=true\n';
    const r = mcpServers('application.properties', props, 'properties', key, shape);
    assert.deepEqual(r.servers.map((s) => [s.name, s.transport, s.line, s.command ?? s.url, s.args ?? []]), [
      ['git', 'stdio', 2, 'uvx', ['mcp-server-git==2025.1.14', '--repository', '.']],
      ['fetch', 'stdio', 6, 'npx', ['-y', '@modelcontextprotocol/server-fetch']],
      ['local', 'sse', 9, 'http://localhost:8081/events', []],
    ]);
    assert.equal(one(r, 'git').launcher?.pinned, true);
    assert.deepEqual(one(r, 'fetch').envLiteral, [{ name: 'FETCH_TOKEN', line: 8 }]);
    // Decoys: a server's own settings (spring.ai.mcp.server.*), a file that never says mcp, a connection that is no object.
    assert.deepEqual(mcpServers('application.properties', 'spring.ai.mcp.server.stdio=true\n', 'properties', key, shape), { servers: [], warnings: [] });
    assert.deepEqual(mcpServers('application.yml', 'spring:\n  ai:\n    openai:\n      api-key: x\n  bad: [\n', 'yaml', key, shape), { servers: [], warnings: [] });
    const bad = mcpServers('application.yml', 'spring.ai.mcp.client.stdio.connections:\n  x: npx\n', 'yaml', key, shape);
    assert.deepEqual(bad.servers, []);
    assert.match(bad.warnings[0] ?? '', /connection "x" at line 2 is not an object/);
  });

  it('configStrings reads every YAML document and ties a hidden character to its server', () => {
    const yml = 'a: 1\n---\nspring.ai.mcp.client.stdio.connections:\n  fs:\n    command: np\u200bx\n';
    const r = configStrings('application.yml', yml, 'yaml', (v) => v.includes('\u200b'), { key, shape });
    assert.deepEqual(r.strings.map((s) => [s.at, s.line, s.server]), [['["spring.ai.mcp.client.stdio.connections"].fs.command', 5, 0]]);
  });
});

describe('mcpServers: Continue (YAML and JSON lists)', () => {
  const list = { layout: 'list' } as const;

  it('config.yaml: stdio, sse and streamable-http entries with their lines, env literals and templates', () => {
    const text = [
      'name: My Assistant', // 1
      'version: 1.0.0',
      'schema: v1',
      'models:',
      '  - name: gpt', // 5
      '    provider: openai',
      'mcpServers:',
      '  - name: fs', // 8
      '    command: npx',
      '    args:', // 10
      '      - -y',
      '      - "@modelcontextprotocol/server-filesystem"',
      '      - .',
      '    env:',
      '      API_KEY: literal-value', // 15
      '      OTHER: ${{ secrets.OTHER }}',
      '      HA: "{{HA_TOKEN}}"',
      '  - name: remote', // 18
      '    type: sse',
      '    url: http://mcp.example.com/sse', // 20
      '    requestOptions:',
      '      timeout: 30',
      '      headers:',
      '        Authorization: Bearer abc', // 24
      '  - name: pinned', // 25
      '    type: streamable-http',
      '    url: https://mcp.example.com/mcp',
      '  - uses: anthropic/github-mcp', // 28: a hub block, nothing to read here
      '  - command: uvx', // 29: no name
      '    args: [mcp-server-time==2025.1.1]',
      '',
    ].join('\n');
    const r = mcpServers('.continue/config.yaml', text, 'yaml', 'mcpServers', list);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.servers.map((s) => [s.name, s.line, s.transport, s.command, s.url]), [
      ['fs', 8, 'stdio', 'npx', undefined],
      ['remote', 18, 'sse', undefined, 'http://mcp.example.com/sse'],
      ['pinned', 25, 'http', undefined, 'https://mcp.example.com/mcp'],
      ['mcpServers[4]', 29, 'stdio', 'uvx', undefined],
    ]);
    const fs = one(r, 'fs');
    assert.deepEqual(fs.args, ['-y', '@modelcontextprotocol/server-filesystem', '.']);
    assert.deepEqual(fs.envNames, ['API_KEY', 'OTHER', 'HA']);
    assert.deepEqual(fs.envLiteral, [{ name: 'API_KEY', line: 15 }]);
    assert.deepEqual(fs.launcher, { tool: 'npx', package: '@modelcontextprotocol/server-filesystem', pinned: false });
    assert.deepEqual(one(r, 'remote').headerLiteral, [{ name: 'Authorization', line: 24 }]);
    assert.deepEqual(one(r, 'mcpServers[4]').launcher, { tool: 'uvx', package: 'mcp-server-time', version: '2025.1.1', pinned: true });
    assert.equal(JSON.stringify(r).includes('literal-value'), false);
  });

  it('a block file in .continue/mcpServers/ (name, version, schema, mcpServers)', () => {
    const text = 'name: Home Assistant MCP\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: home-assistant\n    command: uvx\n    args:\n      - "ha-mcp@latest"\n    env:\n      HOMEASSISTANT_TOKEN: "{{HOMEASSISTANT_TOKEN}}"\n';
    const r = mcpServers('.continue/mcpServers/ha.yaml', text, 'yaml', 'mcpServers', list);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.servers.map((s) => [s.name, s.line]), [['home-assistant', 5]]);
    const s = one(r, 'home-assistant');
    assert.deepEqual(s.launcher, { tool: 'uvx', package: 'ha-mcp', range: 'latest', pinned: false });
    assert.deepEqual(s.envLiteral, []);
  });

  it('the older config.json: experimental.modelContextProtocolServers, the server in transport', () => {
    const text = `{
  "models": [],
  "experimental": {
    "modelContextProtocolServers": [
      { "transport": { "type": "stdio", "command": "uvx", "args": ["mcp-server-sqlite", "--db-path", "/tmp/x.db"], "env": { "K": "v" } } },
      { "name": "ws", "transport": { "type": "websocket", "url": "ws://10.0.0.2:9000" } },
      { "transport": { "type": "sse", "url": "https://mcp.example.com/sse" } }
    ]
  }
}`;
    const cfg = sdkCatalog(loadRules()).mcpConfig('.continue/config.json');
    assert.ok(cfg);
    const r = mcpServers('.continue/config.json', text, cfg.format, cfg.key, cfg);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.servers.map((s) => [s.name, s.line, s.transport, s.command ?? s.url]), [
      ['experimental.modelContextProtocolServers[0]', 5, 'stdio', 'uvx'],
      ['ws', 6, 'http', 'ws://10.0.0.2:9000'],
      ['experimental.modelContextProtocolServers[2]', 7, 'sse', 'https://mcp.example.com/sse'],
    ]);
    assert.deepEqual(r.servers[0]!.envLiteral, [{ name: 'K', line: 5 }]);
    assert.deepEqual(r.servers[0]!.launcher, { tool: 'uvx', package: 'mcp-server-sqlite', pinned: false });
  });

  it('the older config.json\'s singular experimental.modelContextProtocolServer: one server, in its transport, beside the plural list', () => {
    const cfg = sdkCatalog(loadRules()).mcpConfig('.continue/config.json');
    assert.ok(cfg);
    const read = (text: string) => mcpServers('.continue/config.json', text, cfg.format, cfg.key, cfg);
    const one = read(`{
  "experimental": {
    "modelContextProtocolServer": {
      "transport": { "type": "stdio", "command": "npx", "args": ["-y", "deploy-mcp"], "env": { "VERCEL_TOKEN": "t" } }
    },
    "modelContextProtocolServers": [ { "name": "ws", "transport": { "type": "websocket", "url": "ws://10.0.0.2:9000" } } ]
  }
}`);
    assert.deepEqual(one.warnings, []);
    assert.deepEqual(one.servers.map((s) => [s.name, s.line, s.transport, s.command ?? s.url]), [
      ['experimental.modelContextProtocolServer', 3, 'stdio', 'npx'],
      ['ws', 6, 'http', 'ws://10.0.0.2:9000'],
    ]);
    assert.deepEqual(one.servers[0]!.launcher, { tool: 'npx', package: 'deploy-mcp', pinned: false });
    assert.deepEqual(one.servers[0]!.envLiteral, [{ name: 'VERCEL_TOKEN', line: 4 }]);
    // An SSE server with a name; null, absent and a hub reference are no server; a string is a warning.
    assert.deepEqual(read('{"experimental": {"modelContextProtocolServer": {"name": "gw", "transport": {"type": "sse", "url": "http://mcp.example.com/sse"}}}}').servers.map((s) => [s.name, s.transport, s.url]), [['gw', 'sse', 'http://mcp.example.com/sse']]);
    for (const none of ['{"experimental": {"modelContextProtocolServer": null}}', '{"experimental": {}}', '{"modelContextProtocolServer": {"transport": {"command": "npx"}}, "experimental": 1}']) assert.deepEqual(read(none), { servers: [], warnings: [] }, none);
    const bad = read('{"experimental": {"modelContextProtocolServer": "npx srv"}}');
    assert.deepEqual([bad.servers, bad.warnings], [[], ['.continue/config.json: experimental.modelContextProtocolServer at line 1 is not an object']]);
    // Continue reads the server from `transport` only: fields beside it start nothing, and say so.
    const flat = read('{"experimental": {"modelContextProtocolServer": {"command": "npx", "args": ["-y", "srv"]}}}');
    assert.deepEqual([flat.servers, flat.warnings], [[], ['.continue/config.json: experimental.modelContextProtocolServer at line 1 has no transport object']]);
    // Another client's file has no such key: the singular is read in Continue's config.json only.
    assert.equal(sdkCatalog(loadRules()).mcpConfig('.cursor/mcp.json')?.single, undefined);
  });

  it('YAML lines end at CR, LF and CRLF; a BOM is no line', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const text = '\ufeff# servers' + nl + 'mcpServers:' + nl + '  - name: a' + nl + '    command: npx' + nl + '    env: { TOKEN: abc }' + nl;
      const r = mcpServers('.continue/config.yaml', text, 'yaml', 'mcpServers', list);
      assert.deepEqual(r.warnings, [], JSON.stringify(nl));
      assert.deepEqual(r.servers.map((s) => [s.name, s.line, s.envLiteral]), [['a', 3, [{ name: 'TOKEN', line: 5 }]]], JSON.stringify(nl));
    }
  });

  // Decoys and wrong shapes: what Continue would not load gives no server; bad entries a warning.
  const cases: [string, string, string[], RegExp[]][] = [
    ['an empty list', 'mcpServers: []\n', [], []],
    ['mcpServers with nothing after it', 'mcpServers:\n', [], []],
    ['no mcpServers key (models only)', 'models:\n  - name: gpt\n    provider: openai\n', [], []],
    ['mcpServers nested under another key is not the top-level list', 'context:\n  mcpServers:\n    - name: x\n      command: npx\n', [], []],
    ['a name-keyed object where a list belongs', 'mcpServers:\n  fs:\n    command: npx\n', [], [/mcpServers at line 2 is not a list/]],
    ['a string where a list belongs', 'mcpServers: npx -y srv\n', [], [/is not a list/]],
    ['entries of the wrong type beside a good one', 'mcpServers:\n  - just-a-string\n  - 42\n  - name: ok\n    command: node\n    args: server.js\n', ['ok'], [/mcpServers\[0\] at line 2 is not an object/, /mcpServers\[1\] at line 3 is not an object/]],
    ['a top-level list document', '- name: x\n  command: npx\n', [], []],
    ['a scalar document', 'hello\n', [], []],
    ['an empty document', '', [], []],
  ];
  for (const [name, text, servers, warns] of cases) {
    it(name, () => {
      const r = mcpServers('.continue/config.yaml', text, 'yaml', 'mcpServers', list);
      assert.deepEqual(r.servers.map((s) => s.name), servers);
      assert.equal(r.warnings.length, warns.length, JSON.stringify(r.warnings));
      warns.forEach((w, i) => assert.match(r.warnings[i]!, w));
    });
  }

  it('args that are not a list of strings are not args', () => {
    const r = mcpServers('.continue/config.yaml', 'mcpServers:\n  - name: a\n    command: npx\n    args: "-y srv"\n  - name: b\n    command: npx\n    args: [-y, 8080, {x: 1}, srv]\n', 'yaml', 'mcpServers', list);
    assert.equal(one(r, 'a').args, undefined);
    assert.deepEqual(one(r, 'b').args, ['-y', 'srv']);
  });

  it('malformed YAML: one warning with the path and the place, no servers', () => {
    for (const text of ['mcpServers:\n  - name: a\n    command: [npx\n', 'mcpServers:\n\t- name: a\n', 'a: 1\n---\nb: 2\n', 'mcpServers: [\n']) {
      const r = mcpServers('.continue/config.yaml', text, 'yaml', 'mcpServers', list);
      assert.deepEqual(r.servers, []);
      assert.equal(r.warnings.length, 1, JSON.stringify(r.warnings));
      assert.match(r.warnings[0]!, /^\.continue\/config\.yaml: not valid YAML: .* at line \d+, column \d+$/);
    }
  });

  it('a YAML config over the size bound is not read: a warning, no servers, and quickly (a 2 MB hostile text took seconds)', () => {
    const big = 'mcpServers:\n  - name: s\n    command: npx\n' + 'a:\n  '.repeat(Math.ceil((2 << 20) / 5));
    const t = performance.now();
    const r = mcpServers('.continue/config.yaml', big, 'yaml', 'mcpServers', list);
    assert.ok(performance.now() - t < 500, `${Math.round(performance.now() - t)} ms`);
    assert.deepEqual(r.servers, []);
    assert.match(r.warnings[0] ?? '', new RegExp(`^\\.continue/config\\.yaml: \\d+ characters of YAML; agent configs of up to ${MAX_YAML_CONFIG_CHARS} are read$`));
    // At the bound, still read.
    const ok = 'mcpServers:\n  - name: s\n    command: npx\n' + '#'.repeat(MAX_YAML_CONFIG_CHARS - 50) + '\n';
    assert.equal(ok.length <= MAX_YAML_CONFIG_CHARS, true);
    assert.deepEqual(mcpServers('.continue/config.yaml', ok, 'yaml', 'mcpServers', list).servers.map((x) => x.name), ['s']);
  });

  it('aliases are not followed (no billion laughs), deep nesting is cut, both without throwing', () => {
    const laughs = 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nmcpServers:\n  - name: s\n    command: npx\n    args: *d\n';
    const r = mcpServers('.continue/config.yaml', laughs, 'yaml', 'mcpServers', list);
    assert.deepEqual(r.servers.map((s) => [s.name, s.args]), [['s', undefined]]);
    // Past the reader's depth bound (200) the tree is cut; past the YAML nesting guard (256,
    // src/util/yaml-depth.ts) the text is not parsed: a warning.
    const deep = 'mcpServers:\n  - name: s\n    command: npx\n    env: ' + '['.repeat(250) + ']'.repeat(250) + '\n';
    assert.deepEqual(mcpServers('.continue/config.yaml', deep, 'yaml', 'mcpServers', list).servers.map((s) => s.name), ['s']);
    const past = mcpServers('.continue/config.yaml', deep.replace('['.repeat(250), '['.repeat(300)), 'yaml', 'mcpServers', list);
    assert.deepEqual([past.servers, past.warnings], [[], ['.continue/config.yaml: not valid YAML: nested deeper than 256 levels; not read']]);
    const deeper = 'mcpServers:\n  - name: s\n    command: npx\n    env: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    assert.equal(mcpServers('.continue/config.yaml', deeper, 'yaml', 'mcpServers', list).warnings.length, 1);
    assert.equal(mcpServers('.continue/config.yaml', '['.repeat(100_000), 'yaml', 'mcpServers', list).warnings.length, 1);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        mcpServers('a.yaml', s, 'yaml', 'mcpServers', list);
        mcpServers('a.yaml', `mcpServers:\n  - name: x\n    ${s}`, 'yaml', 'mcpServers', list);
        mcpServers('a.json', `{"experimental": {"modelContextProtocolServers": [${s}`, 'json', 'experimental.modelContextProtocolServers', { layout: 'list', transport: 'transport' });
      }),
      { numRuns: 300 },
    );
  });
});

describe('Codex TOML: a broken table header', () => {
  it("does not hand the next server's keys to the server before it", () => {
    const text = '[mcp_servers.good]\ncommand = "uvx"\nargs = ["good-srv==1.0.0"]\n\n[mcp_servers.bad\ncommand = "npx"\nargs = ["-y", "evil-srv"]\n\n[mcp_servers.after]\ncommand = "uvx"\nargs = ["after-srv==2.0.0"]\n';
    const r = mcpServers('.codex/config.toml', text, 'toml', 'mcp_servers');
    assert.deepEqual(r.servers.map((s) => [s.name, s.command, s.args]), [['good', 'uvx', ['good-srv==1.0.0']], ['after', 'uvx', ['after-srv==2.0.0']]]);
    assert.equal(r.warnings.length, 1);
  });
});

describe("parseLauncher: every example of the catalog's launchers", () => {
  const launchers = sdkCatalog(loadRules()).mcpLaunchers;
  for (const l of launchers) {
    it(`${l.command}: ${l.fetches ? 'pinned and unpinned examples' : 'local, never a fetch'}`, () => {
      for (const [examples, pinned] of [[l.pinned, true], [l.unpinned, false]] as const) {
        for (const ex of examples) {
          const got = parseLauncher(ex, []).launcher;
          if (l.fetches) {
            assert.ok(FETCHING_LAUNCHERS.includes(got.tool), `${ex}: ${JSON.stringify(got)}`);
            assert.equal(got.pinned, pinned, `${ex}: ${JSON.stringify(got)}`);
          } else assert.ok(!FETCHING_LAUNCHERS.includes(got.tool), `${ex}: ${JSON.stringify(got)}`);
        }
      }
    });
  }
  it('shell and cmd wrappers are looked through; local runs are not fetches', () => {
    const cases: [string, string[], object][] = [
      ['sh', ['-c', 'npx -y pkg-q'], { tool: 'npx', package: 'pkg-q', pinned: false }],
      ['bash', ['-lc', 'exec uvx pkg-r==1.0.0'], { tool: 'uvx', package: 'pkg-r', version: '1.0.0', pinned: true }],
      ["sh -c 'npx -y pkg-s@2.0.0'", [], { tool: 'npx', package: 'pkg-s', version: '2.0.0', pinned: true }],
      ['deno', ['run', '-A', 'npm:srv@1.2.3'], { tool: 'deno', package: 'srv', version: '1.2.3', pinned: true }],
      ['deno', ['run', '--allow-net', 'jsr:@scope/srv'], { tool: 'deno', package: '@scope/srv', pinned: false }],
      ['deno', ['run', '-A', 'https://example.com/server.ts'], { tool: 'deno', package: 'https://example.com/server.ts', pinned: false }],
      ['deno', ['run', '-A', './server.ts'], { tool: 'other', package: './server.ts', pinned: false }],
      ['go', ['run', 'github.com/o/s/cmd/s@latest'], { tool: 'go', package: 'github.com/o/s/cmd/s', range: 'latest', pinned: false }],
      ['go', ['run', 'github.com/o/s/cmd/s@v1.4.0'], { tool: 'go', package: 'github.com/o/s/cmd/s', version: 'v1.4.0', pinned: true }],
      ['go', ['run', './cmd/server'], { tool: 'other', package: './cmd/server', pinned: false }],
      ['uv', ['run', '--with', 'mcp', 'mcp', 'run', 'server.py'], { tool: 'uv', package: 'mcp', pinned: false }],
      ['uv', ['run', '--with', 'mcp==1.9.0', 'server.py'], { tool: 'uv', package: 'mcp', version: '1.9.0', pinned: true }],
      ['uv', ['run', 'server.py'], { tool: 'other', pinned: false }],
    ];
    for (const [cmd, args, want] of cases) assert.deepEqual(parseLauncher(cmd, args).launcher, want, `${cmd} ${args.join(' ')}`);
  });
});

describe('parseLauncher: pin rules', () => {
  const cases: [string, string[], object][] = [
    ['npx', ['-y', 'pkg@1.2.3'], { tool: 'npx', package: 'pkg', version: '1.2.3', pinned: true }],
    ['npx', ['--yes', '@scope/pkg@1.2.3-beta.1'], { tool: 'npx', package: '@scope/pkg', version: '1.2.3-beta.1', pinned: true }],
    ['npx', ['pkg'], { tool: 'npx', package: 'pkg', pinned: false }],
    ['npx', ['@scope/pkg'], { tool: 'npx', package: '@scope/pkg', pinned: false }],
    ['npx', ['pkg@latest'], { tool: 'npx', package: 'pkg', range: 'latest', pinned: false }],
    ['npx', ['pkg@^1.2.3'], { tool: 'npx', package: 'pkg', range: '^1.2.3', pinned: false }],
    ['npx', ['pkg@1.2'], { tool: 'npx', package: 'pkg', range: '1.2', pinned: false }],
    ['npx', ['-y', '-p', 'pkg@1.2.3', 'bin'], { tool: 'npx', package: 'pkg', version: '1.2.3', pinned: true }],
    ['npx', ['--package=@s/p@2.0.0', 'bin'], { tool: 'npx', package: '@s/p', version: '2.0.0', pinned: true }],
    ['npx', ['--package', 'pkg', 'bin'], { tool: 'npx', package: 'pkg', pinned: false }],
    ['npx', ['github:user/repo#0123456789abcdef0123456789abcdef01234567'], { tool: 'npx', package: 'github:user/repo', version: '0123456789abcdef0123456789abcdef01234567', pinned: true }],
    ['npx.cmd', ['-y', 'pkg@1.0.0'], { tool: 'npx', package: 'pkg', version: '1.0.0', pinned: true }],
    ['cmd', ['/c', 'npx', '-y', 'pkg@1.0.0'], { tool: 'npx', package: 'pkg', version: '1.0.0', pinned: true }],
    ['npx -y pkg@3.0.0', [], { tool: 'npx', package: 'pkg', version: '3.0.0', pinned: true }],
    ['pnpm', ['dlx', 'pkg@1.0.0'], { tool: 'npx', package: 'pkg', version: '1.0.0', pinned: true }],
    ['bunx', ['pkg@1.0.0'], { tool: 'bunx', package: 'pkg', version: '1.0.0', pinned: true }],
    ['bun', ['x', 'pkg'], { tool: 'bunx', package: 'pkg', pinned: false }],
    ['uvx', ['mcp-server-fetch==2025.4.7'], { tool: 'uvx', package: 'mcp-server-fetch', version: '2025.4.7', pinned: true }],
    ['uvx', ['mcp-server-fetch'], { tool: 'uvx', package: 'mcp-server-fetch', pinned: false }],
    ['uvx', ['mcp-server-fetch@0.6.3'], { tool: 'uvx', package: 'mcp-server-fetch', version: '0.6.3', pinned: true }],
    ['uvx', ['tool@latest'], { tool: 'uvx', package: 'tool', range: 'latest', pinned: false }],
    ['uvx', ['--from', 'pkg==1.2.3', 'cli'], { tool: 'uvx', package: 'pkg', version: '1.2.3', pinned: true }],
    ['uvx', ['--python', '3.12', '--from', 'pkg>=1.0', 'cli'], { tool: 'uvx', package: 'pkg', range: '>=1.0', pinned: false }],
    ['uvx', ['-p', '3.11', 'pkg[extra]==1.0.0'], { tool: 'uvx', package: 'pkg', version: '1.0.0', pinned: true }],
    ['uvx', ['pkg==1.*'], { tool: 'uvx', package: 'pkg', range: '==1.*', pinned: false }],
    ['uv', ['tool', 'run', 'pkg==1.0'], { tool: 'uvx', package: 'pkg', version: '1.0', pinned: true }],
    ['pipx', ['run', 'pkg==1.0.0'], { tool: 'pipx', package: 'pkg', version: '1.0.0', pinned: true }],
    ['pipx', ['run', '--spec', 'pkg==2.0', 'cli'], { tool: 'pipx', package: 'pkg', version: '2.0', pinned: true }],
    ['docker', ['run', '-i', '--rm', 'mcp/fetch'], { tool: 'docker', package: 'mcp/fetch', pinned: false }],
    ['docker', ['run', '-i', 'mcp/fetch:latest'], { tool: 'docker', package: 'mcp/fetch', range: 'latest', pinned: false }],
    ['docker', ['run', '-i', '--name', 'x', '-v', '/a:/b', 'mcp/fetch:1.2'], { tool: 'docker', package: 'mcp/fetch', version: '1.2', pinned: true }],
    ['docker', ['run', 'localhost:5000/img'], { tool: 'docker', package: 'localhost:5000/img', pinned: false }],
    ['docker', ['run', `ghcr.io/o/i@sha256:${'a'.repeat(64)}`], { tool: 'docker', package: 'ghcr.io/o/i', version: `sha256:${'a'.repeat(64)}`, pinned: true }],
    ['podman', ['run', '--env=A=b', 'img:v1'], { tool: 'docker', package: 'img', version: 'v1', pinned: true }],
    ['docker', ['compose', 'up'], { tool: 'docker', pinned: false }],
    ['docker', ['run', '-i', '--rm', '--log-opt', 'mode:non-blocking', 'mcp/github'], { tool: 'docker', package: 'mcp/github', pinned: false }],
    ['docker', ['run', '-a', 'stdin', '-a', 'stdout', '--pid', 'host', '--sysctl', 'a.b=1', 'mcp/fetch:1.0.0'], { tool: 'docker', package: 'mcp/fetch', version: '1.0.0', pinned: true }],
    // A cluster of short options whose last takes a value takes the next word; an attached value takes none.
    ['docker', ['run', '-ie', 'GITHUB_TOKEN', 'mcp/github:1.0.0'], { tool: 'docker', package: 'mcp/github', version: '1.0.0', pinned: true }],
    ['docker', ['run', '-dp', '8080:80', '-p8081:81', '--rm', 'mcp/fetch:1.0.0'], { tool: 'docker', package: 'mcp/fetch', version: '1.0.0', pinned: true }],
    ['podman', ['run', '--pod', 'p1', '-i', 'mcp/fetch:1.0.0'], { tool: 'docker', package: 'mcp/fetch', version: '1.0.0', pinned: true }],
    ['docker', ['run', '--rm', '--', 'mcp/fetch:1.0.0'], { tool: 'docker', package: 'mcp/fetch', version: '1.0.0', pinned: true }],
    // `pull` launches nothing.
    ['docker', ['pull', 'mcp/fetch:1.0.0'], { tool: 'docker', pinned: false }],
    ['npx', ['--registry', 'https://registry.example.com', '-y', 'pkg@1.0.0'], { tool: 'npx', package: 'pkg', version: '1.0.0', pinned: true }],
    ['npx', ['--cache', '/tmp/npm', 'pkg'], { tool: 'npx', package: 'pkg', pinned: false }],
    // Several packages: named by the first, pinned only when every one is.
    ['npx', ['-p', 'a@1.0.0', '-p', 'b', '-y', 'cmd'], { tool: 'npx', package: 'a', version: '1.0.0', pinned: false, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'b', pinned: false }] }],
    ['npx', ['--package=a@1.0.0', '--package', '@s/b@2.0.0', 'cmd'], { tool: 'npx', package: 'a', version: '1.0.0', pinned: true, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: '@s/b', version: '2.0.0', pinned: true }] }],
    ['npx', ['--package=a', '-p', 'b@2.0.0', 'cmd'], { tool: 'npx', package: 'a', pinned: false, packages: [{ package: 'a', pinned: false }, { package: 'b', version: '2.0.0', pinned: true }] }],
    ['pnpm', ['dlx', '--package=a@1.0.0', '--package=b@latest', 'cmd'], { tool: 'npx', package: 'a', version: '1.0.0', pinned: false, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'b', range: 'latest', pinned: false }] }],
    ['yarn', ['dlx', '-p', 'a@1.0.0', '-p', 'b@^2', 'cmd'], { tool: 'npx', package: 'a', version: '1.0.0', pinned: false, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'b', range: '^2', pinned: false }] }],
    ['bunx', ['-p', 'a@1.0.0', '-p', 'b@1.0.0', 'cmd'], { tool: 'bunx', package: 'a', version: '1.0.0', pinned: true, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'b', version: '1.0.0', pinned: true }] }],
    // Decoys: with -p the next word is a command; after the package, -p is the server's own option.
    ['npx', ['-p', 'a@1.0.0', 'b'], { tool: 'npx', package: 'a', version: '1.0.0', pinned: true }],
    ['npx', ['-y', 'a@1.0.0', '-p', 'b'], { tool: 'npx', package: 'a', version: '1.0.0', pinned: true }],
    ['npx', ['-p', '', 'a@1.0.0'], { tool: 'npx', package: 'a', version: '1.0.0', pinned: true }],
    ['uvx', ['--from', 'a==1.0.0', '--with', 'b', 'cmd'], { tool: 'uvx', package: 'a', version: '1.0.0', pinned: false, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'b', pinned: false }] }],
    ['uvx', ['--with', 'b==2.0', 'a==1.0.0'], { tool: 'uvx', package: 'a', version: '1.0.0', pinned: true, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'b', version: '2.0', pinned: true }] }],
    ['uvx', ['--with=b,c==1.0', 'a==1.0.0'], { tool: 'uvx', package: 'a', version: '1.0.0', pinned: false, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'b', pinned: false }, { package: 'c', version: '1.0', pinned: true }] }],
    ['uvx', ['-w', 'b>=1,<2', 'a==1.0.0'], { tool: 'uvx', package: 'a', version: '1.0.0', pinned: false, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'b', range: '>=1,<2', pinned: false }] }],
    ['uvx', ['--with', 'x[a,b]==1.0', 'a==1.0.0'], { tool: 'uvx', package: 'a', version: '1.0.0', pinned: true, packages: [{ package: 'a', version: '1.0.0', pinned: true }, { package: 'x', version: '1.0', pinned: true }] }],
    ['uvx', ['--with-editable', './plugin', 'a==1.0.0'], { tool: 'uvx', package: 'a', version: '1.0.0', pinned: true }],
    ['uvx', ['a==1.0.0', '--with', 'b'], { tool: 'uvx', package: 'a', version: '1.0.0', pinned: true }],
    ['uv', ['run', '--with', 'mcp==1.9.0', '--with', 'httpx', 'server.py'], { tool: 'uv', package: 'mcp', version: '1.9.0', pinned: false, packages: [{ package: 'mcp', version: '1.9.0', pinned: true }, { package: 'httpx', pinned: false }] }],
    ['uv', ['run', '--with', 'mcp==1.9.0', 'server.py', '-w', '4'], { tool: 'uv', package: 'mcp', version: '1.9.0', pinned: true }],
    ['node', ['./dist/index.js'], { tool: 'node', package: './dist/index.js', pinned: false }],
    ['python', ['-m', 'server'], { tool: 'python', package: 'server', pinned: false }],
    ['/usr/bin/python3.12', ['srv.py'], { tool: 'python', package: 'srv.py', pinned: false }],
    ['/opt/bin/my-server', ['--port', '1'], { tool: 'other', pinned: false }],
  ];
  for (const [cmd, args, want] of cases) it(`${cmd} ${args.join(' ')}`, () => assert.deepEqual(parseLauncher(cmd, args).launcher, want));

  it('docker -e gives env names and literal flags, never values', () => {
    const { env } = parseLauncher('docker', ['run', '-e', 'A', '-e', 'B=secret', '--env=C=${C}', '-eD=x', 'img']);
    assert.deepEqual(env, [{ name: 'A', literal: false }, { name: 'B', literal: true }, { name: 'C', literal: false }, { name: 'D', literal: true }]);
  });
});

describe('mcp-config: lines end at CR, LF and CRLF, as in VS Code\'s JSONC', () => {
  for (const [ends, nl] of [['LF', '\n'], ['CRLF', '\r\n'], ['lone CR', '\r']] as const) {
    it(`${ends}: servers and env literals on their lines; a line comment ends at the line end`, () => {
      const text = ['{', '  // servers', '  "mcpServers": {', '    /* a', '       block */ "fetch": {', '      "command": "uvx", // the launcher', '      "args": ["mcp-server-fetch"],', '      "env": { "X_API_KEY": "literal-value", "note": "a\\rb\u2028c" }', '    }', '  }', '}', ''].join(nl);
      const r = mcpServers('.cursor/mcp.json', text, 'json', 'mcpServers');
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.servers.map((s) => [s.name, s.line, s.command, s.envLiteral]), [['fetch', 5, 'uvx', [{ name: 'X_API_KEY', line: 8 }, { name: 'note', line: 8 }]]]);
    });
  }
});

describe('mcp-config: robustness', () => {
  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('mcpServers', 'servers', 'mcp', 'context_servers', 'mcp_servers'), (s, key) => {
        mcpServers('a.json', s, 'json', key);
        mcpServers('a.json', `{"${key}": {"x": ${s}`, 'json', key);
        mcpServers('a.toml', s, 'toml', key);
        mcpServers('a.toml', `[${key}.x]\n${s}`, 'toml', key);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random JSON values and launchers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        mcpServers('a.json', JSON.stringify({ mcpServers: { a: v, b: { command: 'npx', args: v } } }), 'json', 'mcpServers');
      }),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.string(), fc.array(fc.string()), (c, a) => void parseLauncher(c, a)), { numRuns: 500 });
  });

  it('is bounded on deep nesting and linear on large input', () => {
    const t0 = performance.now();
    assert.equal(mcpServers('a.json', '['.repeat(100_000), 'json', 'mcpServers').warnings.length, 1);
    assert.equal(mcpServers('a.toml', 'a = ' + '['.repeat(100_000), 'toml', 'mcp_servers').warnings.length, 1);
    const many = '{"mcpServers": {' + Array.from({ length: 20_000 }, (_, i) => `"s${i}": {"command": "npx", "args": ["-y", "p@1.0.0"], "env": {"K": "v"}}`).join(',\n') + '}}';
    assert.equal(mcpServers('a.json', many, 'json', 'mcpServers').servers.length, 20_000);
    const toml = Array.from({ length: 20_000 }, (_, i) => `[mcp_servers.s${i}]\ncommand = "uvx"\nargs = ["p==1.0"]\n`).join('');
    assert.equal(mcpServers('a.toml', toml, 'toml', 'mcp_servers').servers.length, 20_000);
    assert.ok(performance.now() - t0 < 5000);
  });
});

describe('configStrings: every key and string value, with its key path and line', () => {
  const all = () => true;
  it('JSON: keys before their values, in document order; escapes decoded; odd keys quoted', () => {
    const text = '{\n  "mcpServers": {\n    "fs": { "command": "npx", "args": ["-y", "a\\u200bb"], "n": 1 },\n    "a b": { "url": "http://x" }\n  }\n}\n';
    const r = configStrings('.mcp.json', text, 'json', all);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.strings.map((s) => [s.at, s.value, s.line, s.key]), [
      ['mcpServers', 'mcpServers', 2, true],
      ['mcpServers.fs', 'fs', 3, true],
      ['mcpServers.fs.command', 'command', 3, true],
      ['mcpServers.fs.command', 'npx', 3, false],
      ['mcpServers.fs.args', 'args', 3, true],
      ['mcpServers.fs.args[0]', '-y', 3, false],
      ['mcpServers.fs.args[1]', 'a\u200bb', 3, false],
      ['mcpServers.fs.n', 'n', 3, true],
      ['mcpServers["a b"]', 'a b', 4, true],
      ['mcpServers["a b"].url', 'url', 4, true],
      ['mcpServers["a b"].url', 'http://x', 4, false],
    ]);
    assert.deepEqual(configStrings('.mcp.json', text, 'json', (v) => v.includes('\u200b')).strings.map((s) => s.at), ['mcpServers.fs.args[1]']);
  });
  it('YAML and TOML; a file that does not parse is a warning', () => {
    assert.deepEqual(configStrings('c.yaml', 'mcpServers:\n  - name: db\n    env:\n      MODE: ro\n', 'yaml', all).strings.filter((s) => !s.key).map((s) => [s.at, s.value, s.line]), [['mcpServers[0].name', 'db', 2], ['mcpServers[0].env.MODE', 'ro', 4]]);
    assert.deepEqual(configStrings('c.toml', '[mcp_servers.x]\ncommand = "x-mcp"\n', 'toml', all).strings.filter((s) => !s.key).map((s) => [s.at, s.value, s.line]), [['mcp_servers.x.command', 'x-mcp', 2]]);
    const bad = configStrings('.mcp.json', '{"a": [', 'json', all);
    assert.deepEqual(bad.strings, []);
    assert.equal(bad.warnings.length, 1);
  });
  // With the file's servers shape: the index (mcpServers' order) of the server whose entry holds each hit.
  const Z = '\u200b';
  const hidden = (v: string) => v.includes('\u200b');
  const serverCases: [string, string, string, 'json' | 'toml' | 'yaml', string, Record<string, string>, [string, string | undefined][]][] = [
    ['mcpServers map: a server name (its key), a nested arg and env value; a top-level key is in no server', '.cursor/mcp.json', `{"top${Z}": 1, "mcpServers": {"a${Z}": {"command": "x"}, "b": {"args": ["-y", "p${Z}"], "env": {"K": "v${Z}"}}}}`, 'json', 'mcpServers', {}, [[`["top${Z}"]`, undefined], [`mcpServers["a${Z}"]`, `a${Z}`], ['mcpServers.b.args[1]', 'b'], ['mcpServers.b.env.K', 'b']]],
    ["~/.claude.json: top-level servers, then each project's (the same name twice)", '.claude.json', `{"mcpServers": {"g": {"command": "g${Z}"}}, "projects": {"/p": {"mcpServers": {"g": {"command": "h${Z}"}, "k": {"url": "u${Z}"}}, "note${Z}": ""}}}`, 'json', 'mcpServers', {}, [['mcpServers.g.command', 'g#0'], ['projects["/p"].mcpServers.g.command', 'g#1'], ['projects["/p"].mcpServers.k.url', 'k'], [`projects["/p"]["note${Z}"]`, undefined]]],
    ["VS Code mcp.json: `servers`; `inputs` is in no server", '.vscode/mcp.json', `{"inputs": [{"id": "t", "description": "Token${Z}"}], "servers": {"s": {"type": "stdio", "command": "c${Z}"}}}`, 'json', 'servers', {}, [['inputs[0].description', undefined], ['servers.s.command', 's']]],
    ['VS Code settings.json: mcp.servers nested and flat', '.vscode/settings.json', `{"mcp": {"servers": {"n": {"command": "n${Z}"}}}, "mcp.servers": {"f": {"command": "f${Z}"}}, "editor.x${Z}": 1}`, 'json', 'mcp.servers', {}, [['mcp.servers.n.command', 'n'], ['["mcp.servers"].f.command', 'f'], [`["editor.x${Z}"]`, undefined]]],
    ['opencode: the mcp map', 'opencode.json', `{"mcp": {"o": {"type": "local", "command": ["o${Z}"]}}}`, 'json', 'mcp', {}, [['mcp.o.command[0]', 'o']]],
    ['Zed context_servers', '.zed/settings.json', `{"context_servers": {"z": {"command": {"path": "z${Z}", "args": []}}}}`, 'json', 'context_servers', {}, [['context_servers.z.command.path', 'z']]],
    ['Continue YAML: a list; the entry name and fields are its server; a top-level value is not', '.continue/config.yaml', `name: cfg${Z}\nmcpServers:\n  - name: db${Z}\n    command: db\n  - name: web\n    args: ["w${Z}"]\n`, 'yaml', 'mcpServers', { layout: 'list' }, [['name', undefined], ['mcpServers[0].name', `db${Z}`], ['mcpServers[1].args[0]', 'web']]],
    ['Continue config.json: the list, with fields under transport, and the singular key', '.continue/config.json', `{"experimental": {"modelContextProtocolServers": [{"transport": {"type": "stdio", "command": "l${Z}"}}], "modelContextProtocolServer": {"transport": {"type": "stdio", "command": "o${Z}"}}}}`, 'json', 'experimental.modelContextProtocolServers', { layout: 'list', transport: 'transport', single: 'experimental.modelContextProtocolServer' }, [['experimental.modelContextProtocolServers[0].transport.command', 'experimental.modelContextProtocolServers[0]'], ['experimental.modelContextProtocolServer.transport.command', 'experimental.modelContextProtocolServer']]],
    ['Codex TOML: [mcp_servers.<name>] tables; another key is in no server', '.codex/config.toml', `model = "o3${Z}"\n[mcp_servers.t]\ncommand = "t${Z}"\n[mcp_servers.u.env]\nK = "u${Z}"\n`, 'toml', 'mcp_servers', {}, [['model', undefined], ['mcp_servers.t.command', 't'], ['mcp_servers.u.env.K', 'u']]],
  ];
  for (const [name, path, text, format, key, shape, want] of serverCases) {
    it(`the server a hit is in: ${name}`, () => {
      const r = configStrings(path, text, format, hidden, { key, shape });
      assert.deepEqual(r.warnings, []);
      // The index is mcpServers()' order, which the mcp-server components follow (a name used
      // twice is told by its place: g#0, g#1).
      const names = mcpServers(path, text, format, key, shape).servers.map((s) => s.name);
      const label = (i: number | undefined) => (i === undefined ? undefined : names.filter((n) => n === names[i]).length > 1 ? `${names[i]}#${names.slice(0, i).filter((n) => n === names[i]).length}` : names[i]);
      assert.deepEqual(r.strings.map((s) => [s.at, label(s.server)]), want);
      // Without the shape, no server.
      assert.ok(configStrings(path, text, format, hidden).strings.every((s) => s.server === undefined));
    });
  }

  it('linear on wide and deep hostile trees', () => {
    const t0 = performance.now();
    const wide = `{"k": [${Array.from({ length: 300_000 }, () => '"a\\u200b"').join(',')}]}`;
    assert.equal(configStrings('.mcp.json', wide, 'json', (v) => v.includes('\u200b')).strings.length, 300_000);
    const keys = `{${Array.from({ length: 200_000 }, (_, i) => `"k${i}\u200b": 1`).join(',')}}`;
    assert.equal(configStrings('.mcp.json', keys, 'json', (v) => v.includes('\u200b')).strings.length, 200_000);
    configStrings('.mcp.json', '{"a":'.repeat(150) + '"x"' + '}'.repeat(150), 'json', all);
    const servers = `{"mcpServers": {${Array.from({ length: 100_000 }, (_, i) => `"s${i}": {"command": "c\u200b"}`).join(',')}}}`;
    assert.equal(configStrings('.mcp.json', servers, 'json', (v) => v.includes('\u200b'), { key: 'mcpServers' }).strings.filter((s) => s.server !== undefined).length, 100_000);
    assert.equal(configStrings('.mcp.json', '['.repeat(100_000), 'json', all).warnings.length, 1);
    assert.ok(performance.now() - t0 < 5000);
  });
});

