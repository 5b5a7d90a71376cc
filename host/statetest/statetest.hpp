// One GeneralStateTests JSON file (ethereum/tests) as data: the environment, the pre-state,
// the transaction template and, for one fork, the expected outcome of each case. Parsing
// throws std::runtime_error on malformed input (file parsing is an edge: DESIGN.md 10.3).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/tx/transaction.hpp"
#include "kernels/evm/block_context.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp::statetest {

struct Env {
  BlockContext block;  // blob_base_fee derived from excess_blob_gas (saturated)
  uint64_t excess_blob_gas = 0;
  std::optional<uint256> blob_base_fee;  // nullopt: beyond 2^256-1, no blob fee cap can pay it
};

// The transaction template: every case picks one data, one gas limit and one value.
struct TxTemplate {
  Transaction base;  // type, nonce, fees, to, blob fields, sender; data/gas/value/access list unset
  std::vector<Bytes> data;
  std::vector<std::optional<std::vector<AccessListEntry>>> access_lists;  // parallel to data, or empty
  std::vector<uint64_t> gas_limits;
  std::vector<uint256> values;
};

struct Case {
  size_t data_index = 0, gas_index = 0, value_index = 0;
  Hash state_root{};
  Hash logs_hash{};
  std::string expect_exception;  // empty: the transaction must be valid
  Bytes txbytes;
};

struct StateTest {
  std::string name;
  Env env;
  const nlohmann::json* pre = nullptr;  // the "pre" object, owned by the parsed document
  TxTemplate tx;
  std::vector<Case> cases;  // for the requested fork; empty when the file has none
};

// Tests of a parsed document (an object of name -> test). Tests without `post.<fork>` are
// returned with no cases. `doc` must outlive the result (the pre-state is referenced).
std::vector<StateTest> parse_state_tests(const nlohmann::json& doc, Fork fork);

// Fork names as the fixtures spell them ("Shanghai", "Cancun", "Prague").
const char* fork_name(Fork fork);
std::optional<Fork> fork_from_name(std::string_view name);

// The transaction of one case, with sender set (from the template's secret key).
Transaction make_transaction(const TxTemplate& tx, const Case& c);

// BLOCKHASH in state tests (as geth's runner defines it): keccak256 of the decimal number.
Hash state_test_block_hash(uint64_t number);

}  // namespace warp::statetest
