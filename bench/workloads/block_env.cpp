#include "bench/workloads/block_env.hpp"

#include "bench/workloads/pre_state.hpp"
#include "bench/workloads/tx_makers.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/bytes.hpp"

namespace warp::bench {

BlockEnv make_block_env(uint64_t gas_limit) {
  BlockEnv env;
  env.context.coinbase = workload_coinbase();
  env.context.number = 20'000'000;         // a Cancun-era height
  env.context.timestamp = 1'720'000'000;   // July 2024, after Cancun's activation
  env.context.gas_limit = static_cast<int64_t>(gas_limit);
  const ByteView randao_seed = as_view("warpevm workload prevrandao");
  env.context.prevrandao = keccak256(randao_seed.data(), randao_seed.size());
  env.context.chain_id = uint256(1);
  env.context.base_fee = uint256(kBaseFee);
  // The minimum blob base fee; no generated transaction carries blobs.
  env.context.blob_base_fee = uint256(1);
  env.blob_base_fee = uint256(1);
  env.chain_id = 1;
  env.block_hash = nullptr;  // BLOCKHASH reads zero: no workload contract uses it
  return env;
}

}  // namespace warp::bench
