// The execute kernel and the device buffers it reads (host API: kernels/cuda/execute_gpu.hpp).
// The kernel is a thin loop over execute_device_tx (kernels/exec/execute_tx.hpp), the same
// body the host-emulated backend runs; everything else here is getting its inputs onto the
// device and its outcomes back:
//   snapshot   the flat tables and blobs; whole after a rebuild, else only the changed
//              entries (packed host-side as (index, entry) pairs, one copy, one scatter
//              kernel) and the appended tails of the blobs
//   batch      the block's transactions, copied once per block
//   threads    arenas and overlays for a fixed number of resident threads: the kernel loops
//              over the transactions with a grid stride, so memory does not grow with the batch
//   outcomes   one TxOutcome per transaction of a run, packed in run order and copied back
//              whole: straight into the caller's array when the run is one contiguous range
//              (a window's first round), else through pinned staging, then placed by index
// Buffers only grow, so rounds after the first allocate nothing.
#include <algorithm>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/device_buffer.hpp"
#include "kernels/cuda/execute_gpu.hpp"
#include "kernels/exec/execute_tx.hpp"

namespace warp::cuda {

namespace {

// 64 threads per block. ptxas gives the kernel 168 registers and a 2848-byte stack frame
// (sm_80 and sm_90, CUDA 13), so registers bound residency: 64K / (168 * 32) = 12 warps per
// SM. Blocks of 64 or 128 threads both reach that (blocks of 256 would stop at 8 warps); the
// smaller block frees its SM sooner, since transactions diverge (different code paths and
// lengths) and a block ends only with its slowest thread.
constexpr unsigned kThreadsPerBlock = 64;
constexpr unsigned kScatterThreads = 256;
// At most this many threads keep arenas (about 180 KiB each, so 5.6 GiB): the GPU executor's
// round is at most 32768 transactions (GpuExecutor::Options::window), and an H100 keeps about
// 50000 of these threads resident, so more would mostly cost memory.
constexpr uint64_t kMaxResidentThreads = 32768;
// At most a quarter of the device memory free when the session opens goes to arenas.
constexpr uint64_t kArenaMemoryDivisor = 4;

using S = DeviceArenaSizes;
constexpr uint64_t kBytesPerThread = S::kStackWords * sizeof(uint256) + S::kMemoryBytes + S::kReturnBytes +
                                     S::kScratchBytes + S::kFrames * sizeof(Frame) + sizeof(FlatOverlay);

// One changed table entry, as the scatter kernel applies it.
template <typename Entry>
struct Patch {
  uint64_t index;
  Entry entry;
};
static_assert(std::is_trivially_copyable_v<Patch<FlatAccount>> && std::is_trivially_copyable_v<Patch<FlatSlot>>);

// out[k] is the outcome of transaction first + which[k].
__global__ void __launch_bounds__(kThreadsPerBlock)
    execute_kernel(Fork fork, FlatView view, DeviceBatch batch, uint64_t first, const uint32_t* which, uint64_t count,
                   DeviceArenaRegions regions, TxOutcome* out) {
  const uint64_t t = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const uint64_t stride = static_cast<uint64_t>(gridDim.x) * blockDim.x;
  ExecArena arena = regions.arena(t);
  FlatOverlay& overlay = regions.overlays[t];
  for (uint64_t k = t; k < count; k += stride)
    execute_device_tx(fork, view, batch, first + which[k], overlay, arena, out[k]);
}

template <typename Entry>
__global__ void scatter_kernel(const Patch<Entry>* patches, uint64_t n, Entry* table) {
  const uint64_t stride = static_cast<uint64_t>(gridDim.x) * blockDim.x;
  for (uint64_t k = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; k < n; k += stride)
    table[patches[k].index] = patches[k].entry;
}

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Makes `b` hold at least n elements, by default with half again as headroom so that an input
// that grows a little per call does not reallocate every time (the tables grow by doubling
// and take exactly their size). Contents are lost when it grows.
template <typename T>
std::string reserve(DeviceBuffer<T>& b, size_t n, bool headroom = true) {
  if (b.data() != nullptr && b.size() >= n) return {};
  return b.allocate(headroom ? n + n / 2 : n);
}

template <typename T>
uint64_t bytes_of(const DeviceBuffer<T>& b) {
  return b.data() != nullptr ? static_cast<uint64_t>(std::max<size_t>(b.size(), 1) * sizeof(T)) : 0;
}

// Writes the changed entries `dirty` of `host` into the device table: packed into `staging`,
// one copy, one scatter launch.
template <typename Entry>
std::string scatter(std::span<const Entry> host, std::span<const uint64_t> dirty, std::vector<Patch<Entry>>& staging,
                    DeviceBuffer<Patch<Entry>>& d_staging, Entry* table) {
  if (dirty.empty()) return {};
  staging.resize(dirty.size());
  for (size_t k = 0; k < dirty.size(); ++k) {
    if (dirty[k] >= host.size())
      return "execute session: dirty entry " + std::to_string(dirty[k]) + " outside a table of " +
             std::to_string(host.size());
    staging[k].index = dirty[k];
    staging[k].entry = host[dirty[k]];
  }
  if (auto e = reserve(d_staging, staging.size()); !e.empty()) return e;
  if (auto e = d_staging.copy_from_host(staging.data(), staging.size()); !e.empty()) return e;
  const uint64_t blocks = std::min<uint64_t>((dirty.size() + kScatterThreads - 1) / kScatterThreads, 1024);
  scatter_kernel<Entry><<<static_cast<unsigned>(blocks), kScatterThreads>>>(d_staging.data(), dirty.size(), table);
  WARP_CUDA_CHECK_LAUNCH("scatter_kernel");
  return {};
}

// Page-locked host memory for the outcomes of a scattered run: the copy back runs at full
// PCIe speed into it, then each outcome is placed in the caller's array. Contents are lost
// when it grows.
class PinnedOutcomes {
 public:
  PinnedOutcomes() = default;
  PinnedOutcomes(const PinnedOutcomes&) = delete;
  PinnedOutcomes& operator=(const PinnedOutcomes&) = delete;
  // A failing cudaFreeHost can only report an earlier asynchronous error (see DeviceBuffer).
  ~PinnedOutcomes() {
    if (data_ != nullptr) static_cast<void>(cudaFreeHost(data_));
  }

  std::string reserve(size_t n) {
    if (n <= size_) return {};
    if (data_ != nullptr) static_cast<void>(cudaFreeHost(data_));
    data_ = nullptr;
    size_ = 0;
    const size_t want = n + n / 2;
    void* raw = nullptr;
    WARP_CUDA_TRY(cudaMallocHost(&raw, want * sizeof(TxOutcome)));
    data_ = static_cast<TxOutcome*>(raw);
    size_ = want;
    return {};
  }
  TxOutcome* data() const { return data_; }

 private:
  TxOutcome* data_ = nullptr;
  size_t size_ = 0;
};

// Brings an append-only blob up to date: the tail from `from` (or from what the device
// holds, if less), or all of it when the buffer must grow or the host's blob shrank.
std::string sync_blob(DeviceBuffer<uint8_t>& d, uint64_t& device_size, std::span<const uint8_t> host, uint64_t from,
                      bool whole) {
  if (host.size() > d.size() || d.data() == nullptr) {
    if (auto e = reserve(d, host.size()); !e.empty()) return e;
    whole = true;
  }
  if (host.size() < device_size) whole = true;
  const uint64_t begin = whole ? 0 : std::min<uint64_t>(from, device_size);
  if (begin < host.size())
    WARP_CUDA_TRY(cudaMemcpy(d.data() + begin, host.data() + begin, host.size() - begin, cudaMemcpyHostToDevice));
  device_size = host.size();
  return {};
}

}  // namespace

struct ExecuteSession::Impl {
  bool opened = false;
  uint64_t max_resident = 0;
  uint32_t registers = 0;    // per thread of execute_kernel, as the device reports them
  uint64_t local_bytes = 0;  // its per-thread local memory (stack frame)

  // ---- the snapshot ----
  DeviceBuffer<FlatAccount> accounts;
  DeviceBuffer<FlatSlot> slots;
  DeviceBuffer<uint8_t> code;
  DeviceBuffer<uint8_t> jumpdests;
  bool synced = false;
  uint64_t generation = 0;
  uint64_t account_capacity = 0;  // entries of the device tables in use (the host's capacity)
  uint64_t slot_capacity = 0;
  uint64_t code_size = 0;  // bytes of the blobs the device holds
  uint64_t jumpdest_size = 0;
  std::vector<Patch<FlatAccount>> account_patches;
  std::vector<Patch<FlatSlot>> slot_patches;
  DeviceBuffer<Patch<FlatAccount>> d_account_patches;
  DeviceBuffer<Patch<FlatSlot>> d_slot_patches;

  // ---- the batch ----
  DeviceBuffer<DeviceBlock> block;
  DeviceBuffer<DeviceTx> txs;
  DeviceBuffer<uint8_t> bytes;
  DeviceBuffer<Address> access_addresses;
  DeviceBuffer<DeviceAccessKey> access_keys;
  bool batch_loaded = false;
  uint64_t tx_count = 0;

  // ---- per-thread working memory and the outcomes ----
  DeviceBuffer<uint256> stacks;
  DeviceBuffer<uint8_t> memories;
  DeviceBuffer<uint8_t> returns;
  DeviceBuffer<uint8_t> scratches;
  DeviceBuffer<Frame> frames;
  DeviceBuffer<FlatOverlay> overlays;
  uint64_t resident = 0;
  DeviceBuffer<uint32_t> which;
  DeviceBuffer<TxOutcome> outcomes;
  PinnedOutcomes staging;

  ExecuteTimes times;
  uint64_t full_syncs = 0;
  uint64_t dirty_syncs = 0;

  std::string open(uint64_t max_resident_threads);
  std::string sync_state(const FlatUpload& flat);
  std::string load_batch(const BatchUpload& batch);
  std::string ensure_threads(uint64_t count);
  std::string run(uint64_t first, std::span<const uint32_t> which, Fork fork, TxOutcome* out);
};

std::string ExecuteSession::Impl::open(uint64_t max_resident_threads) {
  int devices = 0;
  WARP_CUDA_TRY(cudaGetDeviceCount(&devices));
  if (devices == 0) return "execute session: no CUDA device";
  WARP_CUDA_TRY(cudaSetDevice(0));
  int sms = 0;
  WARP_CUDA_TRY(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  int blocks_per_sm = 0;
  WARP_CUDA_TRY(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_sm, execute_kernel, kThreadsPerBlock, 0));
  if (blocks_per_sm <= 0)
    return "execute session: execute_kernel cannot run on this device with " + std::to_string(kThreadsPerBlock) +
           " threads per block";
  // The kernel's stack frame (the interpreter's locals) is known statically; the driver would
  // grow the stack limit at the first launch anyway, but raising it here makes a device that
  // cannot reserve that much local memory fail now, with this call named.
  cudaFuncAttributes attributes{};
  WARP_CUDA_TRY(cudaFuncGetAttributes(&attributes, execute_kernel));
  size_t stack_limit = 0;
  WARP_CUDA_TRY(cudaDeviceGetLimit(&stack_limit, cudaLimitStackSize));
  if (stack_limit < attributes.localSizeBytes)
    WARP_CUDA_TRY(cudaDeviceSetLimit(cudaLimitStackSize, attributes.localSizeBytes));
  registers = static_cast<uint32_t>(attributes.numRegs);
  local_bytes = static_cast<uint64_t>(attributes.localSizeBytes);
  size_t free_bytes = 0, total_bytes = 0;
  WARP_CUDA_TRY(cudaMemGetInfo(&free_bytes, &total_bytes));
  const uint64_t by_occupancy = static_cast<uint64_t>(blocks_per_sm) * static_cast<uint64_t>(sms) * kThreadsPerBlock;
  const uint64_t by_memory = free_bytes / kArenaMemoryDivisor / kBytesPerThread;
  if (by_memory < kThreadsPerBlock)
    return "execute session: " + std::to_string(free_bytes >> 20) + " MiB of free device memory is too little for " +
           std::to_string(kThreadsPerBlock) + " threads' arenas";
  uint64_t cap = std::min({by_occupancy, by_memory, kMaxResidentThreads});
  if (max_resident_threads > 0) cap = std::min(cap, max_resident_threads);
  // Whole blocks, at least one.
  max_resident = std::max<uint64_t>(cap / kThreadsPerBlock, 1) * kThreadsPerBlock;
  opened = true;
  return {};
}

std::string ExecuteSession::Impl::sync_state(const FlatUpload& flat) {
  if (!opened) return "execute session: sync_state before open";
  // The view's masks are capacity - 1: a table must be a non-empty power of two.
  if (!std::has_single_bit(flat.accounts.size()) || !std::has_single_bit(flat.slots.size()))
    return "execute session: tables of " + std::to_string(flat.accounts.size()) + " and " +
           std::to_string(flat.slots.size()) + " entries (each must be a power of two)";
  const auto t0 = Clock::now();
  const bool whole = !synced || flat.generation != generation || flat.accounts.size() != account_capacity ||
                     flat.slots.size() != slot_capacity;
  // A table that changed in more than about a quarter of its bytes is cheaper to copy whole
  // than to pack and scatter.
  const bool whole_accounts =
      whole || flat.dirty_accounts.size() * sizeof(Patch<FlatAccount>) * 4 > flat.accounts.size_bytes();
  const bool whole_slots = whole || flat.dirty_slots.size() * sizeof(Patch<FlatSlot>) * 4 > flat.slots.size_bytes();
  synced = false;  // until every step below succeeded
  if (whole_accounts) {
    if (auto e = reserve(accounts, flat.accounts.size(), false); !e.empty()) return e;
    if (auto e = accounts.copy_from_host(flat.accounts.data(), flat.accounts.size()); !e.empty()) return e;
  } else if (auto e = scatter(flat.accounts, flat.dirty_accounts, account_patches, d_account_patches, accounts.data());
             !e.empty()) {
    return e;
  }
  if (whole_slots) {
    if (auto e = reserve(slots, flat.slots.size(), false); !e.empty()) return e;
    if (auto e = slots.copy_from_host(flat.slots.data(), flat.slots.size()); !e.empty()) return e;
  } else if (auto e = scatter(flat.slots, flat.dirty_slots, slot_patches, d_slot_patches, slots.data()); !e.empty()) {
    return e;
  }
  if (auto e = sync_blob(code, code_size, flat.code, flat.code_from, whole); !e.empty()) return e;
  if (auto e = sync_blob(jumpdests, jumpdest_size, flat.jumpdests, flat.jumpdests_from, whole); !e.empty()) return e;
  WARP_CUDA_TRY(cudaDeviceSynchronize());
  generation = flat.generation;
  account_capacity = flat.accounts.size();
  slot_capacity = flat.slots.size();
  synced = true;
  ++(whole ? full_syncs : dirty_syncs);
  times.copy_in += seconds_since(t0);
  return {};
}

std::string ExecuteSession::Impl::load_batch(const BatchUpload& batch) {
  if (!opened) return "execute session: load_batch before open";
  if (batch.block == nullptr) return "execute session: a batch without its block";
  const auto t0 = Clock::now();
  batch_loaded = false;
  if (auto e = reserve(block, 1); !e.empty()) return e;
  if (auto e = reserve(txs, batch.txs.size()); !e.empty()) return e;
  if (auto e = reserve(bytes, batch.bytes.size()); !e.empty()) return e;
  if (auto e = reserve(access_addresses, batch.access_addresses.size()); !e.empty()) return e;
  if (auto e = reserve(access_keys, batch.access_keys.size()); !e.empty()) return e;
  if (auto e = block.copy_from_host(batch.block, 1); !e.empty()) return e;
  if (auto e = txs.copy_from_host(batch.txs.data(), batch.txs.size()); !e.empty()) return e;
  if (auto e = bytes.copy_from_host(batch.bytes.data(), batch.bytes.size()); !e.empty()) return e;
  if (auto e = access_addresses.copy_from_host(batch.access_addresses.data(), batch.access_addresses.size());
      !e.empty())
    return e;
  if (auto e = access_keys.copy_from_host(batch.access_keys.data(), batch.access_keys.size()); !e.empty()) return e;
  tx_count = batch.txs.size();
  batch_loaded = true;
  times.copy_in += seconds_since(t0);
  return {};
}

// Arenas for as many threads as a launch of `count` transactions uses (whole blocks, at most
// max_resident). They hold nothing between launches, so growing just reallocates.
std::string ExecuteSession::Impl::ensure_threads(uint64_t count) {
  const uint64_t want = std::min(max_resident, (count + kThreadsPerBlock - 1) / kThreadsPerBlock * kThreadsPerBlock);
  if (want <= resident) return {};
  resident = 0;
  if (auto e = stacks.allocate(want * S::kStackWords); !e.empty()) return e;
  if (auto e = memories.allocate(want * S::kMemoryBytes); !e.empty()) return e;
  if (auto e = returns.allocate(want * S::kReturnBytes); !e.empty()) return e;
  if (auto e = scratches.allocate(want * S::kScratchBytes); !e.empty()) return e;
  if (auto e = frames.allocate(want * S::kFrames); !e.empty()) return e;
  if (auto e = overlays.allocate(want); !e.empty()) return e;
  resident = want;
  return {};
}

std::string ExecuteSession::Impl::run(uint64_t first, std::span<const uint32_t> run_which, Fork fork, TxOutcome* out) {
  if (!opened || !synced || !batch_loaded) return "execute session: run before open, sync_state and load_batch";
  const uint64_t count = run_which.size();
  if (count == 0) return {};
  if (first > tx_count)
    return "execute session: run from " + std::to_string(first) + " in a batch of " + std::to_string(tx_count);
  // One contiguous range (which[k] = which[0] + k): the outcomes go straight to the caller.
  bool contiguous = true;
  for (uint64_t k = 0; k < count; ++k) {
    if (run_which[k] >= tx_count - first)
      return "execute session: transaction " + std::to_string(first + run_which[k]) + " of a batch of " +
             std::to_string(tx_count);
    contiguous = contiguous && run_which[k] == run_which[0] + k;
  }

  // Allocation counts as copy-in: both are getting the round's inputs onto the device.
  const auto t_in = Clock::now();
  if (auto e = ensure_threads(count); !e.empty()) return e;
  if (auto e = reserve(outcomes, count); !e.empty()) return e;
  if (!contiguous)
    if (auto e = staging.reserve(count); !e.empty()) return e;
  if (auto e = reserve(which, count); !e.empty()) return e;
  if (auto e = which.copy_from_host(run_which.data(), count); !e.empty()) return e;
  times.copy_in += seconds_since(t_in);

  DeviceArenaRegions regions;
  regions.stacks = stacks.data();
  regions.memories = memories.data();
  regions.returns = returns.data();
  regions.scratches = scratches.data();
  regions.frames = frames.data();
  regions.overlays = overlays.data();
  const FlatView view{accounts.data(),   account_capacity - 1, slots.data(),
                      slot_capacity - 1, code.data(),          jumpdests.data()};
  DeviceBatch batch;
  batch.block = block.data();
  batch.txs = txs.data();
  batch.count = tx_count;
  batch.bytes = bytes.data();
  batch.access_addresses = access_addresses.data();
  batch.access_keys = access_keys.data();
  const uint64_t threads = std::min(resident, (count + kThreadsPerBlock - 1) / kThreadsPerBlock * kThreadsPerBlock);

  const auto t_kernel = Clock::now();
  execute_kernel<<<static_cast<unsigned>(threads / kThreadsPerBlock), kThreadsPerBlock>>>(
      fork, view, batch, first, which.data(), count, regions, outcomes.data());
  WARP_CUDA_CHECK_LAUNCH("execute_kernel");
  times.kernel += seconds_since(t_kernel);

  // A contiguous run lands in the caller's (pageable) array directly: the driver stages that
  // copy through its own pinned buffers, which is what our staging would do plus a memcpy.
  const auto t_out = Clock::now();
  if (contiguous) {
    if (auto e = outcomes.copy_to_host(out + run_which[0], count); !e.empty()) return e;
  } else {
    if (auto e = outcomes.copy_to_host(staging.data(), count); !e.empty()) return e;
    for (uint64_t k = 0; k < count; ++k) std::memcpy(&out[run_which[k]], &staging.data()[k], sizeof(TxOutcome));
  }
  times.copy_out += seconds_since(t_out);
  return {};
}

ExecuteSession::ExecuteSession() : impl_(std::make_unique<Impl>()) {}
ExecuteSession::~ExecuteSession() = default;

std::string ExecuteSession::open(uint64_t max_resident_threads) { return impl_->open(max_resident_threads); }
std::string ExecuteSession::sync_state(const FlatUpload& flat) { return impl_->sync_state(flat); }
std::string ExecuteSession::load_batch(const BatchUpload& batch) { return impl_->load_batch(batch); }
std::string ExecuteSession::run(uint64_t first, std::span<const uint32_t> which, Fork fork, TxOutcome* out) {
  return impl_->run(first, which, fork, out);
}
const ExecuteTimes& ExecuteSession::times() const { return impl_->times; }

ExecuteSessionInfo ExecuteSession::info() const {
  const Impl& s = *impl_;
  ExecuteSessionInfo i;
  i.threads_per_block = kThreadsPerBlock;
  i.registers = s.registers;
  i.local_bytes = s.local_bytes;
  i.max_resident_threads = s.max_resident;
  i.resident_threads = s.resident;
  i.full_syncs = s.full_syncs;
  i.dirty_syncs = s.dirty_syncs;
  i.device_bytes = bytes_of(s.accounts) + bytes_of(s.slots) + bytes_of(s.code) + bytes_of(s.jumpdests) +
                   bytes_of(s.d_account_patches) + bytes_of(s.d_slot_patches) + bytes_of(s.block) + bytes_of(s.txs) +
                   bytes_of(s.bytes) + bytes_of(s.access_addresses) + bytes_of(s.access_keys) + bytes_of(s.stacks) +
                   bytes_of(s.memories) + bytes_of(s.returns) + bytes_of(s.scratches) + bytes_of(s.frames) +
                   bytes_of(s.overlays) + bytes_of(s.which) + bytes_of(s.outcomes);
  return i;
}

}  // namespace warp::cuda
