// The host's flat snapshot and prepared batch as the CUDA execute session takes them (plain
// views, so kernels/cuda does not depend on the host layer). CUDA builds only.
#pragma once

#include "host/executor/gpu/device_batch.hpp"
#include "kernels/cuda/execute_gpu.hpp"
#include "state/flat/flat_state.hpp"

namespace warp {

inline cuda::FlatUpload upload_of(const FlatState& flat) {
  cuda::FlatUpload u;
  u.generation = flat.generation();
  u.accounts = flat.accounts();
  u.slots = flat.slots();
  u.code = flat.code();
  u.jumpdests = flat.jumpdests();
  u.dirty_accounts = flat.dirty().accounts;
  u.dirty_slots = flat.dirty().slots;
  u.code_from = flat.dirty().code_from;
  u.jumpdests_from = flat.dirty().jumpdests_from;
  return u;
}

inline cuda::BatchUpload upload_of(const PreparedBatch& batch) {
  cuda::BatchUpload u;
  u.block = &batch.block;
  u.txs = batch.txs;
  u.bytes = batch.bytes;
  u.access_addresses = batch.access_addresses;
  u.access_keys = batch.access_keys;
  return u;
}

}  // namespace warp
