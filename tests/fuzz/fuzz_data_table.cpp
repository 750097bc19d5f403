// Data files through every reader: the streaming number rows of fpx sum and
// dot (one or two columns, chosen or not, numbers or bit patterns), the
// matrix of --axis, and the exact table of the linear models. Invariants:
// the rows counted are the rows delivered; every delivered pattern fits its
// format; a table's rows all have the header's length.
#include <sstream>
#include <string>
#include <vector>

#include "fpx/core/decimal.hpp"
#include "fpx/core/format.hpp"
#include "fpx/io/data_table.hpp"
#include "fpx/io/number_columns.hpp"
#include "fuzz_check.hpp"

using namespace fpx;

namespace {

bool fits(const Format& format, std::uint64_t bits) {
  return format.width() == 64 || bits >> format.width() == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Input input = fuzz::split_choice(data, size);
  const std::string text(input.text);
  const auto formats = all_formats();
  NumberReadOptions options;
  options.format = formats[input.choice % formats.size()];
  options.raw = (input.choice >> 4) & 1;
  options.needed = 1 + ((input.choice >> 5) & 1);
  static const std::vector<std::vector<std::string>> column_choices = {
      {}, {"0"}, {"1"}, {"y"}, {"0", "1"}, {"x", "y"}};
  const unsigned reader = input.choice >> 6;  // 0..3
  try {
    if (reader == 0 || reader == 1) {
      const auto& columns = column_choices[(input.choice >> 1) % column_choices.size()];
      if (columns.size() == options.needed || columns.empty()) options.columns = columns;
      std::istringstream stream(text);
      std::size_t delivered = 0;
      const Format& format = *options.format;
      const NumberReadSummary summary = read_number_rows(
          stream, "fuzz", options, [&](const std::uint64_t* bits, const ExactNumber*) {
            for (std::size_t k = 0; k < options.needed; ++k) FUZZ_CHECK(fits(format, bits[k]));
            ++delivered;
          });
      FUZZ_CHECK(summary.rows == delivered);
    } else if (reader == 2) {
      std::istringstream stream(text);
      const NumberMatrix matrix = read_number_matrix(stream, "fuzz", options);
      FUZZ_CHECK(matrix.bits.size() == matrix.rows * matrix.cols);
    } else {
      std::istringstream stream(text);
      const DataTable table = read_data_table(stream, "fuzz", {"label"});
      for (const auto& row : table.rows) FUZZ_CHECK(row.size() == table.header.size());
    }
  } catch (const DataFileError&) {
  } catch (const std::invalid_argument&) {  // column choices that do not fit the data
  }
  return 0;
}
