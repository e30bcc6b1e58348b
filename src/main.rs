//! The `zhfind` command line.
#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
mod cli;

// The builder allocates and grows millions of postings buffers; mimalloc
// halves its system time compared with the system allocator. Without
// transparent huge pages (feature no_thp): a build of a few pages touched
// 62 MB (whole 2 MB pages) and paid 0.05-0.1 s of page zeroing after the
// machine idled, now 23 MB; 10k 357 -> 310 MB at the same speed.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run());
}

#[cfg(target_arch = "wasm32")]
fn main() {}
