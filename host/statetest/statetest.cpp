#include "host/statetest/statetest.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "host/tx/secret_key.hpp"
#include "host/tx/blob_gas.hpp"
#include "kernels/evm/keccak.hpp"

namespace warp::statetest {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

const std::string& as_string(const json& j, const char* what) {
  if (!j.is_string()) fail(std::string(what) + ": expected a hex string");
  return j.get_ref<const std::string&>();
}

uint256 parse_u256(const json& j, const char* what) {
  const std::string& s = as_string(j, what);
  uint256 v{};
  if (!uint256::from_hex(s.data(), s.size(), &v)) fail(std::string(what) + ": bad number '" + s + "'");
  return v;
}

uint64_t parse_u64(const json& j, const char* what) {
  const uint256 v = parse_u256(j, what);
  if (!v.fits_u64()) fail(std::string(what) + ": does not fit 64 bits");
  return v.low64();
}

Bytes parse_bytes(const json& j, const char* what) {
  auto b = from_hex(as_string(j, what));
  if (!b) fail(std::string(what) + ": bad hex");
  return std::move(*b);
}

template <size_t N>
FixedBytes<N> parse_fixed(const json& j, const char* what) {
  // Some fillers write short hashes without leading zeros: right-align them.
  const Bytes b = parse_bytes(j, what);
  if (b.size() > N) fail(std::string(what) + ": too long");
  FixedBytes<N> out{};
  for (size_t i = 0; i < b.size(); ++i) out.bytes[N - b.size() + i] = b[i];
  return out;
}

const json& field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(std::string("missing field '") + key + "'");
  return *it;
}

Env parse_env(const json& j, Fork fork) {
  Env env;
  BlockContext& b = env.block;
  b.coinbase = parse_fixed<20>(field(j, "currentCoinbase"), "currentCoinbase");
  b.number = parse_u64(field(j, "currentNumber"), "currentNumber");
  b.timestamp = parse_u64(field(j, "currentTimestamp"), "currentTimestamp");
  const uint64_t gas_limit = parse_u64(field(j, "currentGasLimit"), "currentGasLimit");
  b.gas_limit = gas_limit > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(gas_limit);
  if (auto it = j.find("currentRandom"); it != j.end())
    b.prevrandao = parse_fixed<32>(*it, "currentRandom");
  else if (auto d = j.find("currentDifficulty"); d != j.end())
    b.prevrandao = parse_u256(*d, "currentDifficulty").to_hash();
  b.chain_id = uint256(1);  // state tests run on chain id 1
  if (auto it = j.find("currentBaseFee"); it != j.end()) b.base_fee = parse_u256(*it, "currentBaseFee");
  if (auto it = j.find("currentExcessBlobGas"); it != j.end())
    env.excess_blob_gas = parse_u64(*it, "currentExcessBlobGas");
  env.blob_base_fee = blob_base_fee(env.excess_blob_gas, fork);
  b.blob_base_fee = env.blob_base_fee.value_or(uint256::max());
  return env;
}

std::vector<AccessListEntry> parse_access_list(const json& j) {
  std::vector<AccessListEntry> list;
  for (const json& e : j) {
    AccessListEntry entry;
    entry.address = parse_fixed<20>(field(e, "address"), "accessList address");
    for (const json& k : field(e, "storageKeys")) entry.storage_keys.push_back(parse_fixed<32>(k, "storageKey"));
    list.push_back(std::move(entry));
  }
  return list;
}

TxTemplate parse_tx(const json& j) {
  TxTemplate t;
  Transaction& tx = t.base;
  tx.chain_id = 1;
  tx.nonce = parse_u64(field(j, "nonce"), "nonce");
  const std::string& to = as_string(field(j, "to"), "to");
  if (!to.empty()) tx.to = parse_fixed<20>(field(j, "to"), "to");

  // The type follows from which fee and blob fields the template carries.
  if (auto it = j.find("maxFeePerGas"); it != j.end()) {
    tx.type = TxType::DynamicFee;
    tx.max_fee_per_gas = parse_u256(*it, "maxFeePerGas");
    tx.max_priority_fee_per_gas = parse_u256(field(j, "maxPriorityFeePerGas"), "maxPriorityFeePerGas");
  } else {
    tx.gas_price = parse_u256(field(j, "gasPrice"), "gasPrice");
  }
  if (auto it = j.find("blobVersionedHashes"); it != j.end()) {
    tx.type = TxType::Blob;
    for (const json& h : *it) tx.blob_versioned_hashes.push_back(parse_fixed<32>(h, "blobVersionedHash"));
    tx.max_fee_per_blob_gas = parse_u256(field(j, "maxFeePerBlobGas"), "maxFeePerBlobGas");
  }

  if (auto it = j.find("secretKey"); it != j.end()) {
    auto sender = address_from_secret_key(parse_fixed<32>(*it, "secretKey"));
    if (!sender) fail("secretKey: not a valid secp256k1 secret key");
    tx.sender = *sender;
  } else {
    tx.sender = parse_fixed<20>(field(j, "sender"), "sender");
  }

  for (const json& d : field(j, "data")) t.data.push_back(parse_bytes(d, "data"));
  for (const json& g : field(j, "gasLimit")) t.gas_limits.push_back(parse_u64(g, "gasLimit"));
  for (const json& v : field(j, "value")) t.values.push_back(parse_u256(v, "value"));
  if (auto it = j.find("accessLists"); it != j.end()) {
    for (const json& l : *it) {
      if (l.is_null())
        t.access_lists.emplace_back(std::nullopt);
      else
        t.access_lists.emplace_back(parse_access_list(l));
    }
  }
  return t;
}

Case parse_case(const json& j, const TxTemplate& tx) {
  Case c;
  const json& idx = field(j, "indexes");
  c.data_index = static_cast<size_t>(field(idx, "data").get<int64_t>());
  c.gas_index = static_cast<size_t>(field(idx, "gas").get<int64_t>());
  c.value_index = static_cast<size_t>(field(idx, "value").get<int64_t>());
  if (c.data_index >= tx.data.size() || c.gas_index >= tx.gas_limits.size() || c.value_index >= tx.values.size())
    fail("case indexes out of range");
  c.state_root = parse_fixed<32>(field(j, "hash"), "hash");
  c.logs_hash = parse_fixed<32>(field(j, "logs"), "logs");
  if (auto it = j.find("expectException"); it != j.end()) c.expect_exception = as_string(*it, "expectException");
  if (auto it = j.find("txbytes"); it != j.end()) c.txbytes = parse_bytes(*it, "txbytes");
  return c;
}

}  // namespace

const char* fork_name(Fork fork) {
  switch (fork) {
    case Fork::Shanghai:
      return "Shanghai";
    case Fork::Cancun:
      return "Cancun";
    case Fork::Prague:
      return "Prague";
  }
  return "unknown";
}

std::optional<Fork> fork_from_name(std::string_view name) {
  for (Fork f : {Fork::Shanghai, Fork::Cancun, Fork::Prague})
    if (name == fork_name(f)) return f;
  return std::nullopt;
}

std::vector<StateTest> parse_state_tests(const json& doc, Fork fork) {
  if (!doc.is_object()) fail("expected a JSON object of tests");
  std::vector<StateTest> tests;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    StateTest t;
    t.name = it.key();
    const json& test = it.value();
    const json& post = field(test, "post");
    auto cases = post.find(fork_name(fork));
    if (cases == post.end() || cases->empty()) {
      tests.push_back(std::move(t));
      continue;
    }
    try {
      t.env = parse_env(field(test, "env"), fork);
      t.pre = &field(test, "pre");
      t.tx = parse_tx(field(test, "transaction"));
      for (const json& c : *cases) t.cases.push_back(parse_case(c, t.tx));
    } catch (const std::exception& e) {
      fail(t.name + ": " + e.what());
    }
    tests.push_back(std::move(t));
  }
  return tests;
}

Transaction make_transaction(const TxTemplate& t, const Case& c) {
  Transaction tx = t.base;
  tx.data = t.data[c.data_index];
  tx.gas_limit = t.gas_limits[c.gas_index];
  tx.value = t.values[c.value_index];
  if (c.data_index < t.access_lists.size() && t.access_lists[c.data_index]) {
    tx.access_list = *t.access_lists[c.data_index];
    // A legacy template with an access list is an EIP-2930 transaction.
    if (tx.type == TxType::Legacy) tx.type = TxType::AccessList;
  }
  return tx;
}

Hash state_test_block_hash(uint64_t number) {
  const std::string decimal = std::to_string(number);
  return keccak256(reinterpret_cast<const uint8_t*>(decimal.data()), decimal.size());
}

}  // namespace warp::statetest
