// The error of every reader of data (include/fpx/io/data_file_error.hpp).
#include "fpx/io/data_file_error.hpp"

#include <cerrno>
#include <cstring>

namespace fpx {

DataFileError read_error(const std::string& source) {
  const int error = errno;
  const std::string why = error == EISDIR ? std::string("it is a directory")
                          : error == 0    ? std::string("read error")
                                          : std::string(std::strerror(error));
  return DataFileError("cannot read " + source + ": " + why);
}

}  // namespace fpx
