#include "bench/workloads/keys.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "host/tx/secret_key.hpp"
#include "kernels/evm/keccak.hpp"

namespace warp::bench {

namespace {

void put_be(uint8_t* out, uint64_t v, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out[bytes - 1 - i] = static_cast<uint8_t>(v >> (8 * i));
}

// The key and its address together: the validity check is the public-key computation the
// address needs anyway.
void derive_account(uint64_t seed, uint64_t index, Hash& key, Address& address) {
  uint8_t buf[20];
  put_be(buf, seed, 8);
  put_be(buf + 8, index, 8);
  for (uint32_t attempt = 0;; ++attempt) {
    put_be(buf + 16, attempt, 4);
    key = keccak256(buf, sizeof(buf));
    if (const auto a = address_from_secret_key(key)) {
      address = *a;
      return;
    }
  }
}

}  // namespace

Hash derive_secret_key(uint64_t seed, uint64_t index) {
  Hash key;
  Address address;
  derive_account(seed, index, key, address);
  return key;
}

Keyring derive_keyring(uint64_t seed, size_t count) {
  Keyring ring;
  ring.secret_keys.resize(count);
  ring.addresses.resize(count);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, count, 256), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) derive_account(seed, i, ring.secret_keys[i], ring.addresses[i]);
  });
  return ring;
}

}  // namespace warp::bench
