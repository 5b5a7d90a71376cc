// Starting and stopping the two nodes under comparison: anvil (the reference) and the peer
// (`warpevm serve`, or a second anvil while the node does not exist yet).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const kChainId = 31337;

// A port the OS just handed out; the tiny race until the node binds it is acceptable in tests.
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

function launch(name, command, args, datadir) {
  const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']});
  const node = {name, child, datadir, output: '', exited: null};
  const keep = (chunk) => {
    node.output = (node.output + chunk.toString()).slice(-20000);  // the tail, for diagnostics
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('error', (err) => {
    node.exited = `failed to start: ${err.message}`;
  });
  child.on('exit', (code, signal) => {
    node.exited ??= `exited with ${signal ?? `code ${code}`}`;
  });
  return node;
}

export async function startAnvil(name, anvilPath, hardfork) {
  const port = await freePort();
  const args = [
    '--port', String(port), '--host', '127.0.0.1', '--chain-id', String(kChainId), '--hardfork', hardfork, '--quiet'
  ];
  const node = launch(name, anvilPath, args, null);
  node.url = `http://127.0.0.1:${port}`;
  return node;
}

export async function startWarpevm(name, binary) {
  const port = await freePort();
  const datadir = fs.mkdtempSync(path.join(os.tmpdir(), 'warpevm-integration-'));
  const args = [
    'serve', '--datadir', datadir, '--http', `127.0.0.1:${port}`, '--chain-id', String(kChainId), '--dev-accounts',
    '10', '--block-time', '20'
  ];
  const node = launch(name, binary, args, datadir);
  node.url = `http://127.0.0.1:${port}`;
  return node;
}

// Ready means it answers eth_chainId (warpevm also prints `listening on ...`, but the RPC
// answer is what the scenario needs, and it works for anvil as well).
export async function waitReady(node, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (node.exited) {
      throw new Error(`${node.name} ${node.exited} before it was ready; its output:\n${node.output}`);
    }
    try {
      const response = await fetch(node.url, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({jsonrpc: '2.0', id: 0, method: 'eth_chainId', params: []}),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${node.name} not ready at ${node.url} after ${timeoutMs} ms; output:\n${node.output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function stop(node) {
  if (!node.exited) {
    const gone = new Promise((resolve) => node.child.once('exit', resolve));
    node.child.kill('SIGTERM');
    const timer = setTimeout(() => node.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
  if (node.datadir) fs.rmSync(node.datadir, {recursive: true, force: true});
}
