// Arithmetic on encoded values: the six IEEE operations and conversions, on
// bit patterns of any predefined format, each with an explicit rounding mode,
// reporting IEEE flags. Integer code only: no host floating point, no MPFR.
//
// Two spellings of each operation:
//   add<binary32>(a, b, mode)       the format fixed at compile time (fast);
//   add(binary32, a, b, mode)       the format chosen at run time (CLI).
// Both run the same code. The templates are instantiated in src/ for every
// predefined format (see all_formats()); the run-time form dispatches to them.
//
// NaN policy: every NaN result is the format's default NaN
// (Format::default_nan_bits: positive, quiet, zero payload); payloads are not
// propagated. A signaling NaN operand raises invalid. fma(0, inf, c) and
// fma(inf, 0, c) raise invalid even when c is a quiet NaN (as SoftFloat does).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "fpx/core/format.hpp"
#include "fpx/core/rounding.hpp"

namespace fpx {

enum class Operation : std::uint8_t {
  Add,
  Subtract,
  Multiply,
  Divide,
  SquareRoot,
  FusedMultiplyAdd
};

template <const Format& F>
Rounded add(std::uint64_t a, std::uint64_t b, Rounding mode, const RoundingOptions& options = {});
template <const Format& F>
Rounded subtract(std::uint64_t a, std::uint64_t b, Rounding mode,
                 const RoundingOptions& options = {});
template <const Format& F>
Rounded multiply(std::uint64_t a, std::uint64_t b, Rounding mode,
                 const RoundingOptions& options = {});
template <const Format& F>
Rounded divide(std::uint64_t a, std::uint64_t b, Rounding mode,
               const RoundingOptions& options = {});
template <const Format& F>
Rounded square_root(std::uint64_t a, Rounding mode, const RoundingOptions& options = {});
// a * b + c with one rounding.
template <const Format& F>
Rounded fused_multiply_add(std::uint64_t a, std::uint64_t b, std::uint64_t c, Rounding mode,
                           const RoundingOptions& options = {});
template <const Format& From, const Format& To>
Rounded convert(std::uint64_t a, Rounding mode, const RoundingOptions& options = {});

Rounded add(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
            const RoundingOptions& options = {});
Rounded subtract(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
                 const RoundingOptions& options = {});
Rounded multiply(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
                 const RoundingOptions& options = {});
Rounded divide(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
               const RoundingOptions& options = {});
Rounded square_root(const Format& format, std::uint64_t a, Rounding mode,
                    const RoundingOptions& options = {});
Rounded fused_multiply_add(const Format& format, std::uint64_t a, std::uint64_t b, std::uint64_t c,
                           Rounding mode, const RoundingOptions& options = {});
Rounded convert(const Format& from, const Format& to, std::uint64_t a, Rounding mode,
                const RoundingOptions& options = {});

// Runs `operation` on operands[0..arity) (arity 1 for SquareRoot, 3 for
// FusedMultiplyAdd, 2 otherwise).
Rounded apply(Operation operation, const Format& format, const std::uint64_t* operands,
              Rounding mode, const RoundingOptions& options = {});
int arity(Operation operation);
std::string_view operation_name(Operation operation);             // add sub mul div sqrt fma
std::optional<Operation> parse_operation(std::string_view name);  // the names above

}  // namespace fpx
