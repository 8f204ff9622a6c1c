//! `destinations completions` and `destinations man`: shell completions and the manual page,
//! generated from the same definitions as the command itself.

use crate::Outcome;
use crate::args::CliError;
use std::io::Write;

/// Print a shell's completion script for destinations, to be sourced or installed.
///
/// bash: destinations completions bash > ~/.local/share/bash-completion/completions/destinations;
/// zsh: destinations completions zsh > "${fpath[1]}/_destinations"; fish: destinations
/// completions fish > ~/.config/fish/completions/destinations.fish; PowerShell: destinations
/// completions powershell >> $PROFILE.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Print the manual page (roff), the same as cli/destinations.1: man -l <(destinations man).
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

fn write_stdout(bytes: &[u8]) -> Result<Outcome, CliError> {
    // A closed stdout (piped into `head`) is quiet; another write error fails.
    let mut out = crate::term::stdout();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(learner_destinations::Error::Io)?;
    Ok(Outcome::Ok)
}

pub fn completions(args: CompletionsArgs) -> Result<Outcome, CliError> {
    let mut command = crate::command();
    let mut bytes = Vec::new();
    clap_complete::generate(args.shell, &mut command, "destinations", &mut bytes);
    write_stdout(&bytes)
}

/// The manual page: the top-level page with a section per command.
pub fn man_page() -> Result<Vec<u8>, CliError> {
    let command = crate::command();
    let mut bytes = Vec::new();
    let host = |e: std::io::Error| -> CliError {
        learner_destinations::Error::Host {
            message: format!("cannot render the manual page: {e}"),
        }
        .into()
    };
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut bytes).map_err(host)?;
    man.render_name_section(&mut bytes).map_err(host)?;
    man.render_synopsis_section(&mut bytes).map_err(host)?;
    man.render_description_section(&mut bytes).map_err(host)?;
    man.render_options_section(&mut bytes).map_err(host)?;
    man.render_subcommands_section(&mut bytes).map_err(host)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("destinations {}", sub.get_name());
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(name));
        writeln!(bytes, ".SH \"{}\"", sub.get_name().to_uppercase()).map_err(host)?;
        sub_man.render_synopsis_section(&mut bytes).map_err(host)?;
        sub_man
            .render_description_section(&mut bytes)
            .map_err(host)?;
        sub_man.render_options_section(&mut bytes).map_err(host)?;
    }
    man.render_version_section(&mut bytes).map_err(host)?;
    Ok(bytes)
}

pub fn man(_args: ManArgs) -> Result<Outcome, CliError> {
    write_stdout(&man_page()?)
}
