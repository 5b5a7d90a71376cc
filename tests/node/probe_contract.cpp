#include "tests/node/probe_contract.hpp"

#include <algorithm>
#include <initializer_list>
#include <stdexcept>

#include "kernels/evm/opcodes.hpp"

namespace warp::nodetest {

namespace {

// Just enough assembler for two short programs: opcodes and PUSH1 immediates.
struct Code {
  Bytes bytes;
  Code& op(Opcode o) {
    bytes.push_back(static_cast<uint8_t>(o));
    return *this;
  }
  Code& ops(std::initializer_list<Opcode> list) {
    for (Opcode o : list) op(o);
    return *this;
  }
  Code& push1(uint8_t v) {
    bytes.push_back(OP_PUSH1);
    bytes.push_back(v);
    return *this;
  }
  Code& push2(uint16_t v) {
    bytes.push_back(OP_PUSH2);
    bytes.push_back(static_cast<uint8_t>(v >> 8));
    bytes.push_back(static_cast<uint8_t>(v));
    return *this;
  }
  // calldata word 0 (the slot base) + k
  Code& slot_plus(uint8_t k) { return push1(0).op(OP_CALLDATALOAD).push1(k).op(OP_ADD); }
};

}  // namespace

Bytes probe_runtime_code() {
  Code c;
  // sstore(slot, value ^ blockhash(number - 1))
  c.push1(0x20).op(OP_CALLDATALOAD).push1(1).op(OP_NUMBER).op(OP_SUB).op(OP_BLOCKHASH).op(OP_XOR);
  c.slot_plus(0).op(OP_SSTORE);
  // sstore(slot + 1, prevrandao)
  c.op(OP_PREVRANDAO).slot_plus(1).op(OP_SSTORE);
  // sstore(slot + 2, timestamp + basefee + number)
  c.ops({OP_TIMESTAMP, OP_BASEFEE, OP_ADD, OP_NUMBER, OP_ADD}).slot_plus(2).op(OP_SSTORE);
  // sstore(0xff, sload(0xff) + 1): every call to one probe conflicts with every other
  c.push1(0xff).op(OP_SLOAD).push1(1).op(OP_ADD).push1(0xff).op(OP_SSTORE);
  // log1(0, 0, caller)
  c.op(OP_CALLER).push1(0).push1(0).op(OP_LOG1);
  c.op(OP_STOP);
  return c.bytes;
}

Bytes probe_init_code() {
  const Bytes runtime = probe_runtime_code();
  if (runtime.size() > 0xff) throw std::logic_error("probe runtime too long for PUSH1 sizes");
  const auto size = static_cast<uint8_t>(runtime.size());
  // Fixed length prologue: caller -> slot 0x100, codecopy(0, prologue_len, size), return(0, size).
  constexpr uint8_t kPrologueLength = 1 + 3 + 1 + 2 + 2 + 2 + 1 + 2 + 2 + 1;
  Code c;
  c.op(OP_CALLER).push2(0x100).op(OP_SSTORE);
  c.push1(size).push1(kPrologueLength).push1(0).op(OP_CODECOPY);
  c.push1(size).push1(0).op(OP_RETURN);
  if (c.bytes.size() != kPrologueLength) throw std::logic_error("probe prologue length changed");
  c.bytes.insert(c.bytes.end(), runtime.begin(), runtime.end());
  return c.bytes;
}

Bytes probe_call_data(const uint256& slot, const uint256& value) {
  Bytes data(64);
  const Hash s = slot.to_hash();
  const Hash v = value.to_hash();
  std::copy(s.bytes, s.bytes + 32, data.begin());
  std::copy(v.bytes, v.bytes + 32, data.begin() + 32);
  return data;
}

}  // namespace warp::nodetest
