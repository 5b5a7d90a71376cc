// Durable store on LMDB: round trips of random states, account deletion, refused blocks,
// and crash atomicity (a child killed with SIGKILL mid-commit never leaves half a block).
#include "state/durable/durable_store.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kernels/evm/keccak.hpp"
#include "state/durable/state_diff.hpp"
#include "state/state.hpp"

namespace warp {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed with everything in it at scope end.
class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("warpevm_durable_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(counter++) + "_" + std::to_string(rd()));
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::unique_ptr<DurableStore> open_store(const fs::path& dir) {
  auto opened = DurableStore::open(dir, size_t{1} << 28);
  if (auto* err = std::get_if<std::string>(&opened)) {
    ADD_FAILURE() << "open: " << *err;
    return nullptr;
  }
  return std::move(std::get<std::unique_ptr<DurableStore>>(opened));
}

State load(const DurableStore& store) {
  auto loaded = store.load_state();
  if (auto* err = std::get_if<std::string>(&loaded)) {
    ADD_FAILURE() << "load_state: " << *err;
    return State{};
  }
  return std::move(std::get<State>(loaded));
}

// Exact equality of two states, field by field, with a message naming the first difference.
::testing::AssertionResult same_state(const State& a, const State& b) {
  if (a.size() != b.size()) return ::testing::AssertionFailure() << "account count " << a.size() << " vs " << b.size();
  for (const auto& [addr, acc] : a.accounts()) {
    const Account* other = b.find(addr);
    const std::string who = to_hex0x(addr);
    if (!other) return ::testing::AssertionFailure() << who << " missing";
    if (acc.nonce != other->nonce) return ::testing::AssertionFailure() << who << " nonce";
    if (acc.balance != other->balance) return ::testing::AssertionFailure() << who << " balance";
    if (acc.code != other->code) return ::testing::AssertionFailure() << who << " code";
    if (acc.code_hash != other->code_hash) return ::testing::AssertionFailure() << who << " code hash";
    if (acc.storage.size() != other->storage.size())
      return ::testing::AssertionFailure()
             << who << " storage size " << acc.storage.size() << " vs " << other->storage.size();
    for (const auto& [slot, value] : acc.storage) {
      auto it = other->storage.find(slot);
      if (it == other->storage.end() || it->second != value)
        return ::testing::AssertionFailure() << who << " storage slot differs";
    }
  }
  return ::testing::AssertionSuccess();
}

// Addresses in pairs that differ only in the last byte, so the storage prefix wipe of one
// must stop exactly at its neighbour.
Address pool_address(size_t i) {
  Address a{};
  a.bytes[0] = static_cast<uint8_t>(0xa0 + i / 2);
  a.bytes[19] = static_cast<uint8_t>(i % 2);
  return a;
}

uint256 random_word(std::mt19937_64& rng) {
  switch (rng() % 3) {
    case 0:
      return uint256{rng() % 16, 0, 0, 0};
    case 1:
      return uint256{rng(), 0, 0, 0};
    default:
      return uint256{rng(), rng(), rng(), rng()};
  }
}

Bytes random_code(std::mt19937_64& rng) {
  Bytes code(rng() % 48);
  for (auto& b : code) b = static_cast<uint8_t>(rng());
  return code;
}

// One block's worth of random edits.
void random_block(State& s, std::mt19937_64& rng, const std::vector<Bytes>& codes) {
  constexpr size_t kAddresses = 16;
  const size_t ops = 1 + rng() % 12;
  for (size_t i = 0; i < ops; ++i) {
    const Address a = pool_address(rng() % kAddresses);
    switch (rng() % 10) {
      case 0:
        s.set_balance(a, random_word(rng));
        break;
      case 1:
        s.set_nonce(a, rng() % 3 == 0 ? rng() : rng() % 100);
        break;
      case 2:
        s.set_code(a, codes[rng() % codes.size()]);
        break;
      case 3:
        s.erase(a);
        break;
      default: {
        const uint256 slot = rng() % 2 ? uint256{rng() % 8, 0, 0, 0} : random_word(rng);
        s.set_storage(a, slot, rng() % 3 == 0 ? uint256{} : random_word(rng));
      }
    }
  }
}

std::vector<Bytes> code_pool(std::mt19937_64& rng) {
  std::vector<Bytes> codes{Bytes{}};
  for (int i = 0; i < 4; ++i) codes.push_back(random_code(rng));
  return codes;
}

Bytes record_for(uint64_t number) {
  Bytes r{'b', 'l', 'k'};
  for (int i = 7; i >= 0; --i) r.push_back(static_cast<uint8_t>(number >> (8 * i)));
  return r;
}

// Applies a diff to an in-memory state by the rules the store follows; a second reading
// of StateDiff that diff_states must agree with.
void apply_diff(State& s, const StateDiff& d, const State& code_source) {
  for (const auto& change : d.accounts) {
    if (!change.fields) {
      s.erase(change.address);
      continue;
    }
    Account& acc = s.get_or_create(change.address);
    acc.nonce = change.fields->nonce;
    acc.balance = change.fields->balance;
    if (acc.code_hash != change.fields->code_hash) {
      Bytes code;
      bool found = change.fields->code_hash == kEmptyCodeHash;
      for (const auto& [h, c] : d.codes) {
        if (h != change.fields->code_hash) continue;
        code = c;
        found = true;
      }
      for (const auto& [addr2, acc2] : code_source.accounts()) {  // code the store already has
        if (found || acc2.code_hash != change.fields->code_hash) continue;
        code = acc2.code;
        found = true;
      }
      ASSERT_TRUE(found);
      s.set_code(change.address, code);
    }
  }
  for (const auto& row : d.storage) s.set_storage(row.address, row.slot, row.value);
}

// ---- diff_states ----------------------------------------------------------------------

TEST(StateDiff, EqualStatesGiveEmptyDiff) {
  std::mt19937_64 rng(7);
  auto codes = code_pool(rng);
  State s;
  for (int i = 0; i < 5; ++i) random_block(s, rng, codes);
  EXPECT_TRUE(diff_states(s, s).empty());
  EXPECT_TRUE(diff_states(State{}, State{}).empty());
}

TEST(StateDiff, ApplyingDiffReproducesTheNewState) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    auto codes = code_pool(rng);
    State before;
    for (int i = 0; i < 3; ++i) random_block(before, rng, codes);
    State after = before;
    for (int i = 0; i < 3; ++i) random_block(after, rng, codes);
    const StateDiff d = diff_states(before, after);
    State applied = before;
    apply_diff(applied, d, before);
    EXPECT_TRUE(same_state(applied, after)) << "seed " << seed;
  }
}

// The node's path: record before-images while a block changes the state, then diff only
// those accounts (or put them back). Must agree with a diff of two whole states.
TEST(StateDiff, BeforeImagesGiveTheWholeStateDiffAndRestoreExactly) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    auto codes = code_pool(rng);
    State state;
    for (int i = 0; i < 3; ++i) random_block(state, rng, codes);
    const State before = state;
    State::BeforeImages images;
    state.record_before_images(&images);
    for (int i = 0; i < 3; ++i) random_block(state, rng, codes);
    state.record_before_images(nullptr);
    EXPECT_LE(images.size(), state.size() + before.size());

    const StateDiff touched = diff_touched(images, state);
    const StateDiff whole = diff_states(before, state);
    EXPECT_EQ(touched.accounts.size(), whole.accounts.size()) << "seed " << seed;
    EXPECT_EQ(touched.storage.size(), whole.storage.size()) << "seed " << seed;
    State applied = before;
    apply_diff(applied, touched, before);
    EXPECT_TRUE(same_state(applied, state)) << "seed " << seed;

    const State copy = state;  // a copy does not record into the images
    state.restore(images);
    EXPECT_TRUE(same_state(state, before)) << "seed " << seed;
    EXPECT_EQ(state.state_root(), before.state_root());
    EXPECT_TRUE(same_state(copy, applied));
  }
}

TEST(StateDiff, DeletedAccountCarriesNoStorageRowsAndNewCodeIsListed) {
  const Address a = pool_address(0), b = pool_address(1);
  State before;
  before.set_balance(a, uint256{5, 0, 0, 0});
  before.set_storage(a, uint256{1, 0, 0, 0}, uint256{9, 0, 0, 0});
  State after;
  const Bytes code{0x60, 0x00, 0x60, 0x00};
  after.set_code(b, code);
  const StateDiff d = diff_states(before, after);
  ASSERT_EQ(d.accounts.size(), 2u);
  bool saw_delete = false, saw_add = false;
  for (const auto& c : d.accounts) {
    if (c.address == a) saw_delete = !c.fields.has_value();
    if (c.address == b) saw_add = c.fields && c.fields->code_hash == keccak256(code.data(), code.size());
  }
  EXPECT_TRUE(saw_delete);
  EXPECT_TRUE(saw_add);
  EXPECT_TRUE(d.storage.empty());
  ASSERT_EQ(d.codes.size(), 1u);
  EXPECT_EQ(d.codes[0].second, code);
}

// ---- DurableStore -----------------------------------------------------------------------

TEST(DurableStore, EmptyStoreHasNoHeadNoBlocksAndEmptyState) {
  TempDir dir;
  auto store = open_store(dir.path() / "nested" / "db");  // folders created on open
  ASSERT_TRUE(store);
  EXPECT_FALSE(store->head().has_value());
  EXPECT_FALSE(store->block(0).has_value());
  EXPECT_EQ(load(*store).size(), 0u);
}

TEST(DurableStore, RandomBlocksSurviveReopenExactly) {
  TempDir dir;
  std::mt19937_64 rng(42);
  auto codes = code_pool(rng);
  State prev, cur;
  std::vector<Hash> roots;
  {
    auto store = open_store(dir.path());
    ASSERT_TRUE(store);
    for (uint64_t n = 0; n < 25; ++n) {
      random_block(cur, rng, codes);
      const Hash root = cur.state_root();
      roots.push_back(root);
      const Bytes rec = record_for(n);
      ASSERT_EQ(store->commit_block(n, root, diff_states(prev, cur), rec), "") << "block " << n;
      prev = cur;
      auto h = store->head();
      ASSERT_TRUE(h);
      EXPECT_EQ(h->number, n);
      EXPECT_EQ(h->state_root, root);
      if (n % 8 == 0) {
        EXPECT_TRUE(same_state(load(*store), cur)) << "block " << n;
      }
    }
  }
  ASSERT_GT(cur.size(), 0u);
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  auto h = store->head();
  ASSERT_TRUE(h);
  EXPECT_EQ(h->number, 24u);
  const State loaded = load(*store);
  EXPECT_TRUE(same_state(loaded, cur));
  EXPECT_EQ(loaded.state_root(), h->state_root);
  EXPECT_EQ(loaded.state_root(), roots.back());
  for (uint64_t n = 0; n < 25; ++n) EXPECT_EQ(store->block(n), record_for(n));
  EXPECT_FALSE(store->block(25).has_value());
}

TEST(DurableStore, DeletingAnAccountRemovesAllItsStorageRows) {
  TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  // Neighbours on both sides in key order: the prefix wipe must stop at them.
  const Address lo = pool_address(0), victim = pool_address(1), hi = pool_address(2);
  State s0;
  for (uint64_t i = 0; i < 50; ++i) {
    s0.set_storage(lo, uint256{i, 0, 0, 0}, uint256{i + 1, 0, 0, 0});
    s0.set_storage(victim, uint256{i, i, i, i}, uint256{i + 7, 0, 0, 0});
    s0.set_storage(hi, uint256{0, 0, 0, i}, uint256{i + 3, 0, 0, 0});
  }
  s0.set_storage(victim, uint256{~0ull, ~0ull, ~0ull, ~0ull}, uint256{1, 0, 0, 0});
  s0.set_nonce(victim, 3);
  ASSERT_EQ(store->commit_block(0, s0.state_root(), diff_states(State{}, s0), record_for(0)), "");

  State s1 = s0;
  s1.erase(victim);
  const StateDiff d1 = diff_states(s0, s1);
  ASSERT_TRUE(d1.storage.empty());  // the delete alone must take the rows
  ASSERT_EQ(store->commit_block(1, s1.state_root(), d1, record_for(1)), "");
  EXPECT_TRUE(same_state(load(*store), s1));

  // Recreated without storage: no old row may come back.
  State s2 = s1;
  s2.set_balance(victim, uint256{1, 0, 0, 0});
  ASSERT_EQ(store->commit_block(2, s2.state_root(), diff_states(s1, s2), record_for(2)), "");
  store.reset();
  store = open_store(dir.path());
  ASSERT_TRUE(store);
  const State loaded = load(*store);
  EXPECT_TRUE(same_state(loaded, s2));
  ASSERT_TRUE(loaded.find(victim));
  EXPECT_TRUE(loaded.find(victim)->storage.empty());
  EXPECT_EQ(loaded.find(lo)->storage.size(), 50u);
  EXPECT_EQ(loaded.find(hi)->storage.size(), 50u);
}

TEST(DurableStore, WrongBlockNumberIsRefusedAndWritesNothing) {
  TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  State s0;
  s0.set_balance(pool_address(0), uint256{10, 0, 0, 0});
  const StateDiff d0 = diff_states(State{}, s0);
  EXPECT_NE(store->commit_block(1, s0.state_root(), d0, record_for(1)), "");
  EXPECT_FALSE(store->head().has_value());
  EXPECT_EQ(load(*store).size(), 0u);
  EXPECT_FALSE(store->block(1).has_value());

  ASSERT_EQ(store->commit_block(0, s0.state_root(), d0, record_for(0)), "");
  State s1 = s0;
  s1.set_storage(pool_address(0), uint256{1, 0, 0, 0}, uint256{2, 0, 0, 0});
  s1.set_code(pool_address(3), Bytes{1, 2, 3});
  const StateDiff d1 = diff_states(s0, s1);
  for (uint64_t bad : {uint64_t{0}, uint64_t{2}, uint64_t{5}, ~uint64_t{0}}) {
    EXPECT_NE(store->commit_block(bad, s1.state_root(), d1, record_for(bad)), "") << bad;
    auto h = store->head();
    ASSERT_TRUE(h);
    EXPECT_EQ(h->number, 0u);
    EXPECT_EQ(h->state_root, s0.state_root());
    EXPECT_TRUE(same_state(load(*store), s0));
    EXPECT_EQ(store->block(0), record_for(0));
    if (bad != 0) {
      EXPECT_FALSE(store->block(bad).has_value());
    }
  }
  ASSERT_EQ(store->commit_block(1, s1.state_root(), d1, record_for(1)), "");
  EXPECT_TRUE(same_state(load(*store), s1));
}

TEST(DurableStore, BlockAndTransactionIndexLandWithTheBlockOnly) {
  TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  State s0;
  s0.set_balance(pool_address(0), uint256{10, 0, 0, 0});
  const Hash h0 = keccak256(reinterpret_cast<const uint8_t*>("b0"), 2);
  const Hash h1 = keccak256(reinterpret_cast<const uint8_t*>("b1"), 2);
  const std::vector<Hash> txs = {keccak256(reinterpret_cast<const uint8_t*>("t0"), 2),
                                 keccak256(reinterpret_cast<const uint8_t*>("t1"), 2)};
  ASSERT_EQ(store->commit_block(0, s0.state_root(), diff_states(State{}, s0), record_for(0), BlockIndex{h0, {}}), "");
  // Refused (wrong number): neither its hash nor its transactions may become findable.
  EXPECT_NE(store->commit_block(5, s0.state_root(), StateDiff{}, record_for(5), BlockIndex{h1, txs}), "");
  EXPECT_FALSE(store->block_number(h1).has_value());
  EXPECT_FALSE(store->tx_location(txs[0]).has_value());

  ASSERT_EQ(store->commit_block(1, s0.state_root(), StateDiff{}, record_for(1), BlockIndex{h1, txs}), "");
  EXPECT_EQ(store->block_number(h0), 0u);
  EXPECT_EQ(store->block_number(h1), 1u);
  EXPECT_EQ(store->tx_location(txs[0]), (TxLocation{1, 0}));
  EXPECT_EQ(store->tx_location(txs[1]), (TxLocation{1, 1}));
  EXPECT_FALSE(store->tx_location(h0).has_value());
  store.reset();
  auto again = open_store(dir.path());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->tx_location(txs[1]), (TxLocation{1, 1}));
  EXPECT_EQ(again->block_number(h1), 1u);
}

TEST(DurableStore, SettingsPersistAndTheHeadNameIsReserved) {
  TempDir dir;
  {
    auto store = open_store(dir.path());
    ASSERT_TRUE(store);
    EXPECT_FALSE(store->setting("chain_id").has_value());
    EXPECT_EQ(store->put_setting("chain_id", Bytes{0, 1, 2}), "");
    EXPECT_NE(store->put_setting("head", Bytes{1}), "");
    EXPECT_NE(store->put_setting("", Bytes{1}), "");
    EXPECT_FALSE(store->setting("head").has_value());
    EXPECT_FALSE(store->head().has_value());  // the refused "head" write changed nothing
  }
  auto again = open_store(dir.path());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->setting("chain_id"), (Bytes{0, 1, 2}));
}

TEST(DurableStore, InconsistentDiffsAreRefusedAndWriteNothing) {
  TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  const Address a = pool_address(0);
  const Bytes code{0x60, 0x01};
  const Hash code_hash = keccak256(code.data(), code.size());

  StateDiff wrong_hash;
  wrong_hash.codes.push_back({code_hash, Bytes{0x60, 0x02}});
  StateDiff missing_code;
  missing_code.accounts.push_back({a, AccountFields{1, uint256{}, code_hash}});
  StateDiff orphan_storage;
  orphan_storage.storage.push_back({a, uint256{1, 0, 0, 0}, uint256{1, 0, 0, 0}});
  for (const StateDiff* d : {&wrong_hash, &missing_code, &orphan_storage}) {
    EXPECT_NE(store->commit_block(0, Hash{}, *d, record_for(0)), "");
    EXPECT_FALSE(store->head().has_value());
    EXPECT_EQ(load(*store).size(), 0u);
    EXPECT_FALSE(store->block(0).has_value());
  }
  // The same account is fine once its code comes along.
  missing_code.codes.push_back({code_hash, code});
  ASSERT_EQ(store->commit_block(0, Hash{}, missing_code, record_for(0)), "");
  const State loaded = load(*store);
  ASSERT_TRUE(loaded.find(a));
  EXPECT_EQ(Bytes(loaded.code(a).begin(), loaded.code(a).end()), code);
}

// A child commits blocks in a loop and is killed with SIGKILL at a random moment; the
// store must then hold exactly the blocks up to some n the child committed, with the state
// of block n. The block sequence cycles through kCycle precomputed states (block n has
// state n % kCycle), so the child never runs out of blocks however long it lives.
TEST(DurableStore, SigkillMidCommitLeavesAWholeBlock) {
  constexpr uint64_t kCycle = 12;
  uint64_t total_commits_seen = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    std::mt19937_64 rng(seed * 1000003);
    auto codes = code_pool(rng);
    std::vector<State> states;
    State s;
    for (uint64_t i = 0; i < kCycle; ++i) {
      random_block(s, rng, codes);
      // Bulk so each commit takes a while and a kill can land inside one.
      for (int j = 0; j < 40; ++j) s.set_storage(pool_address(rng() % 16), random_word(rng), random_word(rng));
      states.push_back(s);
    }
    std::vector<Hash> roots;
    for (const State& st : states) roots.push_back(st.state_root());
    std::vector<StateDiff> diffs;  // diffs[i]: state (i-1) % kCycle -> state i; diffs[0] from empty
    for (uint64_t i = 0; i < kCycle; ++i)
      diffs.push_back(diff_states(i == 0 ? states.back() : states[i - 1], states[i]));
    const StateDiff first = diff_states(State{}, states[0]);

    TempDir dir;
    // Created up front: the kills are aimed at commits, not at LMDB laying out a new file.
    ASSERT_TRUE(open_store(dir.path()));
    std::optional<uint64_t> last_head;
    for (int round = 0; round < 3; ++round) {
      const pid_t pid = ::fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        // Child: no gtest, no TBB, only the store; _exit so no parent state is flushed.
        auto opened = DurableStore::open(dir.path(), size_t{1} << 28);
        if (!std::holds_alternative<std::unique_ptr<DurableStore>>(opened)) ::_exit(2);
        auto& store = *std::get<std::unique_ptr<DurableStore>>(opened);
        auto h = store.head();
        for (uint64_t n = h ? h->number + 1 : 0;; ++n) {
          const StateDiff& d = n == 0 ? first : diffs[n % kCycle];
          const Bytes rec = record_for(n);
          if (!store.commit_block(n, roots[n % kCycle], d, rec).empty()) ::_exit(3);
        }
      }
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 120000));
      ASSERT_EQ(::kill(pid, SIGKILL), 0);
      int status = 0;
      ASSERT_EQ(::waitpid(pid, &status, 0), pid);
      ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
          << "child ended on its own, status " << status << " (seed " << seed << ")";

      auto store = open_store(dir.path());
      ASSERT_TRUE(store);
      auto h = store->head();
      const State loaded = load(*store);
      if (!h) {
        EXPECT_FALSE(last_head.has_value()) << "head went away, seed " << seed;
        EXPECT_EQ(loaded.size(), 0u);
        EXPECT_FALSE(store->block(0).has_value());
        continue;
      }
      if (last_head) {
        EXPECT_GE(h->number, *last_head) << "seed " << seed;
      }
      const uint64_t n = h->number;
      EXPECT_EQ(h->state_root, roots[n % kCycle]) << "seed " << seed << " block " << n;
      EXPECT_TRUE(same_state(loaded, states[n % kCycle])) << "seed " << seed << " block " << n;
      EXPECT_EQ(loaded.state_root(), h->state_root) << "seed " << seed << " block " << n;
      EXPECT_EQ(store->block(n), record_for(n));
      EXPECT_FALSE(store->block(n + 1).has_value()) << "a block past the head, seed " << seed;
      total_commits_seen += n - (last_head ? *last_head : 0);
      last_head = n;
    }
  }
  // The kills must not all have landed before the first commit, or nothing was tested.
  EXPECT_GT(total_commits_seen, 0u);
}

}  // namespace
}  // namespace warp
