// The array kernels of the conversions for x86-64-v4 (AVX-512); see
// array_kernels_avx512.cpp.
#include <immintrin.h>  // x86 only, as this file is (src/CMakeLists.txt)

#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#include "bfloat16_narrowing_avx512.hpp"
#define FPX_BFLOAT16_RUN_AVX512
#define FPX_DEFINE_KERNELS
#define FPX_DEFINE_CONVERSION_TABLE
#define FPX_KERNEL_NAMESPACE avx512
#define FPX_KERNEL_VECTOR 1
#include "array_kernels.hpp"
#pragma GCC pop_options
