#include "host/node/rlp_fields.hpp"

#include <utility>

namespace warp {

RlpFieldReader::RlpFieldReader(const rlp::Item& list, std::string what) : items_(list.items), what_(std::move(what)) {
  if (!list.is_list) fail(what_ + " must be an RLP list");
}

void RlpFieldReader::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

std::string RlpFieldReader::field(const char* name) const { return what_ + " field '" + name + "'"; }

const rlp::Item* RlpFieldReader::next(const char* name) {
  if (!ok()) return nullptr;
  if (pos_ >= items_.size()) {
    fail(what_ + ": missing field '" + name + "'");
    return nullptr;
  }
  return &items_[pos_++];
}

const rlp::Item* RlpFieldReader::string_item(const char* name) {
  const rlp::Item* it = next(name);
  if (it && it->is_list) {
    fail(field(name) + " must be a byte string, not a list");
    return nullptr;
  }
  return it;
}

const rlp::Item* RlpFieldReader::scalar(const char* name, size_t max_len) {
  const rlp::Item* it = string_item(name);
  if (!it) return nullptr;
  if (!it->bytes.empty() && it->bytes[0] == 0) {
    fail(field(name) + " has leading zero bytes (non-canonical integer)");
    return nullptr;
  }
  if (it->bytes.size() > max_len) {
    fail(field(name) + " exceeds " + std::to_string(8 * max_len) + " bits");
    return nullptr;
  }
  return it;
}

const rlp::Item* RlpFieldReader::sized(const char* name, size_t len) {
  const rlp::Item* it = string_item(name);
  if (it && it->bytes.size() != len) {
    fail(field(name) + " must be " + std::to_string(len) + " bytes, got " + std::to_string(it->bytes.size()));
    return nullptr;
  }
  return it;
}

uint64_t RlpFieldReader::u64(const char* name) {
  const rlp::Item* it = scalar(name, 8);
  return it ? uint256::from_be_bytes(it->bytes.data(), it->bytes.size()).low64() : 0;
}

uint256 RlpFieldReader::u256(const char* name) {
  const rlp::Item* it = scalar(name, 32);
  return it ? uint256::from_be_bytes(it->bytes.data(), it->bytes.size()) : uint256{};
}

void RlpFieldReader::fixed_into(const char* name, uint8_t* out, size_t n) {
  if (const rlp::Item* it = sized(name, n)) std::memcpy(out, it->bytes.data(), n);
}

Bytes RlpFieldReader::bytes(const char* name) {
  const rlp::Item* it = string_item(name);
  return it ? it->bytes : Bytes{};
}

const rlp::Item* RlpFieldReader::list(const char* name) {
  const rlp::Item* it = next(name);
  if (it && !it->is_list) {
    fail(field(name) + " must be a list");
    return nullptr;
  }
  return it;
}

std::vector<Log> RlpFieldReader::logs(const char* name) {
  std::vector<Log> out;
  const rlp::Item* list_item = list(name);
  if (!list_item) return out;
  out.reserve(list_item->items.size());
  for (size_t i = 0; i < list_item->items.size() && ok(); ++i) {
    RlpFieldReader r(list_item->items[i], what_ + " log " + std::to_string(i));
    Log log;
    log.address = r.fixed<20>("address");
    if (const rlp::Item* topics = r.list("topics")) {
      log.topics.reserve(topics->items.size());
      for (const rlp::Item& t : topics->items) {
        if (t.is_list || t.bytes.size() != 32) {
          r.fail(what_ + " log " + std::to_string(i) + ": every topic must be 32 bytes");
          break;
        }
        Hash h{};
        std::memcpy(h.bytes, t.bytes.data(), 32);
        log.topics.push_back(h);
      }
    }
    log.data = r.bytes("data");
    r.expect_end();
    if (!r.ok()) fail(r.error());
    out.push_back(std::move(log));
  }
  if (!ok()) out.clear();
  return out;
}

void RlpFieldReader::expect_end() {
  if (ok() && pos_ != items_.size())
    fail(what_ + ": " + std::to_string(items_.size() - pos_) + " unexpected trailing field(s)");
}

}  // namespace warp
