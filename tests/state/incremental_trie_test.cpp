// The incremental trie and the State's incremental root against the from-scratch builders
// (trie_root, and a copy of the State, which always hashes from scratch), over random
// sequences of puts, erases and account changes.
#include "state/incremental_trie.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "kernels/evm/keccak.hpp"
#include "state/state.hpp"
#include "state/trie.hpp"

namespace warp {
namespace {

// Keys drawn from few shapes so that paths share long prefixes: extensions get split by
// inserts and merged again by erases.
Hash random_key(std::mt19937_64& rng) {
  Hash k{};
  const int shape = static_cast<int>(rng() % 4);
  for (size_t i = 0; i < 32; ++i) k.bytes[i] = static_cast<uint8_t>(rng());
  if (shape == 0) {
    for (size_t i = 0; i < 30; ++i) k.bytes[i] = 0xab;  // long common prefix
  } else if (shape == 1) {
    k.bytes[0] = static_cast<uint8_t>(rng() % 2);  // few first nibbles
  }
  return k;
}

Bytes random_value(std::mt19937_64& rng) {
  Bytes v(1 + rng() % (rng() % 4 == 0 ? 60 : 4));  // short values make inline (embedded) nodes
  for (uint8_t& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

Hash reference_root(const std::map<Hash, Bytes>& entries) {
  TrieEntries e;
  for (const auto& [k, v] : entries) e.emplace_back(Bytes(k.bytes, k.bytes + 32), v);
  return trie_root(e);
}

TEST(IncrementalTrie, MatchesTrieRootOverRandomPutsAndErases) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    IncrementalTrie trie;
    std::map<Hash, Bytes> model;
    std::vector<Hash> keys;
    EXPECT_EQ(trie.root(), kEmptyTrieRoot);
    for (int round = 0; round < 30; ++round) {
      const size_t ops = 1 + rng() % 20;
      for (size_t i = 0; i < ops; ++i) {
        if (!keys.empty() && rng() % 3 == 0) {
          const Hash k = keys[rng() % keys.size()];
          trie.erase(k);
          model.erase(k);
        } else {
          const Hash k = (!keys.empty() && rng() % 4 == 0) ? keys[rng() % keys.size()] : random_key(rng);
          keys.push_back(k);
          Bytes v = random_value(rng);
          model[k] = v;
          trie.put(k, std::move(v));
        }
      }
      if (rng() % 5 == 0) trie.erase(random_key(rng));  // absent: nothing changes
      ASSERT_EQ(trie.root(), reference_root(model)) << "seed " << seed << " round " << round;
      EXPECT_EQ(trie.empty(), model.empty());
    }
    for (const Hash& k : keys) trie.erase(k);
    EXPECT_TRUE(trie.empty());
    EXPECT_EQ(trie.root(), kEmptyTrieRoot);
  }
}

TEST(IncrementalTrie, SingleShortLeafRootIsTheHashOfItsEncoding) {
  IncrementalTrie trie;
  Hash k{};
  trie.put(k, Bytes{1});
  std::map<Hash, Bytes> model{{k, Bytes{1}}};
  EXPECT_EQ(trie.root(), reference_root(model));
  EXPECT_EQ(trie.root(), reference_root(model));  // clean: the same answer again
}

Address address(uint64_t i) {
  Address a{};
  for (int b = 0; b < 8; ++b) a.bytes[19 - b] = static_cast<uint8_t>(i >> (8 * b));
  return a;
}

uint256 word(std::mt19937_64& rng) { return uint256{rng(), rng() % 2 ? rng() : 0, 0, rng() % 3 ? 0 : rng()}; }

// Every kind of change a block makes, through the State's mutators and through the mutable
// accounts find() and get_or_create() hand out (as executors commit).
void random_changes(State& s, std::mt19937_64& rng) {
  const size_t ops = 1 + rng() % 25;
  for (size_t i = 0; i < ops; ++i) {
    const Address a = address(rng() % 40);
    switch (rng() % 9) {
      case 0:
        s.set_balance(a, word(rng));
        break;
      case 1:
        s.set_nonce(a, rng() % 1000);
        break;
      case 2:
        s.set_code(a, Bytes(1 + rng() % 40, static_cast<uint8_t>(rng())));
        break;
      case 3:
        s.erase(a);
        break;
      case 4:
        if (Account* acc = s.find(a)) acc->storage.clear();
        break;
      case 5: {
        Account& acc = s.get_or_create(a);
        acc.storage[uint256(rng() % 6)] = word(rng);
        break;
      }
      default:
        s.set_storage(a, uint256(rng() % 10), rng() % 4 == 0 ? uint256{} : word(rng));
    }
  }
}

TEST(IncrementalStateRoot, EqualsTheFromScratchRootBlockAfterBlock) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    State s;
    for (int i = 0; i < 3; ++i) random_changes(s, rng);
    s.enable_incremental_root();
    for (int block = 0; block < 25; ++block) {
      random_changes(s, rng);
      const State scratch = s;  // copies hash from scratch
      ASSERT_EQ(s.state_root(), scratch.state_root()) << "seed " << seed << " block " << block;
    }
    // Before-images restore marks what it puts back.
    State::BeforeImages images;
    s.record_before_images(&images);
    random_changes(s, rng);
    s.record_before_images(nullptr);
    (void)s.state_root();
    s.restore(images);
    const State scratch = s;
    EXPECT_EQ(s.state_root(), scratch.state_root()) << "seed " << seed << " after restore";
  }
}

}  // namespace
}  // namespace warp
