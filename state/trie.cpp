#include "state/trie.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cstring>

#include "state/keccak_batch.hpp"
#include "state/rlp.hpp"

namespace warp {

const BatchHasher& cpu_batch_hasher() {
  static const BatchHasher hasher = [](std::span<const ByteView> in, std::span<Hash> out) { keccak_batch(in, out); };
  return hasher;
}

namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr uint8_t kEmptyString = 0x80;    // rlp("") : an empty branch slot or branch value
constexpr uint8_t kHashRefPrefix = 0xa0;  // rlp header of a 32-byte string
constexpr size_t kEmbedLimit = 32;        // nodes whose RLP is shorter are embedded in the parent
// Below this many entries std::sort beats spinning up a parallel sort.
constexpr size_t kParallelSortMin = 1 << 14;

uint8_t nibble(ByteView key, size_t i) {
  const uint8_t b = key[i / 2];
  return (i % 2 == 0) ? static_cast<uint8_t>(b >> 4) : static_cast<uint8_t>(b & 0x0f);
}

// The first 8 bytes, big-endian, zero-padded: orders like the key, up to ties.
uint64_t prefix_of(ByteView key) {
  uint64_t p = 0;
  const size_t n = std::min<size_t>(8, key.size());
  for (size_t i = 0; i < n; ++i) p |= uint64_t{key[i]} << (56 - 8 * i);
  return p;
}

int compare(ByteView a, ByteView b) {
  const size_t n = std::min(a.size(), b.size());
  const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c;
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

enum class Kind : uint8_t { Leaf, Extension, Branch };

// How a parent refers to a child: the child's own RLP when shorter than 32 bytes, else
// rlp(keccak(child RLP)) = 0xa0 ++ hash. Either way at most 33 bytes, so it lives inline.
struct Ref {
  uint8_t size;
  uint8_t bytes[1 + sizeof(Hash)];
};

struct Node {
  Kind kind;
  uint32_t height;      // 0 for leaves; 1 + the highest child otherwise
  uint32_t entry;       // leaf: its entry; extension: any entry below (source of the path);
                        // branch: the entry whose key ends here, or kNone
  uint32_t begin, end;  // leaf/extension: the nibble range of keys[entry] that is the path
  uint32_t child;       // extension: the child node; branch: index of its first of 16 slots
};

// One trie in the making. Keys and values are views into storage the caller keeps alive.
struct TrieBuild {
  std::vector<ByteView> keys, values;  // puts in order; after select(): live, sorted, unique
  std::vector<Node> nodes;
  std::vector<uint32_t> slots;  // 16 per branch node, kNone where empty
  std::vector<Ref> refs;        // per node, set once the node's level is hashed
  uint32_t root = kNone;

  // Keeps the last put of each key, drops deleted (empty) values, sorts by key.
  void select() {
    const size_t n = keys.size();
    // Sorting on a cached 8-byte prefix keeps most comparisons out of the key memory
    // (secure keys are uniformly random, so the prefix nearly always decides).
    struct Slot {
      uint64_t prefix;
      uint32_t index;
    };
    std::vector<Slot> order(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = {prefix_of(keys[i]), i};
    // Ties broken by position, so the last put of a key ends its run of equal keys.
    auto less = [&](const Slot& a, const Slot& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      const int c = compare(keys[a.index], keys[b.index]);
      return c != 0 ? c < 0 : a.index < b.index;
    };
    if (n >= kParallelSortMin)
      tbb::parallel_sort(order.begin(), order.end(), less);
    else
      std::sort(order.begin(), order.end(), less);

    std::vector<ByteView> live_keys, live_values;
    live_keys.reserve(n);
    live_values.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t at = order[i].index;
      const bool last_of_run =
          i + 1 == n || order[i].prefix != order[i + 1].prefix || compare(keys[at], keys[order[i + 1].index]) != 0;
      if (last_of_run && !values[at].empty()) {
        live_keys.push_back(keys[at]);
        live_values.push_back(values[at]);
      }
    }
    keys = std::move(live_keys);
    values = std::move(live_values);
  }

  void build() {
    if (keys.empty()) return;
    nodes.reserve(2 * keys.size());
    root = build_range(0, static_cast<uint32_t>(keys.size()), 0);
    refs.resize(nodes.size());
  }

  // Entries [lo, hi) share their first `depth` nibbles. Every branch consumes a nibble and
  // every extension at least one, so the recursion is at most twice the nibble length of
  // the longest key deep (128 frames for secure tries; plain keys are short in practice).
  uint32_t build_range(uint32_t lo, uint32_t hi, uint32_t depth) {
    const ByteView first = keys[lo];
    const uint32_t first_len = static_cast<uint32_t>(2 * first.size());
    if (hi - lo == 1) return add({Kind::Leaf, 0, lo, depth, first_len, kNone});

    // Sorted keys: the prefix shared by the first and the last is shared by all.
    const ByteView last = keys[hi - 1];
    const uint32_t last_len = static_cast<uint32_t>(2 * last.size());
    uint32_t common = depth;
    while (common < first_len && common < last_len && nibble(first, common) == nibble(last, common)) ++common;
    if (common > depth) {
      const uint32_t child = build_range(lo, hi, common);
      return add({Kind::Extension, nodes[child].height + 1, lo, depth, common, child});
    }

    // A branch. A key that ends here is a prefix of all the others, so it sorts first.
    const uint32_t value_entry = first_len == depth ? lo++ : kNone;
    const uint32_t slot_base = static_cast<uint32_t>(slots.size());
    slots.resize(slots.size() + 16, kNone);
    uint32_t height = 0;
    for (uint32_t i = lo; i < hi;) {
      const uint8_t nib = nibble(keys[i], depth);
      uint32_t j = i + 1;
      while (j < hi && nibble(keys[j], depth) == nib) ++j;
      const uint32_t child = build_range(i, j, depth + 1);
      slots[slot_base + nib] = child;
      height = std::max(height, nodes[child].height + 1);
      i = j;
    }
    return add({Kind::Branch, height, value_entry, 0, 0, slot_base});
  }

  uint32_t add(const Node& node) {
    nodes.push_back(node);
    return static_cast<uint32_t>(nodes.size() - 1);
  }

  // Appends rlp(hex-prefix of nibbles [begin, end) of `key`), flagged leaf or extension.
  static void append_path(ByteView key, uint32_t begin, uint32_t end, bool leaf, Bytes& path, Bytes& out) {
    path.clear();
    const bool odd = (end - begin) % 2 == 1;
    uint8_t head = static_cast<uint8_t>((leaf ? 0x20 : 0x00) | (odd ? 0x10 : 0x00));
    if (odd) head = static_cast<uint8_t>(head | nibble(key, begin++));
    path.push_back(head);
    for (uint32_t i = begin; i < end; i += 2)
      path.push_back(static_cast<uint8_t>((nibble(key, i) << 4) | nibble(key, i + 1)));
    rlp::encode_string(out, path);
  }

  void append_ref(uint32_t child, Bytes& out) const {
    const Ref& ref = refs[child];
    out.insert(out.end(), ref.bytes, ref.bytes + ref.size);
  }

  // Appends the RLP of node `index` to `out`; its children must already have their refs.
  void encode(uint32_t index, Bytes& path, Bytes& payload, Bytes& out) const {
    const Node& node = nodes[index];
    payload.clear();
    switch (node.kind) {
      case Kind::Leaf:
        append_path(keys[node.entry], node.begin, node.end, true, path, payload);
        rlp::encode_string(payload, values[node.entry]);
        break;
      case Kind::Extension:
        append_path(keys[node.entry], node.begin, node.end, false, path, payload);
        append_ref(node.child, payload);
        break;
      case Kind::Branch:
        for (uint32_t s = 0; s < 16; ++s) {
          const uint32_t child = slots[node.child + s];
          if (child == kNone)
            payload.push_back(kEmptyString);
          else
            append_ref(child, payload);
        }
        if (node.entry == kNone)
          payload.push_back(kEmptyString);
        else
          rlp::encode_string(payload, values[node.entry]);
        break;
    }
    rlp::encode_list_header(out, payload.size());
    out.insert(out.end(), payload.begin(), payload.end());
  }
};

struct NodeRef {
  uint32_t trie;
  uint32_t node;
};

// Encodes and hashes every node of every trie, lowest level first, one hasher call per level.
std::vector<Hash> hash_levels(std::vector<TrieBuild>& tries, const BatchHasher& hasher) {
  std::vector<Hash> roots(tries.size(), kEmptyTrieRoot);
  std::vector<std::vector<NodeRef>> levels;
  for (uint32_t t = 0; t < tries.size(); ++t) {
    const auto& nodes = tries[t].nodes;
    for (uint32_t n = 0; n < nodes.size(); ++n) {
      if (nodes[n].height >= levels.size()) levels.resize(nodes[n].height + 1);
      levels[nodes[n].height].push_back({t, n});
    }
  }

  // A level is encoded in fixed blocks, each into one buffer of its own: few allocations,
  // and the views handed to the hasher stay valid until the level is done.
  constexpr size_t kBlock = 1024;
  std::vector<Bytes> blocks;
  std::vector<size_t> offset;  // per node of the level: start in its block; end = next start
  std::vector<uint32_t> to_hash;
  std::vector<ByteView> inputs;
  std::vector<Hash> hashes;
  for (const std::vector<NodeRef>& level : levels) {
    const size_t n = level.size();
    blocks.assign((n + kBlock - 1) / kBlock, Bytes());
    offset.assign(n, 0);
    auto view_of = [&](size_t i) {
      const size_t b = i / kBlock;
      const size_t end = (i + 1) % kBlock == 0 || i + 1 == n ? blocks[b].size() : offset[i + 1];
      return ByteView(blocks[b].data() + offset[i], end - offset[i]);
    };
    tbb::parallel_for(size_t{0}, blocks.size(), [&](size_t b) {
      Bytes path, payload;
      Bytes& out = blocks[b];
      out.reserve(kBlock * 64);
      for (size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
        offset[i] = out.size();
        tries[level[i].trie].encode(level[i].node, path, payload, out);
      }
    });

    // Short nodes are embedded in their parent as they are; the rest (and every root,
    // however short) are referenced by hash.
    to_hash.clear();
    inputs.clear();
    for (uint32_t i = 0; i < n; ++i) {
      TrieBuild& trie = tries[level[i].trie];
      const ByteView enc = view_of(i);
      if (enc.size() >= kEmbedLimit || level[i].node == trie.root) {
        to_hash.push_back(i);
        inputs.push_back(enc);
      } else {
        Ref& ref = trie.refs[level[i].node];
        ref.size = static_cast<uint8_t>(enc.size());
        std::memcpy(ref.bytes, enc.data(), enc.size());
      }
    }
    if (inputs.empty()) continue;
    hashes.resize(inputs.size());
    hasher(inputs, hashes);

    for (size_t k = 0; k < to_hash.size(); ++k) {
      const NodeRef at = level[to_hash[k]];
      TrieBuild& trie = tries[at.trie];
      if (at.node == trie.root) {
        roots[at.trie] = hashes[k];
        continue;
      }
      Ref& ref = trie.refs[at.node];
      ref.size = 1 + sizeof(Hash);
      ref.bytes[0] = kHashRefPrefix;
      std::memcpy(ref.bytes + 1, hashes[k].bytes, sizeof(Hash));
    }
  }
  return roots;
}

// Shared tail of every public entry point: select live entries, build, hash.
std::vector<Hash> finish(std::vector<TrieBuild>& tries, const BatchHasher& hasher) {
  tbb::parallel_for(size_t{0}, tries.size(), [&](size_t i) {
    tries[i].select();
    tries[i].build();
  });
  return hash_levels(tries, hasher);
}

// Replaces every key of every trie by a view of its keccak256, all hashed in one batch.
// `storage` keeps the hashes alive for as long as the views are used.
void hash_keys(std::vector<TrieBuild>& tries, const BatchHasher& hasher, std::vector<Hash>& storage) {
  std::vector<ByteView> inputs;
  for (const TrieBuild& t : tries) inputs.insert(inputs.end(), t.keys.begin(), t.keys.end());
  storage.resize(inputs.size());
  if (!inputs.empty()) hasher(inputs, storage);
  size_t next = 0;
  for (TrieBuild& t : tries)
    for (ByteView& key : t.keys) key = ByteView(storage[next++].bytes, sizeof(Hash));
}

TrieBuild views_of(const TrieEntries& entries) {
  TrieBuild t;
  t.keys.reserve(entries.size());
  t.values.reserve(entries.size());
  for (const auto& [key, value] : entries) {
    t.keys.push_back(key);
    t.values.push_back(value);
  }
  return t;
}

}  // namespace

std::vector<Hash> trie_roots(std::span<const TrieEntries> entries, bool secure, const BatchHasher& hasher) {
  std::vector<TrieBuild> tries(entries.size());
  tbb::parallel_for(size_t{0}, entries.size(), [&](size_t i) { tries[i] = views_of(entries[i]); });
  std::vector<Hash> hashed_keys;
  if (secure) hash_keys(tries, hasher, hashed_keys);
  return finish(tries, hasher);
}

Hash trie_root(const TrieEntries& entries, const BatchHasher& hasher) {
  return trie_roots(std::span<const TrieEntries>(&entries, 1), false, hasher)[0];
}

Hash secure_trie_root(const TrieEntries& entries, const BatchHasher& hasher) {
  return trie_roots(std::span<const TrieEntries>(&entries, 1), true, hasher)[0];
}

Hash ordered_trie_root(const std::vector<Bytes>& values, const BatchHasher& hasher) {
  std::vector<Bytes> keys(values.size());
  std::vector<TrieBuild> tries(1);
  TrieBuild& t = tries[0];
  t.keys.reserve(values.size());
  t.values.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    rlp::encode_uint(keys[i], i);
    t.keys.push_back(keys[i]);
    t.values.push_back(values[i]);
  }
  return finish(tries, hasher)[0];
}

}  // namespace warp
