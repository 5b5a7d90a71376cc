// Recursive Length Prefix encoding (Yellow Paper, appendix B), strict decoding.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "state/bytes.hpp"

namespace warp::rlp {

// ---- encoding: append to `out` -------------------------------------------------
void encode_string(Bytes& out, ByteView s);  // a byte string item
void encode_uint(Bytes& out, uint64_t v);    // big-endian, no leading zeros (0 -> 0x80)
// A scalar of any width (e.g. a uint256) given as big-endian bytes: leading zeros are
// stripped first, so all-zero or empty input encodes as 0x80, like encode_uint(0).
void encode_uint_be(Bytes& out, ByteView big_endian);
// A 256-bit scalar: encode_uint_be of its 32 big-endian bytes.
void encode_u256(Bytes& out, const uint256& v);
void encode_list_header(Bytes& out, size_t payload_len);
// Wraps already-encoded items as one list: header + payload (returned, or appended to `out`).
Bytes encode_list(ByteView payload);
void append_list(Bytes& out, ByteView payload);

// ---- decoding ------------------------------------------------------------------
// A decoded item: a byte string or a list of items.
struct Item {
  bool is_list = false;
  Bytes bytes;              // when !is_list
  std::vector<Item> items;  // when is_list

  friend bool operator==(const Item&, const Item&) = default;
};

struct DecodeError {
  std::string message;  // what was wrong and at which offset
};

// Decodes exactly one item spanning all of `in`. Rejects non-canonical encodings
// (single byte < 0x80 wrapped, length prefixes with leading zeros or < 56 in long form),
// truncated input, lengths beyond the input, trailing bytes, and nesting deeper than
// `max_depth` open lists (so hostile input cannot exhaust the stack: the decoder itself is
// iterative, but destroying an Item recurses once per level). max_depth = 0 accepts only
// a byte string. Never allocates more than a small multiple of in.size().
std::variant<Item, DecodeError> decode(ByteView in, size_t max_depth = 1024);

}  // namespace warp::rlp
