// Dot products with a chosen condition number: Ogita, Rump and Oishi's
// GenDot ("Accurate sum and dot product", SIAM J. Sci. Comput. 26(6), 2005,
// Algorithm 6.1), in exact arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"

namespace fpx {

struct GeneratedDot {
  std::vector<std::uint64_t> x, y;  // encodings of the format
  Rational exact;                   // x^T y, exactly
  // The condition number of the paper, 2 |x|^T |y| / |x^T y|, exactly
  // (empty exact value: 0).
  Rational condition;
};

// GenDot for vectors of n >= 6 values of `format` with condition number
// about `target_condition` (>= 1), b = log2(target_condition):
//   1. the first half, n2 = round(n/2) pairs: x_i, y_i = r 2^e_i with r
//      uniform in (-1, 1), e_i uniform integers in [0, b/2], except
//      e_1 = round(b/2) + 1 and e_n2 = 0 (so that both ends occur);
//   2. the second half: e decreasing from b/2 to 0 (round(linspace)),
//      x_i = r 2^e_i and y_i = (r' 2^e_i - x_1..i-1 . y_1..i-1) / x_i, the
//      dot product so far exact (ExactAccumulator) and y_i rounded once to
//      nearest even into the format;
//   3. x and y permuted alike, at random.
// x and y are lowered by 2^round(b/4) each, and the dot products aimed at in
// step 2 by its square (powers of two, which leave the condition number as
// it is), so that the products stay within binary32's range up to 10^40. r is k 2^-p for a
// uniformly random integer |k| < 2^p, p the format's precision: exactly a value of the format. The
// paper's condition number is only approached: `condition` is the one achieved. Throws
// std::invalid_argument for n < 6 or a condition below 1 or beyond the format's exponent range.
GeneratedDot generate_dot(const Format& format, std::size_t n, double target_condition,
                          std::uint64_t seed);

}  // namespace fpx
