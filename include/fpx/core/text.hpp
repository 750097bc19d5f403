// Small text helpers that the name parsers, the data readers and the
// command line share: list splitting, trimming, case-insensitive comparison.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fpx {

// "a,b,,c" -> {"a", "b", "", "c"}: every item, empty ones included (callers
// that name things reject the empty name; callers that allow a trailing comma
// drop it).
std::vector<std::string> split_list(std::string_view text, char separator = ',');

// `text` without leading and trailing white space.
std::string_view trim(std::string_view text);

// ASCII case-insensitive equality ("BF16" and "bf16").
bool equals_ignoring_case(std::string_view a, std::string_view b);

// `text` in ASCII lower case.
std::string to_lower(std::string_view text);

}  // namespace fpx
