// The development accounts against the addresses and keys anvil and hardhat publish for the
// "test ... junk" mnemonic, and each derivation step against its own published vectors:
// BIP-39 (the Trezor reference vector) and BIP-32 test vector 1.
#include <gtest/gtest.h>

#include <string>

#include "host/node/dev_keys.hpp"

namespace warp {
namespace {

Hash hash(std::string_view hex) {
  const auto h = fixed_from_hex<32>(hex);
  EXPECT_TRUE(h.has_value()) << hex;
  return h.value_or(Hash{});
}

// Accepts EIP-55 mixed case, as the published lists print them.
Address address(std::string_view hex) {
  const auto a = fixed_from_hex<20>(hex);
  EXPECT_TRUE(a.has_value()) << hex;
  return a.value_or(Address{});
}

Bytes bytes(std::string_view hex) { return from_hex(hex).value_or(Bytes{}); }

TEST(DevAccounts, MatchAnvilsPublishedKeysAndAddresses) {
  const auto accounts = dev_accounts(10);
  ASSERT_EQ(accounts.size(), 10u);
  EXPECT_EQ(to_hex0x(accounts[0].secret_key), "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  EXPECT_EQ(accounts[0].address, address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
  EXPECT_EQ(to_hex0x(accounts[1].secret_key), "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  EXPECT_EQ(accounts[1].address, address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
  EXPECT_EQ(to_hex0x(accounts[2].secret_key), "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
  EXPECT_EQ(accounts[2].address, address("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"));
  EXPECT_EQ(to_hex0x(accounts[5].secret_key), "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
  EXPECT_EQ(accounts[5].address, address("0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"));
  EXPECT_EQ(accounts[9].address, address("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"));
}

TEST(DevAccounts, CountIsHonouredAndPrefixesAgree) {
  EXPECT_TRUE(dev_accounts(0).empty());
  const auto three = dev_accounts(3);
  const auto ten = dev_accounts(10);
  ASSERT_EQ(three.size(), 3u);
  for (size_t i = 0; i < three.size(); ++i) {
    EXPECT_EQ(three[i].secret_key, ten[i].secret_key) << i;
    EXPECT_EQ(three[i].address, ten[i].address) << i;
  }
}

TEST(DevAccounts, AnotherMnemonicGivesOtherAccounts) {
  const auto other = dev_accounts(1,
                                  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                                  "abandon about");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0].address, address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
}

TEST(DevKeys, Bip39TrezorReferenceVector) {
  const auto seed = bip39_seed(
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "TREZOR");
  EXPECT_EQ(to_hex(ByteView(seed.data(), seed.size())),
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4"
            "ab7c81b2f001698e7463b04");
}

// BIP-32 test vector 1: seed 000102...0f; chains m, m/0H, m/0H/1 (a normal child, so the
// compressed-public-key branch is covered), m/0H/1/2H.
TEST(DevKeys, Bip32TestVector1) {
  const Bytes seed = bytes("000102030405060708090a0b0c0d0e0f");
  const auto m = bip32_master(ByteView(seed));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->secret_key, hash("e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"));
  EXPECT_EQ(m->chain_code, hash("873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508"));

  const auto m0h = bip32_child(*m, 0 | kHardened);
  ASSERT_TRUE(m0h.has_value());
  EXPECT_EQ(m0h->secret_key, hash("edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea"));
  EXPECT_EQ(m0h->chain_code, hash("47fdacbd0f1097043b78c63c20c34ef4ed9a111d980047ad16282c7ae6236141"));

  const auto m0h1 = bip32_child(*m0h, 1);
  ASSERT_TRUE(m0h1.has_value());
  EXPECT_EQ(m0h1->secret_key, hash("3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368"));
  EXPECT_EQ(m0h1->chain_code, hash("2a7857631386ba23dacac34180dd1983734e444fdbf774041578e9b6adb37c19"));

  const auto m0h12h = bip32_child(*m0h1, 2 | kHardened);
  ASSERT_TRUE(m0h12h.has_value());
  EXPECT_EQ(m0h12h->secret_key, hash("cbce0d719ecf7431d88e6a89fa1483e02e35092af60c042b1df2ff59fa424dca"));
  EXPECT_EQ(m0h12h->chain_code, hash("04466b9cc8e161e966409ca52986c584f07e9dc81f735db683c3ff6ec7b1503f"));
}

TEST(DevKeys, MasterRefusesSeedsOutsideBip32Lengths) {
  const Bytes too_short(15, 1);
  const Bytes too_long(65, 1);
  EXPECT_FALSE(bip32_master(ByteView(too_short)).has_value());
  EXPECT_FALSE(bip32_master(ByteView(too_long)).has_value());
}

}  // namespace
}  // namespace warp
