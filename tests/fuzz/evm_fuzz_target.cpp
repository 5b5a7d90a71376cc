// Fuzz target: random bytecode and calldata through the whole sequential transition
// (validation, interpreter, precompiles, refunds, fees). Gas bounds every run, so a hang is a
// bug; so is a crash, a sanitizer report, or a broken invariant below. Built as a libFuzzer
// target by scripts/fuzz.sh (clang), and with standalone_driver.cpp as a ctest smoke run.
//
// Input layout: byte 0 selects gas limit and call/create; bytes 1-2 the code length; then
// the code (installed at two addresses, so CALLs between them re-enter the fuzzed code);
// the rest is calldata.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "host/transition.hpp"
#include "state/state.hpp"

namespace {

using warp::Address;
using warp::uint256;

Address address_of(uint8_t tag) {
  Address a{};
  a.bytes[0] = tag;
  a.bytes[19] = tag;
  return a;
}

uint256 total_balance(const warp::State& state) {
  uint256 sum{};
  for (const auto& [address, account] : state.accounts()) sum += account.balance;
  return sum;
}

[[noreturn]] void invariant_broken(const char* what) {
  std::fprintf(stderr, "evm fuzz: invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const uint8_t selector = data[0];
  const size_t code_size = std::min<size_t>(size - 3, (size_t{data[1]} << 8) | data[2]);
  const uint8_t* code = data + 3;
  const uint8_t* calldata = code + code_size;
  const size_t calldata_size = size - 3 - code_size;

  const Address sender = address_of(0x10);
  const Address contract = address_of(0xa0);
  const Address peer = address_of(0xb0);
  const Address coinbase = address_of(0xc0);

  warp::State state;
  state.set_balance(sender, uint256(1) << 100);
  state.set_balance(contract, uint256(1'000'000));
  state.set_code(contract, warp::Bytes(code, code + code_size));
  state.set_storage(contract, uint256(0), uint256(1));
  state.set_storage(contract, uint256(1), uint256(0xffff));
  state.set_code(peer, warp::Bytes(code, code + code_size));

  static constexpr uint64_t kGasLimits[4] = {30'000, 200'000, 1'000'000, 8'000'000};
  warp::Transaction tx;
  tx.type = warp::TxType::DynamicFee;
  tx.chain_id = 1;
  tx.nonce = 0;
  tx.gas_limit = kGasLimits[selector & 3];
  tx.max_fee_per_gas = uint256(10);
  tx.max_priority_fee_per_gas = uint256(3);
  tx.value = uint256(selector & 0x10 ? 12345 : 0);
  tx.sender = sender;
  if (selector & 0x80) {
    tx.data.assign(code, code + code_size);  // creation: the code is init code
  } else {
    tx.to = selector & 0x40 ? peer : contract;
    tx.data.assign(calldata, calldata + calldata_size);
  }

  warp::BlockEnv env;
  env.context.coinbase = coinbase;
  env.context.number = 100;
  env.context.timestamp = 1'700'000'000;
  env.context.gas_limit = 30'000'000;
  env.context.base_fee = uint256(7);
  env.context.blob_base_fee = uint256(1);
  env.context.chain_id = uint256(1);
  env.blob_base_fee = uint256(1);

  const uint256 before = total_balance(state);
  const warp::Hash root_before = state.state_root();
  const warp::Receipt receipt = warp::apply_transaction(state, tx, env, warp::Fork::Cancun);

  if (!receipt.included()) {
    if (state.state_root() != root_before) invariant_broken("a transaction not included changed the state");
    return 0;
  }
  if (receipt.gas_used > tx.gas_limit) invariant_broken("gas used above the gas limit");
  if (receipt.gas_used < 21'000) invariant_broken("gas used below the intrinsic minimum");
  // Ether is conserved except the burnt base fee (and balances destroyed by a same-transaction
  // SELFDESTRUCT to itself, which can only lower the total).
  const uint256 burnt = uint256(7) * uint256(receipt.gas_used);
  if (total_balance(state) + burnt > before) invariant_broken("ether created");
  if (!receipt.success() && !receipt.logs.empty()) invariant_broken("logs from a failed transaction");
  (void)state.state_root();
  return 0;
}
