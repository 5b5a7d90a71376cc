// The consensus encoding of a receipt: the value stored in the receipts trie under
// rlp(index), whose root goes into the block header.
#pragma once

#include <cstdint>
#include <vector>

#include "host/log.hpp"
#include "host/node/logs_bloom.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

// rlp([status, cumulative_gas_used, bloom, logs]) with status 0x01 for success and the empty
// string for failure (EIP-658); typed transactions prefix it with their type byte (EIP-2718).
Bytes encode_receipt(TxType type, bool success, uint64_t cumulative_gas_used, const Bloom& bloom,
                     const std::vector<Log>& logs);

// The receipts root over a block's encoded receipts, in block order.
Hash receipts_root(const std::vector<Bytes>& encoded_receipts);

}  // namespace warp
