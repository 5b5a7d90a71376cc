// EIP-1559: the base fee of a block from its parent's. (The blob fee market's counterpart,
// the next excess blob gas, is calc_excess_blob_gas in host/tx/blob_gas.hpp.)
#pragma once

#include <cstdint>

#include "kernels/evm/uint256.hpp"

namespace warp {

inline constexpr uint64_t kElasticityMultiplier = 2;
inline constexpr uint64_t kBaseFeeChangeDenominator = 8;

// The child's base fee: unchanged when the parent used exactly its gas target
// (gas_limit / 2); otherwise moved by parent_base_fee * |used - target| / target / 8,
// rounded down, and by at least 1 when going up. Saturates at 2^256-1 instead of wrapping.
// A parent with a zero gas target (gas limit below 2) leaves the fee unchanged.
uint256 next_base_fee(uint64_t parent_gas_used, uint64_t parent_gas_limit, const uint256& parent_base_fee);

}  // namespace warp
