// Lines of a stream read in large chunks and split by hand: fast enough for
// the line protocols (fpx mma, fpx batch) at millions of lines a second.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace fpx {

// Calls `line` for every line of `input` (without its '\n'; a last line
// without one included), in order. A stream that cannot be read (a
// directory) throws DataFileError naming `source`.
void for_each_line(std::FILE* input, const std::string& source,
                   const std::function<void(std::string_view)>& line);

}  // namespace fpx
