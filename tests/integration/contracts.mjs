// The checked-in contract artifacts (bench/contracts): ABI, creation code and runtime code.
// The test deploys exactly what the benchmarks run, so no Solidity compiler is needed.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const contractsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/contracts');

function hexFile(name) {
  return '0x' + fs.readFileSync(path.join(contractsDir, name), 'utf8').trim().toLowerCase();
}

function artifact(name) {
  return {
    abi: JSON.parse(fs.readFileSync(path.join(contractsDir, `${name}.abi.json`), 'utf8')),
    creationCode: hexFile(`${name}.bin.hex`),
    runtimeCode: hexFile(`${name}.bin-runtime.hex`),
  };
}

export function loadContracts() {
  return {erc20: artifact('ERC20'), pair: artifact('Pair')};
}
