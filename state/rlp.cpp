#include "state/rlp.hpp"

namespace warp::rlp {

namespace {

// Prefix bases from the Yellow Paper: a string header starts at 0x80, a list header at 0xc0.
// Payloads shorter than 56 bytes put the length in the prefix itself; longer ones put the
// number of length bytes there (base + 55 + n) and the big-endian length after it.
constexpr uint8_t kStringBase = 0x80;
constexpr uint8_t kListBase = 0xc0;
constexpr size_t kShortMax = 55;

// Big-endian bytes of `v` with no leading zeros, written into `buf`; returns how many.
size_t be_digits(uint64_t v, uint8_t (&buf)[8]) {
  size_t n = 0;
  for (uint64_t x = v; x != 0; x >>= 8) ++n;
  for (size_t i = 0; i < n; ++i) buf[i] = static_cast<uint8_t>(v >> (8 * (n - 1 - i)));
  return n;
}

void encode_header(Bytes& out, uint8_t base, size_t payload_len) {
  if (payload_len <= kShortMax) {
    out.push_back(static_cast<uint8_t>(base + payload_len));
    return;
  }
  uint8_t digits[8];
  const size_t n = be_digits(payload_len, digits);
  out.push_back(static_cast<uint8_t>(base + kShortMax + n));
  out.insert(out.end(), digits, digits + n);
}

// Where one item's payload lies, from its header alone.
struct Header {
  bool is_list = false;
  size_t payload = 0;  // offset of the first payload byte
  size_t length = 0;   // payload length, already checked to fit before `limit`
};

DecodeError error_at(size_t offset, const std::string& what) {
  return DecodeError{what + " at offset " + std::to_string(offset)};
}

// Reads the header at `pos`; the item must end at or before `limit` (the end of the input
// or of the enclosing list). Every length is checked against `limit` before it is used,
// so a hostile prefix can neither overflow size_t nor ask for a large allocation.
std::variant<Header, DecodeError> read_header(ByteView in, size_t pos, size_t limit) {
  if (pos >= limit) return error_at(pos, "truncated input: expected an item");
  const uint8_t prefix = in[pos];
  if (prefix < kStringBase) return Header{false, pos, 1};  // the byte is its own encoding

  const bool is_list = prefix >= kListBase;
  const uint8_t base = is_list ? kListBase : kStringBase;
  const size_t after_prefix = pos + 1;
  const size_t available = limit - after_prefix;
  const char* kind = is_list ? "list" : "string";

  if (prefix - base <= static_cast<int>(kShortMax)) {
    const size_t length = static_cast<size_t>(prefix - base);
    if (length > available)
      return error_at(pos, std::string(kind) + " of length " + std::to_string(length) +
                               " runs past the end of its input or enclosing list");
    if (!is_list && length == 1 && in[after_prefix] < kStringBase)
      return error_at(pos, "non-canonical encoding: single byte below 0x80 wrapped in a string header");
    return Header{is_list, after_prefix, length};
  }

  // Long form: 1..8 length bytes follow the prefix (0xb8..0xbf, 0xf8..0xff).
  const size_t length_of_length = static_cast<size_t>(prefix - base) - kShortMax;
  if (length_of_length > available)
    return error_at(pos,
                    "truncated input: " + std::to_string(length_of_length) + " length bytes announced but not present");
  if (in[after_prefix] == 0) return error_at(pos, "non-canonical encoding: length with leading zero bytes");
  uint64_t length = 0;
  for (size_t i = 0; i < length_of_length; ++i) length = (length << 8) | in[after_prefix + i];
  if (length <= kShortMax)
    return error_at(pos, "non-canonical encoding: long-form length " + std::to_string(length) + " below 56");
  const size_t payload = after_prefix + length_of_length;
  if (length > static_cast<uint64_t>(limit - payload))
    return error_at(pos, std::string(kind) + " of length " + std::to_string(length) +
                             " runs past the end of its input or enclosing list");
  return Header{is_list, payload, static_cast<size_t>(length)};
}

// A list being filled while its children are decoded.
struct OpenList {
  Item* item;
  size_t end;  // offset just past its payload
};

}  // namespace

void encode_string(Bytes& out, ByteView s) {
  if (s.size() == 1 && s[0] < kStringBase) {
    out.push_back(s[0]);
    return;
  }
  encode_header(out, kStringBase, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void encode_uint(Bytes& out, uint64_t v) {
  uint8_t digits[8];
  const size_t n = be_digits(v, digits);
  encode_string(out, ByteView(digits, n));
}

void encode_uint_be(Bytes& out, ByteView big_endian) {
  size_t first = 0;
  while (first < big_endian.size() && big_endian[first] == 0) ++first;
  encode_string(out, big_endian.subspan(first));
}

void encode_list_header(Bytes& out, size_t payload_len) { encode_header(out, kListBase, payload_len); }

void encode_u256(Bytes& out, const uint256& v) {
  uint8_t be[32];
  v.to_be_bytes(be);
  encode_uint_be(out, ByteView(be, 32));
}

void append_list(Bytes& out, ByteView payload) {
  encode_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

Bytes encode_list(ByteView payload) {
  Bytes out;
  out.reserve(payload.size() + 9);
  append_list(out, payload);
  return out;
}

// Iterative: an explicit stack of open lists replaces recursion, so depth costs heap
// (bounded by max_depth), not call stack. Pointers in `open` stay valid because a list's
// `items` only grows while that list is the innermost one.
std::variant<Item, DecodeError> decode(ByteView in, size_t max_depth) {
  Item root;
  std::vector<OpenList> open;
  size_t pos = 0;
  for (;;) {
    if (!open.empty() && pos == open.back().end) {
      open.pop_back();
      if (open.empty()) break;
      continue;
    }
    const size_t limit = open.empty() ? in.size() : open.back().end;
    auto header = read_header(in, pos, limit);
    if (auto* err = std::get_if<DecodeError>(&header)) return std::move(*err);
    const Header& h = std::get<Header>(header);

    Item* dst = &root;
    if (!open.empty()) dst = &open.back().item->items.emplace_back();
    dst->is_list = h.is_list;
    if (h.is_list) {
      if (open.size() >= max_depth) return error_at(pos, "nesting deeper than max_depth " + std::to_string(max_depth));
      open.push_back(OpenList{dst, h.payload + h.length});
      pos = h.payload;
    } else {
      const auto first = in.begin() + static_cast<std::ptrdiff_t>(h.payload);
      dst->bytes.assign(first, first + static_cast<std::ptrdiff_t>(h.length));
      pos = h.payload + h.length;
      if (open.empty()) break;  // the whole input was one byte string
    }
  }
  if (pos != in.size()) return error_at(pos, std::to_string(in.size() - pos) + " trailing bytes after the item");
  return root;
}

}  // namespace warp::rlp
