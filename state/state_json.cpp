#include "state/state_json.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace warp {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A 256-bit quantity from a string: "0x" + hex digits, or decimal digits.
uint256 parse_quantity_string(const std::string& s, const std::string& where) {
  uint256 v{};
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    size_t i = 2;
    while (i < s.size() && s[i] == '0') ++i;  // leading zeros do not count against 256 bits
    if (s.size() - i > 64) fail(where, "'" + s + "' does not fit in 256 bits");
    for (; i < s.size(); ++i) {
      const int d = hex_digit(s[i]);
      if (d < 0) fail(where, "'" + s + "' is not a hex quantity");
      v = (v << 4) + uint256(static_cast<uint64_t>(d));
    }
    return v;
  }
  if (s.empty()) fail(where, "empty quantity");
  // Decimal, in 32-bit limbs so that the carry out of the top limb reveals an overflow.
  uint32_t limbs[8] = {};
  for (char c : s) {
    if (c < '0' || c > '9') fail(where, "'" + s + "' is neither 0x-hex nor decimal");
    uint64_t carry = static_cast<uint64_t>(c - '0');
    for (uint32_t& limb : limbs) {
      const uint64_t t = uint64_t{limb} * 10 + carry;
      limb = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    if (carry != 0) fail(where, "'" + s + "' does not fit in 256 bits");
  }
  for (size_t i = 0; i < 4; ++i) v.w[i] = uint64_t{limbs[2 * i]} | (uint64_t{limbs[2 * i + 1]} << 32);
  return v;
}

}  // namespace

uint256 parse_json_quantity(const nlohmann::json& j, const std::string& where) {
  if (j.is_number_unsigned()) return uint256(j.get<uint64_t>());
  if (!j.is_string()) fail(where, "expected a quantity string, got " + j.dump());
  return parse_quantity_string(j.get<std::string>(), where);
}

namespace {

Address parse_address(const std::string& s) {
  auto a = fixed_from_hex<20>(s);
  if (!a) fail("address '" + s + "'", "expected 20 bytes of hex");
  return *a;
}

void load_account(State& state, const Address& address, const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) fail(where, "expected an account object, got " + j.dump());
  Account& acc = state.get_or_create(address);
  if (auto it = j.find("balance"); it != j.end()) acc.balance = parse_json_quantity(*it, where + ".balance");
  if (auto it = j.find("nonce"); it != j.end()) {
    const uint256 nonce = parse_json_quantity(*it, where + ".nonce");
    if (!nonce.fits_u64()) fail(where + ".nonce", "does not fit in 64 bits");
    acc.nonce = nonce.low64();
  }
  if (auto it = j.find("code"); it != j.end()) {
    if (!it->is_string()) fail(where + ".code", "expected a hex string");
    const std::string& text = it->get_ref<const std::string&>();
    auto code = from_hex(text);
    if (!code) fail(where + ".code", "'" + text + "' is not hex bytes");
    state.set_code(address, std::move(*code));
  }
  if (auto it = j.find("storage"); it != j.end()) {
    if (!it->is_object()) fail(where + ".storage", "expected an object of slot -> value");
    for (const auto& [slot, value] : it->items()) {
      const std::string at = where + ".storage[" + slot + "]";
      state.set_storage(address, parse_quantity_string(slot, at), parse_json_quantity(value, at));
    }
  }
}

}  // namespace

State load_state_from_json(const nlohmann::json& alloc) {
  try {
    if (!alloc.is_object()) fail("top level", "expected an object of address -> account");
    State state;
    for (const auto& [key, account] : alloc.items()) {
      const Address address = parse_address(key);
      if (state.exists(address)) fail("address '" + key + "'", "appears twice");
      load_account(state, address, account, "account " + key);
    }
    return state;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("state JSON: ") + e.what());
  }
}

nlohmann::json state_to_json(const State& state) {
  std::vector<const std::pair<const Address, Account>*> accounts;
  for (const auto& entry : state.accounts()) accounts.push_back(&entry);
  std::sort(accounts.begin(), accounts.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  nlohmann::json out = nlohmann::json::object();
  for (const auto* entry : accounts) {
    const Account& acc = entry->second;
    nlohmann::json storage = nlohmann::json::object();
    std::vector<std::pair<uint256, uint256>> slots(acc.storage.begin(), acc.storage.end());
    std::sort(slots.begin(), slots.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [slot, value] : slots) storage[hex_quantity(slot)] = hex_quantity(value);
    out[to_hex0x(entry->first)] = {{"balance", hex_quantity(acc.balance)},
                                   {"nonce", hex_quantity(uint256(acc.nonce))},
                                   {"code", to_hex0x(acc.code)},
                                   {"storage", std::move(storage)}};
  }
  return out;
}

}  // namespace warp
