// Contract creation (CREATE, CREATE2, top-level create messages): addresses (RLP nonce
// rule, EIP-1014 examples), code deposit rules (EIP-170, EIP-3541, 200 gas per byte),
// EIP-3860 limit, collisions; and SELFDESTRUCT under EIP-6780.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/evm/create_address.hpp"
#include "state/bytes.hpp"
#include "tests/evm/interpreter_test_host.hpp"

namespace warp::test {
namespace {

Address hex_address(const char* hex) { return fixed_from_hex<20>(hex).value(); }
Hash hex_hash(const char* hex) { return fixed_from_hex<32>(hex).value(); }

TEST(CreateAddress, RlpOfSenderAndNonce) {
  const Address sender = hex_address("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
  EXPECT_EQ(create_address(sender, 0), hex_address("0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"));
  EXPECT_EQ(create_address(sender, 1), hex_address("0x343c43a37d37dff08ae8c4a11544c718abb4fcf8"));
  EXPECT_EQ(create_address(sender, 2), hex_address("0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91"));
  EXPECT_EQ(create_address(sender, 3), hex_address("0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c"));
  // Multi-byte nonces: the RLP is 0xc0+len, 0x94, sender, 0x80+n, big-endian nonce bytes.
  for (uint64_t nonce : {uint64_t{0x7f}, uint64_t{0x80}, uint64_t{0x1234}, ~uint64_t{0} - 1}) {
    std::vector<uint8_t> rlp{0x94};
    rlp.insert(rlp.end(), sender.bytes, sender.bytes + 20);
    if (nonce < 0x80) {
      rlp.push_back(static_cast<uint8_t>(nonce));
    } else {
      std::vector<uint8_t> be;
      for (uint64_t v = nonce; v != 0; v >>= 8) be.insert(be.begin(), static_cast<uint8_t>(v));
      rlp.push_back(static_cast<uint8_t>(0x80 + be.size()));
      rlp.insert(rlp.end(), be.begin(), be.end());
    }
    rlp.insert(rlp.begin(), static_cast<uint8_t>(0xc0 + rlp.size()));
    const Hash h = keccak256(rlp.data(), rlp.size());
    Address expect{};
    for (int i = 0; i < 20; ++i) expect.bytes[i] = h.bytes[12 + i];
    EXPECT_EQ(create_address(sender, nonce), expect) << nonce;
  }
}

TEST(CreateAddress, Eip1014Examples) {
  struct Example {
    const char* sender;
    const char* salt;
    std::vector<uint8_t> init;
    const char* expect;
  };
  const std::vector<uint8_t> long_init =
      from_hex("0xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef").value();
  const Example examples[] = {
      {"0x0000000000000000000000000000000000000000",
       "0x0000000000000000000000000000000000000000000000000000000000000000",
       {0x00},
       "0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38"},
      {"0xdeadbeef00000000000000000000000000000000",
       "0x0000000000000000000000000000000000000000000000000000000000000000",
       {0x00},
       "0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3"},
      {"0xdeadbeef00000000000000000000000000000000",
       "0x000000000000000000000000feed000000000000000000000000000000000000",
       {0x00},
       "0xD04116cDd17beBE565EB2422F2497E06cC1C9833"},
      {"0x0000000000000000000000000000000000000000",
       "0x0000000000000000000000000000000000000000000000000000000000000000",
       {0xde, 0xad, 0xbe, 0xef},
       "0x70f2b2914A2a4b783FaEFb75f459A580616Fcb5e"},
      {"0x00000000000000000000000000000000deadbeef",
       "0x00000000000000000000000000000000000000000000000000000000cafebabe",
       {0xde, 0xad, 0xbe, 0xef},
       "0x60f3f640a8508fC6a86d45DF051962668E1e8AC7"},
      {"0x00000000000000000000000000000000deadbeef",
       "0x00000000000000000000000000000000000000000000000000000000cafebabe", long_init,
       "0x1d8bfDC5D46DC4f61D6b6115972536eBE6A8854C"},
      {"0x0000000000000000000000000000000000000000",
       "0x0000000000000000000000000000000000000000000000000000000000000000",
       {},
       "0xE33C0C7F7df4809055C3ebA6c09CFe4BaF1BD9e0"},
  };
  for (const Example& e : examples) {
    const Hash code_hash = keccak256(e.init.data(), e.init.size());
    EXPECT_EQ(create2_address(hex_address(e.sender), hex_hash(e.salt), code_hash), hex_address(e.expect)) << e.expect;
  }
}

class InterpreterCreate : public ::testing::Test {
 protected:
  TestHost host;
  EvmArena arena;
  const Address fresh = addr(0xf7e5);

  // A top-level create message, as the transaction layer sends it.
  RunResult create_tx(const Bytecode& init, int64_t gas = 10'000'000, const uint256& value = uint256{}) {
    if (!host.account_exists(kSender)) host.set_account(kSender, uint256(1'000'000));
    Message m;
    m.kind = CallKind::Create;
    m.gas = gas;
    m.recipient = fresh;
    m.code_address = fresh;
    m.sender = kSender;
    m.value = value;
    m.input = init.data();
    m.input_size = init.size();
    return run_message(host, arena, m);
  }
};

TEST_F(InterpreterCreate, TopLevelCreateDepositsCodeAt200PerByte) {
  const Bytecode runtime = push_n(2, 1) + push(2) + OP_ADD + push(0) + OP_SSTORE + OP_STOP;  // 10 bytes
  ASSERT_EQ(runtime.size(), 10u);
  const RunResult r = create_tx(deployer(runtime), 1'000'000, uint256(5));
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.result.created, fresh);
  EXPECT_EQ(r.result.output_size, 0u);
  // Init code: 3 pushes (9) + CODECOPY (3 + 3 copy + 3 memory) + 2 pushes (6) = 24.
  EXPECT_EQ(r.gas_used, 24 + 200 * 10);
  EXPECT_EQ(host.accounts[fresh].code, runtime.bytes);
  EXPECT_EQ(host.accounts[fresh].nonce, 1u);
  EXPECT_EQ(host.balance(fresh), uint256(5));
  EXPECT_TRUE(host.created.count(fresh));
}

TEST_F(InterpreterCreate, InitCodeSeesNoCalldata) {
  // The init code is CODE, not CALLDATA: CALLDATASIZE is 0 and CODESIZE is its length.
  const Bytecode init = OP_CALLDATASIZE + push(1) + OP_ADD + push(0) + OP_SSTORE + OP_CODESIZE + push(1) + OP_SSTORE;
  ASSERT_EQ(create_tx(init).result.status, EvmStatus::Success);
  EXPECT_EQ(host.storage_at(fresh, uint256(0)), uint256(1));
  EXPECT_EQ(host.storage_at(fresh, uint256(1)), uint256(init.size()));
}

TEST_F(InterpreterCreate, CodeSizeLimitAndEfPrefix) {
  // 24576 zero bytes: memory 768 words (2304 + 1152) + 2 pushes + deposit.
  RunResult r = create_tx(push(24576) + push(0) + OP_RETURN);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 6 + 3456 + 200 * 24576);
  host = TestHost{};
  r = create_tx(push(24577) + push(0) + OP_RETURN);
  EXPECT_EQ(r.result.status, EvmStatus::OutOfGas);
  EXPECT_EQ(r.gas_used, 10'000'000);
  EXPECT_FALSE(host.account_exists(fresh));  // the whole create is undone
  // EIP-3541: code starting with 0xEF is rejected; 0xFE is fine.
  host = TestHost{};
  r = create_tx(mstore8(0, 0xef) + ret(0, 1));
  EXPECT_EQ(r.result.status, EvmStatus::ContractValidationFailure);
  EXPECT_EQ(r.gas_used, 10'000'000);
  host = TestHost{};
  r = create_tx(mstore8(0, 0xfe) + ret(0, 1));
  EXPECT_EQ(r.result.status, EvmStatus::Success);
  // Deposit needs gas: 1 byte = 200 on top of the init code's 9 + 3 + 6.
  host = TestHost{};
  EXPECT_EQ(create_tx(mstore8(0, 0xfe) + ret(0, 1), 18 + 199).result.status, EvmStatus::OutOfGas);
  host = TestHost{};
  EXPECT_EQ(create_tx(mstore8(0, 0xfe) + ret(0, 1), 18 + 200).result.status, EvmStatus::Success);
}

TEST_F(InterpreterCreate, CollisionAtTopLevel) {
  host.set_account(fresh, uint256{}, Bytecode{}, 1);
  const RunResult r = create_tx(Bytecode(OP_STOP));
  EXPECT_EQ(r.result.status, EvmStatus::CreateCollision);
  EXPECT_EQ(r.gas_used, 10'000'000);
  // A balance alone is not a collision.
  host = TestHost{};
  host.set_account(fresh, uint256(9));
  EXPECT_EQ(create_tx(Bytecode(OP_STOP)).result.status, EvmStatus::Success);
  EXPECT_EQ(host.balance(fresh), uint256(9));
}

TEST_F(InterpreterCreate, CreateOpcodeAddressNonceAndCode) {
  const Bytecode runtime = push(0x42) + ret_top();
  const Bytecode init = deployer(runtime);
  host.set_account(kContract, uint256{}, Bytecode{}, 1);
  const RunResult r = run_code(host, arena, store_in_memory(init) + create(0, 0, init.size()) + ret_top());
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  const Address expect = create_address(kContract, 1);
  EXPECT_EQ(output_word(r), address_to_word(expect));
  EXPECT_EQ(host.nonce(kContract), 2u);
  EXPECT_EQ(host.accounts[expect].code, runtime.bytes);
  EXPECT_EQ(host.nonce(expect), 1u);
  EXPECT_TRUE(host.warm_accounts.count(expect));
}

TEST_F(InterpreterCreate, Create2AddressAndCollision) {
  const Bytecode init = deployer(push(1));
  host.set_account(kContract, uint256{}, Bytecode{}, 1);
  const uint256 salt(0x5a17);
  // Results go above the init code (memory 0..32) so that the second CREATE2 sees the same.
  const Bytecode code = store_in_memory(init) + create2(0, 0, init.size(), salt) + push(64) + OP_MSTORE +
                        create2(0, 0, init.size(), salt) + push(96) + OP_MSTORE + ret(64, 64);
  const RunResult r = run_code(host, arena, code);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  const Address expect = create2_address(kContract, salt.to_hash(), keccak256(init.data(), init.size()));
  EXPECT_EQ(uint256::from_be_bytes(r.output.data(), 32), address_to_word(expect));
  EXPECT_EQ(uint256::from_be_bytes(r.output.data() + 32, 32), uint256(0));  // same address again: collision
  EXPECT_EQ(host.nonce(kContract), 3u);                                     // raised by both, even the failed one
}

TEST_F(InterpreterCreate, ExactGasOfCreateOpcodes) {
  host.set_account(kContract, uint256{}, Bytecode{}, 1);
  // Empty init code: 3 pushes + 32000; the child's gas all comes back.
  EXPECT_EQ(run_code(host, arena, create(0, 0, 0)).gas_used, 9 + 32000);
  // CREATE2 of 32 zero bytes (runs STOP): 4 pushes + 32000 + memory 3 + 2 (initcode word)
  // + 6 (hash word).
  EXPECT_EQ(run_code(host, arena, create2(0, 0, 32, uint256(1))).gas_used, 12 + 32000 + 3 + 2 + 6);
  EXPECT_EQ(run_code(host, arena, create(0, 0, 32)).gas_used, 9 + 32000 + 3 + 2);
}

TEST_F(InterpreterCreate, InitcodeLimitAndSoftFailures) {
  host.set_account(kContract, uint256(10), Bytecode{}, 1);
  RunResult r = run_code(host, arena, create(0, 0, 49153), 10'000'000);
  EXPECT_EQ(r.result.status, EvmStatus::OutOfGas);
  r = run_code(host, arena, create(0, 0, 49152) + ret_top(), 10'000'000);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_NE(output_word(r), uint256(0));
  // Value above the balance: pushes 0, nonce unchanged.
  const uint64_t nonce = host.nonce(kContract);
  r = run_code(host, arena, create(11, 0, 0) + ret_top());
  EXPECT_EQ(output_word(r), uint256(0));
  EXPECT_EQ(host.nonce(kContract), nonce);
}

TEST_F(InterpreterCreate, RevertingInitCodeReturnsItsData) {
  host.set_account(kContract, uint256{}, Bytecode{}, 1);
  const Bytecode init = mstore(0, 0x99) + revert(0, 32);
  const RunResult r = run_code(host, arena,
                               store_in_memory(init) + create(0, 0, init.size()) + push(0) + OP_MSTORE +
                                   OP_RETURNDATASIZE + push(32) + OP_MSTORE + ret(0, 64));
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(uint256::from_be_bytes(r.output.data(), 32), uint256(0));
  EXPECT_EQ(uint256::from_be_bytes(r.output.data() + 32, 32), uint256(32));
  EXPECT_FALSE(host.account_exists(create_address(kContract, 1)));
  EXPECT_EQ(host.nonce(kContract), 2u);
}

TEST_F(InterpreterCreate, SelfdestructOfOldAccountOnlyMovesBalance) {
  const Address beneficiary = addr(0xbe);
  host.set_account(kContract, uint256(100), Bytecode{}, 1);
  // 3 (PUSH20) + 5000 + 2600 cold + 25000 (value to a dead account).
  RunResult r = run_code(host, arena, push(beneficiary) + OP_SELFDESTRUCT);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 3 + 5000 + 2600 + 25000);
  EXPECT_EQ(host.balance(beneficiary), uint256(100));
  EXPECT_EQ(host.balance(kContract), uint256(0));
  EXPECT_TRUE(host.destructed.empty());  // EIP-6780: not created in this transaction
  EXPECT_FALSE(host.accounts[kContract].code.empty());
  // Warm, alive beneficiary (the sender): base cost only.
  r = run_code(host, arena, push(kSender) + OP_SELFDESTRUCT);
  EXPECT_EQ(r.gas_used, 3 + 5000);
}

TEST_F(InterpreterCreate, SelfdestructInSameTransactionDeletes) {
  host.set_account(kContract, uint256(10), Bytecode{}, 1);
  const Bytecode init = push(kSender) + OP_SELFDESTRUCT;
  const uint256 sender_before = uint256(1'000'000'000'000ull);
  const RunResult r = run_code(host, arena, store_in_memory(init) + create(4, 0, init.size()) + ret_top());
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  const Address created = create_address(kContract, 1);
  EXPECT_EQ(output_word(r), address_to_word(created));
  EXPECT_TRUE(host.destructed.count(created));
  EXPECT_EQ(host.balance(created), uint256(0));
  EXPECT_EQ(host.balance(kSender), sender_before + uint256(4));
}

}  // namespace
}  // namespace warp::test
