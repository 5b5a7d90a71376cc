// World-state model and state root.
//
// The root is checked against GeneralStateTests whose transaction is rejected
// (post.Cancun[i].expectException): a rejected transaction changes nothing, so the expected
// post-state root is the root of "pre" itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "kernels/evm/keccak.hpp"
#include "state/rlp.hpp"
#include "state/state.hpp"
#include "state/state_json.hpp"

namespace warp {
namespace {

namespace fs = std::filesystem;
const fs::path kFixtures = fs::path(WARPEVM_FIXTURES_DIR) / "ethereum-tests";

Address addr(uint8_t last) {
  Address a{};
  a.bytes[19] = last;
  return a;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- fixtures: rejected transactions leave the pre-state root -------------------------
TEST(StateRootFixtures, RejectedTransactionsKeepPreStateRoot) {
  const fs::path dir = kFixtures / "GeneralStateTests";
  ASSERT_TRUE(fs::is_directory(dir)) << "missing fixtures " << dir;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());  // deterministic order and failure messages

  const auto start = std::chrono::steady_clock::now();
  size_t cases = 0, with_storage = 0, skipped = 0;
  for (const fs::path& file : files) {
    const std::string text = read_text(file);
    if (text.find("\"expectException\"") == std::string::npos) continue;  // cheap pre-filter
    const nlohmann::json doc = nlohmann::json::parse(text);
    for (const auto& [name, test] : doc.items()) {
      const auto post = test.at("post").find("Cancun");
      if (post == test.at("post").end()) continue;
      const std::string where = fs::relative(file, dir).string() + " " + name;
      const State pre = load_state_from_json(test.at("pre"));
      // The test runner touches the coinbase after a rejected transaction; an EMPTY
      // coinbase in pre would then be removed (EIP-161), so the root would not be pre's.
      const Address coinbase = *fixed_from_hex<20>(test.at("env").at("currentCoinbase").get<std::string>());
      const bool coinbase_removed = pre.exists(coinbase) && pre.find(coinbase)->empty();
      bool has_storage = false;
      for (const auto& [a, acc] : pre.accounts()) has_storage = has_storage || !acc.storage.empty();
      const Hash root = pre.state_root();
      for (size_t i = 0; i < post->size(); ++i) {
        const nlohmann::json& c = (*post)[i];
        if (!c.contains("expectException")) continue;
        if (coinbase_removed) {
          ++skipped;
          continue;
        }
        EXPECT_EQ(to_hex0x(root), c.at("hash").get<std::string>()) << where << " Cancun[" << i << "]";
        ++cases;
        with_storage += has_storage ? 1 : 0;
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ info ] " << cases << " rejected-transaction cases (" << with_storage << " with storage, " << skipped
            << " skipped for an empty coinbase) in " << seconds << " s\n";
  EXPECT_GE(cases, 50u);
  // Storage roots are exercised, not only empty ones (the pinned fixtures hold 4 such cases).
  EXPECT_GE(with_storage, 4u);
}

// ---- account encoding against the hex-encoded secure trie fixture ---------------------
// Its entries are real accounts: address -> rlp([nonce, balance, storageRoot, codeHash]).
// Those with no storage and no code can be rebuilt from nonce and balance alone, so our
// account encoding must reproduce the fixture's bytes (and hence its root).
TEST(StateRoot, AccountsWithoutStorageOrCodeMatchFixtureEncoding) {
  std::ifstream in(kFixtures / "TrieTests" / "hex_encoded_securetrie_test.json");
  ASSERT_TRUE(in) << "missing hex_encoded_securetrie_test.json";
  const nlohmann::json doc = nlohmann::json::parse(in);
  size_t rebuilt = 0;
  for (const auto& [name, c] : doc.items()) {
    for (const auto& [key, value] : c.at("in").items()) {
      const Bytes encoded = *from_hex(value.get<std::string>());
      auto decoded = rlp::decode(encoded);
      ASSERT_TRUE(std::holds_alternative<rlp::Item>(decoded)) << name << " " << key;
      const rlp::Item& item = std::get<rlp::Item>(decoded);
      ASSERT_TRUE(item.is_list && item.items.size() == 4) << name << " " << key;
      const Bytes& storage_root = item.items[2].bytes;
      const Bytes& code_hash = item.items[3].bytes;
      if (!std::equal(storage_root.begin(), storage_root.end(), kEmptyTrieRoot.bytes) ||
          !std::equal(code_hash.begin(), code_hash.end(), kEmptyCodeHash.bytes))
        continue;
      State s;
      const Address a = *fixed_from_hex<20>(key);
      const Bytes& nonce = item.items[0].bytes;
      ASSERT_LE(nonce.size(), 8u);
      s.set_nonce(a, uint256::from_be_bytes(nonce.data(), nonce.size()).low64());
      s.set_balance(a, uint256::from_be_bytes(item.items[1].bytes.data(), item.items[1].bytes.size()));
      EXPECT_EQ(s.state_root(), secure_trie_root({{Bytes(a.bytes, a.bytes + 20), encoded}})) << name << " " << key;
      ++rebuilt;
    }
  }
  EXPECT_GE(rebuilt, 2u);
}

// ---- unit tests ---------------------------------------------------------------------
TEST(StateRoot, EmptyStateHasEmptyTrieRoot) {
  EXPECT_EQ(State().state_root(), kEmptyTrieRoot);
  const std::string empty_code = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";
  EXPECT_EQ(to_hex0x(kEmptyCodeHash), empty_code);
  EXPECT_EQ(kEmptyCodeHash, keccak256(nullptr, 0));
}

TEST(StateRoot, StorageValueIsMinimalBigEndian) {
  // One account, nonce 0, balance 0, no code, slot 5 = 1. Built by hand:
  // storage trie {keccak(slot32): rlp(0x01) = 0x01}, account rlp(list of 4).
  State s;
  s.set_storage(addr(9), uint256(5), uint256(1));
  Bytes slot(32, 0);
  slot[31] = 5;
  const Hash storage_root = secure_trie_root({{slot, Bytes{0x01}}});
  Bytes payload = {0x80, 0x80, 0xa0};
  payload.insert(payload.end(), storage_root.bytes, storage_root.bytes + 32);
  payload.push_back(0xa0);
  payload.insert(payload.end(), kEmptyCodeHash.bytes, kEmptyCodeHash.bytes + 32);
  const Address a = addr(9);
  EXPECT_EQ(s.state_root(), secure_trie_root({{Bytes(a.bytes, a.bytes + 20), rlp::encode_list(payload)}}));

  // A two-byte value: 0x0100 must be stored as rlp(0x01 0x00) = 0x82 0x01 0x00.
  State t;
  t.set_storage(addr(9), uint256(5), uint256(0x100));
  const Hash root2 = secure_trie_root({{slot, Bytes{0x82, 0x01, 0x00}}});
  Bytes payload2 = {0x80, 0x80, 0xa0};
  payload2.insert(payload2.end(), root2.bytes, root2.bytes + 32);
  payload2.push_back(0xa0);
  payload2.insert(payload2.end(), kEmptyCodeHash.bytes, kEmptyCodeHash.bytes + 32);
  EXPECT_EQ(t.state_root(), secure_trie_root({{Bytes(a.bytes, a.bytes + 20), rlp::encode_list(payload2)}}));
}

TEST(StateModel, AccessorsAndZeroSlotRemoval) {
  State s;
  EXPECT_FALSE(s.exists(addr(1)));
  EXPECT_TRUE(s.balance(addr(1)).is_zero());
  EXPECT_EQ(s.nonce(addr(1)), 0u);
  EXPECT_TRUE(s.code(addr(1)).empty());
  EXPECT_EQ(s.code_hash(addr(1)), Hash{});

  s.set_storage(addr(1), uint256(3), uint256{});  // zero write to an absent account: no-op
  EXPECT_FALSE(s.exists(addr(1)));

  s.set_balance(addr(1), uint256(0, 0, 0, 7));
  s.set_nonce(addr(1), 42);
  const Bytes code = {0x60, 0x00, 0x56};
  s.set_code(addr(1), code);
  EXPECT_EQ(s.balance(addr(1)), uint256(0, 0, 0, 7));
  EXPECT_EQ(s.nonce(addr(1)), 42u);
  EXPECT_TRUE(std::equal(code.begin(), code.end(), s.code(addr(1)).begin(), s.code(addr(1)).end()));
  EXPECT_EQ(s.code_hash(addr(1)), keccak256(code.data(), code.size()));

  const Hash before = s.state_root();
  s.set_storage(addr(1), uint256(3), uint256(99));
  EXPECT_EQ(s.storage(addr(1), uint256(3)), uint256(99));
  const Hash with_slot = s.state_root();
  EXPECT_NE(with_slot, before);
  s.set_storage(addr(1), uint256(3), uint256{});
  EXPECT_TRUE(s.find(addr(1))->storage.empty());
  EXPECT_EQ(s.state_root(), before);

  s.erase(addr(1));
  EXPECT_EQ(s.state_root(), kEmptyTrieRoot);
}

// Many accounts with storage: the result must not depend on insertion order, and all
// storage tries must share the level batches (hasher calls do not grow with accounts).
TEST(StateRoot, ManyAccountsBatchedAndOrderIndependent) {
  std::mt19937_64 rng(1);
  struct Op {
    Address a;
    uint256 slot, value, balance;
  };
  std::vector<Op> ops;
  for (int i = 0; i < 3000; ++i) {
    Op op{};
    for (auto& b : op.a.bytes) b = static_cast<uint8_t>(rng() % 64);  // collisions on purpose
    op.slot = uint256(rng() % 8);
    op.value = uint256(rng() % 4 == 0 ? 0 : rng());
    op.balance = uint256(rng(), rng(), 0, 0);
    ops.push_back(op);
  }
  auto build = [](const std::vector<Op>& list) {
    State s;
    for (const Op& op : list) {
      s.set_balance(op.a, op.balance);
      s.set_storage(op.a, op.slot, op.value);
    }
    return s;
  };
  const State forward = build(ops);
  size_t calls = 0;
  const BatchHasher counting = [&](std::span<const ByteView> in, std::span<Hash> out) {
    ++calls;
    cpu_batch_hasher()(in, out);
  };
  const Hash root = forward.state_root(counting);
  EXPECT_LT(calls, 40u) << "storage tries are not hashed as shared level batches";

  // Same final contents, different insertion order: per address, keep the last balance
  // and the last write per slot, then replay those in reverse order.
  State reordered;
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    if (!reordered.exists(it->a)) reordered.set_balance(it->a, it->balance);
  }
  std::vector<std::pair<Address, uint256>> seen;
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    if (std::find(seen.begin(), seen.end(), std::make_pair(it->a, it->slot)) != seen.end()) continue;
    seen.emplace_back(it->a, it->slot);
    reordered.set_storage(it->a, it->slot, it->value);
  }
  EXPECT_EQ(reordered.state_root(), root);
  EXPECT_NE(root, kEmptyTrieRoot);
}

// ---- JSON loading -----------------------------------------------------------------
TEST(StateJson, ParsesQuantitiesCodeAndStorage) {
  const nlohmann::json alloc = nlohmann::json::parse(R"({
    "0x00000000000000000000000000000000000000aa": {
      "balance": "0x0de0b6b3a7640000", "nonce": "0xffffffffffffffff", "code": "0x6001",
      "storage": {"0x01": "0x02", "0x0000000000000000000000000000000000000000000000000000000000000003": "0x00"}},
    "0x00000000000000000000000000000000000000BB": {"balance": "1000000000000000000", "nonce": 3},
    "0x00000000000000000000000000000000000000cc": {
      "balance": "0x00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}
  })");
  const State s = load_state_from_json(alloc);
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.balance(addr(0xaa)), uint256(1000000000000000000ull));
  EXPECT_EQ(s.balance(addr(0xbb)), uint256(1000000000000000000ull));
  EXPECT_EQ(s.balance(addr(0xcc)), uint256::max());
  EXPECT_EQ(s.nonce(addr(0xaa)), ~0ull);
  EXPECT_EQ(s.nonce(addr(0xbb)), 3u);
  EXPECT_EQ(s.code(addr(0xaa)).size(), 2u);
  EXPECT_EQ(s.code_hash(addr(0xbb)), kEmptyCodeHash);
  EXPECT_EQ(s.storage(addr(0xaa), uint256(1)), uint256(2));
  EXPECT_EQ(s.find(addr(0xaa))->storage.size(), 1u);  // the zero slot is dropped
}

TEST(StateJson, RejectsMalformedInput) {
  const std::string ok_addr = "0x00000000000000000000000000000000000000aa";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"not an object", R"([])"},
      {"short address", R"({"0x00aa": {}})"},
      {"non-hex address", R"({"0x00000000000000000000000000000000000000zz": {}})"},
      {"account not an object", R"({")" + ok_addr + R"(": 5})"},
      {"bad hex balance", R"({")" + ok_addr + R"(": {"balance": "0x12g"}})"},
      {"balance over 256 bits", R"({")" + ok_addr + R"(": {"balance": "0x1)" + std::string(64, '0') + R"("}})"},
      {"decimal over 256 bits", R"({")" + ok_addr + R"(": {"balance": ")" + std::string(80, '9') + R"("}})"},
      {"nonce over 64 bits", R"({")" + ok_addr + R"(": {"nonce": "0x10000000000000000"}})"},
      {"negative nonce", R"({")" + ok_addr + R"(": {"nonce": -1}})"},
      {"odd code hex", R"({")" + ok_addr + R"(": {"code": "0x123"}})"},
      {"storage not an object", R"({")" + ok_addr + R"(": {"storage": []}})"},
      {"bad slot", R"({")" + ok_addr + R"(": {"storage": {"0xzz": "0x01"}}})"},
      {"duplicate address", R"({")" + ok_addr + R"(": {}, "0x00000000000000000000000000000000000000AA": {}})"},
  };
  for (const auto& [what, text] : bad) {
    EXPECT_THROW(load_state_from_json(nlohmann::json::parse(text)), std::runtime_error) << what;
  }
}

}  // namespace
}  // namespace warp
