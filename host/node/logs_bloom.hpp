// The 2048-bit logs bloom of receipts and headers (Yellow Paper, section 4.3.1, M3:2048):
// lets eth_getLogs skip blocks and receipts that cannot hold a matching log.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "host/log.hpp"
#include "state/bytes.hpp"

namespace warp {

// Byte 0 holds bits 2047..2040: the 2048-bit number is stored big-endian.
using Bloom = std::array<uint8_t, 256>;

// Sets the three bits keccak256(item) selects: each of the byte pairs (0,1), (2,3), (4,5)
// of the hash, read big-endian, modulo 2048.
void bloom_add(Bloom& bloom, ByteView item);

// The bloom of a list of logs: every log's address and every one of its topics.
Bloom logs_bloom(const std::vector<Log>& logs);

// bloom |= other (a block's bloom is the union of its receipts' blooms).
void bloom_or(Bloom& bloom, const Bloom& other);

// False: `item` was certainly never added. True: it may have been.
bool bloom_may_contain(const Bloom& bloom, ByteView item);

}  // namespace warp
