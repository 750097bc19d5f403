// The batch line protocol (`OP MODE X [Y [Z]]`), one line and a whole
// stream. Invariants: an answer is RESULT and two flag digits in uppercase
// hex; the stream answers each line as the single-line call does.
#include <sstream>
#include <string>

#include "fpx/core/batch.hpp"
#include "fpx/core/format.hpp"
#include "fuzz_check.hpp"

using namespace fpx;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Input input = fuzz::split_choice(data, size);
  const auto formats = all_formats();
  BatchOptions options;
  options.format = formats[input.choice % formats.size()];
  options.tininess =
      (input.choice / formats.size()) % 2 ? Tininess::BeforeRounding : Tininess::AfterRounding;
  const std::string text(input.text);
  // Line by line, as the protocol defines each answer.
  std::string expected;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string answer;
    if (answer_batch_line(std::string_view(text).substr(start, end - start), options, answer)
            .empty()) {
      const std::size_t space = answer.find(' ');
      FUZZ_CHECK(space != std::string::npos && space > 0 && space + 3 == answer.size());
      for (std::size_t i = 0; i < answer.size(); ++i)
        FUZZ_CHECK(i == space || (answer[i] >= '0' && answer[i] <= '9') ||
                   (answer[i] >= 'A' && answer[i] <= 'F'));
      expected += answer + '\n';
    }
    start = end + 1;
  }
  std::istringstream in(text);
  std::ostringstream out, errors;
  run_batch(in, out, errors, options);
  FUZZ_CHECK(out.str() == expected);
  return 0;
}
