// EIP-4844 blob fee market: the blob base fee from the excess blob gas, and the excess
// carried from a parent header to its child.
#pragma once

#include <cstdint>
#include <optional>

#include "kernels/evm/fork.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp {

// EIP-4844 fake_exponential: factor * e^(numerator / denominator), approximated by its
// Taylor series in integer arithmetic, computed exactly (arbitrary precision) with the
// same truncations as the EIP. nullopt when the result needs more than 256 bits (or
// denominator is 0): no 256-bit fee cap can then pay it.
std::optional<uint256> fake_exponential(const uint256& factor, const uint256& numerator, const uint256& denominator);

// The block's blob base fee (price per blob gas) for `excess_blob_gas`; nullopt as above.
std::optional<uint256> blob_base_fee(uint64_t excess_blob_gas, Fork fork);

// The child's excess blob gas: max(0, parent excess + parent blob gas used - target).
uint64_t calc_excess_blob_gas(uint64_t parent_excess_blob_gas, uint64_t parent_blob_gas_used, Fork fork);

// Blob gas a transaction with `blob_count` blobs uses.
uint64_t blob_gas_used(uint64_t blob_count, Fork fork);

}  // namespace warp
