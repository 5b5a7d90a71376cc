// Wire format of transactions: legacy RLP lists and EIP-2718 typed envelopes (types 1, 2
// and 3; type 3 in its network-less form, without blobs, commitments and proofs), plus the
// hashes and the sender recovery that depend on the exact encoding.
#pragma once

#include <string>
#include <variant>

#include "host/tx/transaction.hpp"
#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

struct TxError {
  std::string message;  // what is wrong, for a user or a JSON-RPC error
};

// Decodes one raw transaction strictly: the exact field count of its type, canonical
// integers (no leading zero bytes), integers of at most 256 bits, nonce/gas/chain id of at
// most 64 bits, 20-byte addresses, 32-byte storage keys and versioned hashes, nothing after
// the payload. Fills `hash` (keccak of `raw`); leaves `sender` zero (see recover_sender).
// The signature values are not range-checked here: recover_sender does that.
std::variant<Transaction, TxError> decode_transaction(ByteView raw);

// The canonical encoding: decode_transaction(encode_transaction(tx)) gives tx back, and
// encode_transaction(decode_transaction(raw)) == raw for every raw that decodes.
Bytes encode_transaction(const Transaction& tx);

// keccak256 of the encoding: the transaction's identity on the network.
Hash transaction_hash(const Transaction& tx);

// The bytes the sender signs, and their keccak256: legacy rlp([nonce, gasPrice, gas, to,
// value, data]), with EIP-155 the same plus [chainId, 0, 0]; typed: type || rlp(fields
// before the signature).
Bytes signing_payload(const Transaction& tx);
Hash signing_hash(const Transaction& tx);

// Recovers the signer. Rejects r or s outside [1, n), s > n/2 (EIP-2), a legacy v that is
// not 27/28 (no chain id) or chainId*2+35/36, a typed y-parity other than 0/1, and
// signatures from which no key recovers.
std::variant<Address, TxError> recover_sender(const Transaction& tx);
// The same with the signing hash already computed (host/tx/tx_hash_batch: many at once).
std::variant<Address, TxError> recover_sender(const Transaction& tx, const Hash& signing_hash);

}  // namespace warp
