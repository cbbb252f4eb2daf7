fn main() {
    // `args_os`: a file name need not be UTF-8.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    std::process::exit(cable_ls::cli::run(&args));
}
