#include "host/executor/gpu/device_batch.hpp"

#include <limits>

#include "host/precompiles/precompile.hpp"
#include "host/tx/intrinsic_gas.hpp"
#include "host/tx/validation.hpp"

namespace warp {

namespace {

// The highest precompile of the fork, checking that they are 0x01 .. n without gaps (what
// the device's is_precompile assumes).
uint32_t precompile_count(Fork fork) {
  uint32_t n = 0;
  for (uint32_t i = 1; i <= 0xff; ++i) {
    Address a{};
    a.bytes[19] = static_cast<uint8_t>(i);
    if (!is_precompile(a, fork)) break;
    n = i;
  }
  return n;
}

// The stateless part of validate_transaction: with a sender that passes every state rule, a
// rejection can only come from the transaction and the block.
bool statelessly_valid(const Transaction& tx, const BlockEnv& env, Fork fork) {
  SenderAccount sender;
  sender.nonce = tx.nonce;
  sender.balance = ~uint256{};
  sender.has_code = false;
  TxBlockEnv limits;
  limits.base_fee = env.context.base_fee;
  // The whole block's gas: the gas left when the transaction commits is checked then.
  limits.gas_limit = env.context.gas_limit > 0 ? static_cast<uint64_t>(env.context.gas_limit) : 0;
  limits.blob_base_fee = env.blob_base_fee;
  return !validate_transaction(tx, sender, limits, fork, env.chain_id).has_value();
}

}  // namespace

bool device_runs_fork(Fork fork) { return fork == Fork::Cancun; }

DeviceBatch PreparedBatch::view() const {
  DeviceBatch b;
  b.block = &block;
  b.txs = txs.data();
  b.count = txs.size();
  b.bytes = bytes.data();
  b.access_addresses = access_addresses.data();
  b.access_keys = access_keys.data();
  return b;
}

PreparedBatch prepare_device_batch(std::span<const Transaction> txs, const BlockEnv& env, Fork fork) {
  PreparedBatch out;
  out.block.context = env.context;
  out.block.precompile_count = precompile_count(fork);
  const uint64_t number = env.context.number;
  if (env.block_hash)
    for (uint64_t d = 1; d <= 256 && d <= number; ++d) out.block.recent_hashes[256 - d] = env.block_hash(number - d);

  out.txs.resize(txs.size());
  out.on_device.assign(txs.size(), 0);
  const bool fork_ok = device_runs_fork(fork);
  for (size_t i = 0; i < txs.size(); ++i) {
    const Transaction& tx = txs[i];
    DeviceTx& d = out.txs[i];
    d.host_only = 1;
    if (!fork_ok || tx.type == TxType::Blob || !statelessly_valid(tx, env, fork)) continue;
    d.host_only = 0;
    out.on_device[i] = 1;
    d.sender = tx.sender;
    d.has_to = tx.to.has_value() ? 1 : 0;
    if (tx.to) d.to = *tx.to;
    d.nonce = tx.nonce;
    d.gas_limit = tx.gas_limit;
    const IntrinsicGas intrinsic = intrinsic_gas(tx, fork);
    d.intrinsic_gas = intrinsic.gas;
    d.gas_floor = intrinsic.floor;
    d.value = tx.value;
    d.gas_price = effective_gas_price(tx, env.context.base_fee);
    d.priority_fee = priority_fee_per_gas(tx, env.context.base_fee);
    d.max_cost = uint256(tx.gas_limit) * tx.fee_cap() + tx.value;  // validated: no overflow
    d.data_offset = out.bytes.size();
    d.data_size = tx.data.size();
    out.bytes.insert(out.bytes.end(), tx.data.begin(), tx.data.end());
    d.access_offset = static_cast<uint32_t>(out.access_addresses.size());
    d.access_count = static_cast<uint32_t>(tx.access_list.size());
    d.key_offset = static_cast<uint32_t>(out.access_keys.size());
    for (const AccessListEntry& e : tx.access_list) {
      const auto entry = static_cast<uint32_t>(out.access_addresses.size());
      out.access_addresses.push_back(e.address);
      for (const Hash& k : e.storage_keys) {
        DeviceAccessKey key;
        key.key = uint256::from_hash(k);
        key.entry = entry;
        out.access_keys.push_back(key);
      }
    }
    d.key_count = static_cast<uint32_t>(out.access_keys.size()) - d.key_offset;
  }
  return out;
}

}  // namespace warp
