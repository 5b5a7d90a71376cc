#include "bench/workloads/tx_makers.hpp"

#include "bench/contracts/contracts.hpp"

namespace warp::bench {

namespace {

Transaction dynamic_fee_tx(const TxHeader& h, const Address& to, uint64_t gas_limit) {
  Transaction tx;
  tx.type = TxType::DynamicFee;
  tx.chain_id = h.chain_id;
  tx.nonce = h.nonce;
  tx.max_priority_fee_per_gas = h.max_priority_fee_per_gas;
  tx.max_fee_per_gas = uint256(kMaxFeePerGas);
  tx.gas_limit = gas_limit;
  tx.to = to;
  return tx;
}

}  // namespace

Transaction make_transfer(const TxHeader& h, const Address& to, const uint256& value) {
  Transaction tx = dynamic_fee_tx(h, to, kTransferGas);
  tx.value = value;
  return tx;
}

Transaction make_erc20_transfer(const TxHeader& h, const Address& token, const Address& to, const uint256& amount) {
  Transaction tx = dynamic_fee_tx(h, token, kErc20Gas);
  tx.data = erc20::transfer_calldata(to, amount);
  return tx;
}

Transaction make_swap(const TxHeader& h, const Address& pair, bool zero_for_one, const uint256& amount_in,
                      const uint256& min_amount_out, const Address& to) {
  Transaction tx = dynamic_fee_tx(h, pair, kSwapGas);
  tx.data = pair::swap_exact_in_calldata(zero_for_one, amount_in, min_amount_out, to);
  return tx;
}

}  // namespace warp::bench
