// Strict transaction decoding and canonical encoding. Field order per type:
//   legacy: [nonce, gasPrice, gas, to, value, data, v, r, s]
//   0x01:   [chainId, nonce, gasPrice, gas, to, value, data, accessList, yParity, r, s]
//   0x02:   [chainId, nonce, maxPriorityFee, maxFee, gas, to, value, data, accessList, yParity, r, s]
//   0x03:   as 0x02 plus [maxFeePerBlobGas, blobVersionedHashes] before yParity
#include "host/tx/tx_codec.hpp"

#include <cstring>

#include "host/precompiles/secp256k1_recover.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/rlp.hpp"

namespace warp {
namespace {

// secp256k1 group order n, and n/2 (the EIP-2 bound on s).
constexpr uint256 kSecpN{0xBFD25E8CD0364141ull, 0xBAAEDCE6AF48A03Bull, 0xFFFFFFFFFFFFFFFEull, 0xFFFFFFFFFFFFFFFFull};
constexpr uint256 kSecpHalfN{0xDFE92F46681B20A0ull, 0x5D576E7357A4501Dull, 0xFFFFFFFFFFFFFFFFull,
                             0x7FFFFFFFFFFFFFFFull};

// Number of list fields of each type, signature included.
size_t field_count(TxType t) {
  switch (t) {
    case TxType::Legacy:
      return 9;
    case TxType::AccessList:
      return 11;
    case TxType::DynamicFee:
      return 12;
    case TxType::Blob:
      return 14;
  }
  return 0;
}

const char* type_name(TxType t) {
  switch (t) {
    case TxType::Legacy:
      return "legacy";
    case TxType::AccessList:
      return "type-1 (EIP-2930)";
    case TxType::DynamicFee:
      return "type-2 (EIP-1559)";
    case TxType::Blob:
      return "type-3 (EIP-4844)";
  }
  return "?";
}

// Reads fields of a decoded list one by one; the first problem is kept and later reads
// become no-ops, so the decoder reads straight through and checks once at the end.
class FieldReader {
 public:
  explicit FieldReader(const std::vector<rlp::Item>& items) : items_(items) {}

  const std::string& error() const { return error_; }

  uint256 u256(const char* name) {
    const rlp::Item* it = scalar(name, 32, "256 bits");
    return it ? uint256::from_be_bytes(it->bytes.data(), it->bytes.size()) : uint256{};
  }
  uint64_t u64(const char* name) {
    const rlp::Item* it = scalar(name, 8, "64 bits (2^64-1)");
    return it ? uint256::from_be_bytes(it->bytes.data(), it->bytes.size()).low64() : 0;
  }
  Bytes bytes(const char* name) {
    const rlp::Item* it = string_item(name);
    return it ? it->bytes : Bytes{};
  }
  // Empty string: contract creation; otherwise exactly 20 bytes.
  std::optional<Address> to() {
    const rlp::Item* it = string_item("to");
    if (!it || it->bytes.empty()) return std::nullopt;
    if (it->bytes.size() != 20) {
      fail("'to' must be empty or a 20-byte address, got " + std::to_string(it->bytes.size()) + " bytes");
      return std::nullopt;
    }
    Address a{};
    std::memcpy(a.bytes, it->bytes.data(), 20);
    return a;
  }
  std::vector<AccessListEntry> access_list() {
    std::vector<AccessListEntry> out;
    const rlp::Item* it = list_item("accessList");
    if (!it) return out;
    out.reserve(it->items.size());
    for (size_t i = 0; i < it->items.size() && error_.empty(); ++i) {
      const rlp::Item& e = it->items[i];
      const std::string where = "accessList[" + std::to_string(i) + "]";
      if (!e.is_list || e.items.size() != 2) {
        fail(where + " must be a list [address, storageKeys]");
        break;
      }
      if (e.items[0].is_list || e.items[0].bytes.size() != 20) {
        fail(where + " address must be 20 bytes");
        break;
      }
      AccessListEntry entry{};
      std::memcpy(entry.address.bytes, e.items[0].bytes.data(), 20);
      entry.storage_keys = hashes(e.items[1], (where + " storage keys").c_str());
      out.push_back(std::move(entry));
    }
    return out;
  }
  std::vector<Hash> hash_list(const char* name) {
    const rlp::Item* it = list_item(name);
    return it ? hashes(*it, name) : std::vector<Hash>{};
  }

 private:
  void fail(std::string msg) {
    if (error_.empty()) error_ = std::move(msg);
  }
  const rlp::Item* next(const char* name) {
    if (!error_.empty()) return nullptr;
    if (pos_ >= items_.size()) {
      fail(std::string("missing field '") + name + "'");
      return nullptr;
    }
    return &items_[pos_++];
  }
  const rlp::Item* string_item(const char* name) {
    const rlp::Item* it = next(name);
    if (it && it->is_list) {
      fail(std::string("field '") + name + "' must be a byte string, not a list");
      return nullptr;
    }
    return it;
  }
  const rlp::Item* list_item(const char* name) {
    const rlp::Item* it = next(name);
    if (it && !it->is_list) {
      fail(std::string("field '") + name + "' must be a list");
      return nullptr;
    }
    return it;
  }
  // An integer: at most max_len bytes and no leading zero byte (zero is the empty string).
  const rlp::Item* scalar(const char* name, size_t max_len, const char* limit) {
    const rlp::Item* it = string_item(name);
    if (!it) return nullptr;
    if (!it->bytes.empty() && it->bytes[0] == 0) {
      fail(std::string("integer field '") + name + "' has leading zero bytes (non-canonical)");
      return nullptr;
    }
    if (it->bytes.size() > max_len) {
      fail(std::string("integer field '") + name + "' exceeds " + limit);
      return nullptr;
    }
    return it;
  }
  std::vector<Hash> hashes(const rlp::Item& list, const char* name) {
    std::vector<Hash> out;
    if (!list.is_list) {
      fail(std::string(name) + " must be a list");
      return out;
    }
    out.reserve(list.items.size());
    for (const rlp::Item& h : list.items) {
      if (h.is_list || h.bytes.size() != 32) {
        fail(std::string(name) + ": every entry must be 32 bytes");
        return {};
      }
      Hash v{};
      std::memcpy(v.bytes, h.bytes.data(), 32);
      out.push_back(v);
    }
    return out;
  }

  const std::vector<rlp::Item>& items_;
  size_t pos_ = 0;
  std::string error_;
};

// ---- encoding helpers ---------------------------------------------------------------------

void put_to(Bytes& out, const std::optional<Address>& to) {
  if (to)
    rlp::encode_string(out, ByteView(to->bytes, 20));
  else
    rlp::encode_string(out, ByteView());
}

void put_hashes(Bytes& out, const std::vector<Hash>& hashes) {
  rlp::encode_list_header(out, hashes.size() * 33);  // each: 0xa0 + 32 bytes
  for (const Hash& h : hashes) rlp::encode_string(out, ByteView(h.bytes, 32));
}

void put_access_list(Bytes& out, const std::vector<AccessListEntry>& list) {
  Bytes payload;
  for (const AccessListEntry& e : list) {
    Bytes entry;
    rlp::encode_string(entry, ByteView(e.address.bytes, 20));
    put_hashes(entry, e.storage_keys);
    rlp::encode_list_header(payload, entry.size());
    payload.insert(payload.end(), entry.begin(), entry.end());
  }
  rlp::encode_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

// The list payload (no list header) of every field before the signature.
Bytes unsigned_fields(const Transaction& tx) {
  Bytes out;
  if (tx.type == TxType::Legacy) {
    rlp::encode_uint(out, tx.nonce);
    rlp::encode_u256(out, tx.gas_price);
    rlp::encode_uint(out, tx.gas_limit);
    put_to(out, tx.to);
    rlp::encode_u256(out, tx.value);
    rlp::encode_string(out, tx.data);
    return out;
  }
  rlp::encode_uint(out, tx.chain_id.value_or(0));
  rlp::encode_uint(out, tx.nonce);
  if (tx.type == TxType::AccessList) {
    rlp::encode_u256(out, tx.gas_price);
  } else {
    rlp::encode_u256(out, tx.max_priority_fee_per_gas);
    rlp::encode_u256(out, tx.max_fee_per_gas);
  }
  rlp::encode_uint(out, tx.gas_limit);
  put_to(out, tx.to);
  rlp::encode_u256(out, tx.value);
  rlp::encode_string(out, tx.data);
  put_access_list(out, tx.access_list);
  if (tx.type == TxType::Blob) {
    rlp::encode_u256(out, tx.max_fee_per_blob_gas);
    put_hashes(out, tx.blob_versioned_hashes);
  }
  return out;
}

// Type byte (typed only) + list header + payload.
Bytes envelope(TxType type, const Bytes& payload) {
  Bytes out;
  if (type != TxType::Legacy) out.push_back(static_cast<uint8_t>(type));
  rlp::encode_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Hash keccak(const Bytes& b) { return keccak256(b.data(), b.size()); }

}  // namespace

std::variant<Transaction, TxError> decode_transaction(ByteView raw) {
  if (raw.empty()) return TxError{"empty transaction"};
  Transaction tx{};
  ByteView body = raw;
  const uint8_t first = raw[0];
  if (first >= 0xc0) {
    tx.type = TxType::Legacy;
  } else if (first >= 1 && first <= 3) {
    tx.type = static_cast<TxType>(first);
    body = raw.subspan(1);
  } else if (first <= 0x7f) {
    return TxError{"unsupported transaction type " + std::to_string(first)};
  } else {
    return TxError{"not a transaction: a legacy transaction must be an RLP list"};
  }

  auto decoded = rlp::decode(body, 4);  // tx list > access list > entry > keys
  if (auto* err = std::get_if<rlp::DecodeError>(&decoded)) return TxError{std::string("bad RLP: ") + err->message};
  const rlp::Item& root = std::get<rlp::Item>(decoded);
  if (!root.is_list) return TxError{std::string(type_name(tx.type)) + " transaction must be an RLP list"};
  const size_t want = field_count(tx.type);
  if (root.items.size() != want)
    return TxError{std::string(type_name(tx.type)) + " transaction must have " + std::to_string(want) +
                   " fields, got " + std::to_string(root.items.size())};

  FieldReader r(root.items);
  if (tx.type == TxType::Legacy) {
    tx.nonce = r.u64("nonce");
    tx.gas_price = r.u256("gasPrice");
    tx.gas_limit = r.u64("gas");
    tx.to = r.to();
    tx.value = r.u256("value");
    tx.data = r.bytes("data");
    tx.v = r.u256("v");
  } else {
    tx.chain_id = r.u64("chainId");
    tx.nonce = r.u64("nonce");
    if (tx.type == TxType::AccessList) {
      tx.gas_price = r.u256("gasPrice");
    } else {
      tx.max_priority_fee_per_gas = r.u256("maxPriorityFeePerGas");
      tx.max_fee_per_gas = r.u256("maxFeePerGas");
    }
    tx.gas_limit = r.u64("gas");
    tx.to = r.to();
    tx.value = r.u256("value");
    tx.data = r.bytes("data");
    tx.access_list = r.access_list();
    if (tx.type == TxType::Blob) {
      tx.max_fee_per_blob_gas = r.u256("maxFeePerBlobGas");
      tx.blob_versioned_hashes = r.hash_list("blobVersionedHashes");
    }
    tx.v = r.u256("yParity");
  }
  tx.r = r.u256("r");
  tx.s = r.u256("s");
  if (!r.error().empty()) return TxError{std::string(type_name(tx.type)) + " transaction: " + r.error()};

  if (tx.type == TxType::Blob && !tx.to)
    return TxError{"type-3 (EIP-4844) transaction cannot create a contract: 'to' must be an address"};

  // Legacy: v carries the chain id (EIP-155) or is 27/28 (no replay protection).
  if (tx.type == TxType::Legacy && tx.v >= uint256(35)) {
    const uint256 id = (tx.v - uint256(35)) >> 1;
    if (!id.fits_u64()) return TxError{"legacy transaction: chain id encoded in v exceeds 64 bits"};
    tx.chain_id = id.low64();
  }
  tx.hash = keccak256(raw.data(), raw.size());
  return tx;
}

Bytes encode_transaction(const Transaction& tx) {
  Bytes payload = unsigned_fields(tx);
  rlp::encode_u256(payload, tx.v);
  rlp::encode_u256(payload, tx.r);
  rlp::encode_u256(payload, tx.s);
  return envelope(tx.type, payload);
}

Hash transaction_hash(const Transaction& tx) { return keccak(encode_transaction(tx)); }

Bytes signing_payload(const Transaction& tx) {
  Bytes payload = unsigned_fields(tx);
  if (tx.type == TxType::Legacy && tx.chain_id) {  // EIP-155
    rlp::encode_uint(payload, *tx.chain_id);
    rlp::encode_uint(payload, 0);
    rlp::encode_uint(payload, 0);
  }
  return envelope(tx.type, payload);
}

Hash signing_hash(const Transaction& tx) { return keccak(signing_payload(tx)); }

std::variant<Address, TxError> recover_sender(const Transaction& tx) { return recover_sender(tx, signing_hash(tx)); }

std::variant<Address, TxError> recover_sender(const Transaction& tx, const Hash& digest) {
  if (tx.r.is_zero() || tx.r >= kSecpN) return TxError{"invalid signature: r out of range"};
  if (tx.s.is_zero() || tx.s >= kSecpN) return TxError{"invalid signature: s out of range"};
  if (tx.s > kSecpHalfN) return TxError{"invalid signature: s above secp256k1n/2 (EIP-2)"};

  int parity = 0;
  if (tx.type == TxType::Legacy) {
    if (!tx.chain_id) {
      if (tx.v != uint256(27) && tx.v != uint256(28))
        return TxError{"invalid signature: legacy v must be 27 or 28 without a chain id"};
      parity = static_cast<int>(tx.v.low64() - 27);
    } else {
      const uint256 base = uint256(*tx.chain_id) * uint256(2) + uint256(35);
      if (tx.v != base && tx.v != base + uint256(1))
        return TxError{"invalid signature: v does not match chain id " + std::to_string(*tx.chain_id) + " (EIP-155)"};
      parity = tx.v == base ? 0 : 1;
    }
  } else {
    if (tx.v != uint256(0) && tx.v != uint256(1)) return TxError{"invalid signature: y-parity must be 0 or 1"};
    parity = static_cast<int>(tx.v.low64());
  }

  uint8_t sig[64];
  tx.r.to_be_bytes(sig);
  tx.s.to_be_bytes(sig + 32);
  const auto addr = recover_address(digest, sig, parity);
  if (!addr) return TxError{"invalid signature: no public key recovers from it"};
  return *addr;
}

}  // namespace warp
