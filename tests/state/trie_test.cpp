// Merkle-Patricia trie roots: every case of ethereum/tests TrieTests, plus properties the
// fixtures do not pin down (batching per level, many tries at once, a naive oracle).
//
// trietestnextprev.json is not run: it checks key iteration (next/previous key), which a
// root-only trie does not offer.
#include "state/trie.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "kernels/evm/keccak.hpp"
#include "state/rlp.hpp"

namespace warp {
namespace {

const std::string kTrieDir = std::string(WARPEVM_FIXTURES_DIR) + "/ethereum-tests/TrieTests/";

nlohmann::json load_fixture(const std::string& name) {
  std::ifstream in(kTrieDir + name);
  if (!in) throw std::runtime_error("missing fixture " + kTrieDir + name);
  return nlohmann::json::parse(in);
}

// Fixture strings are hex when they start with 0x (or always, for hexEncoded cases),
// raw bytes otherwise; null is an empty value, which deletes the key.
Bytes fixture_bytes(const nlohmann::json& v, bool hex_encoded) {
  if (v.is_null()) return {};
  const std::string s = v.get<std::string>();
  if (hex_encoded || s.rfind("0x", 0) == 0) {
    auto bytes = from_hex(s);
    if (!bytes) throw std::runtime_error("bad hex in fixture: " + s);
    return *bytes;
  }
  return Bytes(s.begin(), s.end());
}

Hash fixture_root(const nlohmann::json& c) {
  auto root = fixed_from_hex<32>(c.at("root").get<std::string>());
  if (!root) throw std::runtime_error("bad root in fixture");
  return *root;
}

TrieEntries fixture_entries(const nlohmann::json& c) {
  const bool hex_encoded = c.value("hexEncoded", false);
  TrieEntries entries;
  const nlohmann::json& in = c.at("in");
  if (in.is_array()) {
    for (const auto& kv : in)
      entries.emplace_back(fixture_bytes(kv.at(0), hex_encoded), fixture_bytes(kv.at(1), hex_encoded));
  } else {
    for (const auto& [k, v] : in.items())
      entries.emplace_back(fixture_bytes(k, hex_encoded), fixture_bytes(v, hex_encoded));
  }
  return entries;
}

// Runs every case of one fixture file; each failure names its case.
void run_fixture(const std::string& file, bool secure) {
  const nlohmann::json doc = load_fixture(file);
  ASSERT_TRUE(doc.is_object()) << file;
  ASSERT_GT(doc.size(), 0u) << file << " has no cases";
  size_t ran = 0;
  for (const auto& [name, c] : doc.items()) {
    const TrieEntries entries = fixture_entries(c);
    const Hash got = secure ? secure_trie_root(entries) : trie_root(entries);
    EXPECT_EQ(to_hex0x(got), to_hex0x(fixture_root(c))) << file << " case " << name;
    ++ran;
  }
  EXPECT_EQ(ran, doc.size());
}

TEST(TrieFixtures, Trietest) { run_fixture("trietest.json", false); }
TEST(TrieFixtures, TrietestSecure) { run_fixture("trietest_secureTrie.json", true); }
TEST(TrieFixtures, AnyOrder) { run_fixture("trieanyorder.json", false); }
TEST(TrieFixtures, AnyOrderSecure) { run_fixture("trieanyorder_secureTrie.json", true); }
TEST(TrieFixtures, HexEncodedSecure) { run_fixture("hex_encoded_securetrie_test.json", true); }

// ---- a naive oracle: recursive, one keccak per node, no batching ----------------------
// Written independently of the production builder (nibble vectors, a std::map, inline
// hashing) so that a shared misunderstanding is less likely.
using Nibbles = std::vector<uint8_t>;

Bytes oracle_node(const std::vector<std::pair<Nibbles, Bytes>>& items, size_t depth);

Bytes oracle_ref(const std::vector<std::pair<Nibbles, Bytes>>& items, size_t depth) {
  if (items.empty()) return {0x80};
  Bytes node = oracle_node(items, depth);
  if (node.size() < 32) return node;
  const Hash h = keccak256(node.data(), node.size());
  Bytes ref{0xa0};
  ref.insert(ref.end(), h.bytes, h.bytes + 32);
  return ref;
}

Bytes oracle_path(const Nibbles& n, size_t from, size_t to, bool leaf) {
  Nibbles p(n.begin() + static_cast<std::ptrdiff_t>(from), n.begin() + static_cast<std::ptrdiff_t>(to));
  Nibbles flagged;
  const uint8_t flag = static_cast<uint8_t>((leaf ? 2 : 0) + (p.size() % 2));
  flagged.push_back(flag);
  if (p.size() % 2 == 0) flagged.push_back(0);
  flagged.insert(flagged.end(), p.begin(), p.end());
  Bytes out;
  for (size_t i = 0; i < flagged.size(); i += 2) out.push_back(static_cast<uint8_t>(flagged[i] * 16 + flagged[i + 1]));
  return out;
}

Bytes oracle_node(const std::vector<std::pair<Nibbles, Bytes>>& items, size_t depth) {
  Bytes payload;
  if (items.size() == 1) {
    rlp::encode_string(payload, oracle_path(items[0].first, depth, items[0].first.size(), true));
    rlp::encode_string(payload, items[0].second);
    return rlp::encode_list(payload);
  }
  size_t common = 0;
  for (;; ++common) {
    bool same = true;
    for (const auto& it : items)
      same = same && depth + common < it.first.size() && it.first[depth + common] == items[0].first[depth + common];
    if (!same) break;
  }
  if (common > 0) {
    rlp::encode_string(payload, oracle_path(items[0].first, depth, depth + common, false));
    const Bytes child = oracle_ref(items, depth + common);
    payload.insert(payload.end(), child.begin(), child.end());
    return rlp::encode_list(payload);
  }
  Bytes value;
  for (uint8_t nib = 0; nib < 16; ++nib) {
    std::vector<std::pair<Nibbles, Bytes>> sub;
    for (const auto& it : items)
      if (it.first.size() > depth && it.first[depth] == nib) sub.push_back(it);
    const Bytes child = oracle_ref(sub, depth + 1);
    payload.insert(payload.end(), child.begin(), child.end());
  }
  for (const auto& it : items)
    if (it.first.size() == depth) value = it.second;
  rlp::encode_string(payload, value);
  return rlp::encode_list(payload);
}

Hash oracle_root(const TrieEntries& entries) {
  // Keyed by std::string: GCC 12 warns falsely (stringop-overread) on std::map<Bytes, ...>.
  std::map<std::string, Bytes> live;
  for (const auto& [k, v] : entries) {
    const std::string key(k.begin(), k.end());
    if (v.empty())
      live.erase(key);
    else
      live[key] = v;
  }
  if (live.empty()) return keccak256(std::array<uint8_t, 1>{0x80}.data(), 1);
  std::vector<std::pair<Nibbles, Bytes>> items;
  for (const auto& [k, v] : live) {
    Nibbles n;
    for (char c : k) {
      const auto b = static_cast<uint8_t>(c);
      n.push_back(b >> 4);
      n.push_back(b & 0x0f);
    }
    items.emplace_back(n, v);
  }
  const Bytes root = oracle_node(items, 0);
  return keccak256(root.data(), root.size());
}

// Keys from a small alphabet with varied lengths, so prefixes, shared paths, branch values
// and short (embedded) nodes all occur; some puts overwrite or delete earlier ones.
TrieEntries random_entries(std::mt19937_64& rng, size_t n) {
  TrieEntries entries;
  std::uniform_int_distribution<int> len(0, 5), byte(0, 3), vlen(0, 40);
  for (size_t i = 0; i < n; ++i) {
    Bytes key(static_cast<size_t>(len(rng)));
    for (auto& b : key) b = static_cast<uint8_t>(byte(rng) * 0x11 + (byte(rng) == 0 ? 0x10 : 0));
    Bytes value(static_cast<size_t>(vlen(rng) == 0 ? 0 : vlen(rng)));
    for (auto& b : value) b = static_cast<uint8_t>(rng());
    entries.emplace_back(std::move(key), std::move(value));
  }
  return entries;
}

TEST(Trie, EmptyRootIsKeccakOfEmptyString) {
  const uint8_t empty_rlp = 0x80;
  EXPECT_EQ(kEmptyTrieRoot, keccak256(&empty_rlp, 1));
  EXPECT_EQ(to_hex0x(kEmptyTrieRoot), "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
  EXPECT_EQ(trie_root({}), kEmptyTrieRoot);
  EXPECT_EQ(secure_trie_root({}), kEmptyTrieRoot);
  EXPECT_EQ(ordered_trie_root({}), kEmptyTrieRoot);
}

TEST(Trie, DeletingEverythingGivesEmptyRoot) {
  const TrieEntries entries = {{{1, 2}, {3}}, {{1, 2, 3}, {4}}, {{1, 2}, {}}, {{1, 2, 3}, {}}};
  EXPECT_EQ(trie_root(entries), kEmptyTrieRoot);
}

TEST(Trie, ShortRootIsStillHashed) {
  // One tiny leaf: its RLP is far below 32 bytes, yet the root is its hash, not the RLP.
  const TrieEntries entries = {{{0x01}, {0x02}}};
  const Bytes leaf = {0xc4, 0x82, 0x20, 0x01, 0x02};  // [hp(leaf, 0 1), 0x02]
  EXPECT_EQ(trie_root(entries), keccak256(leaf.data(), leaf.size()));
}

TEST(Trie, MatchesNaiveOracleOnRandomInputs) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    const TrieEntries entries = random_entries(rng, static_cast<size_t>(1 + round % 60));
    ASSERT_EQ(to_hex0x(trie_root(entries)), to_hex0x(oracle_root(entries))) << "round " << round;
  }
}

TEST(Trie, SecureRootIsPlainRootOverHashedKeys) {
  std::mt19937_64 rng(11);
  const TrieEntries entries = random_entries(rng, 300);
  TrieEntries hashed;
  for (const auto& [k, v] : entries) {
    const Hash h = keccak256(k.data(), k.size());
    hashed.emplace_back(Bytes(h.bytes, h.bytes + 32), v);
  }
  EXPECT_EQ(secure_trie_root(entries), oracle_root(hashed));
}

TEST(Trie, IndependentOfInsertionOrderForDistinctKeys) {
  std::mt19937_64 rng(3);
  TrieEntries entries;
  for (uint32_t i = 0; i < 2000; ++i) {
    Bytes key(4), value(1 + i % 50, static_cast<uint8_t>(i));
    for (int b = 0; b < 4; ++b) key[b] = static_cast<uint8_t>(i >> (8 * b));
    entries.emplace_back(key, value);
  }
  const Hash expected = trie_root(entries);
  std::shuffle(entries.begin(), entries.end(), rng);
  EXPECT_EQ(trie_root(entries), expected);
  EXPECT_EQ(secure_trie_root(entries), oracle_root([&] {
              TrieEntries hashed;
              for (const auto& [k, v] : entries) {
                const Hash h = keccak256(k.data(), k.size());
                hashed.emplace_back(Bytes(h.bytes, h.bytes + 32), v);
              }
              return hashed;
            }()));
}

TEST(Trie, ManyTriesAtOnceMatchOneByOne) {
  std::mt19937_64 rng(5);
  std::vector<TrieEntries> tries;
  for (int i = 0; i < 40; ++i) tries.push_back(random_entries(rng, static_cast<size_t>(i * 3)));
  for (bool secure : {false, true}) {
    const std::vector<Hash> roots = trie_roots(tries, secure);
    ASSERT_EQ(roots.size(), tries.size());
    for (size_t i = 0; i < tries.size(); ++i)
      EXPECT_EQ(roots[i], secure ? secure_trie_root(tries[i]) : trie_root(tries[i])) << "trie " << i;
  }
}

TEST(Trie, HashesOneBatchPerLevelThroughTheGivenHasher) {
  // Two keys differing in the first nibble, values long enough that neither leaf embeds:
  // level 0 = both leaves (one call), level 1 = the root branch (one call).
  const TrieEntries entries = {{{0x10}, Bytes(40, 1)}, {{0x20}, Bytes(40, 2)}};
  std::vector<size_t> batch_sizes;
  const BatchHasher counting = [&](std::span<const ByteView> in, std::span<Hash> out) {
    batch_sizes.push_back(in.size());
    cpu_batch_hasher()(in, out);
  };
  EXPECT_EQ(trie_root(entries, counting), trie_root(entries));
  EXPECT_EQ(batch_sizes, (std::vector<size_t>{2, 1}));

  // Secure: one more batch, first, for the keys.
  batch_sizes.clear();
  EXPECT_EQ(secure_trie_root(entries, counting), secure_trie_root(entries));
  ASSERT_FALSE(batch_sizes.empty());
  EXPECT_EQ(batch_sizes.front(), 2u);

  // A hasher that lies changes the root: the hasher really is the one used.
  const BatchHasher zero = [](std::span<const ByteView>, std::span<Hash> out) {
    for (Hash& h : out) h = Hash{};
  };
  EXPECT_NE(trie_root(entries, zero), trie_root(entries));
}

TEST(Trie, OrderedRootUsesRlpIndexKeys) {
  std::vector<Bytes> values;
  TrieEntries entries;
  for (uint64_t i = 0; i < 300; ++i) {  // crosses 0x7f/0x80 and one-to-two-byte index keys
    values.push_back(Bytes(1 + i % 70, static_cast<uint8_t>(i)));
    Bytes key;
    rlp::encode_uint(key, i);
    entries.emplace_back(key, values.back());
  }
  EXPECT_EQ(ordered_trie_root(values), oracle_root(entries));
}

}  // namespace
}  // namespace warp
