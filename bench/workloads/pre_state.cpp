#include "bench/workloads/pre_state.hpp"

#include "bench/contracts/contracts.hpp"

namespace warp::bench {

namespace {

Address tagged_address(uint8_t tag, uint32_t index) {
  Address a{};
  a.bytes[0] = tag;
  for (size_t i = 0; i < 4; ++i) a.bytes[19 - i] = static_cast<uint8_t>(index >> (8 * i));
  return a;
}

// Contracts get nonce 1 as if deployed after EIP-161; nothing in the workloads reads it.
void install_code(State& state, const Address& at, const Bytes& code) {
  state.set_code(at, code);
  state.set_nonce(at, 1);
}

}  // namespace

Address workload_coinbase() { return tagged_address(0xcb, 1); }
Address erc20_token_address() { return tagged_address(0xe2, 1); }
Address amm_token_address(uint32_t pool, bool second) { return tagged_address(second ? 0xa2 : 0xa1, pool); }
Address pair_address(uint32_t pool) { return tagged_address(0xa0, pool); }

void fund_accounts(State& state, std::span<const Address> accounts, const uint256& wei) {
  for (const Address& a : accounts) state.set_balance(a, wei);
}

void install_erc20(State& state, const Address& token, std::span<const Address> holders, const uint256& per_holder,
                   const Address& extra_holder, const uint256& extra_amount) {
  install_code(state, token, erc20_runtime_code());
  uint256 supply{};
  for (const Address& h : holders) {
    state.set_storage(token, erc20::balance_slot(h), per_holder);
    supply += per_holder;
  }
  if (!extra_amount.is_zero()) {
    state.set_storage(token, erc20::balance_slot(extra_holder), extra_amount);
    supply += extra_amount;
  }
  state.set_storage(token, uint256(erc20::kTotalSupplySlot), supply);
}

void install_pair(State& state, const Address& pair, const Address& token0, const Address& token1,
                  const uint256& reserve, std::span<const Address> holders) {
  install_code(state, pair, pair_runtime_code());
  state.set_storage(pair, uint256(pair::kToken0Slot), uint256::from_hash(abi_word(token0)));
  state.set_storage(pair, uint256(pair::kToken1Slot), uint256::from_hash(abi_word(token1)));
  state.set_storage(pair, uint256(pair::kReserve0Slot), reserve);
  state.set_storage(pair, uint256(pair::kReserve1Slot), reserve);
  for (const Address& h : holders) {
    state.set_storage(token0, erc20::allowance_slot(h, pair), uint256::max());
    state.set_storage(token1, erc20::allowance_slot(h, pair), uint256::max());
  }
}

}  // namespace warp::bench
