#!/usr/bin/env python3
"""Sanity checks for the Virt Storage Flatpak manifest.

Usage: check-flatpak-manifest.py MANIFEST

Checks that the manifest is valid JSON, names the right application and
command, builds on a stable GNOME runtime newer than 45, grants access to the
libvirt daemon sockets and what ssh needs (network, the agent socket and a
writable ~/.ssh, so that a newly trusted host key can be saved), builds
libvirt as a client library only, pins every downloaded archive or file with
a SHA-256 checksum, uses unique module names and builds the application
itself as the last module.

Prints "ok" and exits 0 when every check passes; otherwise prints one line per
problem to standard error and exits 1.  Exits 2 on wrong usage.
"""

import json
import re
import sys

APP_ID = "io.github.virtstorage.VirtStorage"
COMMAND = "virt-storage"
APP_MODULE = "virt-storage"
REQUIRED_FILESYSTEMS = ("/run/libvirt", "xdg-run/libvirt")
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
# GNOME 45 is end-of-life; a number, not "master" (the unstable nightly).
OLDEST_RUNTIME_VERSION = 46
# libvirt's qemu+ssh transport runs ssh: network, the agent, and ~/.ssh
# writable (known_hosts) or created when it does not exist yet.
REQUIRED_SSH_ARGS = ("--share=network", "--socket=ssh-auth")
WRITABLE_SSH_DIRS = ("~/.ssh", "home", "host")
# The bundled libvirt is a client library: no daemon of its own.
LIBVIRT_MODULE = "libvirt"
LIBVIRT_CLIENT_OPTS = ("-Ddriver_libvirtd=disabled", "-Ddriver_remote=enabled",
                       "-Ddriver_test=enabled")
CHECKSUMMED_SOURCE_TYPES = ("archive", "file")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def check_top_level(manifest, errors):
    app_id = manifest.get("app-id", manifest.get("id"))
    if app_id != APP_ID:
        errors.append(f"app-id is {app_id!r}, expected {APP_ID!r}")

    for key in ("runtime", "runtime-version", "sdk"):
        value = manifest.get(key)
        if not isinstance(value, str) or not value.strip():
            errors.append(f"{key!r} is missing or not a non-empty string")

    if manifest.get("runtime") != RUNTIME or manifest.get("sdk") != SDK:
        errors.append(f"runtime/sdk are {manifest.get('runtime')!r}/{manifest.get('sdk')!r}, "
                      f"expected {RUNTIME!r}/{SDK!r}")
    version = manifest.get("runtime-version")
    if not (isinstance(version, str) and version.isdigit()
            and int(version) >= OLDEST_RUNTIME_VERSION):
        errors.append(f"runtime-version is {version!r}: expected a stable GNOME runtime, "
                      f"{OLDEST_RUNTIME_VERSION} or newer")

    if manifest.get("command") != COMMAND:
        errors.append(f"command is {manifest.get('command')!r}, expected {COMMAND!r}")

    finish_args = manifest.get("finish-args")
    if not isinstance(finish_args, list) or not all(isinstance(a, str) for a in finish_args):
        errors.append("'finish-args' is missing or not a list of strings")
        finish_args = []

    granted = {}
    for arg in finish_args:
        if arg.startswith("--filesystem="):
            path = arg[len("--filesystem="):]
            # Split off an access mode suffix such as :ro, :rw or :create.
            match = re.match(r"^(.*?)(?::(ro|rw|create))?$", path)
            granted[match.group(1).rstrip("/") or "/"] = match.group(2) or "rw"
    for path in REQUIRED_FILESYSTEMS:
        if path not in granted:
            errors.append(f"finish-args lacks --filesystem={path} (libvirt daemon socket)")

    for arg in REQUIRED_SSH_ARGS:
        if arg not in finish_args:
            errors.append(f"finish-args lacks {arg} (needed by ssh for qemu+ssh:// connections)")
    if not any(granted.get(path) in ("rw", "create") for path in WRITABLE_SSH_DIRS):
        errors.append("finish-args give no writable ~/.ssh (--filesystem=~/.ssh:create): "
                      "ssh could not save a newly trusted host key to known_hosts")


def check_libvirt_module(modules, errors):
    libvirt = [m for m in modules if isinstance(m, dict) and m.get("name") == LIBVIRT_MODULE]
    if not libvirt:
        errors.append(f"no {LIBVIRT_MODULE!r} module")
        return
    opts = libvirt[0].get("config-opts", [])
    for opt in LIBVIRT_CLIENT_OPTS:
        if opt not in opts:
            errors.append(f"module {LIBVIRT_MODULE!r} lacks {opt} (a client-only build)")


def check_sources(module_name, sources, errors):
    if not isinstance(sources, list):
        errors.append(f"module {module_name!r}: 'sources' is not a list")
        return
    for index, source in enumerate(sources):
        where = f"module {module_name!r} source #{index + 1}"
        if isinstance(source, str):
            errors.append(f"{where}: external source files ({source!r}) are not supported by this check")
            continue
        if not isinstance(source, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        source_type = source.get("type")
        if not isinstance(source_type, str):
            errors.append(f"{where}: 'type' is missing")
            continue
        if source_type in CHECKSUMMED_SOURCE_TYPES and ("url" in source or "mirror-urls" in source):
            sha256 = source.get("sha256")
            if not isinstance(sha256, str) or not SHA256_RE.match(sha256):
                errors.append(f"{where} ({source.get('url', '?')}): "
                              f"'sha256' is missing or not 64 lowercase hex digits")


def walk_modules(modules, errors, seen, context="manifest"):
    """Check a list of modules (recursing into nested ones); return top-level names."""
    names = []
    if not isinstance(modules, list):
        errors.append(f"{context}: 'modules' is not a list")
        return names
    for index, module in enumerate(modules):
        if isinstance(module, str):
            errors.append(f"{context} module #{index + 1}: external module files "
                          f"({module!r}) are not supported by this check")
            names.append(None)
            continue
        if not isinstance(module, dict):
            errors.append(f"{context} module #{index + 1}: not a JSON object")
            names.append(None)
            continue
        name = module.get("name")
        if not isinstance(name, str) or not name:
            errors.append(f"{context} module #{index + 1}: 'name' is missing")
            names.append(None)
            continue
        if name in seen:
            errors.append(f"module name {name!r} is used more than once")
        seen.add(name)
        names.append(name)
        check_sources(name, module.get("sources", []), errors)
        if "modules" in module:
            walk_modules(module["modules"], errors, seen, context=f"module {name!r}")
    return names


def check_manifest(manifest):
    errors = []
    if not isinstance(manifest, dict):
        return ["top level is not a JSON object"]

    check_top_level(manifest, errors)

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        errors.append("'modules' is missing or empty")
        return errors

    names = walk_modules(modules, errors, set())
    check_libvirt_module(modules, errors)
    if names and names[-1] != APP_MODULE:
        errors.append(f"last module is {names[-1]!r}, expected the application module {APP_MODULE!r}")
    return errors


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(f"usage: {argv[0]} MANIFEST", file=sys.stderr)
        return 2

    path = argv[1]
    try:
        with open(path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except OSError as exc:
        print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
        return 1
    except json.JSONDecodeError as exc:
        print(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}", file=sys.stderr)
        return 1

    errors = check_manifest(manifest)
    if errors:
        for error in errors:
            print(f"{path}: {error}", file=sys.stderr)
        return 1

    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
