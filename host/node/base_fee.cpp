#include "host/node/base_fee.hpp"

namespace warp {
namespace {

// floor(fee * delta / target) without a 512-bit product: with fee = q * target + r,
// fee * delta / target = q * delta + floor(r * delta / target), and r * delta < 2^128.
// Saturates when q * delta does not fit.
uint256 mul_div(const uint256& fee, uint64_t delta, uint64_t target) {
  const uint256 q = fee / uint256(target);
  const uint256 r = fee % uint256(target);
  const uint256 low = (r * uint256(delta)) / uint256(target);
  if (delta != 0 && q > uint256::max() / uint256(delta)) return uint256::max();
  const uint256 high = q * uint256(delta);
  const uint256 sum = high + low;
  return sum < high ? uint256::max() : sum;
}

}  // namespace

uint256 next_base_fee(uint64_t parent_gas_used, uint64_t parent_gas_limit, const uint256& parent_base_fee) {
  const uint64_t target = parent_gas_limit / kElasticityMultiplier;
  if (target == 0 || parent_gas_used == target) return parent_base_fee;
  if (parent_gas_used > target) {
    uint256 delta = mul_div(parent_base_fee, parent_gas_used - target, target) / uint256(kBaseFeeChangeDenominator);
    if (delta.is_zero()) delta = 1;
    const uint256 next = parent_base_fee + delta;
    return next < parent_base_fee ? uint256::max() : next;
  }
  const uint256 delta = mul_div(parent_base_fee, target - parent_gas_used, target) / uint256(kBaseFeeChangeDenominator);
  return parent_base_fee - delta;  // delta <= fee / 8: never below zero
}

}  // namespace warp
