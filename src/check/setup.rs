//! Setup (W013): what `isms init` left for a person to fill in is still
//! there: the placeholder scope, or the placeholder person. Documents built
//! from such a tree would print them.

use super::{CheckRun, Site};
use crate::diag::Code;

/// The scope `isms init` writes, to be replaced (templates/init/isms.toml).
pub const PLACEHOLDER_SCOPE: &str = "Write the scope of the ISMS here";
/// The person `isms init` writes, to be renamed (templates/init/isms.toml).
pub const PLACEHOLDER_NAME: &str = "Your Name";

pub(super) fn check(cx: &mut CheckRun<'_>) {
    let Some(cfg) = &cx.tree.config else { return };
    let site = Site::of(cfg);
    if cfg
        .data
        .organisation
        .scope
        .trim_start()
        .starts_with(PLACEHOLDER_SCOPE)
    {
        let msg = "the ISMS scope is still the placeholder `isms init` wrote";
        cx.push(site.value(Code::Placeholder, "/organisation/scope", msg).help(
            "write the scope (4.3): the services, sites, teams and systems the ISMS covers, \
             what is out, and the interfaces between them",
        ));
    }
    for (i, p) in cfg.data.person.iter().enumerate() {
        if p.name == PLACEHOLDER_NAME {
            let msg = format!("person `{}` still has the placeholder name", p.id);
            cx.push(
                site.value(Code::Placeholder, &format!("/person/{i}/name"), msg)
                    .help("give the person their name (and their own id, everywhere it is used)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The placeholders are the ones `isms init` writes.
    #[test]
    fn placeholders_are_the_init_templates() {
        let template = include_str!("../../templates/init/isms.toml");
        assert!(template.contains(PLACEHOLDER_SCOPE));
        assert!(template.contains(&format!("name = \"{PLACEHOLDER_NAME}\"")));
    }
}
