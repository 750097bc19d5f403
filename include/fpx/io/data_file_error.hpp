// The error of every reader of data: a file that cannot be read, a line
// that is not what it should be.
#pragma once

#include <stdexcept>
#include <string>

namespace fpx {

// Bad data (a file that cannot be read, a cell that is not a number, an
// unknown column): what() names the file, line and column.
class DataFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "cannot read SOURCE: WHY" for the errno of a failed read ("it is a
// directory" for EISDIR).
DataFileError read_error(const std::string& source);

}  // namespace fpx
