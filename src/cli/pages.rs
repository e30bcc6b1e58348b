//! `zhfind pages` (placeholder; see issue 3).

/// Arguments of `zhfind pages`.
#[derive(clap::Args)]
pub struct PagesArgs {}

/// Runs `zhfind pages`.
pub fn run(_args: PagesArgs) -> zhfind::Result<()> {
    Err(zhfind::Error::Other("pages is not implemented yet".into()))
}
