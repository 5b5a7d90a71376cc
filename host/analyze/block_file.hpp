// The block file `warpevm analyze` reads and `warpevm bench --save-block` writes:
//   {"format": "warpevm-block/1", "fork": "Cancun",
//    "env": {"coinbase", "number", "timestamp", "gasLimit", "prevRandao", "baseFee",
//            "excessBlobGas", "chainId"},
//    "pre": {<alloc, as state_json>}, "transactions": ["0x<raw signed tx>", ...]}
// A GeneralStateTests-style env ("currentCoinbase", "currentNumber", "currentTimestamp",
// "currentGasLimit", "currentRandom", "currentBaseFee", "currentExcessBlobGas") is read too.
// File parsing is an edge: errors throw std::runtime_error with the file and the field.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>

#include "host/analyze/analysis_block.hpp"

namespace warp {

nlohmann::json block_file_json(const State& pre, std::span<const Transaction> txs, const BlockEnv& env, Fork fork);

// Decodes every transaction and recovers its sender (a bad one is an error naming its index).
AnalysisBlock parse_block_file(const nlohmann::json& file);
AnalysisBlock load_block_file(const std::filesystem::path& path);

}  // namespace warp
