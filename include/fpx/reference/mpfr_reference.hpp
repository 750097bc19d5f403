// The exact reference on MPFR: every operation and conversion of fpx computed
// a second way, to referee the integer core.
//
// Independence: nothing here calls round_pack() or any function declared in
// operations.hpp. It shares only the format descriptors, the rounding mode and
// flag types, and the published rules (rounding.hpp, README). The grid
// rounding of a real value to a format is written again from those rules on
// MPFR values (round_exact below).
//
// Method: an operation is evaluated by MPFR with a working precision
// P = format.precision + 64, truncated (MPFR_RNDZ), then made "round to odd"
// by forcing its last bit to 1 when inexact. Rounding that P-bit value to the
// p-bit format then gives the correctly rounded result in every mode (Boldo and
// Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms
// using rounding to odd", IEEE Trans. Computers 57(4), 2008: P >= p + 2
// suffices), and because P - p >= 33 the stochastic threshold ceil(t * 2^32)
// is also that of the exact value.
#pragma once

#include <mpfr.h>

#include <cstdint>
#include <string>

#include "fpx/core/format.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx::reference {

// Runs `operation` on the encoded operands (arity 1 for SquareRoot, 3 for
// FusedMultiplyAdd = operands[0] * operands[1] + operands[2], 2 otherwise).
// Throws std::invalid_argument for Rounding::Stochastic without
// options.random; the source is drawn from only when the result is inexact.
Rounded compute(Operation operation, const Format& format, const std::uint64_t* operands,
                Rounding mode, const RoundingOptions& options = {});

// Converts an encoded value of `from` into `to`.
Rounded convert(const Format& from, const Format& to, std::uint64_t bits, Rounding mode,
                const RoundingOptions& options = {});

// Sets `out` to the exact value of `bits` (NaN, signed infinity, signed zero
// included). `out` must already have at least format.precision bits of
// precision (std::invalid_argument otherwise); it is not re-precisioned.
void to_mpfr(mpfr_t out, const Format& format, std::uint64_t bits);

// The exact decimal expansion in positional notation with every digit:
// "0.666666686534881591796875", "1", "-0", "inf", "-inf", "nan".
std::string exact_decimal(const Format& format, std::uint64_t bits);

// Rounds the real value `value` (+ an infinitesimal away from zero when
// `sticky`) into `format`, with the flags inexact, underflow and overflow.
// `value` must be finite; when `sticky` it must be nonzero. An exact zero
// gives the zero of its sign with no flags. `value` may have any precision:
// pass the exact value, or a round-to-odd approximation with at least
// format.precision + 34 bits (the sticky then being folded into its last bit).
// Tininess: options.tininess, except Stochastic which always uses
// BeforeRounding.
Rounded round_exact(const Format& format, mpfr_srcptr value, bool sticky, Rounding mode,
                    const RoundingOptions& options = {});

}  // namespace fpx::reference
