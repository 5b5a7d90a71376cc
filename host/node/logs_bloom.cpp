#include "host/node/logs_bloom.hpp"

#include "kernels/evm/keccak.hpp"

namespace warp {
namespace {

// The byte and bit within it for one of the three indices keccak256(item) selects.
struct BloomBit {
  size_t byte;
  uint8_t mask;
};

BloomBit bloom_bit(const Hash& h, size_t pair) {
  const unsigned index = ((unsigned{h.bytes[2 * pair]} << 8) | h.bytes[2 * pair + 1]) & 2047u;
  // Bit `index` of a big-endian 2048-bit number: bytes count from the most significant end.
  return {255 - index / 8, static_cast<uint8_t>(1u << (index % 8))};
}

}  // namespace

void bloom_add(Bloom& bloom, ByteView item) {
  const Hash h = keccak256(item.data(), item.size());
  for (size_t pair = 0; pair < 3; ++pair) {
    const BloomBit b = bloom_bit(h, pair);
    bloom[b.byte] |= b.mask;
  }
}

Bloom logs_bloom(const std::vector<Log>& logs) {
  Bloom bloom{};
  for (const Log& log : logs) {
    bloom_add(bloom, ByteView(log.address.bytes, 20));
    for (const Hash& topic : log.topics) bloom_add(bloom, ByteView(topic.bytes, 32));
  }
  return bloom;
}

void bloom_or(Bloom& bloom, const Bloom& other) {
  for (size_t i = 0; i < bloom.size(); ++i) bloom[i] |= other[i];
}

bool bloom_may_contain(const Bloom& bloom, ByteView item) {
  const Hash h = keccak256(item.data(), item.size());
  for (size_t pair = 0; pair < 3; ++pair) {
    const BloomBit b = bloom_bit(h, pair);
    if ((bloom[b.byte] & b.mask) == 0) return false;
  }
  return true;
}

}  // namespace warp
