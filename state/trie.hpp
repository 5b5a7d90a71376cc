// Merkle-Patricia trie roots (Yellow Paper, appendix D), computed from a set of entries.
// The node structure is built first; nodes are then encoded and hashed bottom-up, one
// height level at a time, each level as ONE call to a batch hasher (DESIGN.md section 6),
// so the same code runs against the CPU hasher or the GPU one.
#pragma once

#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

// out[i] = keccak256(inputs[i]). Must be safe to call from any thread.
using BatchHasher = std::function<void(std::span<const ByteView> inputs, std::span<Hash> out)>;

// The CPU (oneTBB) hasher from state/keccak_batch.hpp, wrapped once.
const BatchHasher& cpu_batch_hasher();

// keccak256(rlp("")) = keccak256(0x80): the root of a trie with no entries.
inline constexpr Hash kEmptyTrieRoot = {{0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45,
                                         0xe6, 0x92, 0xc0, 0xf8, 0x6e, 0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c,
                                         0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21}};

// Puts applied in order: a later entry with the same key replaces an earlier one, and an
// empty value deletes the key. Keys are raw bytes (the trie walks their nibbles).
using TrieEntries = std::vector<std::pair<Bytes, Bytes>>;

// Root of the plain trie over `entries`.
Hash trie_root(const TrieEntries& entries, const BatchHasher& hasher = cpu_batch_hasher());

// Root of the secure trie: each key is replaced by keccak256(key) (hashed as one batch).
Hash secure_trie_root(const TrieEntries& entries, const BatchHasher& hasher = cpu_batch_hasher());

// Roots of many tries at once (for example every account's storage trie). All tries share
// the level-by-level passes, so each height level of ALL tries is one hasher call, and the
// secure keys of all tries are hashed as one batch too. roots[i] belongs to tries[i].
std::vector<Hash> trie_roots(std::span<const TrieEntries> tries, bool secure,
                             const BatchHasher& hasher = cpu_batch_hasher());

// Root of the trie index -> values[index] with keys rlp(index): transactions and receipts
// roots. Values are stored as given (already-encoded transactions or receipts).
Hash ordered_trie_root(const std::vector<Bytes>& values, const BatchHasher& hasher = cpu_batch_hasher());

}  // namespace warp
