#include "host/analyze/block_file.hpp"

#include <fstream>
#include <stdexcept>
#include <string>

#include "host/statetest/statetest.hpp"
#include "host/tx/blob_gas.hpp"
#include "host/tx/tx_codec.hpp"
#include "state/state_json.hpp"

namespace warp {

namespace {

constexpr const char* kFormat = "warpevm-block/1";

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("block file: " + what); }

// The first of `names` the env object has; null when none.
const nlohmann::json* field(const nlohmann::json& env, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (env.contains(n)) return &env[n];
  return nullptr;
}

uint256 number_field(const nlohmann::json& env, std::initializer_list<const char*> names, uint256 fallback) {
  const nlohmann::json* v = field(env, names);
  return v ? parse_json_quantity(*v, std::string("env.") + *names.begin()) : fallback;
}

uint64_t u64_field(const nlohmann::json& env, std::initializer_list<const char*> names, uint64_t fallback) {
  const uint256 v = number_field(env, names, uint256(fallback));
  if (v > uint256(~uint64_t{0})) fail(std::string("env.") + *names.begin() + " exceeds 64 bits");
  return v.w[0];
}

template <size_t N>
FixedBytes<N> fixed_field(const nlohmann::json& env, std::initializer_list<const char*> names) {
  const nlohmann::json* v = field(env, names);
  if (!v) return FixedBytes<N>{};
  auto parsed = v->is_string() ? fixed_from_hex<N>(v->get<std::string>()) : std::nullopt;
  if (!parsed) fail(std::string("env.") + *names.begin() + " is not " + std::to_string(N) + " bytes of hex");
  return *parsed;
}

}  // namespace

nlohmann::json block_file_json(const State& pre, std::span<const Transaction> txs, const BlockEnv& env, Fork fork) {
  nlohmann::json raw = nlohmann::json::array();
  for (const Transaction& tx : txs) raw.push_back(to_hex0x(encode_transaction(tx)));
  const BlockContext& c = env.context;
  return {{"format", kFormat},
          {"fork", statetest::fork_name(fork)},
          {"env",
           {{"coinbase", to_hex0x(c.coinbase)},
            {"number", hex_quantity(uint256(c.number))},
            {"timestamp", hex_quantity(uint256(c.timestamp))},
            {"gasLimit", hex_quantity(uint256(static_cast<uint64_t>(c.gas_limit)))},
            {"prevRandao", to_hex0x(c.prevrandao)},
            {"baseFee", hex_quantity(c.base_fee)},
            {"blobBaseFee", hex_quantity(c.blob_base_fee)},
            {"chainId", hex_quantity(uint256(env.chain_id))}}},
          {"pre", state_to_json(pre)},
          {"transactions", std::move(raw)}};
}

AnalysisBlock parse_block_file(const nlohmann::json& file) {
  if (!file.is_object()) fail("not a JSON object");
  if (file.contains("format") && file["format"] != kFormat)
    fail("unknown format " + file["format"].dump() + " (expected \"" + std::string(kFormat) + "\")");
  AnalysisBlock block;
  const std::string fork = file.value("fork", "Cancun");
  auto parsed_fork = statetest::fork_from_name(fork);
  if (!parsed_fork) fail("unknown fork '" + fork + "'");
  block.fork = *parsed_fork;

  if (!file.contains("pre")) fail("no \"pre\" state");
  block.pre = load_state_from_json(file["pre"]);

  const nlohmann::json env = file.value("env", nlohmann::json::object());
  if (!env.is_object()) fail("env is not an object");
  BlockContext& c = block.env.context;
  c.coinbase = fixed_field<20>(env, {"coinbase", "currentCoinbase"});
  c.number = u64_field(env, {"number", "currentNumber"}, 1);
  c.timestamp = u64_field(env, {"timestamp", "currentTimestamp"}, 1'720'000'000);
  const uint64_t gas_limit = u64_field(env, {"gasLimit", "currentGasLimit"}, 30'000'000);
  if (gas_limit > static_cast<uint64_t>(INT64_MAX)) fail("env.gasLimit exceeds 2^63-1");
  c.gas_limit = static_cast<int64_t>(gas_limit);
  c.prevrandao = fixed_field<32>(env, {"prevRandao", "currentRandom"});
  c.base_fee = number_field(env, {"baseFee", "currentBaseFee"}, uint256(7));
  block.env.chain_id = u64_field(env, {"chainId"}, 1);
  c.chain_id = uint256(block.env.chain_id);
  if (field(env, {"currentExcessBlobGas", "excessBlobGas"})) {
    block.env.blob_base_fee = blob_base_fee(u64_field(env, {"currentExcessBlobGas", "excessBlobGas"}, 0), block.fork);
  } else {
    block.env.blob_base_fee = number_field(env, {"blobBaseFee"}, uint256(1));
  }
  c.blob_base_fee = block.env.blob_base_fee.value_or(~uint256(0));

  const nlohmann::json txs = file.value("transactions", nlohmann::json::array());
  if (!txs.is_array()) fail("transactions is not an array");
  for (size_t i = 0; i < txs.size(); ++i) {
    const std::string where = "transaction " + std::to_string(i);
    auto raw = txs[i].is_string() ? from_hex(txs[i].get<std::string>()) : std::nullopt;
    if (!raw) fail(where + " is not a hex string");
    auto decoded = decode_transaction(*raw);
    if (auto* err = std::get_if<TxError>(&decoded)) fail(where + ": " + err->message);
    Transaction tx = std::move(std::get<Transaction>(decoded));
    auto sender = recover_sender(tx);
    if (auto* err = std::get_if<TxError>(&sender)) fail(where + ": " + err->message);
    tx.sender = std::get<Address>(sender);
    block.txs.push_back(std::move(tx));
  }
  return block;
}

AnalysisBlock load_block_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error(path.string() + " is not JSON");
  try {
    return parse_block_file(j);
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() + ": " + e.what());
  }
}

}  // namespace warp
