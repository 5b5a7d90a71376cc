// The development accounts that anvil and hardhat fund: keys derived from a BIP-39 mnemonic along
// BIP-44's Ethereum path m/44'/60'/0'/0/i, so wallets and scripts written against those tools find
// the same funded addresses on `warpevm serve`. The keys are public knowledge: local use only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

struct DevAccount {
  Hash secret_key{};
  Address address{};
};

inline constexpr std::string_view kDevMnemonic = "test test test test test test test test test test test junk";

// Accounts 0..count-1 of m/44'/60'/0'/0/i for `mnemonic` (no passphrase). The mnemonic's words and
// checksum are not validated (BIP-39 seeds are defined for any text). Non-ASCII text is used as
// given, without the NFKD normalisation BIP-39 asks for.
// Like bip39_seed, throws std::runtime_error only if OpenSSL itself fails.
std::vector<DevAccount> dev_accounts(size_t count, std::string_view mnemonic = kDevMnemonic);

// The pieces, exposed so tests can check each against its published vectors.

// BIP-39: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048 iterations), 64 bytes.
std::array<uint8_t, 64> bip39_seed(std::string_view mnemonic, std::string_view passphrase = "");

// A BIP-32 extended private key.
struct ExtendedKey {
  Hash secret_key{};
  Hash chain_code{};
};

// Child indices at or above this are hardened (written i' or iH).
inline constexpr uint32_t kHardened = 0x80000000u;

// BIP-32 master key from a seed (16 to 64 bytes). nullopt for a seed of another length, or in the
// ~2^-127 case the spec calls invalid.
std::optional<ExtendedKey> bip32_master(ByteView seed);
// BIP-32 CKDpriv: hardened for index >= kHardened, normal otherwise. nullopt in the ~2^-127 case
// the spec calls invalid (the caller then moves on to the next index).
std::optional<ExtendedKey> bip32_child(const ExtendedKey& parent, uint32_t index);

}  // namespace warp
