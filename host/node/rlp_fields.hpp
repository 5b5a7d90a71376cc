// Writing and strict reading of the fields of RLP lists, shared by the node's record codecs
// (block headers, stored blocks). The first problem is kept and later reads return zero
// values, so a decoder reads straight through and checks error() once at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "host/log.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"
#include "state/rlp.hpp"

namespace warp {

// A fixed-size byte string (hash, address, bloom).
template <size_t N>
void rlp_put_fixed(Bytes& out, const FixedBytes<N>& v) {
  rlp::encode_string(out, ByteView(v.bytes, N));
}

class RlpFieldReader {
 public:
  // `what` names the list in messages ("header", "receipt 3").
  RlpFieldReader(const rlp::Item& list, std::string what);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t remaining() const { return ok() ? items_.size() - pos_ : 0; }

  // Canonical integers: no leading zero byte, zero as the empty string.
  uint64_t u64(const char* name);
  uint256 u256(const char* name);
  // A byte string of exactly N bytes.
  template <size_t N>
  FixedBytes<N> fixed(const char* name) {
    FixedBytes<N> out{};
    if (const rlp::Item* it = sized(name, N)) std::memcpy(out.bytes, it->bytes.data(), N);
    return out;
  }
  // A byte string of exactly n bytes, copied to `out`.
  void fixed_into(const char* name, uint8_t* out, size_t n);
  Bytes bytes(const char* name);
  // A nested list; nullptr after an error.
  const rlp::Item* list(const char* name);
  // A list of logs in the receipt form [[address, [topic...], data]...].
  std::vector<Log> logs(const char* name);

  // Fails unless every field was read.
  void expect_end();
  void fail(std::string message);

 private:
  const rlp::Item* next(const char* name);
  const rlp::Item* string_item(const char* name);
  const rlp::Item* scalar(const char* name, size_t max_len);
  const rlp::Item* sized(const char* name, size_t len);
  std::string field(const char* name) const;

  const std::vector<rlp::Item>& items_;
  std::string what_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace warp
