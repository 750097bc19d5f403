/* The CPFloat baseline of the side-by-side benchmark (side_by_side.cpp):
 * CPFloat is C only (its headers do not compile as C++), so this file calls
 * it for the harness. Built only when FPX_BASELINES_DIR points at the
 * baselines (bench/CMakeLists.txt); CPFloat's sources stay in that folder. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cpfloat_binary32.h"

/* Rounds n binary32 values (bit patterns) to the format with `precision`
 * bits and exponents in [emin, emax], subnormals kept, to nearest even or
 * toward zero; the results are binary32 values (bit patterns), as CPFloat
 * gives them. Returns CPFloat's status (0 when the options are valid). */
int fpx_cpfloat_round(const uint32_t* in, uint32_t* out, size_t n, int precision, int emin,
                      int emax, int toward_zero) {
  static optstruct* options = NULL;
  if (options == NULL) options = init_optstruct();
  strcpy(options->format, "custom");
  options->precision = precision;
  options->emin = emin;
  options->emax = emax;
  options->explim = CPFLOAT_EXPRANGE_TARG;
  options->infinity = CPFLOAT_INF_USE;
  options->round = toward_zero ? CPFLOAT_RND_TZ : CPFLOAT_RND_NE;
  options->saturation = CPFLOAT_SAT_NO;
  options->subnormal = CPFLOAT_SUBN_USE;
  options->flip = CPFLOAT_SOFTERR_NO;
  options->p = 0;
  return cpfloatf((float*)out, (const float*)in, n, options);
}
