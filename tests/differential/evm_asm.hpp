// Test-only EVM assembler for the adversarial contracts: opcodes, PUSH of values and
// addresses, and named labels (JUMPDEST targets or data offsets) that are patched when the
// code is built, so a contract can branch without counting bytes by hand.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/opcodes.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"

namespace warp::difftest {

class Asm {
 public:
  Asm& op(Opcode o) {
    code_.push_back(static_cast<uint8_t>(o));
    return *this;
  }
  Asm& ops(std::initializer_list<Opcode> list) {
    for (Opcode o : list) op(o);
    return *this;
  }
  // The shortest PUSHn for `v` (PUSH1 0 for zero: PUSH0 is spelled op(OP_PUSH0)).
  Asm& push(const uint256& v) {
    const unsigned n = v.count_significant_bytes() == 0 ? 1 : v.count_significant_bytes();
    uint8_t be[32];
    v.to_be_bytes(be);
    code_.push_back(static_cast<uint8_t>(OP_PUSH1 + n - 1));
    for (unsigned i = 32 - n; i < 32; ++i) code_.push_back(be[i]);
    return *this;
  }
  Asm& push(uint64_t v) { return push(uint256(v)); }
  Asm& push(int v) { return push(uint256(static_cast<uint64_t>(v))); }
  Asm& push(const Address& a) {
    code_.push_back(OP_PUSH20);
    code_.insert(code_.end(), a.bytes, a.bytes + 20);
    return *this;
  }
  // PUSH2 of a label's offset, filled in by build().
  Asm& push_label(const std::string& name) {
    code_.push_back(OP_PUSH2);
    fixups_.emplace_back(code_.size(), name);
    code_.push_back(0);
    code_.push_back(0);
    return *this;
  }
  Asm& jump(const std::string& name) { return push_label(name).op(OP_JUMP); }
  Asm& jumpi(const std::string& name) { return push_label(name).op(OP_JUMPI); }
  // A jump target: records the offset and emits JUMPDEST.
  Asm& label(const std::string& name) {
    mark(name);
    return op(OP_JUMPDEST);
  }
  // Records the current offset without emitting anything (the start of a data section).
  Asm& mark(const std::string& name) {
    if (!labels_.emplace(name, code_.size()).second) throw std::logic_error("label defined twice: " + name);
    return *this;
  }
  Asm& data(ByteView bytes) {
    code_.insert(code_.end(), bytes.begin(), bytes.end());
    return *this;
  }
  Asm& append(const Asm& other) {
    if (!other.fixups_.empty() || !other.labels_.empty()) throw std::logic_error("append: code with labels");
    return data(other.code_);
  }

  // ---- common sequences ------------------------------------------------------------------
  // Calldata word `i` (bytes 32*i..32*i+31) on the stack.
  Asm& arg(uint64_t i) { return push(32 * i).op(OP_CALLDATALOAD); }
  // slot += 1 for a constant slot.
  Asm& increment_slot(const uint256& slot) {
    return push(slot).op(OP_SLOAD).push(1).op(OP_ADD).push(slot).op(OP_SSTORE);
  }
  // Pops the top of the stack into memory word 0 and logs it (LOG0 of 32 bytes).
  Asm& log_top() { return push(0).op(OP_MSTORE).push(32).push(0).op(OP_LOG0); }
  // CALL(gas, to, value, in 0..in_size, no output): the success flag stays on the stack.
  Asm& call(const uint256& gas, const Address& to, const uint256& value, uint64_t in_size) {
    return push(0).push(0).push(in_size).push(0).push(value).push(to).push(gas).op(OP_CALL);
  }
  // Writes `code` to memory at `at` in 32-byte MSTOREs (the tail zero padded).
  Asm& store_in_memory(ByteView code, uint64_t at = 0) {
    for (size_t i = 0; i < code.size(); i += 32) {
      uint8_t chunk[32] = {};
      for (size_t j = 0; j < 32 && i + j < code.size(); ++j) chunk[j] = code[i + j];
      code_.push_back(OP_PUSH32);
      code_.insert(code_.end(), chunk, chunk + 32);
      push(at + i).op(OP_MSTORE);
    }
    return *this;
  }

  size_t size() const { return code_.size(); }
  size_t offset_of(const std::string& name) const {
    const auto it = labels_.find(name);
    if (it == labels_.end()) throw std::logic_error("undefined label: " + name);
    return it->second;
  }

  Bytes build() const {
    Bytes out = code_;
    for (const auto& [at, name] : fixups_) {
      const size_t target = offset_of(name);
      if (target > 0xffff) throw std::logic_error("label beyond PUSH2 range: " + name);
      out[at] = static_cast<uint8_t>(target >> 8);
      out[at + 1] = static_cast<uint8_t>(target);
    }
    return out;
  }

 private:
  Bytes code_;
  std::vector<std::pair<size_t, std::string>> fixups_;
  std::map<std::string, size_t> labels_;
};

// Init code that deploys `runtime`: copies it from the init code's own tail and returns it.
inline Bytes deploy_code(ByteView runtime) {
  // PUSH2 size, PUSH2 15 (this head's length), PUSH1 0, CODECOPY, PUSH2 size, PUSH1 0, RETURN.
  const auto hi = static_cast<uint8_t>(runtime.size() >> 8), lo = static_cast<uint8_t>(runtime.size());
  const uint8_t head[15] = {OP_PUSH2,    hi,       lo, OP_PUSH2, 0,        15, OP_PUSH1, 0,
                            OP_CODECOPY, OP_PUSH2, hi, lo,       OP_PUSH1, 0,  OP_RETURN};
  // Sized once and filled (not insert()): GCC 12 misreads an insert after 15 bytes as overflow.
  Bytes out(sizeof(head) + runtime.size());
  std::copy(head, head + sizeof(head), out.begin());
  std::copy(runtime.begin(), runtime.end(), out.begin() + sizeof(head));
  return out;
}

}  // namespace warp::difftest
