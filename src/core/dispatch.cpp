// The run-time-format spellings of the operations: one switch from a Format
// to the compiled instantiation for it.
#include <stdexcept>
#include <string>

#include "arithmetic.hpp"
#include "fpx/core/operations.hpp"
#include "fpx/core/text.hpp"

namespace fpx {
namespace {

// The predefined format equal to `format` (the object itself, or the
// predefined one of which it is a copy), else null: a format known only at
// run time.
const Format* predefined(const Format& format) {
#define FPX_FIND(candidate) \
  if (&format == &candidate) return &candidate;
  FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_FIND)
#undef FPX_FIND
  for (const Format* known : all_formats())
    if (*known == format) return known;
  return nullptr;
}

// Calls visitor.template operator()<F>() for the predefined format F equal to
// `format`; `known` must be one of them.
template <typename Visitor>
Rounded visit_format(const Format& known, Visitor&& visitor) {
#define FPX_VISIT(candidate) \
  if (&known == &candidate) return visitor.template operator()<candidate>();
  FPX_FOR_EACH_PREDEFINED_FORMAT(FPX_VISIT)
#undef FPX_VISIT
  throw std::invalid_argument("unsupported format: " + std::string(known.name));
}

}  // namespace

Rounded add(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
            const RoundingOptions& options) {
  const Format* known = predefined(format);
  if (!known) return detail::add_any_format(format, a, b, false, mode, options);
  return visit_format(*known, [&]<const Format & F>() { return add<F>(a, b, mode, options); });
}

Rounded subtract(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
                 const RoundingOptions& options) {
  const Format* known = predefined(format);
  if (!known) return detail::add_any_format(format, a, b, true, mode, options);
  return visit_format(*known, [&]<const Format & F>() { return subtract<F>(a, b, mode, options); });
}

Rounded multiply(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
                 const RoundingOptions& options) {
  const Format* known = predefined(format);
  if (!known) return detail::multiply_any_format(format, a, b, mode, options);
  return visit_format(*known, [&]<const Format & F>() { return multiply<F>(a, b, mode, options); });
}

Rounded divide(const Format& format, std::uint64_t a, std::uint64_t b, Rounding mode,
               const RoundingOptions& options) {
  const Format* known = predefined(format);
  if (!known) return detail::divide_any_format(format, a, b, mode, options);
  return visit_format(*known, [&]<const Format & F>() { return divide<F>(a, b, mode, options); });
}

Rounded square_root(const Format& format, std::uint64_t a, Rounding mode,
                    const RoundingOptions& options) {
  const Format* known = predefined(format);
  if (!known) return detail::square_root_any_format(format, a, mode, options);
  return visit_format(*known, [&]<const Format & F>() { return square_root<F>(a, mode, options); });
}

Rounded fused_multiply_add(const Format& format, std::uint64_t a, std::uint64_t b, std::uint64_t c,
                           Rounding mode, const RoundingOptions& options) {
  const Format* known = predefined(format);
  if (!known) return detail::fused_multiply_add_any_format(format, a, b, c, mode, options);
  return visit_format(
      *known, [&]<const Format & F>() { return fused_multiply_add<F>(a, b, c, mode, options); });
}

Rounded convert(const Format& from, const Format& to, std::uint64_t a, Rounding mode,
                const RoundingOptions& options) {
  const Format* known_from = predefined(from);
  const Format* known_to = predefined(to);
  if (!known_from || !known_to) return detail::convert_any_format(from, to, a, mode, options);
  return visit_format(*known_from, [&]<const Format & From>() {
    return visit_format(*known_to,
                        [&]<const Format & To>() { return convert<From, To>(a, mode, options); });
  });
}

int arity(Operation operation) {
  switch (operation) {
    case Operation::SquareRoot: return 1;
    case Operation::FusedMultiplyAdd: return 3;
    default: return 2;
  }
}

std::string_view operation_name(Operation operation) {
  switch (operation) {
    case Operation::Add: return "add";
    case Operation::Subtract: return "sub";
    case Operation::Multiply: return "mul";
    case Operation::Divide: return "div";
    case Operation::SquareRoot: return "sqrt";
    case Operation::FusedMultiplyAdd: return "fma";
  }
  return "?";
}

std::optional<Operation> parse_operation(std::string_view given) {
  // Names are case-insensitive.
  const std::string lowered = to_lower(given);
  const std::string_view name = lowered;
  for (Operation operation :
       {Operation::Add, Operation::Subtract, Operation::Multiply, Operation::Divide,
        Operation::SquareRoot, Operation::FusedMultiplyAdd})
    if (operation_name(operation) == name) return operation;
  return std::nullopt;
}

Rounded apply(Operation operation, const Format& format, const std::uint64_t* operands,
              Rounding mode, const RoundingOptions& options) {
  switch (operation) {
    case Operation::Add: return add(format, operands[0], operands[1], mode, options);
    case Operation::Subtract: return subtract(format, operands[0], operands[1], mode, options);
    case Operation::Multiply: return multiply(format, operands[0], operands[1], mode, options);
    case Operation::Divide: return divide(format, operands[0], operands[1], mode, options);
    case Operation::SquareRoot: return square_root(format, operands[0], mode, options);
    case Operation::FusedMultiplyAdd:
      return fused_multiply_add(format, operands[0], operands[1], operands[2], mode, options);
  }
  throw std::invalid_argument("unknown operation");
}

}  // namespace fpx
