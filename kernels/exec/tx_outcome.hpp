// What one device run of a transaction leaves for the host: the receipt's fields, the read
// set (every base value it depended on, with the value seen) and the write set, in fixed-size
// records so that one copy moves a whole batch back. A run that does not fit, or meets
// something the device does not do, ends with NeedsHost and a reason; the host then runs
// that transaction itself (DESIGN.md section 3).
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/platform.hpp"
#include "kernels/evm/status.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp {

// Same layout and kind numbers as state/state_key.hpp's StateKey (which is host-only).
enum : uint8_t { kDevExistence = 0, kDevBalance = 1, kDevNonce = 2, kDevCodeHash = 3, kDevStorage = 4 };

struct DevKey {
  Address address{};
  uint8_t kind = 0;
  uint8_t pad[3] = {0, 0, 0};
  uint256 slot{};
};
static_assert(std::is_trivially_copyable_v<DevKey> && sizeof(DevKey) == 56);

struct DevRead {
  DevKey key;
  uint256 value{};
};

struct DevWrite {
  DevKey key;
  uint32_t delta = 0;  // 1: `value` is added to what the key holds (a balance credit)
  uint32_t pad = 0;
  uint256 value{};
};

struct DevLog {
  Address address{};
  uint32_t topic_count = 0;
  Hash topics[4] = {};
  uint32_t data_offset = 0;  // into TxOutcome::bytes
  uint32_t data_size = 0;
};

// Code a creation deposited: the bytes live in TxOutcome::bytes.
struct DevCode {
  Hash hash{};
  uint32_t offset = 0;
  uint32_t size = 0;
};

enum class NeedsHostReason : uint8_t {
  None = 0,
  Precompile,    // a precompile the device does not run
  Arena,         // the interpreter's stack, memory or frame arena ran out
  Overlay,       // too many accounts, slots, warm keys or journal entries for the overlay
  ReadSet,       // more reads than an outcome holds
  WriteSet,      // more writes than an outcome holds
  Logs,          // more logs or log bytes than an outcome holds
  Code,          // deposited code larger than an outcome holds
  SenderCheck,   // nonce, balance or sender code say "invalid here": the host decides
  StorageCheck,  // a creation needs to know whether an account holds storage
  NotPrepared,   // the host did not hand the transaction to the device (type, fork, stateless rule)
  Count,
};

WARP_HD inline const char* to_string(NeedsHostReason r) {
  switch (r) {
    case NeedsHostReason::None:
      return "none";
    case NeedsHostReason::Precompile:
      return "precompile";
    case NeedsHostReason::Arena:
      return "arena";
    case NeedsHostReason::Overlay:
      return "overlay";
    case NeedsHostReason::ReadSet:
      return "read-set";
    case NeedsHostReason::WriteSet:
      return "write-set";
    case NeedsHostReason::Logs:
      return "logs";
    case NeedsHostReason::Code:
      return "code";
    case NeedsHostReason::SenderCheck:
      return "sender-check";
    case NeedsHostReason::StorageCheck:
      return "storage-check";
    case NeedsHostReason::NotPrepared:
      return "not-prepared";
    case NeedsHostReason::Count:
      break;
  }
  return "unknown";
}

struct TxOutcome {
  static constexpr uint32_t kMaxReads = 48;
  static constexpr uint32_t kMaxWrites = 40;
  static constexpr uint32_t kMaxLogs = 8;
  static constexpr uint32_t kMaxCodes = 2;
  static constexpr uint32_t kBytes = 2048;

  uint32_t done = 0;  // 1: the run completed; 0: see `reason`
  NeedsHostReason reason = NeedsHostReason::None;
  EvmStatus status = EvmStatus::Success;  // of the top-level message
  uint8_t has_contract = 0;
  uint8_t pad = 0;
  uint64_t gas_used = 0;  // after the refund
  Address contract_address{};
  uint32_t read_count = 0;
  uint32_t write_count = 0;
  uint32_t log_count = 0;
  uint32_t code_count = 0;
  uint32_t bytes_used = 0;
  DevRead reads[kMaxReads];
  DevWrite writes[kMaxWrites];
  DevLog logs[kMaxLogs];
  DevCode codes[kMaxCodes];
  uint8_t bytes[kBytes];  // log data and deposited code
};
static_assert(std::is_trivially_copyable_v<TxOutcome>);

}  // namespace warp
