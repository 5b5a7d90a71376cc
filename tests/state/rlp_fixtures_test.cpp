// ethereum/tests RLPTests, read in place from WARPEVM_FIXTURES_DIR: every case must pass,
// and a missing or empty fixture file is a failure, not a silent pass.
#include <gmp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "state/rlp.hpp"

namespace warp::rlp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kDir = fs::path(WARPEVM_FIXTURES_DIR) / "ethereum-tests" / "RLPTests";

json load(const fs::path& path) {
  std::ifstream f(path);
  if (!f) {
    ADD_FAILURE() << "fixture missing: " << path;
    return json::object();
  }
  json j = json::parse(f, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || j.empty()) {
    ADD_FAILURE() << "fixture unreadable or without cases: " << path;
    return json::object();
  }
  return j;
}

// "#<decimal>" is an arbitrary-width unsigned integer; returns its minimal big-endian bytes.
Bytes bignum_bytes(const std::string& decimal) {
  mpz_t v;
  mpz_init(v);
  Bytes out;
  if (mpz_set_str(v, decimal.c_str(), 10) != 0 || mpz_sgn(v) < 0) {
    ADD_FAILURE() << "bad bignum in fixture: " << decimal;
  } else {
    out.resize((mpz_sizeinbase(v, 2) + 7) / 8);
    size_t written = 0;
    mpz_export(out.data(), &written, 1, 1, 1, 0, v);
    out.resize(written);  // zero exports nothing
  }
  mpz_clear(v);
  return out;
}

Bytes uint_bytes(uint64_t v) {
  Bytes out;
  for (int shift = 56; shift >= 0; shift -= 8)
    if (!out.empty() || (v >> shift) != 0) out.push_back(static_cast<uint8_t>(v >> shift));
  return out;
}

// The item a fixture's "in" describes: strings are raw bytes, numbers and "#" bignums are
// scalars (big-endian, no leading zeros), arrays are lists.
Item item_from_json(const json& in) {
  Item item;
  if (in.is_array()) {
    item.is_list = true;
    for (const json& child : in) item.items.push_back(item_from_json(child));
  } else if (in.is_number_unsigned() || (in.is_number_integer() && in.get<int64_t>() >= 0)) {
    item.bytes = uint_bytes(in.get<uint64_t>());
  } else if (in.is_string()) {
    const auto& s = in.get_ref<const std::string&>();
    if (!s.empty() && s[0] == '#')
      item.bytes = bignum_bytes(s.substr(1));
    else
      item.bytes.assign(s.begin(), s.end());
  } else {
    ADD_FAILURE() << "unsupported fixture input: " << in.dump();
  }
  return item;
}

// Encodes through the public encoder calls the rest of the project uses.
void encode_item(Bytes& out, const Item& item) {
  if (!item.is_list) return encode_string(out, item.bytes);
  Bytes payload;
  for (const Item& child : item.items) encode_item(payload, child);
  encode_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

Bytes fixture_bytes(const json& test) {
  auto b = from_hex(test.at("out").get<std::string>());
  EXPECT_TRUE(b.has_value()) << "\"out\" is not hex";
  return b.value_or(Bytes{});
}

TEST(RlpFixtures, ValidEncodeAndDecode) {
  const json tests = load(kDir / "rlptest.json");
  for (const auto& [name, test] : tests.items()) {
    SCOPED_TRACE("rlptest.json case " + name);
    const Bytes expected = fixture_bytes(test);
    const json& in = test.at("in");
    const Item item = item_from_json(in);

    Bytes encoded;
    if (in.is_number_unsigned() || in.is_number_integer())
      encode_uint(encoded, in.get<uint64_t>());
    else if (in.is_string() && !in.get_ref<const std::string&>().empty() && in.get_ref<const std::string&>()[0] == '#')
      encode_uint_be(encoded, item.bytes);
    else
      encode_item(encoded, item);
    EXPECT_EQ(to_hex(encoded), to_hex(expected));

    auto decoded = decode(expected);
    if (auto* err = std::get_if<DecodeError>(&decoded)) {
      ADD_FAILURE() << "decode failed: " << err->message;
      continue;
    }
    EXPECT_TRUE(std::get<Item>(decoded) == item) << "decoded item differs from \"in\"";
  }
}

TEST(RlpFixtures, InvalidRejected) {
  const json tests = load(kDir / "invalidRLPTest.json");
  for (const auto& [name, test] : tests.items()) {
    SCOPED_TRACE("invalidRLPTest.json case " + name);
    EXPECT_EQ(test.at("in"), "INVALID");
    auto decoded = decode(fixture_bytes(test));
    if (auto* err = std::get_if<DecodeError>(&decoded))
      EXPECT_NE(err->message.find("offset"), std::string::npos) << err->message;
    else
      ADD_FAILURE() << "decoded but must be rejected";
  }
}

TEST(RlpFixtures, RandomDecodeAndReencode) {
  size_t cases = 0;
  const fs::path dir = kDir / "RandomRLPTests";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    const json tests = load(entry.path());
    for (const auto& [name, test] : tests.items()) {
      SCOPED_TRACE(entry.path().filename().string() + " case " + name);
      ++cases;
      const Bytes bytes = fixture_bytes(test);
      auto decoded = decode(bytes);
      if (auto* err = std::get_if<DecodeError>(&decoded)) {
        ADD_FAILURE() << "decode failed: " << err->message;
        continue;
      }
      Bytes again;
      encode_item(again, std::get<Item>(decoded));
      EXPECT_EQ(to_hex(again), to_hex(bytes));
    }
  }
  ASSERT_FALSE(ec) << "cannot list " << dir << ": " << ec.message();
  EXPECT_GT(cases, 0u) << "no cases found under " << dir;
}

}  // namespace
}  // namespace warp::rlp
