// The extension module fpx._fpx: the library's functions on numpy arrays.
// python/fpx/__init__.py gives them their Python signatures; everything they
// compute is computed by the library layers.
#include "binding.hpp"
#include "fpx/io/data_file_error.hpp"

PYBIND11_MODULE(_fpx, module) {
  namespace python = fpx::python;
  module.doc() = "fpx: floating-point arithmetic explorer (the C++ library)";
  // Bad data is the caller's: a ValueError with the command line's message
  // (std::invalid_argument, fpx::ParseError and std::domain_error already
  // are ValueErrors in pybind11).
  pybind11::register_exception<fpx::DataFileError>(module, "DataError", PyExc_ValueError);
  python::register_conversions(module);
  python::register_arrays(module);
  python::register_summation(module);
  python::register_explain(module);
  python::register_linear_models(module);
}
