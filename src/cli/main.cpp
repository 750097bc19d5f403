// fpx: a floating-point arithmetic explorer.
#include "command_line.hpp"

int main(int argc, char** argv) { return fpx::cli::run_command_line(argc, argv); }
