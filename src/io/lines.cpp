// Lines of a stream (include/fpx/io/lines.hpp).
#include "fpx/io/lines.hpp"

#include <string>
#include <vector>

#include "fpx/io/data_file_error.hpp"

namespace fpx {

void for_each_line(std::FILE* input, const std::string& source,
                   const std::function<void(std::string_view)>& line) {
  std::vector<char> buffer(1 << 20);
  std::string carry;  // a line split across two chunks
  while (true) {
    const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), input);
    if (got == 0) {
      if (std::ferror(input)) throw read_error(source);
      break;
    }
    const std::string_view chunk(buffer.data(), got);
    std::size_t start = 0;
    while (true) {
      const std::size_t newline = chunk.find('\n', start);
      if (newline == std::string_view::npos) break;
      if (!carry.empty()) {
        carry.append(chunk.substr(start, newline - start));
        line(carry);
        carry.clear();
      } else {
        line(chunk.substr(start, newline - start));
      }
      start = newline + 1;
    }
    carry.append(chunk.substr(start));
  }
  if (!carry.empty()) line(carry);
}

}  // namespace fpx
