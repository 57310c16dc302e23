//! `descent link`: the shareable address of a scene, as the window's "Copy link" makes it,
//! so a teacher can put a lesson on a slide or in an e-mail without opening a window.

use super::UserError;
use crate::app::AppState;
use crate::app::link::{WEB_APP_URL, state_link};
use clap::Args;

/// Arguments of `descent link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// A shipped scene (see `descent scenes`) or a scene file.
    #[arg(long)]
    scene: String,
    /// The web app's address the link starts with (where `web/build.sh`'s site is served;
    /// default: DESCENT_WEB_URL, else a placeholder until the project's page is published).
    #[arg(long, env = "DESCENT_WEB_URL", default_value = WEB_APP_URL)]
    base: String,
}

/// Prints the link of `--scene`: the lesson as the window opens it (its data embedded, so
/// a regression scene's CSV travels with the link), `BASE#v1=…`.
pub fn link(a: &LinkArgs) -> anyhow::Result<()> {
    let opts = crate::app::scene_options(&a.scene).map_err(|e| UserError::new(e.to_string()))?;
    let state = AppState::new(&opts, 16).map_err(|e| UserError::new(format!("{e:#}")))?;
    println!("{}", state_link(&state, &a.base));
    Ok(())
}
