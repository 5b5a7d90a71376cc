// Where the scheduler, the multi-version memory and the interpreter's state view meet:
// a transaction's position in the block and how many times it has been (re-)executed.
// Each of those parts can be read without the others (DESIGN.md section 10, after pevm).
#pragma once

#include <cstdint>
#include <type_traits>

namespace warp {

using TxIndex = uint32_t;
using Incarnation = uint32_t;

struct TxVersion {
  TxIndex tx_index = 0;
  Incarnation incarnation = 0;

  friend bool operator==(const TxVersion&, const TxVersion&) = default;
};

static_assert(std::is_trivially_copyable_v<TxVersion> && sizeof(TxVersion) == 8);

}  // namespace warp
