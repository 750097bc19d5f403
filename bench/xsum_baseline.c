/* The xsum baseline of the side-by-side benchmark (side_by_side.cpp): Neal's
 * large superaccumulator, called from C (xsum.h uses C99's restrict). Built
 * only when FPX_BASELINES_DIR points at the baselines (bench/CMakeLists.txt);
 * xsum's sources stay in that folder. */
#include <stddef.h>

#include "xsum.h"

/* The sum of n binary64 values, rounded to nearest, by xsum's large
 * accumulator. */
double fpx_xsum_large_sum(const double* values, size_t n) {
  xsum_large_accumulator accumulator;
  xsum_large_init(&accumulator);
  xsum_large_addv(&accumulator, values, (xsum_length)n);
  return xsum_large_round(&accumulator);
}
