// The array engine (include/fpx/core/arrays.hpp): checks, the choice of a
// kernel table, words of other widths than the kernels', and stochastic
// rounding, which calls the scalar operations element by element.
#include "fpx/core/arrays.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "array_kernels.hpp"

namespace fpx {
namespace {

using detail::KernelTable;

constexpr std::size_t chunk = 2048;

// ---------------------------------------------------------------------------
// Kernel sets.

bool avx512_supported() {
#if defined(FPX_AVX512_KERNELS)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("bmi2") &&
         __builtin_cpu_supports("lzcnt");
#else
  return false;
#endif
}

struct KernelSets {
  ArrayKernels available[2] = {ArrayKernels::Portable, ArrayKernels::Portable};
  std::size_t count = 1;
  KernelSets() {
    if (avx512_supported()) available[count++] = ArrayKernels::Avx512;
  }
};

const KernelSets& kernel_sets() {
  static const KernelSets sets;
  return sets;
}

const KernelTable& table_of(ArrayKernels kernels) {
#if defined(FPX_AVX512_KERNELS)
  if (kernels == ArrayKernels::Avx512) return detail::avx512_kernel_table;
#endif
  (void)kernels;
  return detail::portable_kernel_table;
}

std::atomic<const KernelTable*>& chosen_table() {
  static std::atomic<const KernelTable*> table{
      &table_of(kernel_sets().available[kernel_sets().count - 1])};
  return table;
}

// ---------------------------------------------------------------------------
// Arguments.

// A span of encodings in words of `bytes` bytes.
struct Words {
  const void* data;
  std::size_t size;
  std::size_t bytes;
};
struct MutableWords {
  void* data;
  std::size_t size;
  std::size_t bytes;
};

template <typename Word>
Words words(std::span<const Word> s) {
  return Words{s.data(), s.size(), sizeof(Word)};
}
template <typename Word>
MutableWords words(std::span<Word> s) {
  return MutableWords{s.data(), s.size(), sizeof(Word)};
}

std::size_t format_index(const Format& format) {
  std::size_t index = 0;
  for (const Format* known : all_formats()) {
    if (*known == format) return index;
    ++index;
  }
  throw std::invalid_argument("unsupported format: " + std::string(format.name));
}

void check_width(const Format& format, std::size_t bytes) {
  if (std::size_t(format.width()) > 8 * bytes)
    throw std::invalid_argument(std::string(format.name) + " needs words of at least " +
                                std::to_string(detail::natural_word_bytes(format) * 8) +
                                " bits, got " + std::to_string(8 * bytes));
}

void check_lengths(std::size_t expected, std::size_t size, const char* what) {
  if (size != expected)
    throw std::invalid_argument(std::string("array ") + what + " has " + std::to_string(size) +
                                " elements, expected " + std::to_string(expected));
}

std::uint64_t load(const void* data, std::size_t bytes, std::size_t i) {
  switch (bytes) {
    case 1: return static_cast<const std::uint8_t*>(data)[i];
    case 2: return static_cast<const std::uint16_t*>(data)[i];
    case 4: return static_cast<const std::uint32_t*>(data)[i];
    default: return static_cast<const std::uint64_t*>(data)[i];
  }
}

void store(void* data, std::size_t bytes, std::size_t i, std::uint64_t value) {
  switch (bytes) {
    case 1: static_cast<std::uint8_t*>(data)[i] = std::uint8_t(value); break;
    case 2: static_cast<std::uint16_t*>(data)[i] = std::uint16_t(value); break;
    case 4: static_cast<std::uint32_t*>(data)[i] = std::uint32_t(value); break;
    default: static_cast<std::uint64_t*>(data)[i] = value; break;
  }
}

// Copies `count` words from `from` (starting at element `first`) into `to`
// with another word size: both are encodings of the same format, which fits
// both, so the value is kept.
void copy_words(const void* from, std::size_t from_bytes, std::size_t first, void* to,
                std::size_t to_bytes, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) store(to, to_bytes, i, load(from, from_bytes, first + i));
}

// An operation on up to three inputs, in the kernels' words: runs the kernel
// on the whole arrays when the words are the kernels', else chunk by chunk
// through buffers of them. Element flags are written only when asked for.
template <typename RunChunk>
Flags run_in_chunks(std::size_t n, std::span<const Words> inputs, std::size_t in_bytes,
                    MutableWords out, std::size_t out_bytes, const ArrayOptions& options,
                    RunChunk run_chunk) {
  // An empty span asks for no element flags, whatever its data pointer.
  std::uint8_t* element_flags = options.element_flags.empty()
                                    ? nullptr
                                    : reinterpret_cast<std::uint8_t*>(options.element_flags.data());
  bool natural = out.bytes == out_bytes;
  for (const Words& input : inputs) natural = natural && input.bytes == in_bytes;
  std::uint64_t all = 0;
  if (natural) {
    const void* data[3] = {};
    for (std::size_t k = 0; k < inputs.size(); ++k) data[k] = inputs[k].data;
    all = run_chunk(data, out.data, n, element_flags);
    return Flags{std::uint8_t(all)};
  }
  std::vector<std::uint64_t> buffers((inputs.size() + 1) * chunk);
  for (std::size_t start = 0; start < n; start += chunk) {
    const std::size_t length = std::min(chunk, n - start);
    const void* data[3] = {};
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      void* buffer = buffers.data() + k * chunk;
      copy_words(inputs[k].data, inputs[k].bytes, start, buffer, in_bytes, length);
      data[k] = buffer;
    }
    void* result = buffers.data() + inputs.size() * chunk;
    all |= run_chunk(data, result, length, element_flags ? element_flags + start : nullptr);
    copy_words(result, out_bytes, 0, static_cast<char*>(out.data) + start * out.bytes, out.bytes,
               length);
  }
  return Flags{std::uint8_t(all)};
}

// Stochastic rounding, and formats known only at run time (which have no
// kernels): each element through the scalar operation, in stochastic mode
// with its own source (element_seed).
template <typename Scalar>
Flags run_element_by_element(std::size_t n, std::span<const Words> inputs, MutableWords out,
                             const ArrayOptions& options, Scalar scalar) {
  std::uint64_t all = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t operands[3] = {};
    for (std::size_t k = 0; k < inputs.size(); ++k)
      operands[k] = load(inputs[k].data, inputs[k].bytes, i);
    StochasticSource source(element_seed(options.seed, i));
    const Rounded r = scalar(operands, RoundingOptions{options.tininess, &source});
    store(out.data, out.bytes, i, r.bits);
    if (!options.element_flags.empty()) options.element_flags[i] = r.flags;
    all |= r.flags.bits;
  }
  return Flags{std::uint8_t(all)};
}

Flags run_operation(Operation operation, const Format& format, std::span<const Words> inputs,
                    MutableWords out, Rounding mode, const ArrayOptions& options) {
  const std::size_t n = out.size;
  for (const Words& input : inputs) {
    check_lengths(n, input.size, "operand");
    check_width(format, input.bytes);
  }
  check_width(format, out.bytes);
  if (!options.element_flags.empty()) check_lengths(n, options.element_flags.size(), "of flags");
  if (mode == Rounding::Stochastic || !is_predefined(format))
    return run_element_by_element(
        n, inputs, out, options,
        [&](const std::uint64_t* operands, const RoundingOptions& rounding) {
          return apply(operation, format, operands, mode, rounding);
        });
  const std::size_t f = format_index(format);
  const std::size_t m = std::size_t(mode);
  const KernelTable* table = chosen_table().load(std::memory_order_relaxed);
  auto pick = [&](const detail::Kernel(&row)[detail::deterministic_mode_count],
                  const detail::Kernel(&portable_row)[detail::deterministic_mode_count]) {
    return row[m] ? row[m] : portable_row[m];
  };
  const KernelTable& portable = detail::portable_kernel_table;
  detail::Kernel kernel = nullptr;
  switch (operation) {
    case Operation::Add: kernel = pick(table->add[f], portable.add[f]); break;
    case Operation::Subtract: kernel = pick(table->subtract[f], portable.subtract[f]); break;
    case Operation::Multiply: kernel = pick(table->multiply[f], portable.multiply[f]); break;
    case Operation::Divide: kernel = pick(table->divide[f], portable.divide[f]); break;
    case Operation::SquareRoot:
      kernel = pick(table->square_root[f], portable.square_root[f]);
      break;
    case Operation::FusedMultiplyAdd:
      kernel = pick(table->fused_multiply_add[f], portable.fused_multiply_add[f]);
      break;
  }
  const std::uint64_t before = detail::tininess_mask(RoundingOptions{options.tininess});
  const std::size_t bytes = detail::natural_word_bytes(format);
  return run_in_chunks(
      n, inputs, bytes, out, bytes, options,
      [&](const void* const* data, void* result, std::size_t length, std::uint8_t* flags) {
        return kernel(data, result, length, flags, before);
      });
}

Flags run_conversion(const Format& from, const Format& to, Words in, MutableWords out,
                     Rounding mode, const ArrayOptions& options) {
  const std::size_t n = out.size;
  check_lengths(n, in.size, "to convert");
  check_width(from, in.bytes);
  check_width(to, out.bytes);
  if (!options.element_flags.empty()) check_lengths(n, options.element_flags.size(), "of flags");
  const Words inputs[1] = {in};
  if (mode == Rounding::Stochastic || !is_predefined(from) || !is_predefined(to))
    return run_element_by_element(
        n, inputs, out, options,
        [&](const std::uint64_t* operands, const RoundingOptions& rounding) {
          return convert(from, to, operands[0], mode, rounding);
        });
  const std::size_t f = format_index(from), t = format_index(to);
  const std::size_t m = std::size_t(mode);
  detail::Kernel kernel = chosen_table().load(std::memory_order_relaxed)->convert->from[f][t][m];
  if (!kernel) kernel = detail::portable_conversion_table.from[f][t][m];
  const std::uint64_t before = detail::tininess_mask(RoundingOptions{options.tininess});
  return run_in_chunks(
      n, inputs, detail::natural_word_bytes(from), out, detail::natural_word_bytes(to), options,
      [&](const void* const* data, void* result, std::size_t length, std::uint8_t* flags) {
        return kernel(data, result, length, flags, before);
      });
}

}  // namespace

// ---------------------------------------------------------------------------
// The entry points.

#define FPX_DEFINE_ARRAY_OPERATIONS(Word)                                                          \
  Flags add(const Format& format, std::span<const Word> a, std::span<const Word> b,                \
            std::span<Word> out, Rounding mode, const ArrayOptions& options) {                     \
    const Words inputs[] = {words(a), words(b)};                                                   \
    return run_operation(Operation::Add, format, inputs, words(out), mode, options);               \
  }                                                                                                \
  Flags subtract(const Format& format, std::span<const Word> a, std::span<const Word> b,           \
                 std::span<Word> out, Rounding mode, const ArrayOptions& options) {                \
    const Words inputs[] = {words(a), words(b)};                                                   \
    return run_operation(Operation::Subtract, format, inputs, words(out), mode, options);          \
  }                                                                                                \
  Flags multiply(const Format& format, std::span<const Word> a, std::span<const Word> b,           \
                 std::span<Word> out, Rounding mode, const ArrayOptions& options) {                \
    const Words inputs[] = {words(a), words(b)};                                                   \
    return run_operation(Operation::Multiply, format, inputs, words(out), mode, options);          \
  }                                                                                                \
  Flags divide(const Format& format, std::span<const Word> a, std::span<const Word> b,             \
               std::span<Word> out, Rounding mode, const ArrayOptions& options) {                  \
    const Words inputs[] = {words(a), words(b)};                                                   \
    return run_operation(Operation::Divide, format, inputs, words(out), mode, options);            \
  }                                                                                                \
  Flags square_root(const Format& format, std::span<const Word> a, std::span<Word> out,            \
                    Rounding mode, const ArrayOptions& options) {                                  \
    const Words inputs[] = {words(a)};                                                             \
    return run_operation(Operation::SquareRoot, format, inputs, words(out), mode, options);        \
  }                                                                                                \
  Flags fused_multiply_add(const Format& format, std::span<const Word> a, std::span<const Word> b, \
                           std::span<const Word> c, std::span<Word> out, Rounding mode,            \
                           const ArrayOptions& options) {                                          \
    const Words inputs[] = {words(a), words(b), words(c)};                                         \
    return run_operation(Operation::FusedMultiplyAdd, format, inputs, words(out), mode, options);  \
  }                                                                                                \
  Flags apply(Operation operation, const Format& format, std::span<const Word> a,                  \
              std::span<const Word> b, std::span<const Word> c, std::span<Word> out,               \
              Rounding mode, const ArrayOptions& options) {                                        \
    const Words all[] = {words(a), words(b), words(c)};                                            \
    return run_operation(operation, format,                                                        \
                         std::span<const Words>(all, std::size_t(arity(operation))), words(out),   \
                         mode, options);                                                           \
  }
FPX_DEFINE_ARRAY_OPERATIONS(std::uint8_t)
FPX_DEFINE_ARRAY_OPERATIONS(std::uint16_t)
FPX_DEFINE_ARRAY_OPERATIONS(std::uint32_t)
FPX_DEFINE_ARRAY_OPERATIONS(std::uint64_t)
#undef FPX_DEFINE_ARRAY_OPERATIONS

#define FPX_DEFINE_ARRAY_CONVERSION(In, Out)                                                      \
  Flags convert(const Format& from, const Format& to, std::span<const In> in, std::span<Out> out, \
                Rounding mode, const ArrayOptions& options) {                                     \
    return run_conversion(from, to, words(in), words(out), mode, options);                        \
  }
#define FPX_DEFINE_ARRAY_CONVERSIONS_FROM(In)    \
  FPX_DEFINE_ARRAY_CONVERSION(In, std::uint8_t)  \
  FPX_DEFINE_ARRAY_CONVERSION(In, std::uint16_t) \
  FPX_DEFINE_ARRAY_CONVERSION(In, std::uint32_t) \
  FPX_DEFINE_ARRAY_CONVERSION(In, std::uint64_t)
FPX_DEFINE_ARRAY_CONVERSIONS_FROM(std::uint8_t)
FPX_DEFINE_ARRAY_CONVERSIONS_FROM(std::uint16_t)
FPX_DEFINE_ARRAY_CONVERSIONS_FROM(std::uint32_t)
FPX_DEFINE_ARRAY_CONVERSIONS_FROM(std::uint64_t)
#undef FPX_DEFINE_ARRAY_CONVERSIONS_FROM
#undef FPX_DEFINE_ARRAY_CONVERSION

std::string_view array_kernels_name(ArrayKernels kernels) {
  switch (kernels) {
    case ArrayKernels::Portable: return "portable";
    case ArrayKernels::Avx512: return "avx512";
  }
  return "?";
}

std::span<const ArrayKernels> available_array_kernels() {
  const KernelSets& sets = kernel_sets();
  return std::span<const ArrayKernels>(sets.available, sets.count);
}

ArrayKernels array_kernels() {
  const KernelTable* current = chosen_table().load();
  for (ArrayKernels kernels : available_array_kernels())
    if (&table_of(kernels) == current) return kernels;
  return ArrayKernels::Portable;
}

void use_array_kernels(ArrayKernels kernels) {
  for (ArrayKernels available : available_array_kernels()) {
    if (available == kernels) {
      chosen_table().store(&table_of(kernels));
      return;
    }
  }
  throw std::invalid_argument("array kernels '" + std::string(array_kernels_name(kernels)) +
                              "' are not available on this processor");
}

}  // namespace fpx
