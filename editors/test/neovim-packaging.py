"""The Mason package of cable-ls (editors/packaging/mason-registry) against the rules of
Mason's registry schema (mason-org/registry-schema: package.schema.json and the github
release source) and against the release: the version of the crate, one asset per release
target named as cargo-dist names its archives, and the binary's path inside each.

Run by editors/test/neovim.sh with the Python that has PyYAML (install-neovim.sh):
    python neovim-packaging.py REPO_ROOT
One line per check ("ok - ..." / "FAIL - ..."), then "RESULT passed=N failed=M".
"""

import re
import sys
import tomllib
from pathlib import Path

import yaml

# The targets of the release workflow; each is an archive cable-ls-<target>.tar.xz (.zip on
# Windows) holding cable-ls-<target>/cable-ls (cable-ls.exe at the top of a .zip).
RELEASE_TARGETS = [
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
]

# From the schema: the keys of a package, those it requires, and the enums used here.
ALLOWED_KEYS = {
    "name", "description", "homepage", "licenses", "languages", "categories", "deprecation",
    "source", "schemas", "bin", "share", "opt", "neovim", "ci_skip",
}
# `homepage` too, but it is the repository's address, added at submission (see the file)
REQUIRED_KEYS = {"name", "description", "licenses", "languages", "categories", "source"}
CATEGORIES = {"Compiler", "DAP", "Formatter", "LSP", "Linter", "Runtime"}
PLATFORMS = {"darwin_arm64", "darwin_x64", "linux_arm64_gnu", "linux_x64_gnu", "win_x64"}  # of many
MASON_ARCH = {"x86_64": "x64", "aarch64": "arm64"}


def mason_platform(target):
    arch, rest = target.split("-", 1)
    a = MASON_ARCH[arch]
    return {
        "unknown-linux-gnu": f"linux_{a}_gnu",
        "apple-darwin": f"darwin_{a}",
        "pc-windows-msvc": f"win_{a}",
    }[rest]


def expected_asset(target):
    if "windows" in target:
        return {"target": mason_platform(target), "file": f"cable-ls-{target}.zip", "bin": "cable-ls.exe"}
    return {
        "target": mason_platform(target),
        "file": f"cable-ls-{target}.tar.xz",
        "bin": f"cable-ls-{target}/cable-ls",
    }


def main(root):
    results = []

    def check(name, cond, detail=""):
        results.append(bool(cond))
        print(f"{'ok' if cond else 'FAIL'} - [mason] {name}{': ' + str(detail) if detail else ''}")

    path = root / "editors/packaging/mason-registry/packages/cable-ls/package.yaml"
    try:
        pkg = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as e:
        check("package.yaml parses", False, e)
        return results
    check("package.yaml parses as YAML", isinstance(pkg, dict))
    if not isinstance(pkg, dict):
        return results

    workspace = tomllib.loads((root / "Cargo.toml").read_text())["workspace"]["package"]
    crate = tomllib.loads((root / "server/Cargo.toml").read_text())["package"]

    keys = set(pkg)
    check("only keys the schema allows", keys <= ALLOWED_KEYS, sorted(keys - ALLOWED_KEYS))
    check("the keys the schema requires", REQUIRED_KEYS <= keys, sorted(REQUIRED_KEYS - keys))
    check(
        "no homepage until the repository has an address (added at submission)",
        "homepage" not in pkg or re.match(r"^https?://", str(pkg["homepage"])),
        pkg.get("homepage"),
    )
    check("name is cable-ls, the executable's name", pkg.get("name") == crate["name"], pkg.get("name"))
    check("description is the crate's", pkg.get("description") == crate["description"], pkg.get("description"))
    licenses = set(workspace["license"].split(" OR "))
    check("licenses are the crate's", set(pkg.get("licenses") or []) == licenses, pkg.get("licenses"))
    cats = pkg.get("categories") or []
    check("categories are Mason's and include LSP", "LSP" in cats and set(cats) <= CATEGORIES, cats)
    check("languages is a list of strings", all(isinstance(x, str) for x in pkg.get("languages") or [None]))

    source = pkg.get("source") or {}
    version = "v" + workspace["version"]
    check(
        f"source.id is pkg:github/<owner>/<repo>@{version} (the release tag; owner/repo at submission)",
        source.get("id") == f"pkg:github/<owner>/<repo>@{version}",
        source.get("id"),
    )
    assets = source.get("asset") or []
    expected = [expected_asset(t) for t in RELEASE_TARGETS]
    missing = [e for e in expected if e not in assets]
    extra = [a for a in assets if a not in expected]
    check("one asset per release target: platform, archive and binary inside", not missing and not extra,
          f"missing {missing}, not released {extra}")
    platforms = {a.get("target") for a in assets}
    check("asset targets are Mason platforms", platforms <= PLATFORMS, sorted(map(str, platforms - PLATFORMS)))
    check("bin: cable-ls is the asset's binary", pkg.get("bin") == {"cable-ls": "{{source.asset.bin}}"}, pkg.get("bin"))

    lspconfig = (pkg.get("neovim") or {}).get("lspconfig")
    check(
        "neovim.lspconfig names the nvim-lspconfig config beside it",
        lspconfig and (root / f"editors/packaging/nvim-lspconfig/lsp/{lspconfig}.lua").is_file(),
        lspconfig,
    )
    return results


if __name__ == "__main__":
    results = main(Path(sys.argv[1]))
    print(f"RESULT passed={results.count(True)} failed={results.count(False)}")
    sys.exit(0 if all(results) else 1)
