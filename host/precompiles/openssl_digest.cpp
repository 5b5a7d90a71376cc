#include "openssl_digest.hpp"

#include <openssl/evp.h>
#include <openssl/provider.h>

namespace warp::precompile {

namespace {

// Fetched once: the implicit fetch behind EVP_sha256() repeats a provider lookup per call.
// OpenSSL 3.0.0-3.0.6 kept RIPEMD-160 only in the legacy provider. Loading a provider by
// hand stops the default one from loading implicitly, so load both.
const EVP_MD* fetch(const char* name) {
  if (EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr)) return md;
  OSSL_PROVIDER_load(nullptr, "default");
  OSSL_PROVIDER_load(nullptr, "legacy");
  return EVP_MD_fetch(nullptr, name, nullptr);
}

bool digest(const EVP_MD* md, ByteView in, uint8_t* out, unsigned expected_len) {
  if (md == nullptr) return false;
  unsigned len = 0;
  static const uint8_t kEmpty = 0;  // EVP_Digest wants a valid pointer even for no data
  const void* data = in.empty() ? &kEmpty : in.data();
  return EVP_Digest(data, in.size(), out, &len, md, nullptr) == 1 && len == expected_len;
}

}  // namespace

bool sha256_digest(ByteView in, uint8_t out[32]) {
  static const EVP_MD* const md = fetch("SHA256");
  return digest(md, in, out, 32);
}

bool ripemd160_digest(ByteView in, uint8_t out[20]) {
  static const EVP_MD* const md = fetch("RIPEMD160");
  return digest(md, in, out, 20);
}

}  // namespace warp::precompile
