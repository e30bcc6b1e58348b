//! `zhfind import` (placeholder; see issue 4).

/// Arguments of `zhfind import`.
#[derive(clap::Args)]
pub struct ImportArgs {}

/// Runs `zhfind import`.
pub fn run(_args: ImportArgs) -> zhfind::Result<()> {
    Err(zhfind::Error::Other("import is not implemented yet".into()))
}
