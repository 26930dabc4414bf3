#!/usr/bin/env python3
"""Check the Flatpak manifest's source checksums against Debian's source tarballs.

Usage:
  check-flatpak-sources.py --fetch DIR MANIFEST   download what the check needs
  check-flatpak-sources.py [DIR] MANIFEST          check (TAP output)

Every archive or file source of the manifest names its Debian counterpart:
"x-debian-suite" and "x-debian-orig" (the orig tarball's file name, e.g.
libvirt_11.3.0.orig.tar.xz) when Debian ships the very same upstream tarball,
or "x-debian-differs" (why not) when it does not, e.g. a +ds repack.

--fetch sets up a private apt state in DIR (deb-src lines for the suites the
manifest names, on the Debian archive that the machine's apt sources use or
on $VSM_DEBIAN_MIRROR; nothing of the machine's apt configuration changes), runs
apt-get update and fetches each orig tarball with
`apt-get source --download-only --tar-only`.  apt checks every download
against the Sources index, whose Release file is signed by Debian's archive
keys.  Needs the network (Debian's archive only) but not root.

The check needs no network.  For each source that Debian ships it tests that
  1. the upstream file name and Debian's orig name carry the same version and
     compression (the cheapest sign that they are the same file),
  2. Debian's Sources index lists the manifest's sha256 for that orig tarball,
  3. the sha256 recomputed from the downloaded orig tarball is the manifest's.
2 and 3 are skipped, with the reason, when DIR has not been fetched (DIR
defaults to $VSM_DEBIAN_SOURCES); a source Debian does not ship identically
is reported as a skip with its x-debian-differs reason.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from vsm_tap import Tap  # noqa: E402 (after the line above)

KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
CHECKSUMMED_SOURCE_TYPES = ("archive", "file")
# name-VERSION.tar.EXT (upstream) and package_VERSION.orig.tar.EXT (Debian)
UPSTREAM_RE = re.compile(r"^(?P<name>.+?)-(?P<version>\d[^/]*?)\.(?P<ext>tar\.(?:gz|xz|bz2|zst))$")
ORIG_RE = re.compile(r"^(?P<package>[a-z0-9][a-z0-9.+-]*)_(?P<version>[^_]+)\.orig\.(?P<ext>tar\.(?:gz|xz|bz2|zst))$")


def walk_sources(modules):
    """Yield (module name, source dict) for every source of every module."""
    for module in modules:
        if not isinstance(module, dict):
            continue
        for source in module.get("sources", []):
            if isinstance(source, dict):
                yield module.get("name", "?"), source
        yield from walk_sources(module.get("modules", []))


def downloaded_sources(manifest):
    return [(module, source) for module, source in walk_sources(manifest.get("modules", []))
            if source.get("type") in CHECKSUMMED_SOURCE_TYPES and "url" in source]


class Apt:
    """apt-get/apt-cache on a private state directory under DIR/apt."""

    def __init__(self, directory):
        self.root = os.path.join(os.path.abspath(directory), "apt")
        self.sources_list = os.path.join(self.root, "sources.list")
        self.lists = os.path.join(self.root, "lists")

    def options(self):
        options = ["-q",
                   "-o", f"Dir::Etc::SourceList={self.sources_list}",
                   "-o", "Dir::Etc::SourceParts=/dev/null",
                   "-o", f"Dir::State::Lists={self.lists}",
                   "-o", f"Dir::Cache={os.path.join(self.root, 'cache')}",
                   "-o", "Dir::Etc::Preferences=/dev/null",
                   "-o", f"Dir::Etc::PreferencesParts={os.path.join(self.root, 'preferences.d')}"]
        if os.geteuid() == 0:
            # Root's downloads go to a directory that apt's _apt user may not
            # be able to write: download as root instead of warning about it.
            options += ["-o", "APT::Sandbox::User=root"]
        return options

    def has_index(self):
        return os.path.isdir(self.lists) and any(name.endswith("Sources") or "_Sources" in name
                                                 for name in os.listdir(self.lists))

    def setup(self, mirror, suites):
        for sub in ("lists/partial", "cache/archives/partial", "preferences.d"):
            os.makedirs(os.path.join(self.root, sub), exist_ok=True)
        with open(self.sources_list, "w", encoding="utf-8") as handle:
            for suite in sorted(suites):
                handle.write(f"deb-src [signed-by={KEYRING}] {mirror} {suite} main\n")

    def run(self, tool, *args, cwd=None):
        return subprocess.run([tool, *self.options(), *args], cwd=cwd, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)

    def orig_sha256(self, package, suite, orig):
        """The sha256 that Debian's Sources index of SUITE lists for ORIG, or None."""
        result = self.run("apt-cache", "showsrc", package)
        if result.returncode != 0:
            return None
        # One stanza per version in the indexes; the private state holds only
        # the suites that the manifest names.
        for stanza in result.stdout.split("\n\n"):
            in_block = False
            for line in stanza.splitlines():
                if line.startswith("Checksums-Sha256:"):
                    in_block = True
                    continue
                if in_block and line.startswith(" "):
                    fields = line.split()
                    if len(fields) == 3 and fields[2] == orig:
                        return fields[0]
                elif in_block:
                    in_block = False
        return None


def debian_entries(manifest):
    entries = []
    for module, source in downloaded_sources(manifest):
        if "x-debian-orig" in source:
            entries.append((module, source))
    return entries


def debian_mirror():
    """The Debian archive of the machine's apt sources (or $VSM_DEBIAN_MIRROR)."""
    if os.environ.get("VSM_DEBIAN_MIRROR"):
        return os.environ["VSM_DEBIAN_MIRROR"]
    result = subprocess.run(["apt-get", "indextargets", "--format",
                             "$(ORIGIN)\t$(LABEL)\t$(REPO_URI)"],
                            text=True, stdout=subprocess.PIPE, check=False)
    for line in result.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) == 3 and fields[0] == "Debian" and fields[1] == "Debian":
            return fields[2]
    return None


def fetch(directory, manifest):
    entries = debian_entries(manifest)
    suites = {source.get("x-debian-suite", "") for _, source in entries}
    if "" in suites:
        print("a source with x-debian-orig has no x-debian-suite", file=sys.stderr)
        return 1
    mirror = debian_mirror()
    if mirror is None:
        print("apt's sources name no Debian archive: set VSM_DEBIAN_MIRROR", file=sys.stderr)
        return 1
    apt = Apt(directory)
    apt.setup(mirror, suites)
    update = apt.run("apt-get", "update")
    if update.returncode != 0:
        print(update.stdout + update.stderr, file=sys.stderr)
        print("apt-get update of Debian's source indexes failed", file=sys.stderr)
        return 1
    files = os.path.join(os.path.abspath(directory), "files")
    os.makedirs(files, exist_ok=True)
    status = 0
    for _, source in entries:
        orig = source["x-debian-orig"]
        package = orig.split("_", 1)[0]
        if os.path.exists(os.path.join(files, orig)):
            continue
        result = apt.run("apt-get", "source", "--download-only", "--tar-only",
                         f"{package}/{source['x-debian-suite']}", cwd=files)
        # apt-get also tries the upstream signature (.asc) with --tar-only;
        # the orig tarball itself is what counts.
        if not os.path.exists(os.path.join(files, orig)):
            print(result.stdout + result.stderr, file=sys.stderr)
            print(f"{orig}: not downloaded", file=sys.stderr)
            status = 1
        else:
            print(f"{orig}: downloaded")
    return status


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(directory, manifest):
    tap = Tap()
    sources = downloaded_sources(manifest)
    tap.ok(bool(sources), "the manifest downloads sources to check")
    apt = Apt(directory) if directory else None
    have_index = apt is not None and apt.has_index()
    if directory is None:
        why = "no Debian source directory: set VSM_DEBIAN_SOURCES or pass DIR (fetch it with --fetch DIR)"
    else:
        why = f"{directory} holds no fetched Debian source index: run {sys.argv[0]} --fetch {directory} MANIFEST"

    for module, source in sources:
        url = source["url"]
        upstream = os.path.basename(urllib.parse.urlparse(url).path)
        sha256 = source.get("sha256", "")
        label = f"{module}: {upstream}"
        if "x-debian-orig" not in source:
            reason = source.get("x-debian-differs")
            if isinstance(reason, str) and reason.strip():
                tap.skip(f"{label}: same file as Debian's", reason)
            else:
                tap.ok(False, f"{label}: names neither x-debian-orig nor x-debian-differs")
            continue

        orig = source["x-debian-orig"]
        suite = source.get("x-debian-suite")
        up, deb = UPSTREAM_RE.match(upstream), ORIG_RE.match(orig)
        same_name = bool(up is not None and deb is not None and isinstance(suite, str) and suite
                         and up["version"] == deb["version"] and up["ext"] == deb["ext"])
        tap.ok(same_name, f"{label}: same version and compression as Debian's {orig} ({suite})",
               [] if same_name else [f"upstream {upstream!r}, Debian {orig!r}, suite {suite!r}"])
        if not same_name:
            continue
        package = deb["package"]

        if have_index:
            listed = apt.orig_sha256(package, suite, orig)
            tap.ok(listed == sha256,
                   f"{label}: Debian's {suite} Sources index lists the manifest's sha256 for {orig}",
                   [] if listed == sha256 else [f"manifest {sha256}", f"Debian    {listed}"])
        else:
            tap.skip(f"{label}: Debian's {suite} Sources index lists the manifest's sha256", why)

        path = os.path.join(directory, "files", orig) if directory else None
        if path and os.path.isfile(path):
            actual = sha256_of(path)
            tap.ok(actual == sha256, f"{label}: sha256 recomputed from Debian's {orig} is the manifest's",
                   [] if actual == sha256 else [f"manifest   {sha256}", f"recomputed {actual}"])
        elif have_index:
            # The index was fetched but the tarball was not: that is a failure
            # of the fetch (or a wrong orig name), not a missing network.
            tap.ok(False, f"{label}: sha256 recomputed from Debian's {orig}",
                   [f"{path} is missing although the index was fetched"])
        else:
            tap.skip(f"{label}: sha256 recomputed from Debian's {orig}", why)
    return tap.finish()


def main(argv):
    args = argv[1:]
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    try:
        if args and args[0] == "--fetch":
            if len(args) != 3:
                raise ValueError
            directory, manifest_path = args[1], args[2]
        elif len(args) in (1, 2):
            directory = args[0] if len(args) == 2 else os.environ.get("VSM_DEBIAN_SOURCES") or None
            manifest_path = args[-1]
        else:
            raise ValueError
    except ValueError:
        print(f"usage: {argv[0]} [--fetch] [DIR] MANIFEST", file=sys.stderr)
        return 2

    with open(manifest_path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    if args[0] == "--fetch":
        return fetch(directory, manifest)
    return check(directory, manifest)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
