// Portability macros for code compiled both by the host compiler and by nvcc.
// Everything under kernels/evm is usable from device code: no heap, no exceptions,
// no std:: containers, no virtual calls (DESIGN.md section 2).
#pragma once

#if defined(__CUDACC__)
#define WARP_HD __host__ __device__
#define WARP_FORCEINLINE __forceinline__
#else
#define WARP_HD
#define WARP_FORCEINLINE inline __attribute__((always_inline))
#endif
