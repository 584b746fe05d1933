// Opens YAML files in yaml-language-server, as an editor does, and prints
// the diagnostics it publishes for each as one JSON line:
//   {"file": "...", "diagnostics": [{"line": 3, "message": "..."}]}
// Usage: node scripts/yaml-lsp-diagnostics.js SERVER_DIR FILE...
// The server reads each file's `# yaml-language-server: $schema=...`
// modeline itself; nothing here names a schema.
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const fs = require('fs');
const { pathToFileURL } = require('url');

const [serverDir, ...files] = process.argv.slice(2);
const bin = path.join(serverDir, 'node_modules/yaml-language-server/bin/yaml-language-server');
const server = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });

let nextId = 1;
const pending = new Map();
function send(message) {
  const body = JSON.stringify(Object.assign({ jsonrpc: '2.0' }, message));
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}
const settings = { yaml: { validate: true, schemaStore: { enable: false }, schemas: {} } };

// For each file: the diagnostics published last, and when.
const published = new Map();
let buffer = Buffer.alloc(0);
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.slice(end + 4, end + 4 + length).toString());
    buffer = buffer.slice(end + 4 + length);
    if (message.id !== undefined && message.method === undefined) {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      if (resolve) resolve(message.result);
    } else if (message.id !== undefined) {
      // The server's own requests: settings, capability registration, progress.
      const result = message.method === 'workspace/configuration'
        ? message.params.items.map((item) => (item.section === 'yaml' ? settings.yaml : item.section ? null : settings))
        : null;
      send({ id: message.id, result });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      published.set(message.params.uri, { at: Date.now(), diagnostics: message.params.diagnostics });
    }
  }
});

async function main() {
  const root = pathToFileURL(process.cwd()).href;
  await request('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'debrief' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
  });
  send({ method: 'initialized', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings } });
  const uris = files.map((f) => pathToFileURL(path.resolve(f)).href);
  files.forEach((f, i) => {
    send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri: uris[i], languageId: 'yaml', version: 1, text: fs.readFileSync(f, 'utf8') } },
    });
  });
  // Settled: every file has diagnostics, and none came for a second.
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const all = uris.every((u) => published.has(u));
    const quiet = [...published.values()].every((p) => Date.now() - p.at > 1000);
    if (all && quiet) break;
  }
  files.forEach((f, i) => {
    const got = published.get(uris[i]);
    const diagnostics = got
      ? got.diagnostics.map((d) => ({ line: d.range.start.line + 1, message: d.message }))
      : null;
    process.stdout.write(JSON.stringify({ file: f, diagnostics }) + '\n');
  });
  server.kill();
  process.exit(0);
}
main().catch((e) => { console.error(e); server.kill(); process.exit(1); });
