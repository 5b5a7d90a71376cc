#include "bench/workloads/workload.hpp"

namespace warp::bench {

std::string_view to_string(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::Transfer:
      return "transfer";
    case WorkloadKind::Erc20:
      return "erc20";
    case WorkloadKind::Amm:
      return "amm";
    case WorkloadKind::Mixed:
      return "mixed";
  }
  return "unknown";
}

std::optional<WorkloadKind> parse_workload_kind(std::string_view name) {
  for (const WorkloadKind k : {WorkloadKind::Transfer, WorkloadKind::Erc20, WorkloadKind::Amm, WorkloadKind::Mixed})
    if (to_string(k) == name) return k;
  return std::nullopt;
}

}  // namespace warp::bench
