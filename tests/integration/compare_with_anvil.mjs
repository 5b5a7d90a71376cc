#!/usr/bin/env node
// Runs one scenario against anvil and against a peer node (`warpevm serve`, or a second anvil
// with --second-anvil) and compares what both answered, field by field. Exit 0 only when the
// transcripts match and neither node broke a per-node property.
//
//   node compare_with_anvil.mjs (--warpevm PATH | --second-anvil) --tools DIR
//        [--hardfork cancun] [--transcripts DIR]
// DIR is the prefix scripts/install-node-tools.sh installed into (anvil, cast, ethers).
import fs from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';

import {loadContracts} from './contracts.mjs';
import {diffTranscripts} from './diff.mjs';
import {startAnvil, startWarpevm, stop, waitReady} from './nodes.mjs';
import {runScenario} from './scenario.mjs';

function usage(message) {
  console.error(
      `compare_with_anvil: ${message}\n` +
      'usage: compare_with_anvil.mjs (--warpevm PATH | --second-anvil) --tools DIR [--hardfork NAME] [--transcripts DIR]');
  process.exit(2);
}

const {values: opts} = parseArgs({
  options: {
    'warpevm': {type: 'string'},
    'second-anvil': {type: 'boolean', default: false},
    'tools': {type: 'string'},
    // warpevm's latest fork (kernels/evm/fork.hpp); anvil is pinned to it so gas rules agree.
    'hardfork': {type: 'string', default: 'cancun'},
    'transcripts': {type: 'string'},
  }
});
if (!opts.tools) usage('--tools is required');
if (Boolean(opts.warpevm) === opts['second-anvil']) usage('give exactly one of --warpevm PATH and --second-anvil');

const tools = path.resolve(opts.tools);
const foundryBin = (tool) => path.join(tools, 'node_modules', '@foundry-rs', `${tool}-linux-amd64`, 'bin', tool);
const anvilPath = foundryBin('anvil');
const castPath = foundryBin('cast');
for (const binary of [anvilPath, castPath]) {
  if (!fs.existsSync(binary)) usage(`${binary} not found; run scripts/install-node-tools.sh ${opts.tools}`);
}
if (opts.warpevm && !fs.existsSync(opts.warpevm)) usage(`${opts.warpevm} not found`);
// ethers lives in the tools prefix, not next to this script.
const ethers = createRequire(path.join(tools, 'package.json'))('ethers');

const contracts = loadContracts();
const peerName = opts.warpevm ? 'warpevm' : 'anvil-2';
const nodes = [];
const stopAll = () => Promise.all(nodes.map(stop));
process.on('SIGINT', () => stopAll().then(() => process.exit(130)));
process.on('SIGTERM', () => stopAll().then(() => process.exit(143)));

const started = Date.now();
const results = {};
try {
  nodes.push(await startAnvil('anvil', anvilPath, opts.hardfork));
  nodes.push(
      opts.warpevm ? await startWarpevm(peerName, path.resolve(opts.warpevm)) :
                     await startAnvil(peerName, anvilPath, opts.hardfork));
  await Promise.all(nodes.map((n) => waitReady(n)));
  // One node after the other: the scenario's steps wait on each other anyway.
  for (const node of nodes) {
    console.log(`== ${node.name} at ${node.url}`);
    const t0 = Date.now();
    results[node.name] = await runScenario({ethers, url: node.url, castPath, contracts, log: console.log});
    const r = results[node.name];
    console.log(
        `   ${Object.keys(r.transcript).length} entries in ${Date.now() - t0} ms; ` +
        `RPC methods (ethers and direct): ${r.methodsUsed.join(' ')}`);
    if (node.exited) r.problems.push(`${node.name} ${node.exited} during the scenario; output:\n${node.output}`);
  }
} catch (err) {
  console.error(`compare_with_anvil: ${err.message}`);
  await stopAll();
  process.exit(1);
}
await stopAll();

const reference = results.anvil;
const peer = results[peerName];
const differences = diffTranscripts(reference.transcript, peer.transcript);
const compared = Object.keys(reference.transcript).length;

if (opts.transcripts || differences.length) {
  const dir = opts.transcripts ?? fs.mkdtempSync(path.join(os.tmpdir(), 'warpevm-transcripts-'));
  fs.mkdirSync(dir, {recursive: true});
  for (const [name, r] of Object.entries(results)) {
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(r, null, 2) + '\n');
  }
  console.log(`transcripts written to ${dir}`);
}

let failed = false;
for (const [name, r] of Object.entries(results)) {
  if (!r.problems.length) continue;
  failed = true;
  console.log(`\n${name}: ${r.problems.length} problem(s) on its own:`);
  for (const p of r.problems) console.log(`  - ${p}`);
}
if (differences.length) {
  failed = true;
  console.log(`\n${differences.length} difference(s), anvil vs ${peerName}:`);
  for (const d of differences)
    console.log(`  ${d.path}\n      anvil:      ${d.reference}\n      ${(peerName + ':').padEnd(11)} ${d.peer}`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failed) {
  console.log(`\nFAIL: anvil vs ${peerName} (${compared} entries compared, ${seconds} s)`);
  process.exit(1);
}
console.log(`\nPASS: anvil and ${peerName} agree on all ${compared} entries (${seconds} s)`);
