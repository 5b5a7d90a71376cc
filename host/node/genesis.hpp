// The state block 0 starts from: a genesis file (geth's layout: "alloc" plus optional
// "gasLimit", "timestamp", "baseFeePerGas"; or a bare alloc) and the funded dev accounts.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>

#include "host/node/dev_keys.hpp"
#include "state/state.hpp"

namespace warp {

struct Genesis {
  State alloc;
  std::optional<uint64_t> gas_limit;
  std::optional<uint64_t> timestamp;
  std::optional<uint256> base_fee;
};

// Throws std::runtime_error naming the file and what is wrong (an edge: the CLI reports it).
Genesis load_genesis_file(const std::filesystem::path& file);

// What anvil gives each of its accounts: 10000 ether.
inline const uint256 kDevAccountBalance = uint256(10'000) * uint256(1'000'000'000'000'000'000ull);

// Adds kDevAccountBalance to each account (on top of what the alloc gave it).
void fund_dev_accounts(State& state, std::span<const DevAccount> accounts);

}  // namespace warp
