//! Subcommands of the `zhfind` binary.

use clap::{Parser, Subcommand};

mod build;
mod import;
mod pages;
mod pages_input;
mod query;

/// Chinese full-text search for static sites.
#[derive(Parser)]
#[command(name = "zhfind", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build an index folder from article JSONL or OCR page text.
    Build(build::BuildArgs),
    /// Search an index folder.
    Query(query::QueryArgs),
    /// Convert OCR'd page text into article JSONL.
    Import(import::ImportArgs),
    /// Write one simple HTML page per article (for demo and self-contained sites).
    Pages(pages::PagesArgs),
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Query(args) => query::run(args),
        Command::Import(args) => import::run(args),
        Command::Pages(args) => pages::run(args),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("zhfind: {e}");
            1
        }
    }
}
