// The protocol revision whose rules apply. The interpreter takes it as a template
// parameter (DESIGN.md section 10); host code passes it as a value. Keep every
// fork-dependent rule keyed on this enum so adding a fork touches one place per rule.
#pragma once

namespace warp {

enum class Fork : int {
  Shanghai = 0,
  Cancun = 1,
  Prague = 2,
};

inline constexpr Fork kLatestFork = Fork::Cancun;

}  // namespace warp
