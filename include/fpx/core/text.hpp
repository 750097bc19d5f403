// Small text helpers that the name parsers, the data readers and the
// command line share: list splitting, trimming, case-insensitive comparison,
// quoting input in messages, and suggestions for misspelt names.
#pragma once

#include <optional>
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

// `text` as a message quotes it: in single quotes, control characters, quotes
// and bytes that are not UTF-8 escaped (\n, \t, \', \xHH), and cut after 60
// characters ("'1234...' (100000000 characters)"), so that a message about
// any input stays one readable line.
std::string quote(std::string_view text);

// The candidate nearest to `name` (case-insensitive edit distance), if it is
// close enough to be a likely typo: at most a third of the name's length,
// and never more than 3 edits.
std::optional<std::string_view> closest_name(std::string_view name,
                                             const std::vector<std::string_view>& candidates);

// "unknown WHAT 'NAME' (expected A, B, C; did you mean B?)".
std::string unknown_name_message(std::string_view what, std::string_view name,
                                 const std::vector<std::string_view>& candidates);

}  // namespace fpx
