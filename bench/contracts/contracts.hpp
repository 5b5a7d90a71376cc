// The Solidity contracts behind the ERC-20 and AMM workloads (sources, hex fixtures and the
// script that regenerates them live beside this file: scripts/compile-contracts.sh), with
// what a workload generator needs to use them without deploying anything: the code to install
// in the pre-state, the storage slots to write balances and reserves into, and calldata.
//
// Storage layout (from solc's storageLayout output, checked by tests/host/contracts_fixture_test):
//   ERC20:  slot 0 totalSupply (uint256)
//           slot 1 balanceOf:  mapping(address => uint256)
//           slot 2 allowance:  mapping(address owner => mapping(address spender => uint256))
//   Pair:   slot 0 token0 (address), slot 1 token1 (address),
//           slot 2 reserve0 (uint256), slot 3 reserve1 (uint256)
// A mapping declared at slot p keeps the value for key k at keccak256(pad32(k) ++ pad32(p));
// a nested mapping applies that twice: allowance[o][s] is at
// keccak256(pad32(s) ++ keccak256(pad32(o) ++ pad32(2))).
//
// A pair is live when reserve0/reserve1 equal the pair's balances in token0/token1 (write
// both) and each reserve is below 2^112. A swapExactIn caller needs a balance of the input
// token and an allowance for the pair on it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"

namespace warp::bench {

// The compiler that produced the embedded code, e.g. "0.8.28+commit.7893614a.Emscripten.clang".
std::string_view solc_version();

// Deployed code: install it as an account's code in the pre-state.
const Bytes& erc20_runtime_code();
const Bytes& pair_runtime_code();
// Creation code: append the ABI-encoded constructor arguments (ERC20: uint256 initialSupply,
// minted to the deployer; Pair: address token0, address token1) and send as a create.
const Bytes& erc20_init_code();
const Bytes& pair_init_code();

// ---- ABI helpers -------------------------------------------------------------------------
// The first four bytes of keccak256(signature), as a big-endian number.
uint32_t selector_of(std::string_view signature);
// One 32-byte ABI word: an address left-padded with zeros, a number big-endian.
Hash abi_word(const Address& a);
Hash abi_word(const uint256& v);
// Not an abi_word overload: a plain integer argument would silently convert to bool.
Hash abi_bool(bool b);
// selector ++ words: the calldata of a call whose arguments are all static types.
Bytes encode_call(uint32_t selector, std::initializer_list<Hash> words);
// The slot of key in a mapping declared at (or reached through) slot.
uint256 mapping_slot(const Hash& key, const uint256& slot);

namespace erc20 {
// Selectors; tests check each against selector_of(signature) and solc's method identifiers.
inline constexpr uint32_t kTransfer = 0xa9059cbb;      // transfer(address,uint256)
inline constexpr uint32_t kTransferFrom = 0x23b872dd;  // transferFrom(address,address,uint256)
inline constexpr uint32_t kApprove = 0x095ea7b3;       // approve(address,uint256)
inline constexpr uint32_t kBalanceOf = 0x70a08231;     // balanceOf(address)
inline constexpr uint32_t kAllowance = 0xdd62ed3e;     // allowance(address,address)
inline constexpr uint32_t kTotalSupply = 0x18160ddd;   // totalSupply()

inline constexpr uint64_t kTotalSupplySlot = 0;
inline constexpr uint64_t kBalanceOfSlot = 1;
inline constexpr uint64_t kAllowanceSlot = 2;

// Event signatures; keccak256 of each is topic 0 of the event's log.
inline constexpr std::string_view kTransferEventSignature = "Transfer(address,address,uint256)";
inline constexpr std::string_view kApprovalEventSignature = "Approval(address,address,uint256)";

uint256 balance_slot(const Address& holder);
uint256 allowance_slot(const Address& owner, const Address& spender);

Bytes transfer_calldata(const Address& to, const uint256& amount);
Bytes transfer_from_calldata(const Address& from, const Address& to, const uint256& amount);
Bytes approve_calldata(const Address& spender, const uint256& amount);
Bytes balance_of_calldata(const Address& holder);
}  // namespace erc20

namespace pair {
inline constexpr uint32_t kSwap = 0x6d9a640a;          // swap(uint256,uint256,address)
inline constexpr uint32_t kSwapExactIn = 0x6b095b69;   // swapExactIn(bool,uint256,uint256,address)
inline constexpr uint32_t kGetAmountOut = 0x054d50d4;  // getAmountOut(uint256,uint256,uint256)
inline constexpr uint32_t kGetReserves = 0x0902f1ac;   // getReserves()
inline constexpr uint32_t kSync = 0xfff6cae9;          // sync()

inline constexpr uint64_t kToken0Slot = 0;
inline constexpr uint64_t kToken1Slot = 1;
inline constexpr uint64_t kReserve0Slot = 2;
inline constexpr uint64_t kReserve1Slot = 3;

inline constexpr std::string_view kSwapEventSignature = "Swap(address,uint256,uint256,uint256,uint256,address)";
inline constexpr std::string_view kSyncEventSignature = "Sync(uint256,uint256)";

// What Pair.getAmountOut returns (0.3% fee on the input) for inputs and reserves below 2^112;
// 0 where the contract reverts (zero input, an empty reserve). Generators use it to predict
// outputs and set minimums.
uint256 amount_out(const uint256& amount_in, const uint256& reserve_in, const uint256& reserve_out);

// Pulls amount_in of token0 (zero_for_one) or token1 from the caller, sends the output to `to`.
Bytes swap_exact_in_calldata(bool zero_for_one, const uint256& amount_in, const uint256& min_amount_out,
                             const Address& to);
Bytes sync_calldata();
}  // namespace pair

}  // namespace warp::bench
