// The scenario both nodes run, step for step: deploy two ERC-20 tokens and a pair, fund
// accounts, add liquidity, swap from several accounts, revert on purpose, send ETH, then read
// everything back. It returns a transcript (plain JSON) that must be identical on both nodes,
// plus per-node problems: properties a single node's answers must have whatever the other says.
//
// Every transaction is signed with explicit nonce, gas limit and fees, so the signed bytes, and
// hence the transaction hashes and contract addresses, are the same on both nodes. Each one is
// mined (receipt seen) before the next is sent.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

import {kChainId} from './nodes.mjs';
import {Rpc} from './rpc.mjs';

const run = promisify(execFile);

const kMnemonic = 'test test test test test test test test test test test junk';
const kAccounts = 10;
const kDevBalance = 10000n * 10n ** 18n;  // what anvil and `serve --dev-accounts` fund
const kMaxFee = 100n * 10n ** 9n;         // far above any dev chain's base fee
const kTip = 10n ** 9n;
const e18 = (n) => BigInt(n) * 10n ** 18n;

// Hex from different nodes may differ only in letter case; quantities must match exactly.
function lower(value) {
  if (typeof value === 'string') return value.startsWith('0x') ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(lower);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lower(v)]));
  }
  return value;
}

const isHash = (v) => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);

class Session {
  constructor(ethers, url, castPath, log) {
    this.ethers = ethers;
    this.castPath = castPath;
    this.url = url;
    this.log = log;
    this.methodsUsed = new Set();
    this.rpc = new Rpc(url, this.methodsUsed);
    this.provider = new ethers.JsonRpcProvider(
        url, kChainId, {staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1, pollingInterval: 50});
    this.provider.on('debug', (event) => {
      if (event.action !== 'sendRpcPayload') return;
      for (const payload of [].concat(event.payload)) this.methodsUsed.add(payload.method);
    });
    this.wallets = [];
    for (let i = 0; i < kAccounts; ++i) {
      const wallet = ethers.HDNodeWallet.fromPhrase(kMnemonic, undefined, `m/44'/60'/0'/0/${i}`);
      this.wallets.push(wallet.connect(this.provider));
    }
    this.addr = this.wallets.map((w) => w.address);
    this.nonces = new Array(kAccounts).fill(0);
    this.transcript = {};
    this.problems = [];
    this.firstLogIndex = new Map();  // tx hash -> block-wide logIndex of its first log
  }

  record(key, value) {
    if (key in this.transcript) throw new Error(`transcript key used twice: ${key}`);
    this.transcript[key] = lower(value);
  }

  expect(ok, what) {
    if (!ok) this.problems.push(what);
  }

  // Reads whose failure should not stop the scenario: the error becomes the recorded value.
  async read(key, fn) {
    try {
      this.record(key, await fn());
    } catch (err) {
      this.record(key, {error: err.message});
      this.problems.push(`${key}: ${err.message}`);
    }
  }

  overrides(account, gasLimit) {
    return {
      nonce: this.nonces[account],
      gasLimit,
      type: 2,
      chainId: kChainId,
      maxFeePerGas: kMaxFee,
      maxPriorityFeePerGas: kTip
    };
  }

  // Sends through ethers (`send` gets the overrides), waits for the receipt, records receipt
  // and transaction. A failure here aborts the scenario: later nonces would be wrong.
  async transact(key, account, gasLimit, send) {
    const response = await send(this.overrides(account, gasLimit));
    this.nonces[account] += 1;
    return this.recordMined(key, response.hash);
  }

  async recordMined(key, hash) {
    const receipt = await this.rpc.waitReceipt(hash);
    this.checkReceipt(key, hash, receipt);
    const logs = receipt.logs ?? [];
    if (logs.length) this.firstLogIndex.set(hash.toLowerCase(), Number(logs[0].logIndex));
    this.record(`${key}.receipt`, {
      transactionHash: receipt.transactionHash,
      status: receipt.status,
      gasUsed: receipt.gasUsed,
      from: receipt.from,
      to: receipt.to,
      contractAddress: receipt.contractAddress ?? null,
      type: receipt.type,
      logsBloom: receipt.logsBloom,
      logs: logs.map((l, i) => ({address: l.address, topics: l.topics, data: l.data, logIndexInTx: i})),
    });
    const tx = await this.rpc.call('eth_getTransactionByHash', [hash]);
    this.expect(tx && tx.blockHash === receipt.blockHash, `${key}: transaction's blockHash differs from its receipt's`);
    this.record(`${key}.transaction`, tx && {
      hash: tx.hash,
      from: tx.from,
      to: tx.to,
      nonce: tx.nonce,
      input: tx.input,
      value: tx.value,
      gas: tx.gas,
      type: tx.type
    });
    this.log(`  ${key}: status ${receipt.status}, gas ${BigInt(receipt.gasUsed)}`);
    this.lastReceipt = receipt;
    return receipt;
  }

  // What a receipt must say about itself, independent of the other node.
  checkReceipt(key, hash, receipt) {
    this.expect(receipt.transactionHash?.toLowerCase() === hash.toLowerCase(), `${key}: receipt is for another tx`);
    this.expect(isHash(receipt.blockHash), `${key}: receipt blockHash is not a 32-byte hash`);
    this.expect(BigInt(receipt.cumulativeGasUsed) >= BigInt(receipt.gasUsed), `${key}: cumulativeGasUsed < gasUsed`);
    (receipt.logs ?? []).forEach((l, i) => {
      const first = Number(receipt.logs[0].logIndex);
      this.expect(Number(l.logIndex) === first + i, `${key}: log ${i} has logIndex ${l.logIndex}, not consecutive`);
      this.expect(l.transactionHash?.toLowerCase() === hash.toLowerCase(), `${key}: log ${i} transactionHash`);
      this.expect(l.blockHash === receipt.blockHash, `${key}: log ${i} blockHash differs from receipt's`);
      this.expect(l.blockNumber === receipt.blockNumber, `${key}: log ${i} blockNumber differs from receipt's`);
    });
  }

  async cast(args) {
    const {stdout} = await run(this.castPath, [...args, '--rpc-url', this.url], {timeout: 60000});
    return stdout.trim();
  }

  callData(contract, method, args) {
    return contract.interface.encodeFunctionData(method, args);
  }

  async ethCall(to, data, from = undefined) {
    return this.rpc.call('eth_call', [{...(from && {from}), to, data}, 'latest']);
  }

  // The logs of a filter, without what depends on block layout (numbers, hashes, positions
  // in the block); the position inside the transaction stays.
  async logs(filter) {
    const logs = await this.rpc.call('eth_getLogs', [{fromBlock: '0x0', toBlock: 'latest', ...filter}]);
    return logs.map((l) => {
      const first = this.firstLogIndex.get(l.transactionHash.toLowerCase());
      this.expect(first !== undefined, `eth_getLogs returned a log of unknown tx ${l.transactionHash}`);
      this.expect(l.removed !== true, `eth_getLogs returned a removed log`);
      return {
        address: l.address,
        topics: l.topics,
        data: l.data,
        transactionHash: l.transactionHash,
        logIndexInTx: Number(l.logIndex) - (first ?? 0)
      };
    });
  }
}

async function start(s) {
  await s.read('eth_chainId', () => s.rpc.call('eth_chainId'));
  for (let i = 0; i < kAccounts; ++i) {
    const balance = await s.rpc.call('eth_getBalance', [s.addr[i], 'latest']);
    s.expect(BigInt(balance) === kDevBalance, `dev account ${i} starts with ${balance} wei, not 10000 ETH`);
    s.nonces[i] = Number(await s.rpc.call('eth_getTransactionCount', [s.addr[i], 'latest']));
    s.expect(s.nonces[i] === 0, `dev account ${i} starts with nonce ${s.nonces[i]}`);
  }
}

async function deploy(s, contracts) {
  const {ethers} = s;
  const deployer = s.wallets[0];
  const deployed = {};
  const make = async (key, artifact, gas, ...args) => {
    const factory = new ethers.ContractFactory(artifact.abi, artifact.creationCode, deployer);
    const expected = ethers.getCreateAddress({from: deployer.address, nonce: s.nonces[0]});
    const receipt =
        await s.transact(key, 0, gas, async (o) => (await factory.deploy(...args, o)).deploymentTransaction());
    s.expect(
        receipt.contractAddress?.toLowerCase() === expected.toLowerCase(),
        `${key}: contractAddress ${receipt.contractAddress}, expected ${expected}`);
    deployed[key] = new ethers.Contract(expected, artifact.abi, s.provider);
  };
  await make('deploy.tokenA', contracts.erc20, 2_000_000n, e18(1_000_000));
  await make('deploy.tokenB', contracts.erc20, 2_000_000n, e18(2_000_000));
  await make(
      'deploy.pair', contracts.pair, 3_000_000n, deployed['deploy.tokenA'].target, deployed['deploy.tokenB'].target);
  return {tokenA: deployed['deploy.tokenA'], tokenB: deployed['deploy.tokenB'], pair: deployed['deploy.pair']};
}

async function fundAndAddLiquidity(s, {tokenA, tokenB, pair}) {
  const asA0 = (c) => c.connect(s.wallets[0]);
  for (const i of [1, 2, 3]) {
    await s.transact(`fund.tokenA.${i}`, 0, 100_000n, (o) => asA0(tokenA).transfer(s.addr[i], e18(10_000), o));
    await s.transact(`fund.tokenB.${i}`, 0, 100_000n, (o) => asA0(tokenB).transfer(s.addr[i], e18(10_000), o));
  }
  // Liquidity the V2 way without a router: tokens straight to the pair, then sync().
  await s.transact('liquidity.tokenA', 0, 100_000n, (o) => asA0(tokenA).transfer(pair.target, e18(100_000), o));
  await s.transact('liquidity.tokenB', 0, 100_000n, (o) => asA0(tokenB).transfer(pair.target, e18(400_000), o));
  await s.transact('liquidity.sync', 0, 200_000n, (o) => asA0(pair).sync(o));
}

async function swaps(s, {tokenA, tokenB, pair}) {
  const {ethers} = s;
  const as = (c, i) => c.connect(s.wallets[i]);
  await s.transact('swap1.approve', 1, 100_000n, (o) => as (tokenA, 1).approve(pair.target, ethers.MaxUint256, o));
  await s.transact('swap1.exactIn', 1, 300_000n, (o) => as (pair, 1).swapExactIn(true, e18(1000), 0n, s.addr[1], o));

  // A finite allowance, partly used: its storage slot is read back later.
  await s.transact('swap2.approve', 2, 100_000n, (o) => as (tokenB, 2).approve(pair.target, e18(5000), o));
  const [r0, r1] = await pair.getReserves();
  const out2 = await pair.getAmountOut(e18(3000), r1, r0);
  await s.transact('swap2.exactIn', 2, 300_000n, (o) => as (pair, 2).swapExactIn(false, e18(3000), out2, s.addr[2], o));

  // The core swap: input sent first, output to an account that never sends anything.
  const [q0, q1] = await pair.getReserves();
  const out3 = await pair.getAmountOut(e18(500), q0, q1);
  await s.transact('swap3.sendIn', 3, 100_000n, (o) => as (tokenA, 3).transfer(pair.target, e18(500), o));
  await s.transact('swap3.swap', 3, 300_000n, (o) => as (pair, 3).swap(0n, out3, s.addr[5], o));

  await s.transact('swap4.exactIn', 1, 300_000n, (o) => as (pair, 1).swapExactIn(true, e18(250), 0n, s.addr[5], o));
}

async function reverts(s, {tokenA, pair}) {
  const as = (c, i) => c.connect(s.wallets[i]);
  // Account 4 holds no tokens: InsufficientBalance. The gas a revert burns is compared too.
  const r1 = await s.transact('revert.transfer', 4, 100_000n, (o) => as (tokenA, 4).transfer(s.addr[1], e18(1), o));
  s.expect(r1.status === '0x0', `revert.transfer: status ${r1.status}, expected 0x0`);
  const r2 = await s.transact(
      'revert.swapMinOut', 1, 300_000n,
      (o) => as (pair, 1).swapExactIn(true, e18(100), e18(1_000_000_000), s.addr[1], o));
  s.expect(r2.status === '0x0', `revert.swapMinOut: status ${r2.status}, expected 0x0`);
}

const freshAddress = (ethers) =>
    ethers.getAddress(ethers.dataSlice(ethers.id('warpevm integration fresh address'), 12));

async function ethTransfer(s) {
  const to = freshAddress(s.ethers);
  const r =
      await s.transact('eth.transfer', 6, 21_000n, (o) => s.wallets[6].sendTransaction({to, value: e18(3) / 2n, ...o}));
  s.expect(r.gasUsed === '0x5208', `eth.transfer: gasUsed ${r.gasUsed}, a plain transfer costs 21000 (0x5208)`);
}

// foundry's client on the same node: a transfer by `cast send`, reads by `cast call`/`cast receipt`.
async function withCast(s, {tokenB, pair}) {
  const key = s.wallets[2].privateKey;
  const out = await s.cast([
    'send', '--private-key', key, '--nonce', String(s.nonces[2]), '--gas-limit', '100000', '--gas-price', `${kMaxFee}`,
    '--priority-gas-price', `${kTip}`, '--json', tokenB.target, 'transfer(address,uint256)', s.addr[7], `${e18(123)}`
  ]);
  s.nonces[2] += 1;
  const castReceipt = JSON.parse(out);
  s.record('cast.send.castReceipt', {
    status: castReceipt.status,
    gasUsed: castReceipt.gasUsed,
    logs: castReceipt.logs.length,
    transactionHash: castReceipt.transactionHash
  });
  await s.recordMined('cast.send', castReceipt.transactionHash);

  await s.read('cast.call.balanceOf', () => s.cast(['call', tokenB.target, 'balanceOf(address)(uint256)', s.addr[7]]));
  await s.read('cast.call.getReserves', () => s.cast(['call', pair.target, 'getReserves()(uint256,uint256)']));
  const swapHash = s.transcript['swap4.exactIn.receipt'].transactionHash;
  await s.read('cast.receipt.swap4', async () => {
    const r = JSON.parse(await s.cast(['receipt', '--json', swapHash]));
    return {status: r.status, gasUsed: r.gasUsed, logs: r.logs.map((l) => [l.address, l.topics, l.data])};
  });
}

async function reads(s, {tokenA, tokenB, pair}) {
  const {ethers} = s;
  const fresh = freshAddress(ethers);
  const holders = {...Object.fromEntries(s.addr.slice(0, 8).map((a, i) => [`A${i}`, a])), pair: pair.target, fresh};
  for (const [tokenName, token] of [['tokenA', tokenA], ['tokenB', tokenB]]) {
    for (const [who, address] of Object.entries(holders)) {
      await s.read(
          `call.${tokenName}.balanceOf.${who}`,
          () => s.ethCall(token.target, s.callData(token, 'balanceOf', [address])));
    }
    for (const method of ['totalSupply', 'name', 'symbol', 'decimals']) {
      await s.read(`call.${tokenName}.${method}`, () => s.ethCall(token.target, s.callData(token, method, [])));
    }
    for (const i of [1, 2]) {
      await s.read(
          `call.${tokenName}.allowance.A${i}`,
          () => s.ethCall(token.target, s.callData(token, 'allowance', [s.addr[i], pair.target])));
    }
  }
  for (const method of ['getReserves', 'token0', 'token1', 'reserve0', 'reserve1']) {
    await s.read(`call.pair.${method}`, () => s.ethCall(pair.target, s.callData(pair, method, [])));
  }
  await s.read('call.pair.getAmountOut', async () => {
    const [r0, r1] = await pair.getReserves();  // through ethers' Contract, decoded
    return (await pair.getAmountOut(e18(1), r0, r1)).toString();
  });
  // A reverting call: the error must carry the revert data (ethers decodes custom errors from it).
  await s.read('call.revert.transfer', async () => {
    try {
      await s.ethCall(tokenA.target, s.callData(tokenA, 'transfer', [s.addr[1], e18(1)]), s.addr[4]);
      return 'no error';
    } catch (err) {
      return {code: err.code ?? null, data: err.data ?? null};
    }
  });
}

// Storage slots from the layouts in bench/contracts/*.layout.json.
async function storage(s, {tokenA, tokenB, pair}) {
  const {ethers} = s;
  const coder = ethers.AbiCoder.defaultAbiCoder();
  const mapSlot = (key, slot) => ethers.keccak256(coder.encode(['address', 'uint256'], [key, slot]));
  const slots = {
    'tokenA.totalSupply': [tokenA, 0n],
    'tokenA.balanceOf.A0': [tokenA, mapSlot(s.addr[0], 1n)],
    'tokenA.balanceOf.A1': [tokenA, mapSlot(s.addr[1], 1n)],
    'tokenA.balanceOf.A5': [tokenA, mapSlot(s.addr[5], 1n)],
    'tokenA.balanceOf.pair': [tokenA, mapSlot(pair.target, 1n)],
    'tokenA.allowance.A1.pair':
        [tokenA, ethers.keccak256(coder.encode(['address', 'bytes32'], [pair.target, mapSlot(s.addr[1], 2n)]))],
    'tokenB.allowance.A2.pair':
        [tokenB, ethers.keccak256(coder.encode(['address', 'bytes32'], [pair.target, mapSlot(s.addr[2], 2n)]))],
    'tokenB.balanceOf.A7': [tokenB, mapSlot(s.addr[7], 1n)],
    'pair.token0': [pair, 0n],
    'pair.token1': [pair, 1n],
    'pair.reserve0': [pair, 2n],
    'pair.reserve1': [pair, 3n],
    'pair.unused': [pair, 0x99n],
  };
  for (const [name, [contract, slot]] of Object.entries(slots)) {
    await s.read(
        `storage.${name}`, () => s.rpc.call('eth_getStorageAt', [contract.target, ethers.toBeHex(slot), 'latest']));
  }
}

async function codeAndBalances(s, contracts, {tokenA, tokenB, pair}) {
  const fresh = freshAddress(s.ethers);
  for (const [name, contract, runtime] of [
           ['tokenA', tokenA, contracts.erc20.runtimeCode], ['tokenB', tokenB, contracts.erc20.runtimeCode],
           ['pair', pair, contracts.pair.runtimeCode]]) {
    const code = await s.rpc.call('eth_getCode', [contract.target, 'latest']);
    s.expect(code.toLowerCase() === runtime, `eth_getCode(${name}) is not the checked-in runtime code`);
    s.record(`code.${name}`, code);
  }
  await s.read('code.fresh', () => s.rpc.call('eth_getCode', [fresh, 'latest']));
  // ETH balances only of accounts that never paid gas: fees depend on each node's base fee.
  for (const [who, address] of [
           ['A5', s.addr[5]], ['A7', s.addr[7]], ['A8', s.addr[8]], ['A9', s.addr[9]], ['fresh', fresh]]) {
    await s.read(`balance.${who}`, () => s.rpc.call('eth_getBalance', [address, 'latest']));
  }
  for (let i = 0; i < kAccounts; ++i) {
    await s.read(`nonce.A${i}`, () => s.rpc.call('eth_getTransactionCount', [s.addr[i], 'latest']));
  }
}

async function logsAndEstimates(s, {tokenA, tokenB, pair}) {
  const {ethers} = s;
  const topic = (contract, event) => contract.interface.getEvent(event).topicHash;
  const pad = (address) => ethers.zeroPadValue(address, 32);
  await s.read('logs.pair.Swap', () => s.logs({address: pair.target, topics: [topic(pair, 'Swap')]}));
  await s.read(
      'logs.tokenA.TransferTo.A1',
      () => s.logs({address: tokenA.target, topics: [topic(tokenA, 'Transfer'), null, pad(s.addr[1])]}));
  await s.read(
      'logs.tokenB.TransferFrom.A2',
      () => s.logs({address: tokenB.target, topics: [topic(tokenB, 'Transfer'), pad(s.addr[2])]}));
  await s.read(
      'logs.tokens.Approval',
      () => s.logs({address: [tokenA.target, tokenB.target], topics: [topic(tokenA, 'Approval')]}));
  await s.read('logs.any.SyncOrSwap', () => s.logs({topics: [[topic(pair, 'Sync'), topic(pair, 'Swap')]]}));
  await s.read(
      'logs.ethers.pairAll', async () => (await s.provider.getLogs({address: pair.target, fromBlock: 0})).length);

  await s.read('estimate.tokenTransfer', () => s.rpc.call('eth_estimateGas', [
    {from: s.addr[1], to: tokenA.target, data: s.callData(tokenA, 'transfer', [s.addr[2], e18(100)])}
  ]));
  await s.read('estimate.tokenTransferToEmpty', () => s.rpc.call('eth_estimateGas', [
    {from: s.addr[1], to: tokenA.target, data: s.callData(tokenA, 'transfer', [s.addr[9], e18(1)])}
  ]));
  const ethEstimate = await s.rpc.call('eth_estimateGas', [{from: s.addr[7], to: s.addr[8], value: '0x1'}]);
  s.expect(BigInt(ethEstimate) === 21000n, `eth_estimateGas of a plain transfer is ${ethEstimate}, not 21000`);
  s.record('estimate.ethTransfer', ethEstimate);
}

// The chain's shape: latest block well-formed and linked to its parent; the last tx is in its block.
async function blocks(s) {
  const latest = await s.rpc.call('eth_getBlockByNumber', ['latest', false]);
  for (const field of ['hash', 'parentHash', 'stateRoot', 'transactionsRoot', 'receiptsRoot']) {
    s.expect(isHash(latest?.[field]), `latest block: ${field} is ${latest?.[field]}`);
  }
  const number = BigInt(latest.number);
  s.expect(number > 0n, `latest block number is ${latest.number}`);
  s.expect(BigInt(await s.rpc.call('eth_blockNumber')) >= number, 'eth_blockNumber is below the latest block');
  const parent = await s.rpc.call('eth_getBlockByHash', [latest.parentHash, false]);
  s.expect(parent && BigInt(parent.number) === number - 1n, 'latest block parent is not block number-1');
  const last = s.lastReceipt;
  const mined = await s.rpc.call('eth_getBlockByNumber', [last.blockNumber, true]);
  s.expect(mined?.hash === last.blockHash, 'block of the last receipt has another hash');
  s.expect(mined?.transactions?.some((t) => t.hash === last.transactionHash), 'block of the last receipt lacks the tx');
  s.record('block.latest.wellFormed', true);
}

// Runs everything against the node at `url`; never throws: a failure ends the transcript early.
export async function runScenario({ethers, url, castPath, contracts, log}) {
  const s = new Session(ethers, url, castPath, log);
  try {
    await start(s);
    const deployed = await deploy(s, contracts);
    await fundAndAddLiquidity(s, deployed);
    await swaps(s, deployed);
    await reverts(s, deployed);
    await ethTransfer(s);
    await withCast(s, deployed);
    await reads(s, deployed);
    await storage(s, deployed);
    await codeAndBalances(s, contracts, deployed);
    await logsAndEstimates(s, deployed);
    await blocks(s);
  } catch (err) {
    s.problems.push(`scenario stopped: ${err.stack ?? err}`);
    s.transcript['scenario.stopped'] = err.message;
  }
  s.provider.destroy();
  return {transcript: s.transcript, problems: s.problems, methodsUsed: [...s.methodsUsed].sort()};
}
