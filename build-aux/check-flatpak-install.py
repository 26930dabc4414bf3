#!/usr/bin/env python3
"""Check offline what the Flatpak build would install and export (TAP output).

Usage: check-flatpak-install.py --manifest MANIFEST --build-dir DIR --prefix PREFIX
           [--meson PATH] [--flatpak-builder PATH] [--flatpak PATH]
           [--appstreamcli PATH] [--desktop-file-validate PATH]

The Flatpak build itself needs the GNOME runtime, which cannot be downloaded
here, so this runs every step of it that needs none:

  - `flatpak-builder --show-manifest` reads the manifest without a warning
    and keeps what the other checks rely on;
  - `meson install --destdir` of the build directory gives the files the app
    module installs; they are laid out as a Flatpak build directory (the
    prefix becomes files/, i.e. /app) and their names and ids are checked
    against the manifest: bin/COMMAND, the desktop file, metainfo, icons and
    GSettings schema named after the app id, the ids inside them;
  - `flatpak build-finish` with the manifest's command and finish-args on
    that directory: flatpak itself parses every permission and exports the
    desktop file and icons (it exports only files named after the app id);
  - desktop-file-validate of the exported desktop file and
    `appstreamcli validate-tree` of the /app tree (metainfo, its desktop
    file and icon, as AppStream compose would find them).

A step whose tool is not installed is skipped with the reason;
build-aux/run-tests.sh installs them all.
"""

import argparse
import configparser
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from vsm_tap import Tap  # noqa: E402 (after the line above)


def run(argv, **kwargs):
    return subprocess.run(argv, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False, **kwargs)


def tool(path, name):
    """The tool's path, or None with the reason to skip."""
    if path:
        return path, None
    found = shutil.which(name)
    if found:
        return found, None
    return None, f"{name} is not installed (build-aux/run-tests.sh installs it)"


def modules_of(manifest):
    names, sums = [], []

    def walk(modules):
        for module in modules:
            if isinstance(module, dict):
                names.append(module.get("name"))
                for source in module.get("sources", []):
                    if isinstance(source, dict) and "sha256" in source:
                        sums.append((module.get("name"), source.get("url"), source["sha256"]))
                walk(module.get("modules", []))

    walk(manifest.get("modules", []))
    return names, sums


def check_show_manifest(tap, flatpak_builder, manifest_path, manifest):
    result = run([flatpak_builder, "--show-manifest", manifest_path])
    warnings = result.stderr.strip()
    if not tap.ok(result.returncode == 0 and not warnings,
                  "flatpak-builder --show-manifest reads the manifest without a warning",
                  [warnings, f"exit status {result.returncode}"]):
        return
    shown = json.loads(result.stdout)
    differences = []
    for key in ("runtime", "runtime-version", "sdk", "command", "finish-args"):
        if shown.get(key) != manifest.get(key):
            differences.append(f"{key}: {manifest.get(key)!r} became {shown.get(key)!r}")
    app_id = manifest.get("id", manifest.get("app-id"))
    if shown.get("id", shown.get("app-id")) != app_id:
        differences.append(f"id: {app_id!r} became {shown.get('id')!r}")
    if modules_of(shown) != modules_of(manifest):
        differences.append("the modules or their sources' checksums differ")
    tap.ok(not differences,
           "flatpak-builder sees the id, runtime, command, permissions, modules and checksums",
           differences)


def install_tree(tap, meson, build_dir, prefix, workdir):
    """meson install into WORKDIR/destdir, moved to WORKDIR/app/files; returns files/."""
    destdir = os.path.join(workdir, "destdir")
    result = run([meson, "install", "-C", build_dir, "--no-rebuild", "--quiet",
                  "--destdir", destdir])
    if not tap.ok(result.returncode == 0, "meson install --destdir of the build directory",
                  [result.stdout, result.stderr]):
        return None
    app = os.path.join(workdir, "app")
    os.makedirs(app)
    files = os.path.join(app, "files")
    shutil.move(os.path.join(destdir, os.path.relpath(prefix, "/")), files)
    return files


def expected_files(app_id, command):
    return {
        "command": f"bin/{command}",
        "desktop file": f"share/applications/{app_id}.desktop",
        "metainfo": f"share/metainfo/{app_id}.metainfo.xml",
        "icon": f"share/icons/hicolor/scalable/apps/{app_id}.svg",
        "symbolic icon": f"share/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg",
        "GSettings schema": f"share/glib-2.0/schemas/{app_id}.gschema.xml",
    }


# What flatpak build-finish exports from files/share (flatpak-builder's
# own rename-* options are not used): each file there must be named after
# the app id, or it silently stays inside the sandbox.
EXPORTED_DIRS = ("share/applications", "share/icons", "share/metainfo", "share/appdata",
                 "share/dbus-1/services", "share/gnome-shell/search-providers",
                 "share/mime/packages")


def exportable_files(files):
    found = []
    for sub in EXPORTED_DIRS:
        top = os.path.join(files, sub)
        for root, _, names in os.walk(top):
            for name in names:
                found.append(os.path.relpath(os.path.join(root, name), files))
    return sorted(found)


def check_names(tap, files, app_id, command):
    expected = expected_files(app_id, command)
    for what, rel in expected.items():
        tap.ok(os.path.isfile(os.path.join(files, rel)), f"installs the {what} as /app/{rel}")

    strays = [rel for rel in exportable_files(files)
              if not os.path.basename(rel).startswith((app_id + ".", app_id + "-"))]
    tap.ok(not strays, "every file in an exported directory is named after the app id",
           [f"not exported by flatpak: /app/{rel}" for rel in strays])

    desktop_path = os.path.join(files, expected["desktop file"])
    if os.path.isfile(desktop_path):
        desktop = configparser.ConfigParser(interpolation=None, strict=False)
        desktop.optionxform = str
        desktop.read(desktop_path, encoding="utf-8")
        entry = desktop["Desktop Entry"] if desktop.has_section("Desktop Entry") else {}
        problems = []
        if entry.get("Icon") != app_id:
            problems.append(f"Icon={entry.get('Icon')}, expected {app_id}")
        exec_words = (entry.get("Exec") or "").split()
        if not exec_words or exec_words[0] != command:
            problems.append(f"Exec={entry.get('Exec')}, expected the command {command}")
        if entry.get("DBusActivatable", "false") == "true" and not os.path.isfile(
                os.path.join(files, f"share/dbus-1/services/{app_id}.service")):
            problems.append(f"DBusActivatable=true but no share/dbus-1/services/{app_id}.service")
        tap.ok(not problems, "the desktop file's Icon and Exec are the app id and the command",
               problems)

    metainfo_path = os.path.join(files, expected["metainfo"])
    if os.path.isfile(metainfo_path):
        root = ET.parse(metainfo_path).getroot()
        problems = []
        if (root.findtext("id") or "").strip() != app_id:
            problems.append(f"<id> is {root.findtext('id')!r}, expected {app_id!r}")
        launchables = [(e.text or "").strip() for e in root.findall("launchable")
                       if e.get("type") == "desktop-id"]
        if launchables != [f"{app_id}.desktop"]:
            problems.append(f"desktop-id launchables {launchables}, expected ['{app_id}.desktop']")
        binaries = [(e.text or "").strip() for e in root.findall("provides/binary")]
        if command not in binaries:
            problems.append(f"<provides><binary> {binaries} lacks {command!r}")
        tap.ok(not problems, "the metainfo's id, launchable and binary match the manifest", problems)

    schema_path = os.path.join(files, expected["GSettings schema"])
    if os.path.isfile(schema_path):
        ids = [s.get("id", "") for s in ET.parse(schema_path).getroot().iter("schema")]
        wrong = [i for i in ids if i != app_id and not i.startswith(app_id + ".")]
        tap.ok(ids and not wrong, "every GSettings schema id is the app id or below it",
               [f"schema ids: {ids}"] if wrong or not ids else [])


def check_build_finish(tap, flatpak, app, manifest, app_id):
    """flatpak build-finish on APP (holding files/); returns the exported desktop file."""
    arch = platform.machine()
    with open(os.path.join(app, "metadata"), "w", encoding="utf-8") as handle:
        handle.write("[Application]\n"
                     f"name={app_id}\n"
                     f"runtime={manifest['runtime']}/{arch}/{manifest['runtime-version']}\n"
                     f"sdk={manifest['sdk']}/{arch}/{manifest['runtime-version']}\n")
    result = run([flatpak, "build-finish", f"--command={manifest['command']}",
                  *manifest.get("finish-args", []), app])
    # flatpak reports a permission it does not understand ("Unexpected
    # filesystem suffix", "Unknown socket type", ...) on stderr and goes on.
    complaints = [line for line in result.stderr.splitlines() if line.strip()]
    if not tap.ok(result.returncode == 0 and not complaints,
                  "flatpak build-finish accepts the command and every finish-arg",
                  [*complaints, f"exit status {result.returncode}"]):
        return None

    metadata = configparser.ConfigParser(interpolation=None)
    metadata.optionxform = str
    metadata.read(os.path.join(app, "metadata"), encoding="utf-8")
    context = metadata["Context"] if metadata.has_section("Context") else {}
    granted = {key: set(filter(None, context.get(key, "").split(";")))
               for key in ("shared", "sockets", "filesystems", "devices")}
    missing = []
    for arg in manifest.get("finish-args", []):
        for prefix, key in (("--share=", "shared"), ("--socket=", "sockets"),
                            ("--filesystem=", "filesystems"), ("--device=", "devices")):
            if arg.startswith(prefix) and arg[len(prefix):] not in granted[key]:
                missing.append(f"{arg} is not in the metadata's [Context] {key}={context.get(key)}")
    tap.ok(not missing and metadata.get("Application", "command", fallback=None) == manifest["command"],
           "the finished metadata grants exactly what the manifest asks for", missing)

    export = os.path.join(app, "export")
    exported = sorted(os.path.relpath(os.path.join(root, name), export)
                      for root, _, names in os.walk(export) for name in names)
    wanted = sorted(rel for rel in exportable_files(os.path.join(app, "files")))
    tap.ok(exported == wanted and wanted,
           "flatpak exports the desktop file and icons: " + ", ".join(exported),
           [f"installed {wanted}", f"exported  {exported}"] if exported != wanted else [])
    desktop = os.path.join(export, "share", "applications", f"{app_id}.desktop")
    return desktop if os.path.isfile(desktop) else None


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--prefix", required=True)
    for name in ("meson", "flatpak-builder", "flatpak", "appstreamcli", "desktop-file-validate"):
        parser.add_argument(f"--{name}")
    args = parser.parse_args(argv[1:])

    tap = Tap()
    with open(args.manifest, encoding="utf-8") as handle:
        manifest = json.load(handle)
    app_id = manifest.get("id", manifest.get("app-id"))
    command = manifest.get("command")

    flatpak_builder, why = tool(args.flatpak_builder, "flatpak-builder")
    if flatpak_builder:
        check_show_manifest(tap, flatpak_builder, args.manifest, manifest)
    else:
        tap.skip("flatpak-builder --show-manifest reads the manifest", why)

    meson, why = tool(args.meson, "meson")
    if not meson:
        tap.skip("the installed tree", why)
        return tap.finish()

    with tempfile.TemporaryDirectory(prefix="vsm-flatpak-") as workdir:
        files = install_tree(tap, meson, args.build_dir, args.prefix, workdir)
        if files is None:
            return tap.finish()
        check_names(tap, files, app_id, command)

        flatpak, why = tool(args.flatpak, "flatpak")
        exported_desktop = None
        if flatpak:
            exported_desktop = check_build_finish(tap, flatpak, os.path.dirname(files),
                                                  manifest, app_id)
        else:
            tap.skip("flatpak build-finish with the manifest's finish-args", why)

        validate, why = tool(args.desktop_file_validate, "desktop-file-validate")
        if validate and exported_desktop:
            result = run([validate, exported_desktop])
            tap.ok(result.returncode == 0 and not result.stdout.strip(),
                   "desktop-file-validate of the exported desktop file",
                   [result.stdout, result.stderr])
        elif not validate:
            tap.skip("desktop-file-validate of the exported desktop file", why)
        else:
            tap.ok(False, "desktop-file-validate of the exported desktop file",
                   ["flatpak exported no desktop file"])

        appstreamcli, why = tool(args.appstreamcli, "appstreamcli")
        if appstreamcli:
            result = run([appstreamcli, "validate-tree", "--no-net", "--explain", files])
            tap.ok(result.returncode == 0, "appstreamcli validate-tree of /app (metainfo, desktop file, icon)",
                   [result.stdout, result.stderr])
        else:
            tap.skip("appstreamcli validate-tree of /app", why)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
