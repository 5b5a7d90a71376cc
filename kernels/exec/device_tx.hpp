// One transaction as the execute kernel receives it, and the block it runs in. The host
// prepares both (host/executor/device_batch): it has already done every check that does not
// depend on state (signature, intrinsic gas, fee caps, chain id, init-code size) and worked
// out the fees, so the device only checks what the state decides (nonce, balance, sender
// code) and leaves anything unexpected to the host.
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/evm/block_context.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp {

struct DeviceTx {
  Address sender{};
  Address to{};
  uint32_t has_to = 0;     // 0: contract creation
  uint32_t host_only = 0;  // 1: not prepared for the device; the kernel only says so
  uint64_t nonce = 0;
  uint64_t gas_limit = 0;
  uint64_t intrinsic_gas = 0;
  uint64_t gas_floor = 0;  // EIP-7623 calldata floor (0 before Prague)
  uint256 value{};
  uint256 gas_price{};     // effective price per gas
  uint256 priority_fee{};  // per gas, to the coinbase
  uint256 max_cost{};      // gas_limit * fee cap + value: the balance the sender must hold
  // Into the batch's byte blob (calldata or init code) and access-list arrays.
  uint64_t data_offset = 0;
  uint64_t data_size = 0;
  uint32_t access_offset = 0;  // first entry in DeviceBatch::access_addresses
  uint32_t access_count = 0;
  uint32_t key_offset = 0;  // first entry in DeviceBatch::access_keys
  uint32_t key_count = 0;
};
static_assert(std::is_trivially_copyable_v<DeviceTx>);

// Storage keys of an access list: each belongs to the address at `entry` (an index into
// DeviceBatch::access_addresses).
struct DeviceAccessKey {
  uint256 key{};
  uint32_t entry = 0;
  uint32_t pad[7] = {};
};
static_assert(std::is_trivially_copyable_v<DeviceAccessKey> && sizeof(DeviceAccessKey) == 64);

// BLOCKHASH answers for the 256 blocks before this one (the interpreter asks only inside
// that window): hashes[i] is block number - 256 + i, all-zero where the chain is shorter.
struct DeviceBlock {
  BlockContext context{};
  uint32_t precompile_count = 0;  // precompiles are 0x01 .. precompile_count in this fork
  uint32_t pad = 0;
  Hash recent_hashes[256] = {};
};
static_assert(std::is_trivially_copyable_v<DeviceBlock>);

// The inputs of one launch, as views (host memory for the emulator, device memory for CUDA).
struct DeviceBatch {
  const DeviceBlock* block = nullptr;
  const DeviceTx* txs = nullptr;
  uint64_t count = 0;
  const uint8_t* bytes = nullptr;  // calldata and init code of all transactions
  const Address* access_addresses = nullptr;
  const DeviceAccessKey* access_keys = nullptr;
};
static_assert(std::is_trivially_copyable_v<DeviceBatch>);

}  // namespace warp
