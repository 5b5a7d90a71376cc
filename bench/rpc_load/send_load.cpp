#include "bench/rpc_load/send_load.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <ostream>
#include <thread>

#include "bench/rpc_load/rpc_client.hpp"
#include "host/node/rpc_hex.hpp"

namespace warp::bench {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kMaxErrorsKept = 5;
// How often the monitor asks for the head: short against any block time worth measuring, and
// eth_blockNumber costs the node next to nothing.
constexpr auto kHeadPoll = std::chrono::milliseconds(2);

double seconds_since(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

bool is_pool_limit(const std::string& message) {
  return message.find("txpool is full") != std::string::npos ||
         message.find("account limit exceeded") != std::string::npos;
}

// What the sender threads and the monitor share.
struct Run {
  Run(const SendOptions& o, const SignedLoad& l) : options(o), load(l) {}
  const SendOptions& options;
  const SignedLoad& load;
  std::vector<std::string> bodies;  // one eth_sendRawTransaction request per transaction
  Clock::time_point start;

  std::mutex head_mutex;
  std::condition_variable head_changed;
  uint64_t head = 0;  // guarded by head_mutex

  std::atomic<size_t> expected{0};  // transactions that can still be included
  std::atomic<size_t> submitted{0}, refused{0}, retries{0};
  std::atomic<size_t> threads_done{0};
  std::atomic<bool> stop{false};
  std::atomic<double> last_answer{0};  // seconds after start

  std::mutex errors_mutex;
  std::vector<std::string> errors;
  std::exception_ptr failure;  // guarded by errors_mutex: why a thread could not go on

  void note_error(const std::string& e) {
    std::lock_guard lock(errors_mutex);
    if (errors.size() < kMaxErrorsKept) errors.push_back(e);
  }
  void fail(std::exception_ptr e) {
    {
      std::lock_guard lock(errors_mutex);
      if (!failure) failure = e;
    }
    stop = true;
    head_changed.notify_all();
  }
  void publish_head(uint64_t h) {
    {
      std::lock_guard lock(head_mutex);
      head = h;
    }
    head_changed.notify_all();
  }
  uint64_t wait_for_head_after(uint64_t seen) {
    std::unique_lock lock(head_mutex);
    head_changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return head > seen || stop.load(); });
    return head;
  }
};

struct SenderProgress {
  size_t sender = 0;
  size_t count = 0;      // transactions this sender sends
  size_t next = 0;       // the next one to send (0-based within the sender)
  size_t confirmed = 0;  // included so far, from the account nonce
};

// Reads the latest nonce of each waiting sender into `confirmed`.
void refresh_confirmed(RpcClient& client, const SignedLoad& load, const std::vector<SenderProgress*>& waiting) {
  std::vector<Address> addresses;
  addresses.reserve(waiting.size());
  for (const SenderProgress* p : waiting) addresses.push_back(load.sender_address[p->sender]);
  const std::vector<uint64_t> nonces = read_nonces(client, addresses, "latest");
  for (size_t w = 0; w < waiting.size(); ++w) {
    SenderProgress& p = *waiting[w];
    const uint64_t first = load.first_nonce[p.sender];
    p.confirmed = nonces[w] > first ? std::min<size_t>(nonces[w] - first, p.next) : 0;
  }
}

// One connection: sends its senders' transactions in nonce order, at most `window` ahead of
// what the chain has included for each sender.
void send_thread(Run& run, size_t thread_index) {
  const size_t k = run.load.sender_count();
  RpcClient client(run.options.url, run.options.jwt, run.options.keep_alive);
  std::vector<SenderProgress> mine;
  for (size_t s = thread_index; s < k; s += run.options.connections) mine.push_back({s, run.load.count_of(s), 0, 0});
  uint64_t seen_head = 0;
  for (;;) {
    bool any_left = false;
    bool sent_any = false;
    for (SenderProgress& p : mine) {
      while (p.next < p.count && p.next - p.confirmed < run.options.window && !run.stop) {
        const size_t i = p.sender + p.next * k;
        const RpcReply reply = reply_of(client.post(run.bodies[i]));
        run.last_answer = seconds_since(run.start);
        if (reply.ok() || reply.error_message.find("already known") != std::string::npos) {
          ++p.next;
          ++run.submitted;
          sent_any = true;
          continue;
        }
        if (is_pool_limit(reply.error_message)) {
          ++run.retries;
          break;
        }
        // A refused nonce leaves a gap: none of this sender's later transactions can be included.
        run.note_error("sender " + std::to_string(p.sender) + " nonce " + std::to_string(run.load.nonce[i]) + ": " +
                       reply.error_message);
        run.refused += p.count - p.next;
        run.expected -= p.count - p.next;
        p.next = p.count;
      }
      any_left = any_left || p.next < p.count;
    }
    if (!any_left || run.stop) break;
    if (sent_any) continue;
    // Every sender is at its window, or the pool is full: wait for a block, then see how far
    // each sender with transactions in flight got.
    seen_head = run.wait_for_head_after(seen_head);
    std::vector<SenderProgress*> waiting;
    for (SenderProgress& p : mine)
      if (p.next < p.count && p.next > p.confirmed) waiting.push_back(&p);
    refresh_confirmed(client, run.load, waiting);
  }
}

// Follows the head, counts the transactions and gas of each new block, and stops the clock
// when every transaction that can still be included has been.
void monitor(Run& run, SendOutcome& out) {
  RpcClient client(run.options.url, run.options.jwt, run.options.keep_alive);
  uint64_t seen = out.first_block;
  auto last_progress = Clock::now();
  while (!run.stop) {
    const uint64_t head = rpc::parse_u64(client.call("eth_blockNumber", json::array()), "block number");
    const double at = seconds_since(run.start);
    if (head > seen) {
      for (uint64_t n = seen + 1; n <= head; ++n) {
        const json block = client.call("eth_getBlockByNumber", {rpc::quantity(n), false});
        const size_t txs = block.at("transactions").size();
        out.included += txs;
        out.gas_used += rpc::parse_u64(block.at("gasUsed"), "gasUsed");
        if (txs > 0) ++out.blocks;
      }
      seen = head;
      out.last_block = head;
      run.publish_head(head);
      last_progress = Clock::now();
      if (out.included >= run.expected) {
        out.seconds = at;
        return;
      }
    }
    const bool all_sent = run.threads_done == run.options.connections;
    if (all_sent && run.expected == 0) return;
    if (all_sent && seconds_since(last_progress) > run.options.stall_seconds) {
      out.stalled = true;
      out.seconds = at;
      return;
    }
    std::this_thread::sleep_for(kHeadPoll);
  }
}

}  // namespace

SendOutcome run_send(const SendOptions& options, const SignedLoad& load, std::ostream& log) {
  SendOutcome out;
  if (load.size() == 0) return out;
  Run run(options, load);
  run.expected = load.size();
  run.bodies.reserve(load.size());
  for (const std::string& raw : load.raw_hex) run.bodies.push_back(request_body("eth_sendRawTransaction", {raw}));
  {
    RpcClient client(options.url, options.jwt, options.keep_alive);
    out.first_block = rpc::parse_u64(client.call("eth_blockNumber", json::array()), "block number");
    out.last_block = out.first_block;
  }
  log << "sending " << load.size() << " transactions from " << load.sender_count() << " senders over "
      << options.connections << " connections (at most " << options.window << " in flight per sender)\n";

  run.start = Clock::now();
  std::vector<std::thread> senders;
  for (size_t t = 0; t < options.connections; ++t) {
    senders.emplace_back([&run, t] {
      try {
        send_thread(run, t);
      } catch (...) {
        run.fail(std::current_exception());
      }
      ++run.threads_done;
    });
  }
  std::thread watcher([&] {
    try {
      monitor(run, out);
    } catch (...) {
      run.fail(std::current_exception());
    }
  });
  watcher.join();
  run.stop = true;
  run.head_changed.notify_all();
  for (std::thread& t : senders) t.join();
  if (run.failure) std::rethrow_exception(run.failure);

  out.submit_seconds = run.last_answer;
  out.submitted = run.submitted;
  out.refused = run.refused;
  out.retries = run.retries;
  out.errors = run.errors;
  return out;
}

}  // namespace warp::bench
