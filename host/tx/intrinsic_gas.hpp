// Intrinsic gas: what a transaction pays before its first instruction runs.
#pragma once

#include <cstdint>

#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "state/bytes.hpp"

namespace warp {

struct IntrinsicGas {
  // Base + calldata + creation + access list + initcode words. Saturates at UINT64_MAX
  // (no real transaction comes near it; saturating keeps the "too low" verdict right).
  uint64_t gas = 0;
  // EIP-7623 calldata floor (Prague); 0 in forks without it. The transaction must supply
  // max(gas, floor) and is charged at least `floor` in the end.
  uint64_t floor = 0;
};

// Zero-byte and non-zero-byte counts of calldata/initcode.
struct CalldataCounts {
  uint64_t zero = 0;
  uint64_t nonzero = 0;
};
CalldataCounts count_calldata(ByteView data);

IntrinsicGas intrinsic_gas(const Transaction& tx, Fork fork);

}  // namespace warp
