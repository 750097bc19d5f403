// The fpx command line as one function: main() calls it, and so does the
// fuzzer of command lines (tests/fuzz/), which needs it in-process.
#pragma once

namespace fpx::cli {

// Parses argv (argv[0] is the program), runs the command, and returns the
// exit status: 0, 1 for a data or write error, 2 for a usage error. Every
// problem is one line on stderr.
int run_command_line(int argc, char** argv);

}  // namespace fpx::cli
