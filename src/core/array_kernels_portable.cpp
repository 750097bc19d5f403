// The array kernels of the operations for the compiler's baseline
// instruction set (array_kernels.hpp).
#define FPX_DEFINE_KERNELS
#define FPX_DEFINE_OPERATION_TABLE
#define FPX_KERNEL_NAMESPACE portable
#define FPX_KERNEL_VECTOR 0
#include "array_kernels.hpp"
