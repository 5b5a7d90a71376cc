// Compiles the Solidity contracts of one or more folders with solc-js (standard JSON, one
// compiler input per folder) and writes the fixtures that warpevm checks in:
// <Name>.bin.hex (init code), <Name>.bin-runtime.hex (deployed code), <Name>.abi.json,
// <Name>.layout.json (storage slots), <Name>.methods.json (selectors), and, where the
// folder asks for it, contracts_data.cpp (the same code embedded as C++ string literals).
// Each folder has a manifest, contracts.json:
//   contracts:        [{ name, file, ident }] in output order (ident: the C++ name, embed_cpp only)
//   embed_cpp:        write contracts_data.cpp (bench/contracts only)
//   allow_immutables: whether runtime code may use immutables (false where generators install
//                     the runtime code without running the constructor)
// Run through scripts/compile-contracts.sh, which installs the pinned solc first.
// Usage: node compile.js <expected solc version, e.g. 0.8.28> <folder>...
//        (folders relative to the repository root)
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

function fail(message) {
  process.stderr.write(`compile.js: ${message}\n`);
  process.exit(1);
}

const expected = process.argv[2];
const folders = process.argv.slice(3);
if (!expected || folders.length === 0) fail('usage: node compile.js <solc version> <folder>...');
const version = solc.version();
if (!version.startsWith(`${expected}+`)) fail(`loaded solc ${version}, expected ${expected}`);

const root = path.resolve(__dirname, '..', '..');
const written = [];

// Splits hex into adjacent C++ string literals of 100 digits, one per line.
function cppLiteral(hex) {
  const lines = [];
  for (let i = 0; i < hex.length; i += 100) lines.push(`  "${hex.slice(i, i + 100)}"`);
  return lines.length > 0 ? lines.join('\n') : '  ""';
}

function compileFolder(folder) {
  const dir = path.resolve(root, folder);
  const rel = path.relative(root, dir).split(path.sep).join('/');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'contracts.json'), 'utf8'));
  const contracts = manifest.contracts || [];
  if (contracts.length === 0) fail(`${rel}/contracts.json lists no contracts`);

  const sources = {};
  for (const c of contracts) sources[c.file] = { content: fs.readFileSync(path.join(dir, c.file), 'utf8') };

  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      // No IPFS/Swarm hash in the metadata trailer: editing a comment must not change the code.
      metadata: { bytecodeHash: 'none' },
      outputSelection: {
        '*': {
          '*': [
            'abi',
            'storageLayout',
            'evm.bytecode.object',
            'evm.deployedBytecode.object',
            'evm.deployedBytecode.immutableReferences',
            'evm.methodIdentifiers',
          ],
        },
      },
    },
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) process.stderr.write(e.formattedMessage || e.message);
  if (errors.length > 0) fail(`${rel}: ${errors.length} compile error(s)`);

  function write(file, text) {
    const full = path.join(dir, file);
    const old = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : null;
    if (old !== text) fs.writeFileSync(full, text);
    written.push(`${old === text ? 'unchanged' : 'wrote    '} ${rel}/${file}`);
  }

  const fixtures = [];
  for (const c of contracts) {
    const out = output.contracts[c.file] && output.contracts[c.file][c.name];
    if (!out) fail(`no output for ${rel}/${c.file}:${c.name}`);
    const init = out.evm.bytecode.object;
    const runtime = out.evm.deployedBytecode.object;
    if (!init || !runtime) fail(`${c.name}: empty bytecode`);
    // Generators install the runtime code without running the constructor, so there it must
    // not depend on immutables (which solc leaves as zeros in deployedBytecode).
    if (!manifest.allow_immutables && Object.keys(out.evm.deployedBytecode.immutableReferences || {}).length > 0)
      fail(`${c.name}: uses immutables; runtime code would be incomplete`);

    write(`${c.name}.bin.hex`, `${init}\n`);
    write(`${c.name}.bin-runtime.hex`, `${runtime}\n`);
    write(`${c.name}.abi.json`, `${JSON.stringify(out.abi, null, 2)}\n`);
    const layout = out.storageLayout.storage.map((s) => ({
      label: s.label,
      slot: Number(s.slot),
      offset: s.offset,
      type: out.storageLayout.types[s.type].label,
    }));
    write(`${c.name}.layout.json`, `${JSON.stringify(layout, null, 2)}\n`);
    write(`${c.name}.methods.json`, `${JSON.stringify(out.evm.methodIdentifiers, null, 2)}\n`);
    fixtures.push({ ...c, init, runtime });
  }
  if (manifest.embed_cpp) write('contracts_data.cpp', embeddedCpp(rel, fixtures));
}

// contracts_data.cpp: the fixtures of folder `rel` as C++ string literals, in the namespace
// warp::bench::contracts_data (declared by contracts_data.hpp beside it).
function embeddedCpp(rel, fixtures) {
  let cpp = `// GENERATED by scripts/compile-contracts.sh (bench/contracts/compile.js). Do not edit:
// change the .sol sources and rerun the script. solc ${version},
// optimizer on (200 runs), EVM version cancun.
// The same hex is checked in as ${rel}/<Name>.bin.hex and <Name>.bin-runtime.hex.
#include "${rel}/contracts_data.hpp"

namespace warp::bench::contracts_data {

const std::string_view solc_version = "${version}";
`;
  for (const f of fixtures) {
    if (!f.ident) fail(`${rel}: ${f.name} has no ident for contracts_data.cpp`);
    cpp += `
// ${f.name} (${f.file}): ${f.init.length / 2} bytes of init code, ${f.runtime.length / 2} bytes of runtime code.
const Fixture ${f.ident} = {
  "${f.name}",
${cppLiteral(f.init)},
${cppLiteral(f.runtime)},
};
`;
  }
  cpp += `
}  // namespace warp::bench::contracts_data
`;
  return cpp;
}

for (const folder of folders) compileFolder(folder);
process.stdout.write(`solc ${version}\n${written.join('\n')}\n`);
