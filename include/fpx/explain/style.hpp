// How text output is built and styled: ANSI colors when enabled (the command line on
// a terminal), plain text otherwise (pipes, tests, the Python module).
#pragma once

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <utility>

namespace fpx {

enum class Color { Sign, Exponent, Fraction, Cut, Differ, Dim, Heading };

// `text` wrapped in the ANSI color when `enabled`.
std::string paint(const std::string& text, Color color, bool enabled);

// Appends fmt::format(format, arguments...) to `out`: the renderers build
// their text in strings, so that the command line prints it and the Python
// module returns it.
template <typename... Arguments>
void append_format(std::string& out, fmt::format_string<Arguments...> format,
                   Arguments&&... arguments) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Arguments>(arguments)...);
}

}  // namespace fpx
