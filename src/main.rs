//! The `jianbao` program: the editor window, or a command-line action.

fn main() {
    match jianbao::cli::run() {
        jianbao::cli::Outcome::Exit(code) => std::process::exit(code),
        jianbao::cli::Outcome::OpenEditor(file) => {
            if let Err(message) = jianbao::ui::run(file) {
                eprintln!("jianbao: {message}");
                std::process::exit(2);
            }
        }
    }
}
