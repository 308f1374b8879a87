//! The `embedscope` binary: with no subcommand it opens the GUI on the bundled cafés sample;
//! subcommands run the same pipeline without a window (see `embedscope --help`).

fn main() -> std::process::ExitCode {
    embedscope::cli::main()
}
