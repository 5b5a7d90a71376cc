#include "host/node/genesis.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "state/state_json.hpp"

namespace warp {

namespace {

uint64_t genesis_u64(const nlohmann::json& v, const char* field) {
  const uint256 x = parse_json_quantity(v, std::string("genesis field ") + field);
  if (x > uint256(~uint64_t{0})) throw std::runtime_error(std::string("genesis field ") + field + " exceeds 64 bits");
  return x.w[0];
}

}  // namespace

Genesis load_genesis_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read genesis file " + file.string());
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw std::runtime_error("genesis file " + file.string() + " is not a JSON object");
  Genesis g;
  try {
    if (j.contains("alloc")) {
      g.alloc = load_state_from_json(j["alloc"]);
      if (j.contains("gasLimit")) g.gas_limit = genesis_u64(j["gasLimit"], "gasLimit");
      if (j.contains("timestamp")) g.timestamp = genesis_u64(j["timestamp"], "timestamp");
      if (j.contains("baseFeePerGas"))
        g.base_fee = parse_json_quantity(j["baseFeePerGas"], "genesis field baseFeePerGas");
    } else {
      g.alloc = load_state_from_json(j);
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("genesis file " + file.string() + ": " + e.what());
  }
  return g;
}

void fund_dev_accounts(State& state, std::span<const DevAccount> accounts) {
  for (const DevAccount& a : accounts) state.set_balance(a.address, state.balance(a.address) + kDevAccountBalance);
}

}  // namespace warp
