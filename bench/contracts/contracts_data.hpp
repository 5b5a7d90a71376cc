// The compiled contracts as hex text, defined in the generated contracts_data.cpp.
// Internal to bench/contracts: use contracts.hpp, which decodes them into Bytes.
#pragma once

#include <string_view>

namespace warp::bench::contracts_data {

struct Fixture {
  std::string_view name;         // contract name, e.g. "ERC20"
  std::string_view init_hex;     // creation code (constructor arguments not included), no 0x
  std::string_view runtime_hex;  // deployed code, no 0x
};

extern const std::string_view solc_version;  // e.g. "0.8.28+commit.7893614a.Emscripten.clang"
extern const Fixture erc20;
extern const Fixture pair;

}  // namespace warp::bench::contracts_data
