// Reading a world state from JSON: the "pre" object of GeneralStateTests and the alloc of
// t8n. File parsing is an edge, so malformed input throws (DESIGN.md section 10).
#pragma once

#include <nlohmann/json.hpp>

#include "state/state.hpp"

namespace warp {

// {"0x<20-byte address>": {"balance": q, "nonce": q, "code": "0x..", "storage": {q: q}}}
// where q is a "0x" hex quantity (any digit count, leading zeros allowed), a decimal string
// or a JSON unsigned integer. Every field is optional (missing = zero / empty); unknown
// fields (t8n's "secretKey") are ignored. Zero storage values are dropped.
// Throws std::runtime_error naming the account and field on malformed input.
State load_state_from_json(const nlohmann::json& alloc);

// One quantity in that form; throws std::runtime_error "<where>: <what is wrong>".
uint256 parse_json_quantity(const nlohmann::json& j, const std::string& where);

// The inverse, in the same layout: addresses and slots sorted, quantities as "0x" hex without
// leading zeros, code as "0x" hex. load_state_from_json(state_to_json(s)) equals s.
nlohmann::json state_to_json(const State& state);

}  // namespace warp
