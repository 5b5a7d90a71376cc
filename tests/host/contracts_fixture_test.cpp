// The embedded Solidity fixtures (bench/contracts): the code matches the checked-in hex, the
// selectors and storage slots that workload generators rely on match what solc reported and
// what keccak gives, and the calldata helpers lay out ABI words where the contracts read them.
// Then the contracts run through apply_transaction on a pre-state written the way workload
// generators write it (code installed, slots set directly), which checks the layout for real.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <sstream>
#include <string>

#include "bench/contracts/contracts.hpp"
#include "host/transition.hpp"
#include "kernels/evm/create_address.hpp"
#include "kernels/evm/keccak.hpp"

namespace {

using namespace warp;
using namespace warp::bench;

std::string read_text(const std::string& name) {
  const std::string path = std::string(WARPEVM_SOURCE_DIR) + "/bench/contracts/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Bytes read_hex_file(const std::string& name) {
  std::string text = read_text(name);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << name << " is not hex";
  return bytes.value_or(Bytes{});
}

// The immediates of every PUSH4 in code, walking instructions so that PUSH data is skipped.
std::set<uint32_t> push4_immediates(const Bytes& code) {
  std::set<uint32_t> out;
  for (size_t pc = 0; pc < code.size(); ++pc) {
    const uint8_t op = code[pc];
    if (op == 0x63 && pc + 4 < code.size())
      out.insert((uint32_t{code[pc + 1]} << 24) | (uint32_t{code[pc + 2]} << 16) | (uint32_t{code[pc + 3]} << 8) |
                 uint32_t{code[pc + 4]});
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  return out;
}

bool contains_push32(const Bytes& code, const Hash& word) {
  for (size_t pc = 0; pc < code.size(); ++pc) {
    const uint8_t op = code[pc];
    if (op == 0x7f && pc + 32 < code.size() && std::equal(word.bytes, word.bytes + 32, code.begin() + pc + 1))
      return true;
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  return false;
}

Hash keccak_of(std::string_view s) { return keccak256(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

Address address_of(uint8_t fill, uint8_t last) {
  Address a{};
  for (auto& b : a.bytes) b = fill;
  a.bytes[19] = last;
  return a;
}

struct SelectorCase {
  uint32_t selector;
  const char* signature;
};
const SelectorCase kErc20Selectors[] = {
    {erc20::kTransfer, "transfer(address,uint256)"},
    {erc20::kTransferFrom, "transferFrom(address,address,uint256)"},
    {erc20::kApprove, "approve(address,uint256)"},
    {erc20::kBalanceOf, "balanceOf(address)"},
    {erc20::kAllowance, "allowance(address,address)"},
    {erc20::kTotalSupply, "totalSupply()"},
};
const SelectorCase kPairSelectors[] = {
    {pair::kSwap, "swap(uint256,uint256,address)"},
    {pair::kSwapExactIn, "swapExactIn(bool,uint256,uint256,address)"},
    {pair::kGetAmountOut, "getAmountOut(uint256,uint256,uint256)"},
    {pair::kGetReserves, "getReserves()"},
    {pair::kSync, "sync()"},
};

TEST(ContractsFixture, EmbeddedCodeIsSolcOutput) {
  EXPECT_EQ(solc_version().substr(0, 7), "0.8.28+");
  for (const Bytes* code : {&erc20_runtime_code(), &erc20_init_code(), &pair_runtime_code(), &pair_init_code()}) {
    ASSERT_GT(code->size(), 100u);
    // solc's free-memory-pointer prologue: PUSH1 0x80 PUSH1 0x40 MSTORE.
    EXPECT_EQ(to_hex(ByteView(code->data(), 5)), "6080604052");
  }
  // The creation code returns the runtime code, so it holds it verbatim.
  auto holds = [](const Bytes& init, const Bytes& runtime) {
    return std::search(init.begin(), init.end(), runtime.begin(), runtime.end()) != init.end();
  };
  EXPECT_TRUE(holds(erc20_init_code(), erc20_runtime_code()));
  EXPECT_TRUE(holds(pair_init_code(), pair_runtime_code()));
  EXPECT_NE(erc20_runtime_code(), pair_runtime_code());
}

TEST(ContractsFixture, EmbeddedCodeMatchesHexFiles) {
  EXPECT_EQ(erc20_runtime_code(), read_hex_file("ERC20.bin-runtime.hex"));
  EXPECT_EQ(erc20_init_code(), read_hex_file("ERC20.bin.hex"));
  EXPECT_EQ(pair_runtime_code(), read_hex_file("Pair.bin-runtime.hex"));
  EXPECT_EQ(pair_init_code(), read_hex_file("Pair.bin.hex"));
}

TEST(ContractsFixture, SelectorOfIsKeccakPrefix) {
  // Independent known answers, then the table against keccak.
  EXPECT_EQ(selector_of("transfer(address,uint256)"), 0xa9059cbbu);
  EXPECT_EQ(selector_of("balanceOf(address)"), 0x70a08231u);
  for (const auto& c : kErc20Selectors) EXPECT_EQ(selector_of(c.signature), c.selector) << c.signature;
  for (const auto& c : kPairSelectors) EXPECT_EQ(selector_of(c.signature), c.selector) << c.signature;
}

TEST(ContractsFixture, SelectorsMatchSolcMethodIdentifiers) {
  for (const auto& [file, cases] : {std::pair{"ERC20.methods.json", std::span<const SelectorCase>(kErc20Selectors)},
                                    std::pair{"Pair.methods.json", std::span<const SelectorCase>(kPairSelectors)}}) {
    const auto methods = nlohmann::json::parse(read_text(file));
    for (const auto& c : cases) {
      ASSERT_TRUE(methods.contains(c.signature)) << file << " lacks " << c.signature;
      EXPECT_EQ(std::stoul(methods[c.signature].get<std::string>(), nullptr, 16), c.selector) << c.signature;
    }
  }
}

TEST(ContractsFixture, RuntimeCodeDispatchesOnSelectors) {
  const auto erc20_pushes = push4_immediates(erc20_runtime_code());
  const auto pair_pushes = push4_immediates(pair_runtime_code());
  for (const auto& c : kErc20Selectors) EXPECT_TRUE(erc20_pushes.count(c.selector)) << c.signature;
  for (const auto& c : kPairSelectors) EXPECT_TRUE(pair_pushes.count(c.selector)) << c.signature;
  // The pair calls the token, so it pushes the token selectors it uses; the token knows no swap.
  EXPECT_TRUE(pair_pushes.count(erc20::kTransfer));
  EXPECT_TRUE(pair_pushes.count(erc20::kTransferFrom));
  EXPECT_TRUE(pair_pushes.count(erc20::kBalanceOf));
  EXPECT_FALSE(erc20_pushes.count(pair::kSwapExactIn));
}

TEST(ContractsFixture, RuntimeCodeEmitsEventTopics) {
  // Known answer for the standard Transfer topic, then its presence in both contracts' code.
  const Hash transfer = keccak_of(erc20::kTransferEventSignature);
  EXPECT_EQ(to_hex(ByteView(transfer.bytes, 32)), "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
  EXPECT_TRUE(contains_push32(erc20_runtime_code(), transfer));
  EXPECT_TRUE(contains_push32(erc20_runtime_code(), keccak_of(erc20::kApprovalEventSignature)));
  EXPECT_TRUE(contains_push32(pair_runtime_code(), keccak_of(pair::kSwapEventSignature)));
  EXPECT_TRUE(contains_push32(pair_runtime_code(), keccak_of(pair::kSyncEventSignature)));
}

TEST(ContractsFixture, StorageSlotsMatchSolcLayout) {
  auto slot_of = [](const nlohmann::json& layout, const std::string& label) -> int64_t {
    for (const auto& entry : layout)
      if (entry["label"] == label) {
        EXPECT_EQ(entry["offset"], 0) << label << " must own its slot";
        return entry["slot"].get<int64_t>();
      }
    ADD_FAILURE() << "no storage variable " << label;
    return -1;
  };
  const auto erc20 = nlohmann::json::parse(read_text("ERC20.layout.json"));
  EXPECT_EQ(slot_of(erc20, "totalSupply"), static_cast<int64_t>(erc20::kTotalSupplySlot));
  EXPECT_EQ(slot_of(erc20, "balanceOf"), static_cast<int64_t>(erc20::kBalanceOfSlot));
  EXPECT_EQ(slot_of(erc20, "allowance"), static_cast<int64_t>(erc20::kAllowanceSlot));
  EXPECT_EQ(erc20.size(), 3u);
  const auto pair_layout = nlohmann::json::parse(read_text("Pair.layout.json"));
  EXPECT_EQ(slot_of(pair_layout, "token0"), static_cast<int64_t>(pair::kToken0Slot));
  EXPECT_EQ(slot_of(pair_layout, "token1"), static_cast<int64_t>(pair::kToken1Slot));
  EXPECT_EQ(slot_of(pair_layout, "reserve0"), static_cast<int64_t>(pair::kReserve0Slot));
  EXPECT_EQ(slot_of(pair_layout, "reserve1"), static_cast<int64_t>(pair::kReserve1Slot));
  EXPECT_EQ(pair_layout.size(), 4u);
}

TEST(ContractsFixture, MappingSlotsAreKeccakOfKeyThenSlot) {
  // keccak256 of 64 zero bytes: key 0 in a mapping at slot 0.
  EXPECT_EQ(mapping_slot(Hash{}, uint256{}).to_hash(),
            *fixed_from_hex<32>("ad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5"));

  const Address owner = address_of(0x11, 0x01);
  const Address spender = address_of(0x22, 0x02);
  // Built by hand: pad32(key) ++ pad32(slot).
  auto by_hand = [](const Address& key, const Hash& slot) {
    uint8_t buf[64] = {};
    std::copy(key.bytes, key.bytes + 20, buf + 12);
    std::copy(slot.bytes, slot.bytes + 32, buf + 32);
    return uint256::from_hash(keccak256(buf, 64));
  };
  EXPECT_EQ(erc20::balance_slot(owner), by_hand(owner, uint256(1).to_hash()));
  const uint256 inner = by_hand(owner, uint256(2).to_hash());
  EXPECT_EQ(erc20::allowance_slot(owner, spender), by_hand(spender, inner.to_hash()));
  EXPECT_NE(erc20::allowance_slot(owner, spender), erc20::allowance_slot(spender, owner));
  EXPECT_NE(erc20::balance_slot(owner), erc20::balance_slot(spender));
}

TEST(ContractsFixture, CalldataIsSelectorThenWords) {
  const Address to = address_of(0xab, 0xcd);
  const Bytes call = erc20::transfer_calldata(to, uint256(0x1234));
  ASSERT_EQ(call.size(), 4u + 2 * 32);
  EXPECT_EQ(to_hex(call),
            "a9059cbb"
            "000000000000000000000000abababababababababababababababababababcd"
            "0000000000000000000000000000000000000000000000000000000000001234");
  const Bytes swap = pair::swap_exact_in_calldata(true, uint256(5), uint256(7), to);
  ASSERT_EQ(swap.size(), 4u + 4 * 32);
  EXPECT_EQ(to_hex(ByteView(swap.data(), 4)), "6b095b69");
  EXPECT_EQ(swap[4 + 31], 1);  // zeroForOne
  EXPECT_EQ(swap[4 + 63], 5);
  EXPECT_EQ(swap[4 + 95], 7);
  EXPECT_EQ(swap[4 + 127], 0xcd);
  EXPECT_EQ(pair::swap_exact_in_calldata(false, 5, 7, to)[4 + 31], 0);
  EXPECT_EQ(to_hex(pair::sync_calldata()), "fff6cae9");
}

TEST(ContractsFixture, AmountOutFollowsConstantProductWithFee) {
  // 1000 in against 1e6/1e6: 997000 * 1e6 / (1e9 + 997000) = 996.006...
  EXPECT_EQ(pair::amount_out(1000, 1'000'000, 1'000'000), uint256(996));
  // Asymmetric reserves: 1e18 in, reserves 1e21 / 2e21.
  const uint256 e18(1'000'000'000'000'000'000ull);
  const uint256 out = pair::amount_out(e18, e18 * uint256(1000), e18 * uint256(2000));
  // 997e18 * 2e21 / (1e24 + 997e18), floored.
  EXPECT_EQ(out, uint256(1'992'013'962'079'806'432ull));
  EXPECT_EQ(pair::amount_out(0, 10, 10), uint256{});
  EXPECT_EQ(pair::amount_out(1, 0, 10), uint256{});
  EXPECT_EQ(pair::amount_out(1, 10, 0), uint256{});
}

// ---- execution ----------------------------------------------------------------------

class ContractsExec : public ::testing::Test {
 protected:
  ContractsExec() {
    state.set_balance(sender, uint256(1'000'000'000'000'000'000ull));
    env.context.coinbase = address_of(0xc0, 0x03);
    env.context.number = 1;
    env.context.gas_limit = 30'000'000;
    env.context.base_fee = uint256(7);
    env.blob_base_fee = uint256(1);
    env.context.blob_base_fee = uint256(1);
  }

  Receipt call(const Address& to, Bytes data) {
    Transaction tx;
    tx.type = TxType::Legacy;
    tx.chain_id = 1;
    tx.nonce = state.nonce(sender);
    tx.gas_price = uint256(10);
    tx.gas_limit = 500'000;
    tx.to = to;
    tx.data = std::move(data);
    tx.sender = sender;
    return apply_transaction(state, tx, env, Fork::Cancun);
  }

  void install_token(const Address& token) { state.set_code(token, erc20_runtime_code()); }
  void set_token_balance(const Address& token, const Address& holder, const uint256& v) {
    state.set_storage(token, erc20::balance_slot(holder), v);
  }
  uint256 token_balance(const Address& token, const Address& holder) const {
    return state.storage(token, erc20::balance_slot(holder));
  }

  const Address sender = address_of(0xa0, 0x01);
  const Address bob = address_of(0xb0, 0x02);
  const Address token0 = address_of(0xd0, 0x10);
  const Address token1 = address_of(0xd1, 0x11);
  const Address pair_address = address_of(0xe0, 0x20);
  State state;
  BlockEnv env;
};

TEST_F(ContractsExec, Erc20TransferMovesBalanceAndLogs) {
  install_token(token0);
  set_token_balance(token0, sender, 1000);
  const Receipt r = call(token0, erc20::transfer_calldata(bob, 300));
  ASSERT_TRUE(r.success()) << r.error << " status " << static_cast<int>(r.status);
  EXPECT_EQ(token_balance(token0, sender), uint256(700));
  EXPECT_EQ(token_balance(token0, bob), uint256(300));
  ASSERT_EQ(r.logs.size(), 1u);
  EXPECT_EQ(r.logs[0].address, token0);
  ASSERT_EQ(r.logs[0].topics.size(), 3u);
  EXPECT_EQ(r.logs[0].topics[0], keccak_of(erc20::kTransferEventSignature));
  EXPECT_EQ(r.logs[0].topics[1], abi_word(sender));
  EXPECT_EQ(r.logs[0].topics[2], abi_word(bob));
  const Hash value = abi_word(uint256(300));
  EXPECT_EQ(r.logs[0].data, Bytes(value.bytes, value.bytes + 32));

  // More than the balance reverts and changes nothing.
  const Receipt too_much = call(token0, erc20::transfer_calldata(bob, 701));
  ASSERT_TRUE(too_much.included()) << too_much.error;
  EXPECT_EQ(too_much.status, EvmStatus::Revert);
  EXPECT_EQ(token_balance(token0, sender), uint256(700));
}

TEST_F(ContractsExec, Erc20TransferFromSpendsAllowance) {
  install_token(token0);
  set_token_balance(token0, bob, 1000);
  state.set_storage(token0, erc20::allowance_slot(bob, sender), uint256(500));
  const Receipt r = call(token0, erc20::transfer_from_calldata(bob, sender, 200));
  ASSERT_TRUE(r.success()) << r.error << " status " << static_cast<int>(r.status);
  EXPECT_EQ(state.storage(token0, erc20::allowance_slot(bob, sender)), uint256(300));
  EXPECT_EQ(token_balance(token0, bob), uint256(800));
  EXPECT_EQ(token_balance(token0, sender), uint256(200));
  EXPECT_EQ(call(token0, erc20::transfer_from_calldata(bob, sender, 301)).status, EvmStatus::Revert);
}

TEST_F(ContractsExec, Erc20ConstructorMintsToDeployer) {
  Transaction tx;
  tx.type = TxType::Legacy;
  tx.chain_id = 1;
  tx.nonce = state.nonce(sender);
  tx.gas_price = uint256(10);
  tx.gas_limit = 2'000'000;
  tx.data = erc20_init_code();
  const Hash supply = abi_word(uint256(123456));
  tx.data.insert(tx.data.end(), supply.bytes, supply.bytes + 32);
  tx.sender = sender;
  const Receipt r = apply_transaction(state, tx, env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error << " status " << static_cast<int>(r.status);
  const Address token = create_address(sender, 0);
  EXPECT_EQ(Bytes(state.code(token).begin(), state.code(token).end()), erc20_runtime_code());
  EXPECT_EQ(state.storage(token, erc20::kTotalSupplySlot), uint256(123456));
  EXPECT_EQ(token_balance(token, sender), uint256(123456));
}

TEST_F(ContractsExec, PairSwapExactInMovesTokensAndReserves) {
  install_token(token0);
  install_token(token1);
  state.set_code(pair_address, pair_runtime_code());
  state.set_storage(pair_address, pair::kToken0Slot, uint256::from_hash(abi_word(token0)));
  state.set_storage(pair_address, pair::kToken1Slot, uint256::from_hash(abi_word(token1)));
  const uint256 reserve(1'000'000);
  state.set_storage(pair_address, pair::kReserve0Slot, reserve);
  state.set_storage(pair_address, pair::kReserve1Slot, reserve);
  set_token_balance(token0, pair_address, reserve);
  set_token_balance(token1, pair_address, reserve);
  set_token_balance(token0, sender, 10'000);
  state.set_storage(token0, erc20::allowance_slot(sender, pair_address), uint256::max());

  const uint256 expected_out = pair::amount_out(1000, reserve, reserve);
  ASSERT_EQ(expected_out, uint256(996));
  const Receipt r = call(pair_address, pair::swap_exact_in_calldata(true, 1000, expected_out, sender));
  ASSERT_TRUE(r.success()) << r.error << " status " << static_cast<int>(r.status);
  EXPECT_EQ(token_balance(token0, sender), uint256(9000));
  EXPECT_EQ(token_balance(token1, sender), expected_out);
  EXPECT_EQ(state.storage(pair_address, pair::kReserve0Slot), uint256(1'001'000));
  EXPECT_EQ(state.storage(pair_address, pair::kReserve1Slot), reserve - expected_out);
  EXPECT_EQ(token_balance(token0, pair_address), uint256(1'001'000));
  EXPECT_EQ(token_balance(token1, pair_address), reserve - expected_out);
  // An infinite approval stays infinite.
  EXPECT_EQ(state.storage(token0, erc20::allowance_slot(sender, pair_address)), uint256::max());
  // Transfer in, transfer out, Sync, Swap.
  ASSERT_EQ(r.logs.size(), 4u);
  EXPECT_EQ(r.logs[0].address, token0);
  EXPECT_EQ(r.logs[1].address, token1);
  EXPECT_EQ(r.logs[2].topics[0], keccak_of(pair::kSyncEventSignature));
  EXPECT_EQ(r.logs[3].topics[0], keccak_of(pair::kSwapEventSignature));

  // Asking for more than the curve gives reverts; so does swapping without an allowance.
  EXPECT_EQ(call(pair_address, pair::swap_exact_in_calldata(true, 1000, 10'000, sender)).status, EvmStatus::Revert);
  set_token_balance(token1, sender, 5000);
  EXPECT_EQ(call(pair_address, pair::swap_exact_in_calldata(false, 1000, 0, sender)).status, EvmStatus::Revert);
}

}  // namespace
