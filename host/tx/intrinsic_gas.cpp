// Intrinsic gas per fork; every constant comes from tx_rules.hpp.
#include "host/tx/intrinsic_gas.hpp"

#include <limits>

#include "host/tx/tx_rules.hpp"

namespace warp {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

uint64_t sat_add(uint64_t a, uint64_t b) { return a > kMax - b ? kMax : a + b; }
uint64_t sat_mul(uint64_t a, uint64_t b) { return (b != 0 && a > kMax / b) ? kMax : a * b; }

}  // namespace

CalldataCounts count_calldata(ByteView data) {
  CalldataCounts c{};
  for (uint8_t b : data) {
    if (b == 0) ++c.zero;
  }
  c.nonzero = data.size() - c.zero;
  return c;
}

IntrinsicGas intrinsic_gas(const Transaction& tx, Fork fork) {
  const TxRules rules = tx_rules(fork);
  const CalldataCounts counts = count_calldata(tx.data);
  const bool create = !tx.to.has_value();

  uint64_t gas = rules.tx_base;
  gas = sat_add(gas, sat_mul(counts.zero, rules.data_zero_byte));
  gas = sat_add(gas, sat_mul(counts.nonzero, rules.data_nonzero_byte));
  if (create) {
    gas = sat_add(gas, rules.tx_create);
    const uint64_t words = tx.data.size() / 32 + (tx.data.size() % 32 != 0 ? 1 : 0);
    gas = sat_add(gas, sat_mul(words, rules.initcode_word));
  }
  for (const AccessListEntry& e : tx.access_list) {
    gas = sat_add(gas, rules.access_list_address);
    gas = sat_add(gas, sat_mul(e.storage_keys.size(), rules.access_list_storage_key));
  }
  // ---- Prague hooks -------------------------------------------------------------------------
  // EIP-7702 authorization list: + PER_EMPTY_ACCOUNT_COST (25000) per authorization, once
  // Transaction carries one.

  IntrinsicGas out{gas, 0};
  // EIP-7623 floor: enabled by a non-zero floor_cost_per_token in the fork's rules.
  if (rules.floor_cost_per_token != 0) {
    const uint64_t tokens = sat_add(counts.zero, sat_mul(counts.nonzero, 4));
    out.floor = sat_add(rules.tx_base, sat_mul(tokens, rules.floor_cost_per_token));
  }
  return out;
}

}  // namespace warp
