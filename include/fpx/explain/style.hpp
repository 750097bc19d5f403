// How text output is built and styled: ANSI colors when enabled (the command line on
// a terminal), plain text otherwise (pipes, tests, the Python module).
#pragma once

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>
#include <utility>

namespace fpx {

enum class Color { Sign, Exponent, Fraction, Cut, Differ, Dim, Heading };

// `text` wrapped in the ANSI color when `enabled`.
std::string paint(const std::string& text, Color color, bool enabled);

// The number of characters a terminal shows for `text`: UTF-8 sequences
// count once, ANSI color sequences not at all.
std::size_t visible_width(std::string_view text);
// `text` padded with spaces on the right to `width` visible characters (a
// colored text is padded by what shows, not by its escape codes).
std::string pad_visible(const std::string& text, std::size_t width);
// The same, padded on the left.
std::string pad_visible_left(const std::string& text, std::size_t width);

// Appends fmt::format(format, arguments...) to `out`: the renderers build
// their text in strings, so that the command line prints it and the Python
// module returns it.
template <typename... Arguments>
void append_format(std::string& out, fmt::format_string<Arguments...> format,
                   Arguments&&... arguments) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Arguments>(arguments)...);
}

}  // namespace fpx
