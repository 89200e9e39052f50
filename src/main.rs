//! The `outage-bot` binary: everything lives in the library; this only hands over.

fn main() -> std::process::ExitCode {
    outage_bot::cli::main()
}
