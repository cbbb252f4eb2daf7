//! The project's public address: the `repository` of the workspace's Cargo.toml. That field is
//! empty until the project has one, and then nothing carries a link: a guessed address sends
//! users nowhere.

/// The repository's address, if one is configured.
pub fn repository() -> Option<&'static str> {
    configured(env!("CARGO_PKG_REPOSITORY"))
}

/// Where the rule table is published (each code an anchor in it): the repository's README.
pub fn rules_url() -> Option<String> {
    repository().map(rules_url_of)
}

fn configured(repository: &str) -> Option<&str> {
    let repository = repository.trim().trim_end_matches('/');
    (!repository.is_empty()).then_some(repository)
}

fn rules_url_of(repository: &str) -> String {
    format!("{repository}/blob/HEAD/README.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_field_gives_no_address() {
        assert_eq!(configured(""), None);
        assert_eq!(configured(" / "), None);
        let repo = configured("https://example.org/archive/cable-ls/").unwrap();
        assert_eq!(repo, "https://example.org/archive/cable-ls");
        assert_eq!(
            rules_url_of(repo),
            "https://example.org/archive/cable-ls/blob/HEAD/README.md"
        );
    }
}
