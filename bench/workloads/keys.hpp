// The workload's externally owned accounts: real secp256k1 key pairs derived from
// (seed, index), so a block can be regenerated, and re-signed, from its options alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/evm/hash.hpp"

namespace warp::bench {

struct Keyring {
  std::vector<Hash> secret_keys;  // [i]: account i's key
  std::vector<Address> addresses;  // [i]: its address
};

// keccak256(be64(seed) ++ be64(index) ++ be32(attempt)) for attempt 0, 1, ... until the
// hash is a valid secret key (nonzero, below the group order: all but ~2^-128 of them).
Hash derive_secret_key(uint64_t seed, uint64_t index);

// `count` accounts; the public keys are computed in parallel (TBB), the result does not
// depend on the thread count.
Keyring derive_keyring(uint64_t seed, size_t count);

}  // namespace warp::bench
