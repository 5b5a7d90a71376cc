#include "host/node/genesis.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "state/state_json.hpp"

namespace warp {

namespace {

// A genesis number: "0x" hex, a decimal string or a JSON integer (geth accepts all three).
uint256 genesis_number(const nlohmann::json& v, const char* field) {
  if (v.is_number_unsigned()) return uint256(v.get<uint64_t>());
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    uint256 out{};
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
      if (s.size() <= 66 && uint256::from_hex(s.data(), s.size(), &out)) return out;
    } else if (!s.empty() && s.size() <= 19 && s.find_first_not_of("0123456789") == std::string::npos) {
      return uint256(std::stoull(s));
    }
  }
  throw std::runtime_error(std::string("genesis field ") + field + " is not a number: " + v.dump());
}

uint64_t genesis_u64(const nlohmann::json& v, const char* field) {
  const uint256 x = genesis_number(v, field);
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
      if (j.contains("baseFeePerGas")) g.base_fee = genesis_number(j["baseFeePerGas"], "baseFeePerGas");
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
