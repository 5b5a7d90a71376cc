// Every transaction of ethereum/tests GeneralStateTests (Shanghai and Cancun entries): the
// signed bytes (`txbytes`) decode to the fields of the JSON transaction, re-encode to the
// same bytes and recover the listed sender; and validation against the pre-state and env
// rejects exactly the entries with an `expectException`, for one of the listed reasons.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "host/tx/blob_gas.hpp"
#include "host/tx/tx_codec.hpp"
#include "host/tx/validation.hpp"
#include "tx_test_util.hpp"

namespace warp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

uint256 num(const json& j) {
  const std::string s = j.get<std::string>();
  uint256 v{};
  if (!uint256::from_hex(s.data(), s.size(), &v)) throw std::runtime_error("bad number " + s);
  return v;
}

uint64_t num64(const json& j) {
  const uint256 v = num(j);
  if (!v.fits_u64()) throw std::runtime_error("number exceeds 64 bits");
  return v.low64();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Totals {
  size_t entries = 0;
  size_t rejected = 0;
  std::vector<std::string> failures;
  void fail(const std::string& where, const std::string& what) {
    if (failures.size() < 25)
      failures.push_back(where + ": " + what);
    else if (failures.size() == 25)
      failures.push_back("...");
  }
};

// Compares decoded fields with the JSON transaction at the entry's indexes.
std::string field_mismatch(const Transaction& tx, const json& jt, const json& idx) {
  const size_t d = idx["data"].get<size_t>(), g = idx["gas"].get<size_t>(), v = idx["value"].get<size_t>();
  TxType want = TxType::Legacy;
  if (jt.contains("blobVersionedHashes"))
    want = TxType::Blob;
  else if (jt.contains("maxFeePerGas"))
    want = TxType::DynamicFee;
  else if (jt.contains("accessLists") && d < jt["accessLists"].size() && !jt["accessLists"][d].is_null())
    want = TxType::AccessList;
  if (tx.type != want) return "type";
  if (tx.nonce != num64(jt["nonce"])) return "nonce";
  if (tx.gas_limit != num64(jt["gasLimit"][g])) return "gasLimit";
  if (tx.value != num(jt["value"][v])) return "value";
  if (tx.data != txtest::hex(jt["data"][d].get<std::string>())) return "data";
  const std::string to = jt["to"].get<std::string>();
  if (to.empty() != !tx.to.has_value()) return "to (creation)";
  if (!to.empty() && *tx.to != txtest::addr(to)) return "to";
  if (want >= TxType::DynamicFee) {
    if (tx.max_fee_per_gas != num(jt["maxFeePerGas"])) return "maxFeePerGas";
    if (tx.max_priority_fee_per_gas != num(jt["maxPriorityFeePerGas"])) return "maxPriorityFeePerGas";
  } else if (tx.gas_price != num(jt["gasPrice"])) {
    return "gasPrice";
  }
  if (want != TxType::Legacy && jt.contains("accessLists") && !jt["accessLists"][d].is_null()) {
    const json& al = jt["accessLists"][d];
    if (al.size() != tx.access_list.size()) return "accessList size";
    for (size_t i = 0; i < al.size(); ++i) {
      if (tx.access_list[i].address != txtest::addr(al[i]["address"].get<std::string>())) return "accessList address";
      const json& keys = al[i]["storageKeys"];
      if (keys.size() != tx.access_list[i].storage_keys.size()) return "accessList keys";
      for (size_t k = 0; k < keys.size(); ++k)
        if (tx.access_list[i].storage_keys[k] != num(keys[k]).to_hash()) return "accessList key";
    }
  }
  if (want == TxType::Blob) {
    if (tx.max_fee_per_blob_gas != num(jt["maxFeePerBlobGas"])) return "maxFeePerBlobGas";
    const json& hs = jt["blobVersionedHashes"];
    if (hs.size() != tx.blob_versioned_hashes.size()) return "blob hash count";
    for (size_t i = 0; i < hs.size(); ++i)
      if (tx.blob_versioned_hashes[i] != *fixed_from_hex<32>(hs[i].get<std::string>())) return "blob hash";
  }
  return "";
}

void check_file(const fs::path& path, Totals& totals) {
  std::ifstream in(path);
  const json doc = json::parse(in);
  for (const auto& [name, test] : doc.items()) {
    const json& jt = test["transaction"];
    const Address sender = txtest::addr(jt["sender"].get<std::string>());
    SenderAccount account{};
    for (const auto& [addr, acc] : test["pre"].items()) {
      if (lower(addr) != lower(jt["sender"].get<std::string>())) continue;
      account.nonce = num64(acc["nonce"]);
      account.balance = num(acc["balance"]);
      account.has_code = acc["code"].get<std::string>().size() > 2;
    }
    const json& env = test["env"];
    for (const auto& [fork_name, entries] : test["post"].items()) {
      Fork fork;
      if (fork_name == "Shanghai")
        fork = Fork::Shanghai;
      else if (fork_name == "Cancun")
        fork = Fork::Cancun;
      else
        continue;
      TxBlockEnv block{};
      block.base_fee = env.contains("currentBaseFee") ? num(env["currentBaseFee"]) : uint256(0);
      block.gas_limit = num64(env["currentGasLimit"]);
      block.blob_base_fee =
          blob_base_fee(env.contains("currentExcessBlobGas") ? num64(env["currentExcessBlobGas"]) : 0, fork);
      for (size_t i = 0; i < entries.size(); ++i) {
        const json& e = entries[i];
        const std::string where =
            path.filename().string() + " " + name + " " + fork_name + "[" + std::to_string(i) + "]";
        ++totals.entries;
        const std::string expected = e.value("expectException", "");
        const Bytes raw = txtest::hex(e["txbytes"].get<std::string>());
        auto decoded = decode_transaction(raw);
        if (auto* err = std::get_if<TxError>(&decoded)) {
          totals.fail(where, "decode failed: " + err->message);
          continue;
        }
        const Transaction& tx = std::get<Transaction>(decoded);
        if (encode_transaction(tx) != raw) totals.fail(where, "re-encoding differs");
        const std::string mismatch = field_mismatch(tx, jt, e["indexes"]);
        if (!mismatch.empty()) totals.fail(where, "field differs from JSON: " + mismatch);
        auto recovered = recover_sender(tx);
        if (auto* err = std::get_if<TxError>(&recovered))
          totals.fail(where, "recovery: " + err->message);
        else if (std::get<Address>(recovered) != sender)
          totals.fail(where, "recovered another sender");

        const auto rejection = validate_transaction(tx, account, block, fork, 1);
        if (rejection) ++totals.rejected;
        if (expected.empty() && rejection) {
          totals.fail(where, std::string("valid tx rejected: ") + rejection_name(rejection->code) + " (" +
                                 rejection->message + ")");
        } else if (!expected.empty() && !rejection) {
          totals.fail(where, "accepted, expected " + expected);
        } else if (rejection) {
          // expectException may list alternatives separated by '|'.
          const std::string got = rejection_name(rejection->code);
          bool listed = false;
          std::stringstream alternatives(expected);
          for (std::string alt; std::getline(alternatives, alt, '|');) listed |= alt == got;
          if (!listed) totals.fail(where, "rejected as " + got + ", expected " + expected);
        }
      }
    }
  }
}

TEST(TxFixtures, GeneralStateTestsTransactions) {
  const fs::path root = fs::path(WARPEVM_FIXTURES_DIR) / "ethereum-tests" / "GeneralStateTests";
  if (!fs::exists(root)) GTEST_SKIP() << "fixtures not found at " << root;
  Totals totals;
  size_t files = 0;
  for (const auto& f : fs::recursive_directory_iterator(root)) {
    if (!f.is_regular_file() || f.path().extension() != ".json") continue;
    ++files;
    try {
      check_file(f.path(), totals);
    } catch (const std::exception& ex) {
      totals.fail(f.path().string(), std::string("exception: ") + ex.what());
    }
  }
  std::string report;
  for (const auto& s : totals.failures) report += s + "\n";
  EXPECT_TRUE(totals.failures.empty()) << report;
  // Guard against silently checking nothing.
  EXPECT_GT(files, 1900u);
  EXPECT_GT(totals.entries, 15000u);
  EXPECT_GT(totals.rejected, 1000u);
  std::printf("[ tx fixtures ] %zu files, %zu entries, %zu rejected\n", files, totals.entries, totals.rejected);
}

}  // namespace
}  // namespace warp
