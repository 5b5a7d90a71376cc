// Building the workload's pre-state directly, without deploying anything: funded accounts,
// an ERC-20 token with balances written into its storage, AMM pairs with reserves equal to
// their token balances. Layouts are the ones bench/contracts/contracts.hpp documents.
#pragma once

#include <cstdint>
#include <span>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/state.hpp"

namespace warp::bench {

// Where the generator puts things. Contract addresses are readable on purpose (a tag byte
// first, the index last) and cannot collide with precompiles or keccak-derived accounts.
Address workload_coinbase();
Address erc20_token_address();                 // the token of the erc20 workload
Address amm_token_address(uint32_t pool, bool second);  // pool's token0 (false) or token1
Address pair_address(uint32_t pool);

// What every account starts with.
inline constexpr uint256 kAccountEther = uint256(1'000'000) * uint256(1'000'000'000'000'000'000ull);  // 10^24 wei
inline constexpr uint256 kAccountTokens = uint256(1'000'000) * uint256(1'000'000'000'000'000'000ull);  // 10^24 units
// Each pair's reserves (and its balances in both tokens): far above any swap the generator
// makes, far below the pair's 2^112 cap.
inline constexpr uint256 kPairReserve = uint256(1'000'000'000'000ull) * uint256(1'000'000'000'000'000'000ull);  // 10^30

void fund_accounts(State& state, std::span<const Address> accounts, const uint256& wei);

// Installs the ERC-20 runtime code at `token` with balanceOf[holder] = per_holder for every
// holder, plus balanceOf[extra_holder] = extra_amount when extra_amount is nonzero, and
// totalSupply their sum.
void install_erc20(State& state, const Address& token, std::span<const Address> holders, const uint256& per_holder,
                   const Address& extra_holder = Address{}, const uint256& extra_amount = uint256{});

// Installs a live pair at `pair` over (token0, token1), both already installed with
// install_erc20 (the pair as their extra holder with `reserve`): reserves = `reserve` each,
// and every holder's allowance for the pair set to the maximum, which the token never
// decreases (so swaps write no allowance slots).
void install_pair(State& state, const Address& pair, const Address& token0, const Address& token1,
                  const uint256& reserve, std::span<const Address> holders);

}  // namespace warp::bench
