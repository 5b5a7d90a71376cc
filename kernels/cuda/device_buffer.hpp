// An owning, move-only device allocation, so every early `return error` in a launch helper
// frees what it allocated. Errors are values: allocation and copies return the
// WARP_CUDA_TRY description (empty = ok) instead of throwing from a constructor.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "kernels/cuda/cuda_check.hpp"

namespace warp::cuda {

template <typename T>
class DeviceBuffer {
  static_assert(std::is_trivially_copyable_v<T>, "device buffers hold bytes copied over PCIe");

 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  ~DeviceBuffer() { release(); }

  // Replaces the contents with `count` uninitialised elements. At least one element is
  // always allocated so that data() is a valid device pointer even for empty payloads.
  std::string allocate(size_t count) {
    release();
    void* raw = nullptr;
    WARP_CUDA_TRY(cudaMalloc(&raw, (count == 0 ? 1 : count) * sizeof(T)));
    data_ = static_cast<T*>(raw);
    size_ = count;
    return {};
  }

  std::string copy_from_host(const T* host, size_t count) {
    if (count > size_)
      return "DeviceBuffer::copy_from_host: " + std::to_string(count) + " elements into a buffer of " +
             std::to_string(size_);
    if (count == 0) return {};
    WARP_CUDA_TRY(cudaMemcpy(data_, host, count * sizeof(T), cudaMemcpyHostToDevice));
    return {};
  }

  std::string copy_to_host(T* host, size_t count) const {
    if (count > size_)
      return "DeviceBuffer::copy_to_host: " + std::to_string(count) + " elements from a buffer of " +
             std::to_string(size_);
    if (count == 0) return {};
    WARP_CUDA_TRY(cudaMemcpy(host, data_, count * sizeof(T), cudaMemcpyDeviceToHost));
    return {};
  }

  T* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  // A failing cudaFree can only report an earlier asynchronous error, which the launch
  // checks have already returned to the caller; a destructor has nowhere to send it.
  void release() {
    if (data_ != nullptr) static_cast<void>(cudaFree(data_));
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace warp::cuda
