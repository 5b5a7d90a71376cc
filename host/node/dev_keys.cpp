#include "host/node/dev_keys.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <secp256k1.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "host/tx/secret_key.hpp"

namespace warp {

namespace {

std::array<uint8_t, 64> hmac_sha512(ByteView key, ByteView message) {
  std::array<uint8_t, 64> out{};
  unsigned len = 0;
  if (HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()), message.data(), message.size(), out.data(), &len) ==
          nullptr ||
      len != out.size())
    throw std::runtime_error("HMAC-SHA512 failed inside OpenSSL");
  return out;
}

// Splits I = HMAC-SHA512(...) into the key part IL and the chain code IR.
void split(const std::array<uint8_t, 64>& i, Hash& left, Hash& right) {
  std::memcpy(left.bytes, i.data(), 32);
  std::memcpy(right.bytes, i.data() + 32, 32);
}

// BIP-44 for Ethereum: purpose 44', coin type 60', account 0', external chain 0.
constexpr uint32_t kAccountPath[] = {44 | kHardened, 60 | kHardened, 0 | kHardened, 0};

}  // namespace

std::array<uint8_t, 64> bip39_seed(std::string_view mnemonic, std::string_view passphrase) {
  const std::string salt = "mnemonic" + std::string(passphrase);
  std::array<uint8_t, 64> seed{};
  if (PKCS5_PBKDF2_HMAC(mnemonic.data(), static_cast<int>(mnemonic.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), 2048,
                        EVP_sha512(), static_cast<int>(seed.size()), seed.data()) != 1)
    throw std::runtime_error("PBKDF2-HMAC-SHA512 failed inside OpenSSL");
  return seed;
}

std::optional<ExtendedKey> bip32_master(ByteView seed) {
  if (seed.size() < 16 || seed.size() > 64) return std::nullopt;
  constexpr std::string_view kMasterKey = "Bitcoin seed";  // fixed by BIP-32 for every coin
  auto i = hmac_sha512(as_view(kMasterKey), seed);
  ExtendedKey master;
  split(i, master.secret_key, master.chain_code);
  OPENSSL_cleanse(i.data(), i.size());
  // Rejects IL = 0 and IL >= n.
  if (!secp256k1_ec_seckey_verify(secp256k1_signing_context(), master.secret_key.bytes)) return std::nullopt;
  return master;
}

std::optional<ExtendedKey> bip32_child(const ExtendedKey& parent, uint32_t index) {
  // data = (0x00 || k_par  for hardened, or serP(point(k_par)) compressed otherwise) || ser32(index)
  uint8_t data[37];
  if (index >= kHardened) {
    data[0] = 0;
    std::memcpy(data + 1, parent.secret_key.bytes, 32);
  } else {
    secp256k1_pubkey pubkey;
    if (!secp256k1_ec_pubkey_create(secp256k1_signing_context(), &pubkey, parent.secret_key.bytes)) return std::nullopt;
    size_t len = 33;
    secp256k1_ec_pubkey_serialize(secp256k1_signing_context(), data, &len, &pubkey, SECP256K1_EC_COMPRESSED);
  }
  for (int b = 0; b < 4; ++b) data[33 + b] = static_cast<uint8_t>(index >> (24 - 8 * b));

  auto i = hmac_sha512(ByteView(parent.chain_code.bytes, 32), ByteView(data, sizeof(data)));
  OPENSSL_cleanse(data, sizeof(data));
  ExtendedKey child;
  Hash tweak;
  split(i, tweak, child.chain_code);
  OPENSSL_cleanse(i.data(), i.size());
  // k_child = IL + k_par (mod n); the library refuses IL >= n and a zero result, which BIP-32 calls invalid.
  child.secret_key = parent.secret_key;
  const bool ok = secp256k1_ec_seckey_tweak_add(secp256k1_signing_context(), child.secret_key.bytes, tweak.bytes) == 1;
  OPENSSL_cleanse(tweak.bytes, sizeof(tweak.bytes));
  if (!ok) return std::nullopt;
  return child;
}

std::vector<DevAccount> dev_accounts(size_t count, std::string_view mnemonic) {
  std::vector<DevAccount> accounts;
  if (count == 0) return accounts;
  auto seed = bip39_seed(mnemonic);
  auto node = bip32_master(ByteView(seed.data(), seed.size()));
  OPENSSL_cleanse(seed.data(), seed.size());
  for (uint32_t index : kAccountPath) {
    if (!node) return accounts;  // an invalid key on the path: ~2^-127 per step, never seen in practice
    node = bip32_child(*node, index);
  }
  if (!node) return accounts;
  accounts.reserve(count);
  // BIP-32: when a child index is invalid, proceed with the next one.
  for (uint32_t i = 0; accounts.size() < count && i < kHardened; ++i) {
    const auto child = bip32_child(*node, i);
    if (!child) continue;
    const auto address = address_from_secret_key(child->secret_key);
    if (!address) continue;
    accounts.push_back(DevAccount{child->secret_key, *address});
  }
  return accounts;
}

}  // namespace warp
