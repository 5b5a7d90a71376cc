// Transaction wire format: known vectors, sign/encode/decode round trips of every type,
// strict rejection of malformed encodings, and signature rules (EIP-2, EIP-155).
#include "host/tx/tx_codec.hpp"

#include <gtest/gtest.h>

#include <random>

#include "state/rlp.hpp"
#include "tx_test_util.hpp"

namespace warp {
namespace {

using txtest::addr;
using txtest::hex;
using txtest::u256;

const Hash kKey = txtest::key_from_hex("0x4646464646464646464646464646464646464646464646464646464646464646");
const Hash kKey2 = txtest::key_from_hex("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");

Transaction eip155_example() {
  Transaction tx{};
  tx.type = TxType::Legacy;
  tx.chain_id = 1;
  tx.nonce = 9;
  tx.gas_price = uint256(20'000'000'000ull);
  tx.gas_limit = 21000;
  tx.to = addr("0x3535353535353535353535353535353535353535");
  tx.value = uint256(1'000'000'000'000'000'000ull);
  return tx;
}

Transaction decode_ok(ByteView raw) {
  auto d = decode_transaction(raw);
  if (auto* e = std::get_if<TxError>(&d)) {
    ADD_FAILURE() << "decode failed: " << e->message;
    return {};
  }
  return std::get<Transaction>(d);
}

std::string decode_err(const Bytes& raw) {
  auto d = decode_transaction(raw);
  if (auto* e = std::get_if<TxError>(&d)) return e->message;
  return "";
}

void expect_same(const Transaction& a, const Transaction& b) {
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.chain_id, b.chain_id);
  EXPECT_EQ(a.nonce, b.nonce);
  EXPECT_EQ(a.gas_price, b.gas_price);
  EXPECT_EQ(a.max_priority_fee_per_gas, b.max_priority_fee_per_gas);
  EXPECT_EQ(a.max_fee_per_gas, b.max_fee_per_gas);
  EXPECT_EQ(a.gas_limit, b.gas_limit);
  EXPECT_EQ(a.to.has_value(), b.to.has_value());
  if (a.to && b.to) {
    EXPECT_EQ(*a.to, *b.to);
  }
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.data, b.data);
  ASSERT_EQ(a.access_list.size(), b.access_list.size());
  for (size_t i = 0; i < a.access_list.size(); ++i) {
    EXPECT_EQ(a.access_list[i].address, b.access_list[i].address);
    EXPECT_EQ(a.access_list[i].storage_keys.size(), b.access_list[i].storage_keys.size());
    for (size_t k = 0; k < a.access_list[i].storage_keys.size(); ++k)
      EXPECT_EQ(a.access_list[i].storage_keys[k], b.access_list[i].storage_keys[k]);
  }
  EXPECT_EQ(a.max_fee_per_blob_gas, b.max_fee_per_blob_gas);
  ASSERT_EQ(a.blob_versioned_hashes.size(), b.blob_versioned_hashes.size());
  for (size_t i = 0; i < a.blob_versioned_hashes.size(); ++i)
    EXPECT_EQ(a.blob_versioned_hashes[i], b.blob_versioned_hashes[i]);
  EXPECT_EQ(a.v, b.v);
  EXPECT_EQ(a.r, b.r);
  EXPECT_EQ(a.s, b.s);
}

// One transaction of each type with non-trivial fields.
std::vector<Transaction> sample_transactions() {
  std::vector<Transaction> out;
  Transaction legacy{};
  legacy.nonce = 0;
  legacy.gas_price = uint256(1);
  legacy.gas_limit = 53000;
  legacy.data = hex("0x600160005500");  // creation
  out.push_back(legacy);

  Transaction l155 = eip155_example();
  l155.chain_id = 1337;
  l155.value = u256("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
  l155.nonce = 0xffffffffffffffffull - 1;
  out.push_back(l155);

  Transaction t1{};
  t1.type = TxType::AccessList;
  t1.chain_id = 1;
  t1.nonce = 127;
  t1.gas_price = uint256(128);
  t1.gas_limit = 100000;
  t1.to = addr("0x00000000000000000000000000000000000000ff");
  t1.data = Bytes(70, 0xab);  // long string header
  t1.access_list = {{addr("0x1111111111111111111111111111111111111111"), {}},
                    {addr("0x2222222222222222222222222222222222222222"), {Hash{}, uint256(7).to_hash()}}};
  out.push_back(t1);

  Transaction t2{};
  t2.type = TxType::DynamicFee;
  t2.chain_id = 0xffffffffffffffffull;
  t2.nonce = 1;
  t2.max_priority_fee_per_gas = uint256(2'000'000'000ull);
  t2.max_fee_per_gas = u256("0x100000000000000000000");
  t2.gas_limit = 0xffffffffffffffffull;
  t2.to = addr("0xcccccccccccccccccccccccccccccccccccccccc");
  t2.value = uint256(0x80);
  t2.data = Bytes(2000, 0x00);
  out.push_back(t2);

  Transaction t3{};
  t3.type = TxType::Blob;
  t3.chain_id = 1;
  t3.nonce = 3;
  t3.max_priority_fee_per_gas = uint256(1);
  t3.max_fee_per_gas = uint256(100);
  t3.gas_limit = 21000;
  t3.to = addr("0x0000000000000000000000000000000000000100");
  t3.access_list = {{addr("0x3333333333333333333333333333333333333333"), {uint256(1).to_hash()}}};
  t3.max_fee_per_blob_gas = uint256(10);
  Hash vh = uint256(5).to_hash();
  vh.bytes[0] = 0x01;
  t3.blob_versioned_hashes = {vh, vh, vh};
  out.push_back(t3);
  return out;
}

TEST(TxCodec, Eip155ExampleSigningData) {
  const Transaction tx = eip155_example();
  EXPECT_EQ(to_hex0x(signing_payload(tx)),
            "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080");
  EXPECT_EQ(to_hex0x(signing_hash(tx)), "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
}

TEST(TxCodec, Eip155ExampleSignedTransaction) {
  const std::string signed_hex =
      "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0"
      "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b"
      "3800ccf555c9f3dc64214b297fb1966a3b6d83";
  // Signing with RFC 6979 nonces reproduces the EIP's signature byte for byte.
  Transaction tx = eip155_example();
  txtest::sign(tx, kKey);
  EXPECT_EQ(to_hex0x(encode_transaction(tx)), signed_hex);
  EXPECT_EQ(tx.v, uint256(37));

  const Bytes raw = hex(signed_hex);
  const Transaction d = decode_ok(raw);
  EXPECT_EQ(d.type, TxType::Legacy);
  EXPECT_EQ(d.chain_id, std::optional<uint64_t>(1));
  EXPECT_EQ(d.nonce, 9u);
  EXPECT_EQ(d.v, uint256(37));
  EXPECT_EQ(d.r, u256("0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"));
  EXPECT_EQ(d.s, u256("0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"));
  EXPECT_EQ(d.hash, keccak256(raw.data(), raw.size()));
  EXPECT_EQ(d.hash, transaction_hash(d));
  auto sender = recover_sender(d);
  ASSERT_TRUE(std::holds_alternative<Address>(sender)) << std::get<TxError>(sender).message;
  EXPECT_EQ(std::get<Address>(sender), addr("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"));
  EXPECT_EQ(txtest::address_of(kKey), addr("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"));
}

TEST(TxCodec, FixtureType2TransactionDecodes) {
  // A type-2 transaction from GeneralStateTests/stEIP1559/lowGasLimit.json.
  const Bytes raw =
      hex("0x02f86601018203e88203e882c35094cccccccccccccccccccccccccccccccccccccccc8000c080a05cd8d86e9511a4"
          "c005f2f05fb418efcfd67243ecfcdc49b68f7738a20984d4d2a03fd46728a0b6b72250e42f6e78337482dc889718"
          "47588526f06f1bdb7d82ecce");
  const Transaction d = decode_ok(raw);
  EXPECT_EQ(d.type, TxType::DynamicFee);
  EXPECT_EQ(d.chain_id, std::optional<uint64_t>(1));
  EXPECT_EQ(d.nonce, 1u);
  EXPECT_EQ(d.max_priority_fee_per_gas, uint256(1000));
  EXPECT_EQ(d.max_fee_per_gas, uint256(1000));
  EXPECT_EQ(d.gas_limit, 50000u);
  EXPECT_EQ(d.data, Bytes{0x00});
  EXPECT_EQ(d.v, uint256(0));
  EXPECT_EQ(encode_transaction(d), raw);
  auto sender = recover_sender(d);
  ASSERT_TRUE(std::holds_alternative<Address>(sender));
  EXPECT_EQ(std::get<Address>(sender), addr("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b"));
}

TEST(TxCodec, SignEncodeDecodeRecoverEveryType) {
  for (Transaction tx : sample_transactions()) {
    SCOPED_TRACE(static_cast<int>(tx.type));
    for (const Hash& key : {kKey, kKey2}) {
      txtest::sign(tx, key);
      const Bytes raw = encode_transaction(tx);
      if (tx.type != TxType::Legacy)
        EXPECT_EQ(raw[0], static_cast<uint8_t>(tx.type));
      else
        EXPECT_GE(raw[0], 0xc0);
      const Transaction d = decode_ok(raw);
      expect_same(d, tx);
      EXPECT_EQ(encode_transaction(d), raw);
      EXPECT_EQ(d.hash, keccak256(raw.data(), raw.size()));
      EXPECT_EQ(signing_hash(d), signing_hash(tx));
      auto sender = recover_sender(d);
      ASSERT_TRUE(std::holds_alternative<Address>(sender)) << std::get<TxError>(sender).message;
      EXPECT_EQ(std::get<Address>(sender), txtest::address_of(key));
    }
  }
}

TEST(TxCodec, SigningHashCoversEveryFieldAndTheType) {
  for (const Transaction& base : sample_transactions()) {
    const Hash h = signing_hash(base);
    Transaction t = base;
    t.nonce ^= 1;
    EXPECT_NE(signing_hash(t), h);
    t = base;
    t.value += uint256(1);
    EXPECT_NE(signing_hash(t), h);
    t = base;
    t.data.push_back(0);
    EXPECT_NE(signing_hash(t), h);
    t = base;
    t.r = uint256(12345);  // the signature is not signed
    EXPECT_EQ(signing_hash(t), h);
  }
  // Pre-EIP-155 legacy signs 6 fields, EIP-155 adds the chain id: different hashes.
  Transaction a = eip155_example(), b = eip155_example();
  b.chain_id.reset();
  EXPECT_NE(signing_hash(a), signing_hash(b));
}

TEST(TxCodec, RejectsEveryTruncation) {
  for (Transaction tx : sample_transactions()) {
    txtest::sign(tx, kKey);
    const Bytes raw = encode_transaction(tx);
    for (size_t n = 0; n < raw.size(); ++n) {
      const Bytes cut(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_NE(decode_err(cut), "") << "prefix of " << n << " bytes decoded";
    }
    Bytes extra = raw;
    extra.push_back(0x00);
    EXPECT_NE(decode_err(extra), "") << "trailing byte accepted";
  }
}

// Re-encodes a decoded-valid transaction after editing its RLP fields.
Bytes with_fields(TxType type, const std::vector<Bytes>& encoded_fields) {
  Bytes payload;
  for (const Bytes& f : encoded_fields) payload.insert(payload.end(), f.begin(), f.end());
  Bytes out;
  if (type != TxType::Legacy) out.push_back(static_cast<uint8_t>(type));
  rlp::encode_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes str(const Bytes& b) {
  Bytes out;
  rlp::encode_string(out, b);
  return out;
}

// The 12 fields of a valid type-2 transaction, each RLP-encoded.
std::vector<Bytes> type2_fields() {
  return {str({0x01}), str({}), str({0x01}), str({0x02}), str({0x52, 0x08}), str(Bytes(20, 0xcc)),
          str({}),     str({}), hex("0xc0"), str({}),     str({0x11}),       str({0x22})};
}

TEST(TxCodec, RejectsMalformedFields) {
  ASSERT_EQ(decode_err(with_fields(TxType::DynamicFee, type2_fields())), "");

  auto edit = [](size_t i, Bytes v) {
    auto f = type2_fields();
    f[i] = std::move(v);
    return with_fields(TxType::DynamicFee, f);
  };
  EXPECT_NE(decode_err(edit(1, str({0x00}))), "");            // nonce 0 as 0x00
  EXPECT_NE(decode_err(edit(2, str({0x00, 0x01}))), "");      // leading zero
  EXPECT_NE(decode_err(edit(1, str(Bytes(9, 0x01)))), "");    // nonce > 2^64-1
  EXPECT_NE(decode_err(edit(4, str(Bytes(9, 0x01)))), "");    // gas > 2^64-1
  EXPECT_NE(decode_err(edit(0, str(Bytes(9, 0x01)))), "");    // chain id > 2^64-1
  EXPECT_EQ(decode_err(edit(6, str(Bytes(32, 0xff)))), "");   // value of 256 bits is fine
  EXPECT_NE(decode_err(edit(6, str(Bytes(33, 0x01)))), "");   // value > 256 bits
  EXPECT_NE(decode_err(edit(11, str(Bytes(33, 0x01)))), "");  // s > 256 bits
  EXPECT_NE(decode_err(edit(5, str(Bytes(19, 0xcc)))), "");   // 19-byte address
  EXPECT_NE(decode_err(edit(5, str(Bytes(21, 0xcc)))), "");   // 21-byte address
  EXPECT_NE(decode_err(edit(3, hex("0xc0"))), "");            // list for an integer
  EXPECT_NE(decode_err(edit(7, hex("0xc0"))), "");            // list for data
  EXPECT_NE(decode_err(edit(8, str({}))), "");                // string for access list
  EXPECT_NE(decode_err(edit(8, hex("0xc2c0c0"))), "");        // entry [[], []]
  // Access list entry [address, [31-byte key]].
  {
    Bytes entry = str(Bytes(20, 0x11));
    Bytes keys;
    const Bytes k = str(Bytes(31, 0x22));
    rlp::encode_list_header(keys, k.size());
    keys.insert(keys.end(), k.begin(), k.end());
    entry.insert(entry.end(), keys.begin(), keys.end());
    Bytes al;
    Bytes wrapped;
    rlp::encode_list_header(wrapped, entry.size());
    wrapped.insert(wrapped.end(), entry.begin(), entry.end());
    rlp::encode_list_header(al, wrapped.size());
    al.insert(al.end(), wrapped.begin(), wrapped.end());
    const std::string msg = decode_err(edit(8, al));
    EXPECT_NE(msg.find("32 bytes"), std::string::npos) << msg;
  }

  auto fields = type2_fields();
  fields.pop_back();
  EXPECT_NE(decode_err(with_fields(TxType::DynamicFee, fields)).find("12 fields"), std::string::npos);
  fields = type2_fields();
  fields.push_back(str({}));
  EXPECT_NE(decode_err(with_fields(TxType::DynamicFee, fields)), "");
  // The same 12 fields under the type-1 tag: wrong count for that type.
  EXPECT_NE(decode_err(with_fields(TxType::AccessList, type2_fields())), "");
}

TEST(TxCodec, RejectsBadEnvelopes) {
  EXPECT_NE(decode_err({}), "");
  EXPECT_NE(decode_err({0x04, 0xc0}), "");  // type 4 not supported yet
  EXPECT_NE(decode_err({0x7f, 0xc0}), "");
  EXPECT_NE(decode_err({0x00, 0xc0}), "");
  EXPECT_NE(decode_err({0x80}), "");        // a byte string, not a list
  EXPECT_NE(decode_err({0x02, 0x80}), "");  // typed payload must be a list
  EXPECT_NE(decode_err({0x02}), "");        // type byte only
  EXPECT_NE(decode_err({0xc0}), "");        // empty legacy list: wrong field count
}

TEST(TxCodec, BlobTransactionMustHaveRecipientAndHashes32) {
  Transaction t3 = sample_transactions()[4];
  txtest::sign(t3, kKey);
  t3.to.reset();
  EXPECT_NE(decode_err(encode_transaction(t3)).find("cannot create"), std::string::npos);
}

TEST(TxCodec, LegacyChainIdFromV) {
  Transaction tx = eip155_example();
  tx.chain_id = 0x7fffffffffffffffull;  // v = 2^64 + 33: does not fit 64 bits, chain id does
  txtest::sign(tx, kKey);
  EXPECT_FALSE(tx.v.fits_u64());
  const Transaction d = decode_ok(encode_transaction(tx));
  EXPECT_EQ(d.chain_id, tx.chain_id);
  auto sender = recover_sender(d);
  ASSERT_TRUE(std::holds_alternative<Address>(sender));
  EXPECT_EQ(std::get<Address>(sender), txtest::address_of(kKey));

  // A v whose chain id needs more than 64 bits.
  Transaction big = eip155_example();
  txtest::sign(big, kKey);
  big.v = u256("0x1000000000000000000000023");
  EXPECT_NE(decode_err(encode_transaction(big)).find("64 bits"), std::string::npos);
}

std::string recover_err(const Transaction& tx) {
  auto r = recover_sender(tx);
  if (auto* e = std::get_if<TxError>(&r)) return e->message;
  return "";
}

TEST(TxCodec, SignatureRules) {
  const uint256 n = u256("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  for (Transaction tx : sample_transactions()) {
    txtest::sign(tx, kKey);
    ASSERT_EQ(recover_err(tx), "");

    // The same signature with s' = n - s and the other parity is valid ECDSA for the same
    // key, but EIP-2 forbids s > n/2.
    Transaction high = tx;
    high.s = n - tx.s;
    high.v = tx.v ^ uint256(1);
    EXPECT_NE(recover_err(high).find("EIP-2"), std::string::npos);

    Transaction bad = tx;
    bad.r = uint256{};
    EXPECT_NE(recover_err(bad), "");
    bad = tx;
    bad.r = n;
    EXPECT_NE(recover_err(bad), "");
    bad = tx;
    bad.s = uint256{};
    EXPECT_NE(recover_err(bad), "");
    bad = tx;
    bad.v = tx.v + uint256(2);
    EXPECT_NE(recover_err(bad), "");

    // Flipping the parity recovers some other key (or none), never the signer.
    Transaction flipped = tx;
    flipped.v = tx.v ^ uint256(1);
    auto other = recover_sender(flipped);
    if (auto* a = std::get_if<Address>(&other)) {
      EXPECT_NE(*a, txtest::address_of(kKey));
    }
  }
  // Legacy without chain id: only 27 and 28.
  Transaction legacy = sample_transactions()[0];
  txtest::sign(legacy, kKey);
  EXPECT_TRUE(legacy.v == uint256(27) || legacy.v == uint256(28));
  legacy.v = uint256(29);
  EXPECT_NE(recover_err(legacy), "");
  legacy.v = uint256(0);
  EXPECT_NE(recover_err(legacy), "");
  // EIP-155 transaction for chain 1 whose v claims chain 2.
  Transaction l155 = eip155_example();
  txtest::sign(l155, kKey);
  l155.v = l155.v + uint256(2);
  EXPECT_NE(recover_err(l155).find("chain id"), std::string::npos);
}

TEST(TxCodec, EIP2HalfOrderBoundary) {
  // s == n/2 is allowed, n/2 + 1 is not (whatever the recovery then says).
  Transaction tx = sample_transactions()[3];
  txtest::sign(tx, kKey);
  tx.s = u256("0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");
  EXPECT_EQ(recover_err(tx).find("EIP-2"), std::string::npos);
  tx.s += uint256(1);
  EXPECT_NE(recover_err(tx).find("EIP-2"), std::string::npos);
}

TEST(TxCodec, RandomMutationsNeverCrashAndRoundTripWhenAccepted) {
  std::mt19937 rng(42);
  size_t accepted = 0;
  for (Transaction tx : sample_transactions()) {
    txtest::sign(tx, kKey);
    const Bytes raw = encode_transaction(tx);
    for (int iter = 0; iter < 3000; ++iter) {
      Bytes m = raw;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits; ++e) m[rng() % m.size()] = static_cast<uint8_t>(rng());
      auto d = decode_transaction(m);
      if (auto* t = std::get_if<Transaction>(&d)) {
        ++accepted;
        EXPECT_EQ(encode_transaction(*t), m) << to_hex0x(m);  // only canonical input decodes
        (void)recover_sender(*t);
      }
    }
  }
  EXPECT_GT(accepted, 0u);
}

}  // namespace
}  // namespace warp
