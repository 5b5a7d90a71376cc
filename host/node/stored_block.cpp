#include "host/node/stored_block.hpp"

#include <cstring>
#include <utility>

#include "host/node/rlp_fields.hpp"
#include "state/rlp.hpp"

namespace warp {
namespace {

// Deepest nesting a valid record has: record > receipts > receipt > logs > log > topics.
constexpr size_t kMaxDepth = 6;

// ---- encoding ------------------------------------------------------------------------------

void put_receipt(Bytes& out, const StoredReceipt& r) {
  Bytes p;
  rlp_put_fixed(p, r.tx_hash);
  rlp_put_fixed(p, r.sender);
  rlp::encode_uint(p, static_cast<uint64_t>(r.type));
  rlp::encode_uint(p, r.success ? 1 : 0);
  rlp::encode_uint(p, r.gas_used);
  rlp::encode_uint(p, r.cumulative_gas_used);
  rlp::encode_u256(p, r.effective_gas_price);
  if (r.contract_address)
    rlp_put_fixed(p, *r.contract_address);
  else
    rlp::encode_string(p, ByteView{});
  const Bytes logs = encode_logs(r.logs);
  p.insert(p.end(), logs.begin(), logs.end());
  rlp::append_list(out, p);
}

void put_diff(Bytes& out, const StateDiff& diff) {
  Bytes accounts;
  for (const AccountChange& c : diff.accounts) {
    Bytes entry;
    rlp_put_fixed(entry, c.address);
    Bytes fields;
    if (c.fields) {
      rlp::encode_uint(fields, c.fields->nonce);
      rlp::encode_u256(fields, c.fields->balance);
      rlp_put_fixed(fields, c.fields->code_hash);
    }
    rlp::append_list(entry, fields);
    rlp::append_list(accounts, entry);
  }
  Bytes storage;
  for (const StorageChange& s : diff.storage) {
    Bytes entry;
    rlp_put_fixed(entry, s.address);
    rlp::encode_u256(entry, s.slot);
    rlp::encode_u256(entry, s.value);
    rlp::append_list(storage, entry);
  }
  Bytes codes;
  for (const auto& [hash, code] : diff.codes) {
    Bytes entry;
    rlp_put_fixed(entry, hash);
    rlp::encode_string(entry, code);
    rlp::append_list(codes, entry);
  }
  Bytes p;
  rlp::append_list(p, accounts);
  rlp::append_list(p, storage);
  rlp::append_list(p, codes);
  rlp::append_list(out, p);
}

// ---- decoding ------------------------------------------------------------------------------

std::string indexed(const char* what, size_t i) { return std::string(what) + " " + std::to_string(i); }

bool read_receipt(const rlp::Item& item, size_t i, StoredReceipt& r, std::string& error) {
  RlpFieldReader f(item, indexed("receipt", i));
  r.tx_hash = f.fixed<32>("txHash");
  r.sender = f.fixed<20>("sender");
  const uint64_t type = f.u64("type");
  if (f.ok() && type > static_cast<uint64_t>(TxType::Blob)) f.fail(indexed("receipt", i) + ": unknown type");
  r.type = static_cast<TxType>(type);
  const uint64_t status = f.u64("status");
  if (f.ok() && status > 1) f.fail(indexed("receipt", i) + ": status must be 0 or 1");
  r.success = status == 1;
  r.gas_used = f.u64("gasUsed");
  r.cumulative_gas_used = f.u64("cumulativeGasUsed");
  r.effective_gas_price = f.u256("effectiveGasPrice");
  const Bytes created = f.bytes("contractAddress");
  if (f.ok() && !created.empty()) {
    if (created.size() != 20) {
      f.fail(indexed("receipt", i) + ": contractAddress must be empty or 20 bytes");
    } else {
      Address a{};
      std::memcpy(a.bytes, created.data(), 20);
      r.contract_address = a;
    }
  }
  r.logs = f.logs("logs");
  f.expect_end();
  if (!f.ok()) error = f.error();
  return f.ok();
}

bool read_diff(const rlp::Item& item, StateDiff& diff, std::string& error) {
  RlpFieldReader f(item, "diff");
  const rlp::Item* accounts = f.list("accounts");
  const rlp::Item* storage = f.list("storage");
  const rlp::Item* codes = f.list("codes");
  f.expect_end();
  if (!f.ok()) {
    error = f.error();
    return false;
  }
  diff.accounts.reserve(accounts->items.size());
  for (size_t i = 0; i < accounts->items.size(); ++i) {
    RlpFieldReader a(accounts->items[i], indexed("account change", i));
    AccountChange c;
    c.address = a.fixed<20>("address");
    if (const rlp::Item* fields = a.list("fields"); fields && !fields->items.empty()) {
      RlpFieldReader fr(*fields, indexed("account change", i) + " fields");
      AccountFields af;
      af.nonce = fr.u64("nonce");
      af.balance = fr.u256("balance");
      af.code_hash = fr.fixed<32>("codeHash");
      fr.expect_end();
      if (!fr.ok()) a.fail(fr.error());
      c.fields = af;
    }
    a.expect_end();
    if (!a.ok()) {
      error = a.error();
      return false;
    }
    diff.accounts.push_back(c);
  }
  diff.storage.reserve(storage->items.size());
  for (size_t i = 0; i < storage->items.size(); ++i) {
    RlpFieldReader s(storage->items[i], indexed("storage change", i));
    StorageChange c;
    c.address = s.fixed<20>("address");
    c.slot = s.u256("slot");
    c.value = s.u256("value");
    s.expect_end();
    if (!s.ok()) {
      error = s.error();
      return false;
    }
    diff.storage.push_back(c);
  }
  diff.codes.reserve(codes->items.size());
  for (size_t i = 0; i < codes->items.size(); ++i) {
    RlpFieldReader c(codes->items[i], indexed("code", i));
    Hash hash = c.fixed<32>("codeHash");
    Bytes code = c.bytes("code");
    c.expect_end();
    if (!c.ok()) {
      error = c.error();
      return false;
    }
    diff.codes.emplace_back(hash, std::move(code));
  }
  return true;
}

}  // namespace

Bytes encode_stored_block(const StoredBlock& block) {
  Bytes p;
  rlp::encode_uint(p, kStoredBlockVersion);
  const Bytes header = encode_header(block.header);
  p.insert(p.end(), header.begin(), header.end());
  Bytes txs;
  for (const Bytes& raw : block.raw_txs) rlp::encode_string(txs, raw);
  rlp::append_list(p, txs);
  Bytes receipts;
  for (const StoredReceipt& r : block.receipts) put_receipt(receipts, r);
  rlp::append_list(p, receipts);
  put_diff(p, block.diff);
  return rlp::encode_list(p);
}

std::variant<StoredBlock, std::string> decode_stored_block(ByteView record) {
  auto decoded = rlp::decode(record, kMaxDepth);
  if (auto* err = std::get_if<rlp::DecodeError>(&decoded)) return "stored block: " + err->message;
  const rlp::Item& root = std::get<rlp::Item>(decoded);

  RlpFieldReader f(root, "stored block");
  const uint64_t version = f.u64("version");
  if (f.ok() && version != kStoredBlockVersion)
    return "stored block: unsupported layout version " + std::to_string(version) + " (this build reads " +
           std::to_string(kStoredBlockVersion) + ")";
  const rlp::Item* header = f.list("header");
  const rlp::Item* txs = f.list("transactions");
  const rlp::Item* receipts = f.list("receipts");
  const rlp::Item* diff = f.list("diff");
  f.expect_end();
  if (!f.ok()) return f.error();

  StoredBlock block;
  auto h = header_from_rlp(*header);
  if (auto* err = std::get_if<std::string>(&h)) return "stored block: " + *err;
  block.header = std::move(std::get<BlockHeader>(h));

  if (txs->items.size() != receipts->items.size())
    return "stored block: " + std::to_string(txs->items.size()) + " transactions but " +
           std::to_string(receipts->items.size()) + " receipts";
  block.raw_txs.reserve(txs->items.size());
  for (size_t i = 0; i < txs->items.size(); ++i) {
    if (txs->items[i].is_list) return "stored block: transaction " + std::to_string(i) + " must be a byte string";
    block.raw_txs.push_back(txs->items[i].bytes);
  }
  std::string error;
  block.receipts.resize(receipts->items.size());
  for (size_t i = 0; i < receipts->items.size(); ++i)
    if (!read_receipt(receipts->items[i], i, block.receipts[i], error)) return "stored block: " + error;
  if (!read_diff(*diff, block.diff, error)) return "stored block: " + error;
  return block;
}

}  // namespace warp
