// The trace-based sections of `warpevm analyze` (re-entrancy, gas-dependent outcomes) as text
// and JSON; cmd_analyze.cpp puts them in the report.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "host/analyze/gas_dependence.hpp"
#include "host/analyze/reentrancy.hpp"

namespace warp::cli {

nlohmann::json reentrancy_json(const ReentrancyReport& r);
std::string reentrancy_text(const ReentrancyReport& r);

nlohmann::json gas_json(const GasReport& r);
std::string gas_text(const GasReport& r);

}  // namespace warp::cli
