/**
 * MCP servers in an agent's own code (src/lang/mcp-code.ts): cases that must be found, with their
 * name, launch or URL and line, and decoys that must not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mcpCodeServers, mcpLaunchServers, type McpCodeLang } from '../../src/lang/mcp-code.js';

/** `name | transport | command args | url @line` of each server. */
const rows = (path: string, text: string, lang: McpCodeLang) =>
  mcpCodeServers(path, text, lang).map((s) => `${s.name} | ${s.transport} | ${[s.command, ...(s.args ?? [])].filter((x) => x !== undefined).join(' ')} | ${s.url ?? ''} @${s.line}`);

const FOUND: [string, string, string, 'js' | 'python', string[]][] = [
  ['TS SDK: a stdio transport', 'a.ts', "import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';\nconst t = new StdioClientTransport({\n  command: 'npx',\n  args: ['-y', '@modelcontextprotocol/server-github'],\n  env: { GITHUB_TOKEN: process.env.GITHUB_TOKEN },\n});\n", 'js', ['@modelcontextprotocol/server-github | stdio | npx -y @modelcontextprotocol/server-github |  @2']],
  ['TS SDK: SSE and streamable HTTP transports by URL', 'a.mjs', "const a = new SSEClientTransport(new URL('http://localhost:3001/sse'));\nconst b = new StreamableHTTPClientTransport(new URL(`https://mcp.example.com/mcp`), { requestInit: {} });\n", 'js', ['localhost:3001/sse | sse |  | http://localhost:3001/sse @1', 'mcp.example.com/mcp | http |  | https://mcp.example.com/mcp @2']],
  ['AI SDK: a transport object with a type', 'a.ts', "const c = await experimental_createMCPClient({ transport: { type: 'sse', url: 'https://tools.example.com/sse' } });\n", 'js', ['tools.example.com/sse | sse |  | https://tools.example.com/sse @1']],
  ['LangChain JS: servers by name, stdio and http', 'a.ts', "const client = new MultiServerMCPClient({\n  mcpServers: {\n    math: { transport: 'stdio', command: 'uvx', args: ['mcp-server-math==1.0.0'] },\n    \"weather\": { transport: 'http', url: 'https://weather.example/mcp' },\n  },\n});\n", 'js', ['math | stdio | uvx mcp-server-math==1.0.0 |  @3', 'weather | http |  | https://weather.example/mcp @4']],
  ['Python SDK: StdioServerParameters keywords', 'a.py', 'from mcp import StdioServerParameters\nparams = StdioServerParameters(\n    command="uvx",\n    args=["mcp-server-fetch"],\n)\n', 'python', ['mcp-server-fetch | stdio | uvx mcp-server-fetch |  @2']],
  ['Python SDK: sse_client and streamablehttp_client', 'a.py', 'async with sse_client("http://localhost:8000/sse") as s:\n    pass\nasync with streamablehttp_client(url="https://mcp.example.com/mcp") as s:\n    pass\n', 'python', ['localhost:8000/sse | sse |  | http://localhost:8000/sse @1', 'mcp.example.com/mcp | http |  | https://mcp.example.com/mcp @3']],
  ['OpenAI Agents SDK: params dict, named beside it', 'a.py', 'fs = MCPServerStdio(params={"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."]}, name="Filesystem")\n', 'python', ['Filesystem | stdio | npx -y @modelcontextprotocol/server-filesystem . |  @1']],
  ['OpenAI Agents SDK (JS): a whole command line', 'a.ts', "const fs = new MCPServerStdio({ name: 'Filesystem', fullCommand: 'npx -y @modelcontextprotocol/server-filesystem ./files' });\n", 'js', ['Filesystem | stdio | npx -y @modelcontextprotocol/server-filesystem ./files |  @1']],
  ["pydantic-ai: the command first; a URL first", 'a.py', "run = MCPServerStdio('deno', args=['run', '-N', 'jsr:@pydantic/mcp-run-python', 'stdio'])\nremote = MCPServerSSE('https://tools.example.com/sse')\n", 'python', ['@pydantic/mcp-run-python | stdio | deno run -N jsr:@pydantic/mcp-run-python stdio |  @1', 'tools.example.com/sse | sse |  | https://tools.example.com/sse @2']],
  ['smolagents: MCPClient given a list of server dicts, or one', 'a.py', 'from smolagents.mcp_client import MCPClient\nc = MCPClient([{"url": "http://localhost:50001/sse"}, {"url": "http://localhost:50002/mcp", "transport": "streamable-http"}])\nwith MCPClient({"url": "https://mcp.example.com/mcp"}) as tools:\n    pass\n', 'python', ['localhost:50001/sse | sse |  | http://localhost:50001/sse @2', 'localhost:50002/mcp | http |  | http://localhost:50002/mcp @2', 'mcp.example.com/mcp | http |  | https://mcp.example.com/mcp @3']],
  ['Mastra: a client\'s servers map, a URL given as new URL(…)', 'a.ts', "const mcp = new MCPClient({\n  servers: {\n    weather: {\n      url: new URL('http://localhost:1234/sse'),\n    },\n    stocks: { command: 'npx', args: ['tsx', 'stock-server.ts'] },\n  },\n});\n", 'js', ['weather | sse |  | http://localhost:1234/sse @3', 'stocks | stdio | npx tsx stock-server.ts |  @6']],
  ['langchain-mcp-adapters: a dict of servers', 'a.py', 'client = MultiServerMCPClient({\n    "math": {"command": "python", "args": ["/srv/math_server.py"], "transport": "stdio"},\n    \'search\': {"url": "http://search.internal:8000/mcp", "transport": "streamable_http"},\n})\n', 'python', ['math | stdio | python /srv/math_server.py |  @2', 'search | http |  | http://search.internal:8000/mcp @3']],
];

const PATTERN_FOUND: [string, string, string, 'go' | 'java' | 'csharp', string[]][] = [
  ['Go, mark3labs/mcp-go: stdio with env nil or a list, SSE and streamable HTTP', 'main.go', 'c, err := client.NewStdioMCPClient("npx", nil, "-y", "@modelcontextprotocol/server-filesystem", "/tmp")\nt := transport.NewStdio("uvx", []string{"TZ=UTC"}, "mcp-server-time==2025.1.1")\ns, _ := client.NewSSEMCPClient("http://localhost:8080/sse")\nh, _ := client.NewStreamableHttpClient("https://mcp.example.com/mcp")\n', 'go', ['@modelcontextprotocol/server-filesystem | stdio | npx -y @modelcontextprotocol/server-filesystem /tmp |  @1', 'mcp-server-time | stdio | uvx mcp-server-time==2025.1.1 |  @2', 'localhost:8080/sse | sse |  | http://localhost:8080/sse @3', 'mcp.example.com/mcp | http |  | https://mcp.example.com/mcp @4']],
  ['Go, the official SDK: CommandTransport with exec.Command, and by endpoint', 'main.go', 'transport := &mcp.CommandTransport{Command: exec.Command("npx", "-y", "@modelcontextprotocol/server-everything")}\nremote := &mcp.StreamableClientTransport{Endpoint: "https://tools.example.com/mcp"}\n', 'go', ['@modelcontextprotocol/server-everything | stdio | npx -y @modelcontextprotocol/server-everything |  @1', 'tools.example.com/mcp | http |  | https://tools.example.com/mcp @2']],
  ['Java SDK and LangChain4j', 'A.java', 'var p = ServerParameters.builder("npx")\n    .args("-y", "@modelcontextprotocol/server-everything")\n    .build();\nMcpTransport t = new StdioMcpTransport.Builder()\n    .command(List.of("uvx", "mcp-server-fetch"))\n    .build();\nvar s = HttpClientSseClientTransport.builder("http://localhost:8080").build();\n', 'java', ['@modelcontextprotocol/server-everything | stdio | npx -y @modelcontextprotocol/server-everything |  @1', 'mcp-server-fetch | stdio | uvx mcp-server-fetch |  @4', 'localhost:8080 | sse |  | http://localhost:8080 @7']],
  ['C# SDK: options by name or target-typed, a collection expression or an array', 'A.cs', 'var t = new StdioClientTransport(new()\n{\n    Name = "Everything",\n    Command = "npx",\n    Arguments = ["-y", "@modelcontextprotocol/server-everything"],\n});\nvar u = new StdioClientTransportOptions { Command = "uvx", Arguments = new[] { "mcp-server-fetch" } };\nvar h = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri("https://tools.example.com/mcp") });\n', 'csharp', ['Everything | stdio | npx -y @modelcontextprotocol/server-everything |  @1', 'mcp-server-fetch | stdio | uvx mcp-server-fetch |  @7', 'tools.example.com/mcp | http |  | https://tools.example.com/mcp @8']],
];

const PATTERN_NONE: [string, string, string, 'go' | 'java' | 'csharp'][] = [
  ['Go: a variable command, a comment, another exec.Command', 'main.go', 'c, _ := client.NewStdioMCPClient(cmd, nil, args...)\n// client.NewStdioMCPClient("npx", nil, "-y", "x")\nout, _ := exec.Command("git", "status").Output()\n', 'go'],
  ['Java: a variable, a comment', 'A.java', 'ServerParameters.builder(cmd).build();\n// ServerParameters.builder("npx").args("-y", "x")\n', 'java'],
  ['C#: no command, a comment', 'A.cs', 'var t = new StdioClientTransport(options);\n// new StdioClientTransportOptions { Command = "npx" }\nvar o = new ProcessStartInfo { FileName = "npx" };\n', 'csharp'],
];

const NONE: [string, string, string, 'js' | 'python'][] = [
  ['a command or URL held in a variable', 'a.ts', 'const t = new StdioClientTransport({ command: cmd, args });\nconst s = new SSEClientTransport(new URL(serverUrl));\n', 'js'],
  ['comments and strings', 'a.ts', "// new StdioClientTransport({ command: 'npx', args: ['-y', 'x'] })\nconst doc = \"new SSEClientTransport(new URL('http://x/sse'))\";\n", 'js'],
  ['a CLI command definition, a spawn, a fetch option', 'a.ts', "const cli = { command: 'build', describe: 'Build it' };\nspawn('npx', ['-y', 'x']);\nawait fetch(u, { url: 'https://api.example.com' });\n", 'js'],
  ['Python: a command in another call, a dict without args or transport, an f-string', 'a.py', 'subprocess.run(command="npx", args=["-y", "x"])\ncfg = {"command": "deploy"}\nsse_client(f"http://{host}/sse")\n# StdioServerParameters(command="uvx", args=["x"])\n', 'python'],
  ['Python: a list of url dicts given to another call, or a list in a list', 'a.py', 'requests.post(u, json=[{"url": "http://localhost:8000/x"}])\nMCPClient(cfg, [[{"url": "http://localhost:8000/y"}]])\n', 'python'],
  ['a servers map of another kind: no URL or command', 'a.ts', "const cfg = { servers: { api: { port: 8080 }, db: { host: 'x' } } };\n", 'js'],
  ['unbalanced brackets', 'a.ts', "new StdioClientTransport({ command: 'npx', args: ['-y', 'x'] ]);\n", 'js'],
];

describe('mcpCodeServers: MCP servers an agent\'s code starts or connects to', () => {
  for (const [name, path, text, lang, want] of FOUND) it(`finds: ${name}`, () => assert.deepEqual(rows(path, text, lang), want));
  for (const [name, path, text, lang] of NONE) it(`finds none: ${name}`, () => assert.deepEqual(rows(path, text, lang), []));
  for (const [name, path, text, lang, want] of PATTERN_FOUND) it(`finds: ${name}`, () => assert.deepEqual(rows(path, text, lang), want));
  for (const [name, path, text, lang] of PATTERN_NONE) it(`finds none: ${name}`, () => assert.deepEqual(rows(path, text, lang), []));

  it("Go, Java and C# literals are decoded with the language's own escapes", () => {
    assert.deepEqual(mcpCodeServers('m.go', 'c, _ := client.NewStdioMCPClient("node", nil, "C:\\\\srv\\\\index.js", "--name=\\"x\\"")\n', 'go')[0]?.args, ['C:\\srv\\index.js', '--name="x"']);
    assert.deepEqual(mcpCodeServers('A.java', 'ServerParameters.builder("npx").args("-y", "\\u0040scope/server")\n', 'java')[0]?.args, ['-y', '@scope/server']);
  });

  it('the launch is parsed as a config file\'s is: the package and its pin', () => {
    const [s] = mcpCodeServers('a.ts', "new StdioClientTransport({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'] });\n", 'js');
    assert.deepEqual([s?.launcher?.tool, s?.launcher?.package, s?.launcher?.version, s?.launcher?.pinned], ['npx', '@modelcontextprotocol/server-github', '2025.4.8', true]);
  });

  it('never throws, and stays bounded, on random and hostile text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => Array.isArray(mcpCodeServers('a.ts', t, 'js')) && Array.isArray(mcpCodeServers('a.py', t, 'python'))), { numRuns: 300 });
    const t0 = performance.now();
    const many = "new StdioClientTransport({ command: 'npx', args: ['-y', 'x'] });\n".repeat(5_000);
    assert.equal(mcpCodeServers('a.ts', many, 'js').length, 200);
    const deep = '{'.repeat(20_000) + '}'.repeat(20_000);
    assert.deepEqual(mcpCodeServers('a.ts', `const o = ${deep};\n`, 'js'), []);
    assert.deepEqual(mcpCodeServers('a.py', `o = ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`, 'python'), []);
    for (const lang of ['go', 'java', 'csharp'] as const) {
      fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => Array.isArray(mcpCodeServers('a', t, lang))), { numRuns: 200 });
      for (const hostile of ['NewStdioMCPClient("' + 'a'.repeat(100_000), 'StdioClientTransport {' + '{x}'.repeat(30_000), 'ServerParameters.builder("npx").args(' + '"a",'.repeat(30_000), 'StdioMcpTransport' + ' x'.repeat(50_000)]) mcpCodeServers('a', hostile, lang);
    }
    assert.ok(performance.now() - t0 < 5_000, `${(performance.now() - t0).toFixed(0)} ms`);
  });
});

describe('mcpLaunchServers: command lines the code runs as a process', () => {
  const launches = (path: string, text: string, lang: McpCodeLang) => mcpLaunchServers(path, text, lang).map((s) => `${[s.command, ...(s.args ?? [])].join(' ')} @${s.line}`);
  const found: [string, string, string, McpCodeLang, string[]][] = [
    ['Python subprocess: a list, keyword args, a shell string; asyncio', 'a.py', 'import subprocess, asyncio\np = subprocess.Popen(["npx", "-y", "@modelcontextprotocol/server-filesystem", path], stdin=PIPE)\nsubprocess.run(args=["uvx", "mcp-server-fetch"])\nsubprocess.run("npx -y @upstash/context7-mcp", shell=True)\nq = await asyncio.create_subprocess_exec("uvx", "mcp-server-git", "--repository", ".")\nos.system("docker run -i --rm mcp/fetch")\n', 'python', ['npx -y @modelcontextprotocol/server-filesystem @2', 'uvx mcp-server-fetch @3', 'npx -y @upstash/context7-mcp @4', 'uvx mcp-server-git --repository . @5', 'docker run -i --rm mcp/fetch @6']],
    ['JS child_process, execa, Bun and Deno', 'a.ts', "const a = spawn('npx', ['-y', '@modelcontextprotocol/server-github'], { env });\nexecFile('uvx', ['mcp-server-time']);\nexecSync('npx -y chrome-devtools-mcp@latest');\nBun.spawn(['bunx', 'mcp-server-x']);\nnew Deno.Command('npx', { args: ['-y', 'mcp-remote', 'https://x/sse'] });\n", 'js', ['npx -y @modelcontextprotocol/server-github @1', 'uvx mcp-server-time @2', 'npx -y chrome-devtools-mcp@latest @3', 'bunx mcp-server-x @4', 'npx -y mcp-remote https://x/sse @5']],
    ['Go exec.Command (with a context)', 'main.go', 'cmd := exec.Command("uvx", "mcp-server-fetch")\nc2 := exec.CommandContext(ctx, "npx", "-y", "@modelcontextprotocol/server-memory")\n', 'go', ['uvx mcp-server-fetch @1', 'npx -y @modelcontextprotocol/server-memory @2']],
    ['Java ProcessBuilder (strings or a list)', 'A.java', 'new ProcessBuilder("npx", "-y", "@modelcontextprotocol/server-memory").start();\nnew ProcessBuilder(List.of("uvx", "mcp-server-time")).start();\n', 'java', ['npx -y @modelcontextprotocol/server-memory @1', 'uvx mcp-server-time @2']],
    ['C# Process.Start and ProcessStartInfo', 'A.cs', 'Process.Start("uvx", "mcp-server-time");\nvar psi = new ProcessStartInfo { FileName = "docker", Arguments = "run -i --rm mcp/fetch" };\n', 'csharp', ['uvx mcp-server-time @1', 'docker run -i --rm mcp/fetch @2']],
  ];
  for (const [name, path, text, lang, want] of found) it(`finds: ${name}`, () => assert.deepEqual(launches(path, text, lang), want));
  const none: [string, string, string, McpCodeLang][] = [
    ['a command held in a variable, a comment, a string', 'a.py', 'subprocess.run(cmd)\n# subprocess.run(["npx", "-y", "x"])\ns = "subprocess.run([\'npx\'])"\n', 'python'],
    ['JS: a variable command, a comment', 'a.ts', "spawn(cmd, args);\n// spawn('npx', ['-y', 'x']);\n", 'js'],
    ['Go: a variable', 'main.go', 'exec.Command(name, args...)\n', 'go'],
  ];
  for (const [name, path, text, lang] of none) it(`finds none: ${name}`, () => assert.deepEqual(launches(path, text, lang), []));
  it('never throws on random text', () => {
    for (const lang of ['js', 'python', 'go', 'java', 'csharp'] as const) fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => Array.isArray(mcpLaunchServers('a', t, lang))), { numRuns: 150 });
  });
});
