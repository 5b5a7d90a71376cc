#include "state/durable/durable_store.hpp"

#include <lmdb.h>

#include <cstring>
#include <system_error>
#include <type_traits>

#include "kernels/evm/keccak.hpp"

namespace warp {

namespace {

static_assert(std::is_same_v<MDB_dbi, unsigned>, "DurableStore keeps MDB_dbi as unsigned");

constexpr size_t kAccountLen = 8 + 32 + 32;
constexpr size_t kStorageKeyLen = 20 + 32;
constexpr size_t kHeadLen = 8 + 32;
constexpr char kHeadKey[] = "head";

std::string lmdb_error(const char* what, int rc) { return std::string(what) + ": " + mdb_strerror(rc); }

MDB_val val(const void* p, size_t n) { return MDB_val{n, const_cast<void*>(p)}; }
const uint8_t* bytes_of(const MDB_val& v) { return static_cast<const uint8_t*>(v.mv_data); }

struct StorageKey {
  uint8_t b[kStorageKeyLen];
  StorageKey(const Address& a, const uint256& slot) {
    std::memcpy(b, a.bytes, 20);
    slot.to_be_bytes(b + 20);
  }
};

// Aborts the transaction unless committed: every early return writes nothing.
class Txn {
 public:
  Txn(MDB_env* env, unsigned flags) { rc_ = mdb_txn_begin(env, nullptr, flags, &txn_); }
  ~Txn() {
    if (txn_) mdb_txn_abort(txn_);
  }
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  int begin_rc() const { return rc_; }
  MDB_txn* get() const { return txn_; }
  int commit() {
    int rc = mdb_txn_commit(txn_);
    txn_ = nullptr;  // freed by LMDB whether or not the commit succeeded
    return rc;
  }

 private:
  MDB_txn* txn_ = nullptr;
  int rc_ = 0;
};

class Cursor {
 public:
  Cursor(MDB_txn* txn, MDB_dbi dbi) { rc_ = mdb_cursor_open(txn, dbi, &cur_); }
  ~Cursor() {
    if (cur_) mdb_cursor_close(cur_);
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  int open_rc() const { return rc_; }
  MDB_cursor* get() const { return cur_; }

 private:
  MDB_cursor* cur_ = nullptr;
  int rc_ = 0;
};

// The head as seen inside `txn`: nullopt when none, error string on a bad read.
std::variant<std::optional<Head>, std::string> read_head(MDB_txn* txn, MDB_dbi meta) {
  MDB_val k = val(kHeadKey, sizeof(kHeadKey) - 1), v{};
  int rc = mdb_get(txn, meta, &k, &v);
  if (rc == MDB_NOTFOUND) return std::optional<Head>{};
  if (rc != 0) return lmdb_error("read head", rc);
  if (v.mv_size != kHeadLen) return std::string("corrupt head record");
  Head h;
  h.number = get_be64(bytes_of(v));
  std::memcpy(h.state_root.bytes, bytes_of(v) + 8, 32);
  return std::optional<Head>{h};
}

// Deletes every storage row keyed by `a`. Re-seeks after each delete rather than relying
// on where LMDB leaves a cursor after mdb_cursor_del.
int wipe_storage(MDB_txn* txn, MDB_dbi storage, const Address& a) {
  Cursor cur(txn, storage);
  if (cur.open_rc() != 0) return cur.open_rc();
  const StorageKey start(a, uint256{});
  for (;;) {
    MDB_val k = val(start.b, kStorageKeyLen), v{};
    int rc = mdb_cursor_get(cur.get(), &k, &v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND) return 0;
    if (rc != 0) return rc;
    if (k.mv_size < 20 || std::memcmp(k.mv_data, a.bytes, 20) != 0) return 0;
    rc = mdb_cursor_del(cur.get(), 0);
    if (rc != 0) return rc;
  }
}

}  // namespace

std::variant<std::unique_ptr<DurableStore>, std::string> DurableStore::open(const std::filesystem::path& dir,
                                                                            size_t map_size) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "create " + dir.string() + ": " + ec.message();

  std::unique_ptr<DurableStore> store(new DurableStore());
  int rc = mdb_env_create(&store->env_);
  if (rc != 0) {
    store->env_ = nullptr;
    return lmdb_error("mdb_env_create", rc);
  }
  if ((rc = mdb_env_set_maxdbs(store->env_, 7)) != 0) return lmdb_error("mdb_env_set_maxdbs", rc);
  if ((rc = mdb_env_set_mapsize(store->env_, map_size)) != 0) return lmdb_error("mdb_env_set_mapsize", rc);
  if ((rc = mdb_env_open(store->env_, dir.c_str(), 0, 0644)) != 0)
    return lmdb_error(("open " + dir.string()).c_str(), rc);

  Txn txn(store->env_, 0);
  if (txn.begin_rc() != 0) return lmdb_error("begin", txn.begin_rc());
  struct Table {
    const char* name;
    unsigned* dbi;
  };
  for (Table t : {Table{"accounts", &store->accounts_}, Table{"storage", &store->storage_},
                  Table{"code", &store->code_}, Table{"blocks", &store->blocks_}, Table{"hashes", &store->hashes_},
                  Table{"txs", &store->txs_}, Table{"meta", &store->meta_}}) {
    MDB_dbi dbi = 0;
    if ((rc = mdb_dbi_open(txn.get(), t.name, MDB_CREATE, &dbi)) != 0)
      return lmdb_error((std::string("open table ") + t.name).c_str(), rc);
    *t.dbi = dbi;
  }
  if ((rc = txn.commit()) != 0) return lmdb_error("commit tables", rc);
  return store;
}

DurableStore::~DurableStore() {
  if (env_) mdb_env_close(env_);
}

std::optional<Head> DurableStore::head() const {
  Txn txn(env_, MDB_RDONLY);
  if (txn.begin_rc() != 0) return std::nullopt;
  auto h = read_head(txn.get(), meta_);
  if (auto* got = std::get_if<std::optional<Head>>(&h)) return *got;
  return std::nullopt;
}

std::variant<State, std::string> DurableStore::load_state() const {
  Txn txn(env_, MDB_RDONLY);
  if (txn.begin_rc() != 0) return lmdb_error("begin", txn.begin_rc());
  State state;
  int rc = 0;
  {
    Cursor cur(txn.get(), accounts_);
    if (cur.open_rc() != 0) return lmdb_error("cursor", cur.open_rc());
    MDB_val k{}, v{};
    for (rc = mdb_cursor_get(cur.get(), &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur.get(), &k, &v, MDB_NEXT)) {
      if (k.mv_size != 20 || v.mv_size != kAccountLen) return std::string("corrupt account row");
      Address a;
      std::memcpy(a.bytes, k.mv_data, 20);
      Account& acc = state.get_or_create(a);
      acc.nonce = get_be64(bytes_of(v));
      acc.balance = uint256::from_be_bytes(bytes_of(v) + 8, 32);
      Hash code_hash;
      std::memcpy(code_hash.bytes, bytes_of(v) + 40, 32);
      if (code_hash == kEmptyCodeHash) continue;
      MDB_val ck = val(code_hash.bytes, 32), cv{};
      int crc = mdb_get(txn.get(), code_, &ck, &cv);
      if (crc == MDB_NOTFOUND) return "code missing for account " + to_hex0x(a);
      if (crc != 0) return lmdb_error("read code", crc);
      state.set_code(a, Bytes(bytes_of(cv), bytes_of(cv) + cv.mv_size));
      if (state.code_hash(a) != code_hash) return "code does not match its hash for account " + to_hex0x(a);
    }
    if (rc != MDB_NOTFOUND) return lmdb_error("read accounts", rc);
  }
  {
    Cursor cur(txn.get(), storage_);
    if (cur.open_rc() != 0) return lmdb_error("cursor", cur.open_rc());
    MDB_val k{}, v{};
    for (rc = mdb_cursor_get(cur.get(), &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur.get(), &k, &v, MDB_NEXT)) {
      if (k.mv_size != kStorageKeyLen || v.mv_size != 32) return std::string("corrupt storage row");
      Address a;
      std::memcpy(a.bytes, k.mv_data, 20);
      const uint256 slot = uint256::from_be_bytes(bytes_of(k) + 20, 32);
      const uint256 value = uint256::from_be_bytes(bytes_of(v), 32);
      if (!state.exists(a)) return "storage row of absent account " + to_hex0x(a);
      if (value.is_zero()) return "zero storage row for account " + to_hex0x(a);
      state.set_storage(a, slot, value);
    }
    if (rc != MDB_NOTFOUND) return lmdb_error("read storage", rc);
  }
  return state;
}

std::string DurableStore::commit_block(uint64_t number, const Hash& state_root, const StateDiff& diff,
                                       ByteView block_record, const BlockIndex& index) {
  Txn txn(env_, 0);
  if (txn.begin_rc() != 0) return lmdb_error("begin", txn.begin_rc());
  MDB_txn* t = txn.get();

  auto head_or = read_head(t, meta_);
  if (auto* err = std::get_if<std::string>(&head_or)) return *err;
  const std::optional<Head>& cur_head = std::get<std::optional<Head>>(head_or);
  const uint64_t expected = cur_head ? cur_head->number + 1 : 0;
  if (number != expected)
    return "block " + std::to_string(number) + " refused: next block is " + std::to_string(expected);

  int rc = 0;
  for (const AccountChange& change : diff.accounts) {
    MDB_val k = val(change.address.bytes, 20);
    if (!change.fields) {
      rc = mdb_del(t, accounts_, &k, nullptr);
      if (rc != 0 && rc != MDB_NOTFOUND) return lmdb_error("delete account", rc);
      if ((rc = wipe_storage(t, storage_, change.address)) != 0) return lmdb_error("delete storage", rc);
      continue;
    }
    uint8_t row[kAccountLen];
    put_be64(row, change.fields->nonce);
    change.fields->balance.to_be_bytes(row + 8);
    std::memcpy(row + 40, change.fields->code_hash.bytes, 32);
    MDB_val v = val(row, kAccountLen);
    if ((rc = mdb_put(t, accounts_, &k, &v, 0)) != 0) return lmdb_error("write account", rc);
  }

  for (const StorageChange& change : diff.storage) {
    const StorageKey key(change.address, change.slot);
    MDB_val k = val(key.b, kStorageKeyLen);
    if (change.value.is_zero()) {
      rc = mdb_del(t, storage_, &k, nullptr);
      if (rc != 0 && rc != MDB_NOTFOUND) return lmdb_error("delete storage", rc);
      continue;
    }
    MDB_val ak = val(change.address.bytes, 20), av{};
    rc = mdb_get(t, accounts_, &ak, &av);
    if (rc == MDB_NOTFOUND) return "storage write for absent account " + to_hex0x(change.address);
    if (rc != 0) return lmdb_error("read account", rc);
    uint8_t value[32];
    change.value.to_be_bytes(value);
    MDB_val v = val(value, 32);
    if ((rc = mdb_put(t, storage_, &k, &v, 0)) != 0) return lmdb_error("write storage", rc);
  }

  for (const auto& [hash, code] : diff.codes) {
    if (keccak256(code.data(), code.size()) != hash) return "code does not match hash " + to_hex0x(hash);
    if (hash == kEmptyCodeHash) continue;  // implied, never stored
    MDB_val k = val(hash.bytes, 32), v = val(code.data(), code.size());
    if ((rc = mdb_put(t, code_, &k, &v, 0)) != 0) return lmdb_error("write code", rc);
  }

  // Checked after the codes are in, so a block may bring the code its accounts use.
  for (const AccountChange& change : diff.accounts) {
    if (!change.fields || change.fields->code_hash == kEmptyCodeHash) continue;
    MDB_val k = val(change.fields->code_hash.bytes, 32), v{};
    rc = mdb_get(t, code_, &k, &v);
    if (rc == MDB_NOTFOUND) return "code missing for account " + to_hex0x(change.address);
    if (rc != 0) return lmdb_error("read code", rc);
  }

  uint8_t num[8];
  put_be64(num, number);
  MDB_val bk = val(num, 8), bv = val(block_record.data(), block_record.size());
  if ((rc = mdb_put(t, blocks_, &bk, &bv, 0)) != 0) return lmdb_error("write block", rc);

  if (index.block_hash != Hash{}) {
    MDB_val k = val(index.block_hash.bytes, 32);
    if ((rc = mdb_put(t, hashes_, &k, &bk, 0)) != 0) return lmdb_error("write block hash", rc);
  }
  for (size_t i = 0; i < index.tx_hashes.size(); ++i) {
    uint8_t loc[12];
    put_be64(loc, number);
    const auto idx = static_cast<uint32_t>(i);
    put_be32(loc + 8, idx);
    MDB_val k = val(index.tx_hashes[i].bytes, 32), v = val(loc, sizeof(loc));
    if ((rc = mdb_put(t, txs_, &k, &v, 0)) != 0) return lmdb_error("write transaction index", rc);
  }

  uint8_t head_row[kHeadLen];
  put_be64(head_row, number);
  std::memcpy(head_row + 8, state_root.bytes, 32);
  MDB_val hk = val(kHeadKey, sizeof(kHeadKey) - 1), hv = val(head_row, kHeadLen);
  if ((rc = mdb_put(t, meta_, &hk, &hv, 0)) != 0) return lmdb_error("write head", rc);

  if ((rc = txn.commit()) != 0) return lmdb_error("commit", rc);
  return "";
}

std::optional<Bytes> DurableStore::block(uint64_t number) const {
  Txn txn(env_, MDB_RDONLY);
  if (txn.begin_rc() != 0) return std::nullopt;
  uint8_t num[8];
  put_be64(num, number);
  MDB_val k = val(num, 8), v{};
  if (mdb_get(txn.get(), blocks_, &k, &v) != 0) return std::nullopt;
  return Bytes(bytes_of(v), bytes_of(v) + v.mv_size);
}

std::optional<uint64_t> DurableStore::block_number(const Hash& block_hash) const {
  Txn txn(env_, MDB_RDONLY);
  if (txn.begin_rc() != 0) return std::nullopt;
  MDB_val k = val(block_hash.bytes, 32), v{};
  if (mdb_get(txn.get(), hashes_, &k, &v) != 0 || v.mv_size != 8) return std::nullopt;
  return get_be64(bytes_of(v));
}

std::optional<TxLocation> DurableStore::tx_location(const Hash& tx_hash) const {
  Txn txn(env_, MDB_RDONLY);
  if (txn.begin_rc() != 0) return std::nullopt;
  MDB_val k = val(tx_hash.bytes, 32), v{};
  if (mdb_get(txn.get(), txs_, &k, &v) != 0 || v.mv_size != 12) return std::nullopt;
  TxLocation loc;
  loc.block = get_be64(bytes_of(v));
  loc.index = get_be32(bytes_of(v) + 8);
  return loc;
}

std::optional<Bytes> DurableStore::setting(std::string_view name) const {
  if (name == kHeadKey) return std::nullopt;
  Txn txn(env_, MDB_RDONLY);
  if (txn.begin_rc() != 0) return std::nullopt;
  MDB_val k = val(name.data(), name.size()), v{};
  if (mdb_get(txn.get(), meta_, &k, &v) != 0) return std::nullopt;
  return Bytes(bytes_of(v), bytes_of(v) + v.mv_size);
}

std::string DurableStore::put_setting(std::string_view name, ByteView value) {
  if (name.empty() || name == kHeadKey) return "setting name '" + std::string(name) + "' is reserved";
  Txn txn(env_, 0);
  if (txn.begin_rc() != 0) return lmdb_error("begin", txn.begin_rc());
  MDB_val k = val(name.data(), name.size()), v = val(value.data(), value.size());
  int rc = mdb_put(txn.get(), meta_, &k, &v, 0);
  if (rc != 0) return lmdb_error("write setting", rc);
  if ((rc = txn.commit()) != 0) return lmdb_error("commit", rc);
  return "";
}

}  // namespace warp
