// The array kernels of the operations for x86-64-v4 (AVX-512), chosen at
// run time on processors that have it (arrays.cpp). The headers are read
// first with the baseline instruction set; only the kernels defined below
// the target pragma, which inline everything they call, use AVX-512.
#include "element_operations.hpp"
#include "fpx/core/operations.hpp"

#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#define FPX_DEFINE_KERNELS
#define FPX_DEFINE_OPERATION_TABLE
#define FPX_KERNEL_NAMESPACE avx512
#define FPX_KERNEL_VECTOR 1
#include "array_kernels.hpp"
#pragma GCC pop_options
