// Test-only: write EVM bytecode as `push(1) + push(2) + OP_ADD` instead of hex strings.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/keccak.hpp"
#include "kernels/evm/opcodes.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp::test {

struct Bytecode {
  std::vector<uint8_t> bytes;

  Bytecode() = default;
  Bytecode(Opcode op) : bytes{static_cast<uint8_t>(op)} {}  // NOLINT: implicit on purpose
  explicit Bytecode(std::vector<uint8_t> b) : bytes(std::move(b)) {}

  size_t size() const { return bytes.size(); }
  const uint8_t* data() const { return bytes.data(); }

  Bytecode& operator+=(const Bytecode& o) {
    bytes.reserve(bytes.size() + o.bytes.size());
    for (uint8_t b : o.bytes) bytes.push_back(b);
    return *this;
  }
  friend Bytecode operator+(Bytecode a, const Bytecode& b) { return a += b; }
  friend Bytecode operator+(Bytecode a, Opcode op) { return a += Bytecode(op); }
  friend Bytecode operator+(Opcode op, const Bytecode& b) { return Bytecode(op) += b; }
};

inline Bytecode raw(std::initializer_list<uint8_t> b) { return Bytecode(std::vector<uint8_t>(b)); }

// PUSHn with exactly n bytes of immediate (n in 1..32).
inline Bytecode push_n(int n, const uint256& v) {
  uint8_t be[32];
  v.to_be_bytes(be);
  // Built in one vector (not insert()): GCC 12 misreads insert into a 1-byte vector as overflow.
  std::vector<uint8_t> out(static_cast<size_t>(n) + 1);
  out[0] = static_cast<uint8_t>(OP_PUSH1 + n - 1);
  for (int i = 0; i < n; ++i) out[static_cast<size_t>(i) + 1] = be[32 - n + i];
  return Bytecode(std::move(out));
}
// The shortest PUSHn (n >= 1; PUSH0 only when asked for, its gas differs).
inline Bytecode push(const uint256& v) {
  const int n = static_cast<int>(v.count_significant_bytes());
  return push_n(n == 0 ? 1 : n, v);
}
inline Bytecode push(uint64_t v) { return push(uint256(v)); }
inline Bytecode push(int v) { return push(uint256(static_cast<uint64_t>(v))); }
inline Bytecode push(const Address& a) { return push_n(20, uint256::from_be_bytes(a.bytes, 20)); }
inline Bytecode push0() { return Bytecode(OP_PUSH0); }

inline Bytecode mstore(uint64_t offset, const uint256& v) { return push(v) + push(offset) + OP_MSTORE; }
inline Bytecode mstore8(uint64_t offset, uint64_t v) { return push(v) + push(offset) + OP_MSTORE8; }
inline Bytecode mload(uint64_t offset) { return push(offset) + OP_MLOAD; }
inline Bytecode sstore(const uint256& key, const uint256& v) { return push(v) + push(key) + OP_SSTORE; }
inline Bytecode sload(const uint256& key) { return push(key) + OP_SLOAD; }
inline Bytecode tstore(const uint256& key, const uint256& v) { return push(v) + push(key) + OP_TSTORE; }
inline Bytecode tload(const uint256& key) { return push(key) + OP_TLOAD; }
inline Bytecode ret(uint64_t offset, uint64_t size) { return push(size) + push(offset) + OP_RETURN; }
inline Bytecode revert(uint64_t offset, uint64_t size) { return push(size) + push(offset) + OP_REVERT; }
// Returns the top of the stack as a 32-byte word.
inline Bytecode ret_top() { return push(0) + OP_MSTORE + ret(0, 32); }

inline Bytecode call(const uint256& gas, const Address& to, const uint256& value, uint64_t in_off, uint64_t in_size,
                     uint64_t out_off, uint64_t out_size, Opcode kind = OP_CALL) {
  Bytecode b = push(out_size) + push(out_off) + push(in_size) + push(in_off);
  if (kind == OP_CALL || kind == OP_CALLCODE) b += push(value);
  return b + push(to) + push(gas) + kind;
}

// Stores `code` into memory at 0.. with MSTOREs of 32-byte chunks (the tail zero padded).
inline Bytecode store_in_memory(const Bytecode& code, uint64_t at = 0) {
  Bytecode b;
  for (size_t i = 0; i < code.size(); i += 32) {
    uint8_t chunk[32] = {};
    for (size_t j = 0; j < 32 && i + j < code.size(); ++j) chunk[j] = code.bytes[i + j];
    b += push_n(32, uint256::from_be_bytes(chunk, 32)) + push(at + i) + OP_MSTORE;
  }
  return b;
}
inline Bytecode create(uint64_t value, uint64_t offset, uint64_t size) {
  return push(size) + push(offset) + push(value) + OP_CREATE;
}
inline Bytecode create2(uint64_t value, uint64_t offset, uint64_t size, const uint256& salt) {
  return push(salt) + push(size) + push(offset) + push(value) + OP_CREATE2;
}

// Init code that deploys `runtime` (copied from the init code's own tail with CODECOPY).
inline Bytecode deployer(const Bytecode& runtime) {
  // PUSH2 size, PUSH2 offset, PUSH1 0, CODECOPY, PUSH2 size, PUSH1 0, RETURN = 15 bytes.
  const uint64_t n = runtime.size();
  Bytecode head = push_n(2, n) + push_n(2, 15) + push_n(1, 0) + OP_CODECOPY + push_n(2, n) + push_n(1, 0) + OP_RETURN;
  return head + runtime;
}

}  // namespace warp::test
