// An Ethereum block header with every field through Prague, its consensus RLP encoding and
// its hash: what eth_getBlockBy* report and what clients (ethers, cast) check a block's hash
// against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "host/node/logs_bloom.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"
#include "state/rlp.hpp"
#include "state/trie.hpp"

namespace warp {

// keccak256(rlp([])): the ommers hash of every block since the merge.
inline constexpr Hash kEmptyOmmersHash = {{0x1d, 0xcc, 0x4d, 0xe8, 0xde, 0xc7, 0x5d, 0x7a, 0xab, 0x85, 0xb5,
                                           0x67, 0xb6, 0xcc, 0xd4, 0x1a, 0xd3, 0x12, 0x45, 0x1b, 0x94, 0x8a,
                                           0x74, 0x13, 0xf0, 0xa1, 0x42, 0xfd, 0x40, 0xd4, 0x93, 0x47}};

struct BlockHeader {
  Hash parent_hash{};
  Hash ommers_hash = kEmptyOmmersHash;
  Address coinbase{};
  Hash state_root = kEmptyTrieRoot;
  Hash transactions_root = kEmptyTrieRoot;
  Hash receipts_root = kEmptyTrieRoot;
  Bloom logs_bloom{};
  uint256 difficulty{};  // 0 since the merge
  uint64_t number = 0;
  uint64_t gas_limit = 0;
  uint64_t gas_used = 0;
  uint64_t timestamp = 0;
  Bytes extra_data;
  Hash mix_hash{};     // prev_randao since the merge
  uint64_t nonce = 0;  // encoded as exactly 8 bytes; 0 since the merge

  // Fork-dependent tail, in encoding order. A field is only encoded when every field
  // before it is present too (see encode_header).
  std::optional<uint256> base_fee_per_gas;       // London (EIP-1559)
  std::optional<Hash> withdrawals_root;          // Shanghai (EIP-4895)
  std::optional<uint64_t> blob_gas_used;         // Cancun (EIP-4844)
  std::optional<uint64_t> excess_blob_gas;       // Cancun (EIP-4844)
  std::optional<Hash> parent_beacon_block_root;  // Cancun (EIP-4788)
  std::optional<Hash> requests_hash;             // Prague (EIP-7685)

  friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

// True when the optional fields present form a prefix of the tail (no field present after
// an absent one): only such a header has an encoding.
bool header_fields_contiguous(const BlockHeader& h);

// rlp([fields...]): the 15 fields every header has, then the optional fields in order up to
// the first absent one. Fields after a gap (header_fields_contiguous false) have no place in
// the encoding and are left out, so such a header does not round-trip.
Bytes encode_header(const BlockHeader& h);

// keccak256(encode_header(h)): the block hash.
Hash header_hash(const BlockHeader& h);

// Strict decoding: one RLP list of 15 to 21 byte strings, nothing after it; hashes 32 bytes,
// coinbase 20, bloom 256, nonce exactly 8; canonical integers (difficulty and base fee up to
// 256 bits, the others up to 64). Returns a message on any problem.
std::variant<BlockHeader, std::string> decode_header(ByteView encoded);
// The same for a header already decoded as an RLP item (a header nested in a larger record).
std::variant<BlockHeader, std::string> header_from_rlp(const rlp::Item& item);

}  // namespace warp
