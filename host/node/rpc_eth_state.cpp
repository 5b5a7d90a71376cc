// The eth_ methods that read or change the latest state: accounts, calls, gas, fees, and
// sending transactions.
#include <algorithm>
#include <chrono>

#include "host/node/call_runner.hpp"
#include "host/node/rpc_error.hpp"
#include "host/node/rpc_hex.hpp"
#include "host/node/rpc_params.hpp"
#include "host/node/rpc_server.hpp"
#include "host/node/unix_time.hpp"

namespace warp::rpc {

using nlohmann::json;

namespace {

// The tip eth_maxPriorityFeePerGas suggests. Blocks here are ordered first come first served,
// so a tip buys nothing; a small one keeps wallets that insist on a non-zero tip happy.
const uint256 kSuggestedTip = uint256(1'000'000'000);

// The member `key` of `obj` unless it is absent or null.
const json* present(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

CallRequest parse_call(const json& obj) {
  if (!obj.is_object()) throw RpcError(kInvalidParams, "invalid call: expected an object");
  CallRequest req;
  if (const json* v = present(obj, "from")) req.from = parse_address(*v, "from");
  if (const json* v = present(obj, "to")) req.to = parse_address(*v, "to");
  if (const json* v = present(obj, "gas")) req.gas = parse_u64(*v, "gas");
  if (const json* v = present(obj, "gasPrice")) req.gas_price = parse_u256(*v, "gasPrice");
  if (const json* v = present(obj, "maxFeePerGas")) req.max_fee_per_gas = parse_u256(*v, "maxFeePerGas");
  if (const json* v = present(obj, "maxPriorityFeePerGas"))
    req.max_priority_fee_per_gas = parse_u256(*v, "maxPriorityFeePerGas");
  if (req.gas_price && (req.max_fee_per_gas || req.max_priority_fee_per_gas))
    throw RpcError(kInvalidParams, "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
  if (const json* v = present(obj, "value")) req.value = parse_u256(*v, "value");
  const json* input = present(obj, "input");
  if (input) req.data = parse_data(*input, "input");
  if (const json* data = present(obj, "data")) {
    Bytes d = parse_data(*data, "data");
    if (input && d != req.data) throw RpcError(kInvalidParams, "both \"data\" and \"input\" are set and not equal");
    req.data = std::move(d);
  }
  if (const json* access_list = present(obj, "accessList")) {
    const json& list = *access_list;
    if (!list.is_array()) throw RpcError(kInvalidParams, "invalid accessList: expected an array");
    for (const json& e : list) {
      if (!e.is_object()) throw RpcError(kInvalidParams, "invalid accessList entry");
      AccessListEntry entry;
      entry.address = parse_address(e.value("address", json()), "accessList address");
      if (e.contains("storageKeys")) {
        if (!e["storageKeys"].is_array()) throw RpcError(kInvalidParams, "invalid accessList storageKeys");
        for (const json& k : e["storageKeys"]) entry.storage_keys.push_back(parse_hash(k, "storage key"));
      }
      req.access_list.push_back(std::move(entry));
    }
  }
  return req;
}

// "execution reverted", with the Error(string) reason when the data carries one.
std::string revert_message(const Bytes& out) {
  static const uint8_t kErrorSelector[4] = {0x08, 0xc3, 0x79, 0xa0};
  std::string msg = "execution reverted";
  if (out.size() < 4 + 64 || !std::equal(kErrorSelector, kErrorSelector + 4, out.begin())) return msg;
  const uint256 offset = uint256::from_be_bytes(out.data() + 4, 32);
  if (offset != uint256(32)) return msg;
  const uint256 len = uint256::from_be_bytes(out.data() + 36, 32);
  if (len > uint256(out.size() - 68)) return msg;
  const size_t n = static_cast<size_t>(len.w[0]);
  return msg + ": " + std::string(out.begin() + 68, out.begin() + 68 + static_cast<std::ptrdiff_t>(n));
}

[[noreturn]] void throw_call_failure(const CallOutcome& r) {
  if (!r.ran()) throw RpcError(kInvalidInput, r.rejection);
  if (r.status == EvmStatus::Revert) throw RpcError(kExecutionReverted, revert_message(r.output), hex_data(r.output));
  throw RpcError(kInvalidInput, std::string("execution failed: ") + to_string(r.status));
}

json get_balance(Node& node, const json& p) {
  const Address a = parse_address(required(p, 0), "address");
  require_latest_state(node, optional(p, 1));
  return quantity(node.chain().with_state([&](const State& s, const BlockHeader&) { return s.balance(a); }));
}

json get_transaction_count(Node& node, const json& p) {
  const Address a = parse_address(required(p, 0), "address");
  if (is_pending(optional(p, 1))) return quantity(node.pending_nonce(a));
  require_latest_state(node, optional(p, 1));
  return quantity(node.chain().with_state([&](const State& s, const BlockHeader&) { return s.nonce(a); }));
}

json get_code(Node& node, const json& p) {
  const Address a = parse_address(required(p, 0), "address");
  require_latest_state(node, optional(p, 1));
  return node.chain().with_state([&](const State& s, const BlockHeader&) { return hex_data(s.code(a)); });
}

json get_storage_at(Node& node, const json& p) {
  const Address a = parse_address(required(p, 0), "address");
  // A storage key is a 32-byte word; geth also takes shorter hex and left-pads it.
  const Bytes key_bytes = parse_data(required(p, 1), "storage key");
  if (key_bytes.size() > 32) throw RpcError(kInvalidParams, "invalid storage key: longer than 32 bytes");
  const uint256 key = uint256::from_be_bytes(key_bytes.data(), key_bytes.size());
  require_latest_state(node, optional(p, 2));
  const uint256 v = node.chain().with_state([&](const State& s, const BlockHeader&) { return s.storage(a, key); });
  return hex_data(v.to_hash());
}

// State overrides (the third parameter of eth_call and eth_estimateGas) are not supported:
// refused rather than ignored, so a caller never trusts a result computed without them.
void reject_overrides(const json& p) {
  if (!optional(p, 2).is_null()) throw RpcError(kInvalidParams, "state overrides are not supported");
}

uint64_t call_gas(const CallRequest& req, uint64_t block_gas) {
  return req.gas ? std::min(*req.gas, block_gas) : block_gas;
}

json call(Node& node, const json& p) {
  const CallRequest req = parse_call(required(p, 0));
  require_latest_state(node, optional(p, 1));
  reject_overrides(p);
  const CallOutcome r =
      node.chain().with_next_block(unix_now(), [&](const State& s, const BlockHeader& next, const BlockEnv& env) {
        return run_call(s, env, node.chain().config().fork, req, call_gas(req, next.gas_limit));
      });
  if (!r.success()) throw_call_failure(r);
  return hex_data(r.output);
}

json estimate_gas(Node& node, const json& p) {
  const CallRequest req = parse_call(required(p, 0));
  require_latest_state(node, optional(p, 1));
  reject_overrides(p);
  uint64_t allowance = 0;
  const GasEstimate est =
      node.chain().with_next_block(unix_now(), [&](const State& s, const BlockHeader& next, const BlockEnv& env) {
        allowance = call_gas(req, next.gas_limit);  // what estimate_gas searches up to
        return estimate_gas(s, env, node.chain().config().fork, req, next.gas_limit);
      });
  if (est.gas) return quantity(*est.gas);
  const CallOutcome& r = est.failure;
  if (r.ran() && r.status != EvmStatus::Revert)
    throw RpcError(kInvalidInput, "gas required exceeds allowance (" + std::to_string(allowance) + ")");
  throw_call_failure(r);
}

json gas_price(Node& node, const json&) {
  const BlockHeader next = node.chain().next_header(unix_now());
  return quantity(next.base_fee_per_gas.value_or(uint256(0)) + kSuggestedTip);
}

json send_raw_transaction(Node& node, const json& p) {
  const Bytes raw = parse_data(required(p, 0), "raw transaction");
  const SubmitResult r = node.submit_raw(raw);
  if (!r.ok) throw RpcError(r.invalid_params ? kInvalidParams : kTransactionRejected, r.message);
  return hex_data(r.hash);
}

}  // namespace

void add_eth_state_methods(MethodTable& t) {
  t["eth_chainId"] = {[](Node& n, const json&) -> json { return quantity(n.chain().config().chain_id); }, 0};
  t["net_version"] = {[](Node& n, const json&) -> json { return std::to_string(n.chain().config().chain_id); }, 0};
  t["web3_clientVersion"] = {[](Node& n, const json&) -> json { return n.config().client_version; }, 0};
  t["eth_blockNumber"] = {[](Node& n, const json&) -> json { return quantity(n.chain().head().number); }, 0};
  t["eth_getBalance"] = {get_balance, 2};
  t["eth_getTransactionCount"] = {get_transaction_count, 2};
  t["eth_getCode"] = {get_code, 2};
  t["eth_getStorageAt"] = {get_storage_at, 3};
  t["eth_call"] = {call, 3};
  t["eth_estimateGas"] = {estimate_gas, 3};
  t["eth_gasPrice"] = {gas_price, 0};
  t["eth_maxPriorityFeePerGas"] = {[](Node&, const json&) -> json { return quantity(kSuggestedTip); }, 0};
  t["eth_sendRawTransaction"] = {send_raw_transaction, 1};
  // The node is the chain's only source: never syncing, always listening, and it holds no
  // keys (transactions arrive signed), so eth_accounts is empty and eth_sendTransaction absent.
  t["eth_syncing"] = {[](Node&, const json&) -> json { return false; }, 0};
  t["net_listening"] = {[](Node&, const json&) -> json { return true; }, 0};
  t["eth_accounts"] = {[](Node&, const json&) -> json { return json::array(); }, 0};
}

}  // namespace warp::rpc
