// A Merkle-Patricia trie kept between blocks, for 32-byte keys (secure tries: keys already
// hashed). Puts and erases mark the nodes on their paths dirty; root() re-encodes only those,
// level by level from the leaves, each level's hashes as ONE batch (DESIGN.md section 6), and
// gives the same root as trie_root over the same entries. A block that changes k keys of an
// n-key trie costs O(k log n) hashing instead of O(n).
#pragma once

#include <cstddef>
#include <memory>

#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"
#include "state/trie.hpp"

namespace warp {

class IncrementalTrie {
 public:
  IncrementalTrie();
  ~IncrementalTrie();
  IncrementalTrie(IncrementalTrie&&) noexcept;
  IncrementalTrie& operator=(IncrementalTrie&&) noexcept;
  IncrementalTrie(const IncrementalTrie&) = delete;
  IncrementalTrie& operator=(const IncrementalTrie&) = delete;

  // `value` must not be empty (an empty value is an erase in trie_root's terms).
  void put(const Hash& key, Bytes value);
  void erase(const Hash& key);
  bool empty() const { return root_ == nullptr; }

  Hash root(const BatchHasher& hasher = cpu_batch_hasher());

  struct Node;

 private:
  std::unique_ptr<Node> root_;
};

}  // namespace warp
