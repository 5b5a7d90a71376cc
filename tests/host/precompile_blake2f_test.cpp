// BLAKE2F (0x09): the EIP-152 test vectors, including the malformed ones, and gas.
#include <gtest/gtest.h>

#include <string>

#include "host/precompiles/builtins.hpp"

namespace warp {
namespace {

using precompile::blake2f;

// EIP-152 vector 5: BLAKE2b-512 of "abc" as one final block (state, message, t0 = 3, t1 = 0).
// The other vectors differ only in the round count (first 4 bytes) and the flag (last byte).
const std::string kVector5 =
    "0000000c48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b"
    "6bbd41fbabd9831f79217e1319cde05b616263000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000030000000000000000000000"
    "0000000001";
const std::string kBody = kVector5.substr(8, kVector5.size() - 10);

Bytes vector(const std::string& rounds_hex, const std::string& flag_hex) {
  return from_hex(rounds_hex + kBody + flag_hex).value();
}

TEST(PrecompileBlake2f, BodyIsTheRightLength) { EXPECT_EQ(vector("0000000c", "01").size(), 213u); }

TEST(PrecompileBlake2f, Eip152Vector0EmptyInputFails) {
  const auto r = blake2f({}, 1000);
  EXPECT_EQ(r.status, PrecompileStatus::Failure);
  EXPECT_EQ(r.gas_used, 1000);
}

TEST(PrecompileBlake2f, Eip152Vectors1And2WrongLengthFail) {
  Bytes shorter = vector("0000000c", "01");
  shorter.erase(shorter.begin());  // 212 bytes
  EXPECT_EQ(blake2f(shorter, 1000).status, PrecompileStatus::Failure);
  Bytes longer = vector("0000000c", "01");
  longer.insert(longer.begin(), 0);  // 214 bytes
  EXPECT_EQ(blake2f(longer, 1000).status, PrecompileStatus::Failure);
}

TEST(PrecompileBlake2f, Eip152Vector3BadFlagFails) {
  EXPECT_EQ(blake2f(vector("0000000c", "02"), 1000).status, PrecompileStatus::Failure);
  EXPECT_EQ(blake2f(vector("0000000c", "ff"), 1000).status, PrecompileStatus::Failure);
}

TEST(PrecompileBlake2f, Eip152Vector4ZeroRounds) {
  const auto r = blake2f(vector("00000000", "01"), 0);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 0);
  EXPECT_EQ(to_hex(r.output),
            "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b"
            "9442be0454267ce079217e1319cde05b");
}

TEST(PrecompileBlake2f, Eip152Vector5TwelveRoundsIsBlake2bOfAbc) {
  const auto r = blake2f(vector("0000000c", "01"), 12);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 12);
  EXPECT_EQ(to_hex(r.output),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc95"
            "18d38aa8dbf1925ab92386edd4009923");
}

TEST(PrecompileBlake2f, Eip152Vector6NotFinal) {
  const auto r = blake2f(vector("0000000c", "00"), 100);
  EXPECT_EQ(r.gas_used, 12);
  EXPECT_EQ(to_hex(r.output),
            "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b"
            "4e426ac4f2d3d666a610c2116fde4735");
}

TEST(PrecompileBlake2f, Eip152Vector7OneRound) {
  const auto r = blake2f(vector("00000001", "01"), 1);
  EXPECT_EQ(r.gas_used, 1);
  EXPECT_EQ(to_hex(r.output),
            "b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e08993d53923"
            "de3d64fcc68c034e717b9293fed7a421");
}

TEST(PrecompileBlake2f, GasIsTheRoundCount) {
  const auto r = blake2f(vector("0000000c", "01"), 11);
  EXPECT_EQ(r.status, PrecompileStatus::Failure);
  EXPECT_EQ(r.gas_used, 11);
  // 2^32 - 1 rounds with too little gas must fail without computing anything.
  EXPECT_EQ(blake2f(vector("ffffffff", "01"), 30'000'000).status, PrecompileStatus::Failure);
}

// EIP-152 vector 8: 2^32 - 1 rounds take minutes; run with --gtest_also_run_disabled_tests.
TEST(PrecompileBlake2f, DISABLED_Eip152Vector8MaxRounds) {
  const auto r = blake2f(vector("ffffffff", "01"), 0xffffffff);
  EXPECT_EQ(r.gas_used, 0xffffffff);
  EXPECT_EQ(to_hex(r.output),
            "fc59093aafa9ab43daae0e914c57635c5402d8e3d2130eb9b3cc181de7f0ecf9b22bf99a7815ce16419e200e01846e6b"
            "5df8cc7703041bbceb571de6631d2615");
}

}  // namespace
}  // namespace warp
